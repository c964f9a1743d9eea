"""Bad input typed into the wizard: each case gets a clear message at the field it belongs to,
the step stays put, nothing is added and nothing crashes."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, SelectionList, Static
from wizard_helpers import (
    DEMO_PLAN,
    demo_app,
    errors,
    goto,
    next_,
    settle,
    step,
    typed,
    wait_until,
)

from srrtui.domain.plan import KmsChoice, RoleChoice, RoleKind, Tag, TagFilter

TEN = tuple(f"p{i}/" for i in range(10))


def text_of(pilot, selector: str) -> str:  # noqa: ANN001 - a Pilot
    return str(pilot.app.screen.query_one(selector, Static).render())


async def test_an_eleventh_prefix_is_refused_at_the_field(shared_demo_cloud, tmp_path) -> None:
    app = demo_app(shared_demo_cloud, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await goto(pilot, "objects", DEMO_PLAN.with_changes(prefixes=TEN))
        await typed(pilot, "#new-prefix", "p10/")
        await next_(pilot)
        assert step(pilot) == "objects"
        assert "at most 10 prefixes: untick one to add 'p10/'" in errors(pilot)
        assert "10 of at most 10 prefixes chosen" in text_of(pilot, "#prefix-count")
        selection = app.screen.query_one("#prefix-list", SelectionList)
        assert "p10/" not in selection.selected and len(selection.selected) == 10
        assert app.screen.query_one("#new-prefix", Input).value == "p10/"  # kept to correct


async def test_a_prefix_starting_with_a_slash_is_refused(shared_demo_cloud, tmp_path) -> None:
    app = demo_app(shared_demo_cloud, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await goto(pilot, "objects", DEMO_PLAN.with_changes(prefixes=("photos/",)))
        await typed(pilot, "#new-prefix", "/logs/")
        await next_(pilot)
        assert step(pilot) == "objects"
        assert "'/logs/': object names, and so prefixes, cannot start with '/'" in errors(pilot)
        assert app.screen.query_one("#prefix-list", SelectionList).selected == ["photos/"]
        # Corrected, it goes in and the message goes away.
        field = app.screen.query_one("#new-prefix", Input)
        field.value = ""
        await typed(pilot, "#new-prefix", "logs/")
        await next_(pilot)
        assert errors(pilot) == ""
        assert app.screen.query_one("#prefix-list", SelectionList).selected == ["photos/", "logs/"]


async def test_a_prefix_of_only_spaces_is_refused(shared_demo_cloud, tmp_path) -> None:
    app = demo_app(shared_demo_cloud, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await goto(pilot, "objects", DEMO_PLAN.with_changes(prefixes=("photos/",)))
        await typed(pilot, "#new-prefix", "  ")
        assert app.screen.query_one("#new-prefix", Input).value == "  "
        await next_(pilot)
        assert step(pilot) == "objects"
        assert "'  ': a prefix cannot be only spaces" in errors(pilot)
        selection = app.screen.query_one("#prefix-list", SelectionList)
        assert selection.selected == ["photos/"]
        assert "  " not in [
            selection.get_option_at_index(i).value for i in range(selection.option_count)
        ]


async def test_a_kms_key_arn_from_another_region(shared_demo_cloud, tmp_path) -> None:
    app = demo_app(shared_demo_cloud, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await goto(pilot, "kms", DEMO_PLAN.with_changes(kms=KmsChoice(replicate=True)))
        await typed(pilot, "#cmk-id", "acs:kms:cn-shanghai:123:key/abc")
        await next_(pilot)
        assert step(pilot) == "kms"
        assert (
            "this key ARN is in cn-shanghai, but the buckets are in cn-hangzhou: "
            "the KMS key must be in the same region as the buckets (cn-hangzhou)"
        ) in errors(pilot)


async def test_a_tag_typed_as_key_equals_value_warns_and_goes_on(
    shared_demo_cloud, tmp_path
) -> None:
    tags = TagFilter(enabled=True)
    app = demo_app(shared_demo_cloud, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await goto(pilot, "tags", DEMO_PLAN.with_changes(tag_filter=tags))
        warnings = lambda: text_of(pilot, "#tag-warnings")  # noqa: E731
        assert not app.screen.query_one("#tag-warnings").display
        await typed(pilot, ".tag-key", "env=prod")
        await wait_until(pilot, lambda: "env=prod" in warnings(), "the tag warning")
        assert app.screen.query_one("#tag-warnings").display
        assert warnings() == (
            "⚠ #1: tag key 'env=prod' contains '=' and has no value: did you mean key 'env', "
            "value 'prod'? (type the value in the value box)"
        )
        # A warning, not a problem: Next goes on, and the review lists it.
        await next_(pilot)
        assert step(pilot) == "deletes"
        await goto(pilot, "review", app.wizard.plan)
        assert "⚠ tag key 'env=prod' contains '='" in text_of(pilot, "#review-warnings")


async def test_a_tag_warning_goes_once_the_value_is_typed(shared_demo_cloud, tmp_path) -> None:
    tags = TagFilter(tags=(Tag("a=b=c", ""),), enabled=True)
    app = demo_app(shared_demo_cloud, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await goto(pilot, "tags", DEMO_PLAN.with_changes(tag_filter=tags))
        warnings = lambda: text_of(pilot, "#tag-warnings")  # noqa: E731
        assert "did you mean key 'a', value 'b=c'?" in warnings()
        await typed(pilot, ".tag-value", "x")
        await wait_until(pilot, lambda: warnings() == "", "the warning to go")
        assert not app.screen.query_one("#tag-warnings").display


async def test_a_cmk_id_with_spaces(shared_demo_cloud, tmp_path) -> None:
    app = demo_app(shared_demo_cloud, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await goto(pilot, "kms", DEMO_PLAN.with_changes(kms=KmsChoice(replicate=True)))
        await typed(pilot, "#cmk-id", "my key id")
        await next_(pilot)
        assert step(pilot) == "kms"
        assert "'my key id' is not a KMS key ID, alias/NAME or key ARN" in errors(pilot)
        assert "Selected key: my key id (typed)" in text_of(pilot, "#kms-selected")


async def test_a_tag_with_bad_characters(shared_demo_cloud, tmp_path) -> None:
    tags = TagFilter(tags=(Tag("env", "prod"),), enabled=True)
    app = demo_app(shared_demo_cloud, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await goto(pilot, "tags", DEMO_PLAN.with_changes(tag_filter=tags))
        field = app.screen.query_one(".tag-value", Input)
        field.value = ""
        await typed(pilot, ".tag-value", "a*b")
        await next_(pilot)
        assert step(pilot) == "tags"
        assert "#1: a tag value may use letters, digits, space and + - = . _ : /" in errors(pilot)


async def test_a_custom_role_name_with_spaces(shared_demo_cloud, tmp_path) -> None:
    plan = DEMO_PLAN.with_changes(role=RoleChoice(kind=RoleKind.CUSTOM))
    app = demo_app(shared_demo_cloud, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await goto(pilot, "role", plan)
        await typed(pilot, "#role-name", "my role")
        await next_(pilot)
        assert step(pilot) == "role"
        assert "RAM role names use letters, digits, '.' and '-'" in errors(pilot)
        assert "Selected role: my role (typed)" in text_of(pilot, "#role-selected")


async def test_saving_the_plan_where_it_cannot_be_written(
    shared_demo_cloud, tmp_path: Path
) -> None:
    # A "folder" that is a regular file: refused even to root, who ignores permissions.
    not_a_folder = tmp_path / "plans"
    not_a_folder.write_text("a file, not a folder\n")
    logs_plan = DEMO_PLAN.with_changes(source_bucket="demo-logs")
    app = demo_app(shared_demo_cloud, tmp_path, plan_dir=not_a_folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await goto(pilot, "review", logs_plan)
        await pilot.press("s")
        await wait_until(
            pilot, lambda: type(app.screen).__name__ == "SavePlanModal", "the path dialog"
        )
        await pilot.press("enter")
        await settle(pilot)
        # Said at the path, in the dialog, which stays open to choose another place.
        assert type(app.screen).__name__ == "SavePlanModal"
        assert text_of(pilot, "#plan-path-error") == (
            f"✗ No folder {not_a_folder}: create it first or choose another."
        )
        await pilot.press("escape")
        await settle(pilot)
        assert step(pilot) == "review"
        assert not_a_folder.read_text() == "a file, not a folder\n"
