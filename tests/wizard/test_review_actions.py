"""The review's own keys say what they did wherever the page is scrolled: saving the plan (and
replacing an earlier file) and running preflight again."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Button
from wizard_helpers import demo_app, goto, settle, wait_until

from srrtui.domain.plan import ReplicationPlan
from srrtui.domain.planfile import parse_plan
from srrtui.localcloud import LocalCloud

PLAN = ReplicationPlan(
    source_bucket="demo-logs", source_region="cn-hangzhou", destination_bucket="demo-photos-backup"
)


def toasts(pilot: Pilot) -> list[str]:
    return [str(toast.render()) for toast in pilot.app.screen.query("Toast")]


async def save_here(pilot: Pilot) -> None:
    """s, then Enter on the suggested path."""
    await pilot.press("s")
    await wait_until(pilot, lambda: "SavePlanModal" in str(pilot.app.screen), "the path dialog")
    await pilot.press("enter")


async def test_saving_twice_says_saved_then_replaced(demo_cloud: LocalCloud, tmp_path) -> None:
    app = demo_app(demo_cloud, tmp_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await goto(pilot, "review", PLAN)
        await save_here(pilot)
        await wait_until(pilot, lambda: any("Saved " in t for t in toasts(pilot)), "the toast")
        saved = tmp_path / "srr-demo-logs-to-demo-photos-backup.toml"
        assert parse_plan(saved.read_text()).plan == app.wizard.plan
        app.clear_notifications()
        await settle(pilot)
        await save_here(pilot)
        await wait_until(pilot, lambda: "ConfirmModal" in str(app.screen), "the replace question")
        await pilot.press("y")
        await wait_until(pilot, lambda: any("replacing" in t for t in toasts(pilot)), "a replace")


async def test_preflight_again_says_when_it_is_done(demo_cloud: LocalCloud, tmp_path) -> None:
    app = demo_app(demo_cloud, tmp_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await goto(pilot, "review", PLAN)
        assert not toasts(pilot)  # the automatic first run does not toast
        await pilot.press("p")
        await wait_until(
            pilot, lambda: "Preflight ran again: passed." in " ".join(toasts(pilot)), "the toast"
        )


async def test_a_dialog_clears_the_toasts_and_says_copied_on_its_button(
    demo_cloud: LocalCloud, tmp_path
) -> None:
    app = demo_app(demo_cloud, tmp_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await goto(pilot, "review", PLAN)
        await save_here(pilot)
        await wait_until(pilot, lambda: toasts(pilot), "the saved toast")
        await pilot.press("x")
        await settle(pilot)
        assert type(app.screen).__name__ == "TextViewModal"
        assert not toasts(pilot), "a toast would lie over the dialog's buttons"
        await pilot.press("c")
        await settle(pilot)
        assert "Copied ✓" in str(app.screen.query_one("#copy", Button).label)
        assert not toasts(pilot)
