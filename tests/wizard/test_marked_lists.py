"""The KMS key list and the custom-role list mark their cursor with "›" (not by colour alone)
and name the choice in words: "Selected key: …", "Selected role: …"."""

from __future__ import annotations

from textual.widgets import Static
from wizard_helpers import DEMO_PLAN, demo_app, goto, settle, wait_until

from srrtui.domain.plan import KmsChoice, RoleChoice, RoleKind
from srrtui.localcloud.seed.demo import DEMO_KMS_KEY_ID, DEMO_REPLICA_KMS_KEY_ID
from srrtui.screens.widgets.marked_list import CURSOR, MarkedList


def line(widget: MarkedList, y: int) -> str:
    return widget.render_line(y).text


async def test_kms_key_list_marks_and_names_the_pick(shared_demo_cloud, tmp_path) -> None:
    app = demo_app(shared_demo_cloud, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await goto(pilot, "kms", DEMO_PLAN.with_changes(kms=KmsChoice(replicate=True)))
        listing = app.screen.query_one("#kms-keys", MarkedList)
        # The demo's KMS lists three keys; the disabled one is not offered.
        await wait_until(pilot, lambda: listing.option_count == 2, "the enabled keys")
        listing.focus()
        await settle(pilot)
        assert line(listing, 0).startswith(CURSOR + DEMO_KMS_KEY_ID)
        await pilot.press("down")  # the cursor starts on the first key; now the second
        await settle(pilot)
        assert line(listing, 1).startswith(CURSOR + DEMO_REPLICA_KMS_KEY_ID)
        assert "demo: replicas" in line(listing, 1)
        assert not line(listing, 0).startswith(CURSOR)
        await pilot.press("enter")  # picks it into the field
        await settle(pilot)
        selected = str(app.screen.query_one("#kms-selected", Static).render())
        assert selected == f"Selected key: {DEMO_REPLICA_KMS_KEY_ID} (from the list)"


async def test_role_list_marks_and_names_the_pick(shared_demo_cloud, tmp_path) -> None:
    plan = DEMO_PLAN.with_changes(role=RoleChoice(kind=RoleKind.CUSTOM))
    app = demo_app(shared_demo_cloud, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await goto(pilot, "role", plan)
        listing = app.screen.query_one("#role-list", MarkedList)
        await wait_until(pilot, lambda: listing.option_count > 0, "the account's roles")
        selected = app.screen.query_one("#role-selected", Static)
        assert str(selected.render()) == "Selected role: none yet"
        listing.focus()
        await settle(pilot)
        name = listing.get_option_at_index(0).id
        assert line(listing, 0).startswith(f"{CURSOR}{name}")
        await pilot.press("enter")
        await settle(pilot)
        assert str(selected.render()) == f"Selected role: {name} (from the list)"
