"""The Tags step: a tag filter that can never match is stopped at the field; the value-box hint
is the step's own (the domain's warning serves the command line too)."""

from __future__ import annotations

from textual.widgets import Static
from wizard_helpers import DEMO_PLAN, demo_app, errors, goto, next_, step, wait_until

from srrtui.domain.plan import ReplicationPlan, Tag, TagFilter, TagMatch
from srrtui.domain.words.plans import plan_in_words


async def test_one_key_with_two_values_under_match_all_stays_on_the_step(
    shared_demo_cloud, tmp_path
) -> None:
    tags = TagFilter(tags=(Tag("env", "prod"), Tag("env", "dev")), match=TagMatch.ALL)
    app = demo_app(shared_demo_cloud, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await goto(pilot, "tags", DEMO_PLAN.with_changes(tag_filter=tags))
        await next_(pilot)
        assert step(pilot) == "tags"
        assert (
            "#2: with 'match all', env=prod and env=dev can never both match: an object has "
            "one value per tag key (choose 'match any', or keep one of them)"
        ) in errors(pilot)
        app.screen.query_one("#tag-match").focus()
        await pilot.press("down")  # match any: either value replicates the object
        await next_(pilot)
        assert step(pilot) == "deletes"
        assert app.wizard.plan.tag_filter.match is TagMatch.ANY


async def test_the_value_box_hint_is_on_the_step_not_in_the_review(
    shared_demo_cloud, tmp_path
) -> None:
    tags = TagFilter(tags=(Tag("env=prod", ""),), enabled=True)
    app = demo_app(shared_demo_cloud, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await goto(pilot, "tags", DEMO_PLAN.with_changes(tag_filter=tags))

        def shown(selector: str) -> str:
            return str(app.screen.query_one(selector, Static).render())

        await wait_until(pilot, lambda: "env=prod" in shown("#tag-warnings"), "the warning")
        assert shown("#tag-warnings").endswith("value 'prod'? (type the value in the value box)")
        await goto(pilot, "review", app.wizard.plan)
        review = shown("#review-warnings")
        assert "did you mean key 'env', value 'prod'?" in review
        assert "value box" not in review


def test_the_review_words_quote_a_key_that_holds_an_equals_sign() -> None:
    plan = ReplicationPlan(
        source_bucket="demo-logs",
        source_region="cn-hangzhou",
        destination_bucket="demo-photos-backup",
        tag_filter=TagFilter(tags=(Tag("env=prod", ""), Tag("team", "finance"))),
    )
    words = " ".join(plan_in_words(plan))
    assert "'env=prod'=(empty), team=finance" in words
