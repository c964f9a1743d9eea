"""The source bucket picker with more buckets than one page: the filter searches the whole
account by name prefix (debounced, in a worker), and a page of buckets is appended to the list
rather than rebuilding it."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from wizard_helpers import connection_to, services, settle, wait_for_cloud, wait_until

import srrtui.screens.steps.source as source_module
from srrtui.app import SrrApp
from srrtui.cloud.session import CloudSession
from srrtui.cloud.types import BucketPage, Connection
from srrtui.localcloud import LocalCloud
from srrtui.screens.widgets.bucket_picker import MORE, BucketPicker

COUNT = 250  # two and a half pages of 100


@pytest.fixture(scope="module")
def many_buckets(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalCloud]:
    with LocalCloud(tmp_path_factory.mktemp("many"), seed="empty", start_delay=0.05) as cloud:
        assert cloud.store is not None
        now = time.time()
        for i in range(COUNT):
            cloud.store.create_bucket(
                f"bkt-{i:04d}", region=cloud.config.region, owner="1", created=now
            )
        yield cloud


class CountingSession(CloudSession):
    """Records the ListBuckets prefixes asked for, to see the debounce at work."""

    prefixes: list[str]

    def list_buckets(self, prefix: str = "", marker: str = "", max_keys: int = 100) -> BucketPage:
        self.prefixes.append(prefix)
        return super().list_buckets(prefix, marker, max_keys)


def picker_app(cloud: LocalCloud, tmp_path: Path, asked: list[str]) -> SrrApp:
    def open_cloud(connection: Connection) -> CloudSession:
        session = CountingSession(connection)
        session.prefixes = asked
        return session

    return SrrApp(
        services(tmp_path, start_demo=lambda: connection_to(cloud), open_cloud=open_cloud)
    )


async def source_step(pilot: Pilot) -> source_module.SourceStep:
    await wait_for_cloud(pilot)
    await pilot.press("enter")
    panel = pilot.app.wizard.current  # type: ignore[attr-defined]
    assert panel.key == "source"
    await wait_until(pilot, lambda: len(panel.buckets) == 100, "the first page")
    return panel


def shown(panel: source_module.SourceStep) -> list[str]:
    listing = panel.picker.listing
    return [listing.get_option_at_index(i).id or "" for i in range(listing.option_count)]


def state_text(panel: source_module.SourceStep) -> str:
    return str(panel.query_one("#bucket-state").render())


async def test_typing_searches_the_account_by_prefix(many_buckets, tmp_path, monkeypatch) -> None:
    states: list[str] = []
    original = BucketPicker.state
    monkeypatch.setattr(
        BucketPicker, "state", lambda self, text: (states.append(text), original(self, text))
    )
    asked: list[str] = []
    app = picker_app(many_buckets, tmp_path, asked)
    async with app.run_test(size=(80, 24)) as pilot:
        panel = await source_step(pilot)
        await pilot.press(*"bkt-02")  # none of these is on the first page
        await wait_until(pilot, lambda: "bkt-0249" in shown(panel), "the search's results")
        assert shown(panel) == [f"bkt-{i:04d}" for i in range(200, 250)] + [MORE]
        assert any("Searching all buckets for names starting with" in s for s in states)
        assert "all bucket names starting with 'bkt-02'" in state_text(panel)
        # Six keys typed faster than the debounce: far fewer requests than keys.
        searched = [p for p in asked if p]
        assert searched and searched[-1] == "bkt-02" and len(searched) < 6, searched
        await pilot.press("enter")  # the first match carries the marker
        await settle(pilot)
        assert app.wizard.plan.source_bucket == "bkt-0200"  # type: ignore[attr-defined]
        assert app.wizard.current.key == "destination"  # type: ignore[attr-defined]


async def test_loaded_names_filter_at_once_while_the_search_waits(
    many_buckets, tmp_path, monkeypatch
) -> None:
    monkeypatch.setattr(source_module, "SEARCH_DELAY", 60.0)  # the search never starts here
    app = picker_app(many_buckets, tmp_path, [])
    async with app.run_test(size=(80, 24)) as pilot:
        panel = await source_step(pilot)
        await pilot.press(*"bkt-005")
        await pilot.pause()
        assert shown(panel) == [f"bkt-{i:04d}" for i in range(50, 60)] + [MORE]
        assert "Searching all buckets for names starting with 'bkt-005'" in state_text(panel)


async def test_nothing_found_says_the_search_is_by_prefix(many_buckets, tmp_path) -> None:
    app = picker_app(many_buckets, tmp_path, [])
    async with app.run_test(size=(80, 24)) as pilot:
        panel = await source_step(pilot)
        await pilot.press(*"zz")
        await wait_until(pilot, lambda: "No bucket name starts" in state_text(panel), "no match")
        assert "start of the name only" in state_text(panel)
        assert shown(panel) == [MORE]


async def test_a_page_is_appended_not_rebuilt(many_buckets, tmp_path) -> None:
    app = picker_app(many_buckets, tmp_path, [])
    async with app.run_test(size=(80, 24)) as pilot:
        panel = await source_step(pilot)
        listing = panel.picker.listing
        first = listing.get_option_at_index(0)
        listing.highlighted = listing.option_count - 1  # "… load more buckets"
        await pilot.press("enter")
        await wait_until(pilot, lambda: len(panel.buckets) == 200, "the second page")
        await pilot.pause()
        assert listing.get_option_at_index(0) is first  # the same row: appended to
        assert listing.option_count == 201 and shown(panel)[-1] == MORE
        assert listing.highlighted == 100  # the first new bucket, where "load more" was
        assert "200 of 200 buckets (more to load)" in state_text(panel)
