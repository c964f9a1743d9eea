"""Keys reach a step while its list is still being fetched.

The source step once kept "a listing is running" in ``self.loading``: that is Textual's own
``Widget.loading``, which covers the widget with a loading indicator and disables it, so the
step was hidden under a spinner and left out of the focus chain until the first page of
buckets arrived: the filter could not be reached, the "Listing buckets…" line not seen.
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input
from wizard_helpers import STEP_KEYS, demo_app, wait_for_cloud, wait_until

from srrtui.domain.plan import ReplicationPlan
from srrtui.localcloud import LocalCloud


async def test_the_source_filter_takes_keys_while_buckets_are_listed(
    demo_cloud: LocalCloud, tmp_path: Path
) -> None:
    app = demo_app(demo_cloud, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_cloud(pilot)
        demo_cloud.faults.inject("ListBuckets", kind="latency", delay=3.0)
        wizard = app.wizard
        index = STEP_KEYS.index("source")
        wizard.plan = ReplicationPlan()
        wizard.done = set(range(index))
        await wizard.show_step(index)
        panel = wizard.current
        listing = lambda: any(  # noqa: E731
            w.group == "buckets" and w.is_running for w in app.workers
        )
        await wait_until(pilot, listing, "the bucket listing to start")
        picker_filter = panel.query_one("#bucket-filter", Input)
        # The step is drawn (not hidden under a spinner) and its filter can take the focus.
        await pilot.pause()
        assert "Listing" in app.export_screenshot()
        assert picker_filter in app.screen.focus_chain
        await wait_until(pilot, lambda: app.focused is picker_filter, "the filter's focus")
        await pilot.press("d", "e")
        assert listing(), "the listing ended before the keys were checked"
        assert picker_filter.value == "de"
