"""Keys on the objects and role steps as a person in a terminal sends them: ticks typed in one
burst, the help following an arrow at once, radio arrows that stop at the ends, a step that
opens at its question, and a refused Next that puts the keyboard where the fix is typed."""

from __future__ import annotations

from textual.widgets import Input, Label, SelectionList
from wizard_helpers import (
    DEMO_PLAN,
    burst,
    demo_app,
    errors,
    goto,
    next_,
    settle,
    step,
    typed,
    wait_until,
)

from srrtui.screens.widgets.choice import Choice


def help_text(pilot) -> str:  # noqa: ANN001 - a Pilot
    return str(pilot.app.screen.query_one("#help-text").render())


async def test_ticks_typed_in_one_burst_all_land(shared_demo_cloud, tmp_path) -> None:
    app = demo_app(shared_demo_cloud, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await goto(pilot, "objects")
        await pilot.press("down")  # only objects under these prefixes
        selection = app.screen.query_one("#prefix-list", SelectionList)
        await wait_until(pilot, lambda: selection.option_count == 6, "the suggested folders")
        await pilot.press("tab")
        assert app.focused is selection and selection.highlighted == 0
        await burst(pilot, "space", "down", "space")
        assert selection.selected == ["docs/", "photos/"]
        assert selection.highlighted == 1
        await burst(pilot, "space", "up", "space")  # and off again, in the same way
        assert selection.selected == []


async def test_enter_in_the_prefix_list_goes_on_with_the_ticks(shared_demo_cloud, tmp_path) -> None:
    app = demo_app(shared_demo_cloud, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await goto(pilot, "objects")
        await pilot.press("down")  # only objects under these prefixes
        selection = app.screen.query_one("#prefix-list", SelectionList)
        await wait_until(pilot, lambda: selection.option_count == 6, "the suggested folders")
        await pilot.press("tab", "space")
        assert app.focused is selection and selection.selected == ["docs/"]
        enter = app.screen.active_bindings["enter"].binding  # what the footer shows for ⏎
        assert (enter.action, enter.description) == ("next", "Next")
        await pilot.press("enter")
        await settle(pilot)
        assert step(pilot) == "tags"
        assert app.wizard.plan.prefixes == ("docs/",)


async def test_a_new_source_brings_its_own_folder_suggestions(shared_demo_cloud, tmp_path) -> None:
    app = demo_app(shared_demo_cloud, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await goto(pilot, "objects", DEMO_PLAN.with_changes(source_bucket="demo-logs"))
        await pilot.press("down")  # only objects under these prefixes
        selection = app.screen.query_one("#prefix-list", SelectionList)
        await wait_until(pilot, lambda: "app/" in panel_options(selection), "demo-logs' folders")
        await typed(pilot, "#new-prefix", "mine/")
        await pilot.press("enter")  # a prefix of the user's own stays whatever the source
        await settle(pilot)
        # Back to the source step and another bucket: demo-photos has no app/ folder.
        await goto(pilot, "objects", DEMO_PLAN)
        await wait_until(pilot, lambda: "docs/" in panel_options(selection), "its folders")
        assert "app/" not in panel_options(selection)
        assert "mine/" in panel_options(selection)


def panel_options(selection: SelectionList) -> list[str]:
    return [selection.get_option_at_index(i).value for i in range(selection.option_count)]


async def test_the_help_follows_the_radio_arrow_at_once(shared_demo_cloud, tmp_path) -> None:
    app = demo_app(shared_demo_cloud, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await goto(pilot, "objects")
        assert help_text(pilot).startswith("Every object in the source bucket")
        await pilot.press("down")  # no prefix ticked yet, and the focus stays on the radios
        await settle(pilot)
        assert isinstance(app.focused, Choice)
        assert help_text(pilot).startswith("Only objects whose names start with")
        await pilot.press("up")
        await settle(pilot)
        assert help_text(pilot).startswith("Every object in the source bucket")


async def test_the_role_step_opens_at_its_question(shared_demo_cloud, tmp_path) -> None:
    app = demo_app(shared_demo_cloud, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await goto(pilot, "role")
        await settle(pilot, 0.3)  # longer than Textual's scroll animation
        panel = app.wizard.current
        question = panel.query_one(Label)
        assert panel.max_scroll_y > 0  # the policy makes it taller than the screen
        assert panel.scroll_offset.y == 0
        assert question.region.y >= panel.region.y  # on screen, not above the fold


async def test_radio_arrows_stop_at_the_ends(shared_demo_cloud, tmp_path) -> None:
    app = demo_app(shared_demo_cloud, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await goto(pilot, "role")
        kind = app.screen.query_one("#role-kind", Choice)
        assert app.focused is kind and kind.chosen == "new"
        await pilot.press("up")  # on the first option: stays there
        await settle(pilot)
        assert kind.chosen == "new"
        await pilot.press("down", "down", "down")  # one more than there is
        await settle(pilot)
        assert kind.chosen == "custom"
        await pilot.press("up")
        await settle(pilot)
        assert kind.chosen == "aliyun"
        await pilot.press("enter")  # goes on: no name asked for
        await settle(pilot)
        assert step(pilot) == "review"


async def test_a_refused_next_focuses_the_field_and_typing_clears_its_message(
    shared_demo_cloud, tmp_path
) -> None:
    app = demo_app(shared_demo_cloud, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await goto(pilot, "role", DEMO_PLAN)
        await pilot.press("down", "down")  # an existing role of mine
        await next_(pilot)
        assert step(pilot) == "role"
        assert "enter the RAM role's name" in errors(pilot)
        name = app.screen.query_one("#role-name", Input)
        assert app.focused is name  # typing goes into the field the message is about
        await pilot.press(*"my-role")
        await settle(pilot)
        assert name.value == "my-role"
        assert errors(pilot) == ""  # the message spoke of the empty field
        await next_(pilot)
        assert step(pilot) == "review"
        assert app.wizard.plan.role.name == "my-role"
