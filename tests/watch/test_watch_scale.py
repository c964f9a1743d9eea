"""``srrtui watch`` over an account of many buckets in the local cloud: every bucket is read
(no cap) and said so, the rules come sorted, the filter narrows them as one types, Escape and
Enter leave it, and r finds a rule created meanwhile."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input
from watch_helpers import text_of, until, watch_app

from srrtui.localcloud import LocalCloud
from srrtui.localcloud.seed.scale import bucket_name, rule_sources, seed_scale
from srrtui.screens.watch.details import RuleDetailsScreen

BUCKETS, RULES = 300, 6


@pytest.fixture
def large_cloud(tmp_path: Path):  # noqa: ANN201 - an iterator of LocalCloud
    with LocalCloud(tmp_path / "large", start_delay=3600.0) as cloud:
        seed_scale(cloud, BUCKETS, RULES)
        yield cloud


def rows(pilot) -> list[str]:  # noqa: ANN001
    """The source bucket of each row, top to bottom."""
    table = pilot.app.screen.query_one("#watch-rules")
    return [row.key.value.split("/")[0] for row in table.ordered_rows]


async def test_every_bucket_is_read_and_the_filter_narrows_as_one_types(
    large_cloud, tmp_path
) -> None:
    app = watch_app(large_cloud, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: "Checked all 300 buckets" in text_of(pilot, "#watch-state"), 90)
        sources = rule_sources(BUCKETS, RULES)
        assert sources[:2] == ["bucket-00049", "bucket-00099"]
        assert rows(pilot) == sources  # sorted by bucket, whatever order they were read in
        await pilot.press("slash", *"00 14")  # words: both somewhere in the name
        await until(pilot, lambda: rows(pilot) == ["bucket-00149"])
        assert "Showing 1 of 6 rules" in text_of(pilot, "#watch-state")
        await pilot.press("backspace", "backspace")
        await until(pilot, lambda: len(rows(pilot)) == RULES)
        await pilot.press("escape")  # leaves the filter, not the dashboard
        assert not pilot.app.screen.query_one("#watch-filter", Input).has_focus
        await pilot.press("slash", "2", "9", "enter", "enter")  # to the table, then details
        await until(pilot, lambda: isinstance(pilot.app.screen, RuleDetailsScreen))
        assert pilot.app.screen.watched.bucket == "bucket-00299"


async def test_r_looks_again_and_finds_a_new_rule(large_cloud, tmp_path) -> None:
    from srrtui.domain.plan import DeleteMode
    from srrtui.domain.rules import RuleConfig

    app = watch_app(large_cloud, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: "Checked all 300 buckets" in text_of(pilot, "#watch-state"), 90)
        rule = RuleConfig(
            rule_id="late-rule",
            action=DeleteMode.ALL,
            destination_bucket=bucket_name(1),
            destination_location="oss-cn-hangzhou",
            historical=False,
            sync_role="AliyunOSSRole",
        )
        large_cloud.replication.add_rule(bucket_name(0), rule)
        await pilot.press("r")
        await until(pilot, lambda: "bucket-00000" in rows(pilot))
        await until(pilot, lambda: "Checked all 300 buckets" in text_of(pilot, "#watch-state"), 90)
        assert len(rows(pilot)) == RULES + 1


async def test_rules_found_in_a_burst_redraw_the_table_a_few_times_not_once_each(
    tmp_path: Path,
) -> None:
    """Discovery reports rules from many reader threads; drawing the whole table for each (and
    measuring every cell of every column again) kept a 100-rule refresh of 10,000 buckets at
    52 s in tmux. Fifty rules posted at once are drawn in a few passes, and a redraw with
    nothing changed touches no cell."""
    from test_watch_snapshots import GivenCloud, dashboard_ready, given_app

    from srrtui.cloud.discovery import BucketRules
    from srrtui.domain.rules import RuleConfig
    from srrtui.screens.watch.messages import RulesFound

    app = given_app(GivenCloud(), tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await dashboard_ready(pilot)
        screen = pilot.app.screen
        table = screen.query_one("#watch-rules")
        rebuilds, updates = [], []
        clear, update_cell = table.clear, table.update_cell
        table.clear = lambda *a, **k: (rebuilds.append(1), clear(*a, **k))[1]
        table.update_cell = lambda *a, **k: (updates.append(1), update_cell(*a, **k))[1]
        for i in range(50):
            rule = RuleConfig(rule_id=f"r{i}", destination_bucket=f"team-{i:02d}-backup")
            screen.post_message(RulesFound(BucketRules(f"team-{i:02d}", (rule,))))
        await until(pilot, lambda: table.row_count == 52)  # and the two of the stand-in
        assert len(rebuilds) <= 5
        updates.clear()
        screen.show_rows()
        assert updates == []


async def test_columns_fit_the_rows_shown_as_soon_as_they_are_drawn(tmp_path: Path) -> None:
    """The table redrawn (a filter, rules found) had every column cut to its label until
    Textual next measured it when idle; a screenshot under load caught it ("team / -000 /
    starti"). The widths fit the rows at once, and narrow again when the filter hides the
    widest row."""
    from test_watch_snapshots import GivenCloud, dashboard_ready, given_app

    from srrtui.domain.rules import RuleStatus

    app = given_app(GivenCloud(), tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await dashboard_ready(pilot)
        screen = pilot.app.screen
        table = screen.query_one("#watch-rules")
        rule_column = next(c for c in table.columns.values() if c.key.value == "rule")
        table.show(screen.board.live(), "logs")  # no await: nothing idle in between
        assert rule_column.content_width == len("demo-logs → demo-logs-archive")
        table.show(screen.board.live(), "")
        assert rule_column.content_width == len("demo-photos → demo-photos-backup")
        status_column = next(c for c in table.columns.values() if c.key.value == "status")
        assert status_column.content_width == len("▶ doing")
        screen.board.live()[0].status = RuleStatus.STARTING  # a wider mark, same rows
        table.show(screen.board.live(), "")  # only the changed cell is updated
        assert status_column.content_width == len("◔ starting")
