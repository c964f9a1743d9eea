"""Benchmark 4: the source-bucket picker with 10,000 buckets in the local cloud, driven by Pilot
(headless, 100x30), the app in this process and the local cloud on 127.0.0.1 beside it.

- ``first page``: from Enter on the credentials step (cloud already open) until the bucket list
  shows its first page (ListBuckets, 100 per page, as the picker asks).
- ``filter, first page loaded``: per keystroke typed into the filter, the time from the key
  until the list holds exactly the loaded buckets whose name contains the text (median and max):
  the instant, local part of the filter.
- ``search by prefix``: with only the first page loaded, ``SEARCHED`` (names that sort near the
  end, not loaded) typed key by key; the time from the last key until the list shows every
  bucket whose name starts with it, as the server's ListBuckets ``prefix=`` returned them
  (includes the picker's 150 ms debounce), and how many searches reached the server.
- ``load every page``: choosing "… load more buckets" until all 10,000 are loaded (the picker
  pages on request only; each page timed from its Enter until it is in the list), then the same
  per-keystroke filter latency over 10,000.

The buckets are created through the store's Python API, in one transaction (no HTTP).
The targets marked * are proposed here; issue 7 gives none for this benchmark.
"""

from __future__ import annotations

import asyncio
import sys
import time
from typing import Any

from common import Result, bench_main, connection_to, failed, median, scratch

FIRST_PAGE_GOAL_S = 1.0
KEYSTROKE_GOAL_MS = 100.0
SEARCH_GOAL_MS = 500.0  # the 150 ms debounce + one ListBuckets round trip + one redraw
TEAMS = ("web", "logs", "media", "backup", "data", "ml", "audit", "cdn")
TYPED = "logs-3"  # narrows step by step: l (logs, ml), lo, log, logs, logs-, logs-3
SEARCHED = "b0999"  # b09990 ... b09999: on the last of the 100 pages


def listed_ids(listing: Any) -> list[str]:
    ids = [listing.get_option_at_index(j).id for j in range(listing.option_count)]
    return [x for x in ids if x != "\0more"]


def bucket_names(count: int) -> list[str]:
    # Listed in name order, so every page mixes the teams.
    return [f"b{i:05d}-{TEAMS[i % len(TEAMS)]}-{i % 7}" for i in range(count)]


def create_buckets(cloud: Any, names: list[str]) -> None:
    """Bulk insert, the same row ``OssStore.create_bucket`` writes, in one transaction."""
    now = time.time()
    region, owner = cloud.config.region, cloud.config.account_uid
    with cloud.db.transaction() as conn:
        conn.executemany(
            "INSERT INTO oss_buckets (name, region, created, storage_class, acl, owner) "
            "VALUES (?,?,?,?,?,?)",
            [(name, region, now, "Standard", "private", owner) for name in names],
        )
    assert cloud.store.get_bucket(names[-1]) is not None


async def until(pilot: Any, check: Any, timeout: float = 30.0) -> float:
    """Seconds until ``check()`` holds, letting the app run between looks (every 0.5 ms; not
    ``pilot.pause()``, whose idle detection sleeps 20 ms at a time)."""
    start = time.perf_counter()
    while not check():
        if time.perf_counter() - start > timeout:
            raise TimeoutError("the picker did not get there in time")
        await asyncio.sleep(0.0005)
    return time.perf_counter() - start


def send_key(app: Any, char: str) -> None:
    """One key, as the terminal driver delivers it. ``pilot.press`` would add its own idle
    waits (2 x >= 20 ms per key) to every measured keystroke."""
    from textual import events
    from textual.keys import _character_to_key

    key = char if len(char) > 1 or char.isalnum() else _character_to_key(char)
    event = events.Key(key, char if len(char) == 1 else None)
    event.set_sender(app)
    app._driver.send_message(event)


async def type_filter(pilot: Any, step: Any, text: str) -> list[float]:
    """Type ``text`` into the (empty) filter one key at a time; ms per key until the list is
    exactly the matching loaded buckets."""
    from textual.widgets import Input, OptionList

    listing = step.query_one("#bucket-list", OptionList)
    step.query_one("#bucket-filter", Input).focus()
    await pilot.pause()
    # Count the picker's list rebuilds, so a key whose list looks like the last one's still
    # waits for its own rebuild.
    rebuilds = [0]
    original = step._show

    def counted() -> None:
        original()
        rebuilds[0] += 1

    step._show = counted
    latencies: list[float] = []
    try:
        for i, char in enumerate(text):
            wanted = [b.name for b in step.buckets if text[: i + 1] in b.name.lower()]
            before = rebuilds[0]

            def shown(wanted: list[str] = wanted, before: int = before) -> bool:
                return rebuilds[0] != before and listed_ids(listing) == wanted

            start = time.perf_counter()
            send_key(pilot.app, char)
            await until(pilot, shown)
            latencies.append((time.perf_counter() - start) * 1000)
            await pilot.pause()  # the frame is drawn before the next key
    finally:
        del step._show
    return latencies


async def search_prefix(pilot: Any, step: Any, names: list[str], text: str) -> dict[str, Any]:
    """Type ``text`` (not among the loaded names) key by key, a frame apart; ms from the last
    key until the list shows every name starting with it, and the searches sent."""
    from textual.widgets import Input, OptionList

    listing = step.query_one("#bucket-list", OptionList)
    step.query_one("#bucket-filter", Input).focus()
    await pilot.pause()
    cloud = step.ctx.cloud
    asked: list[str] = []
    original = cloud.list_buckets

    def counted(prefix: str = "", marker: str = "", max_keys: int = 100) -> Any:
        asked.append(prefix)
        return original(prefix, marker, max_keys)

    cloud.list_buckets = counted
    wanted = [n for n in names if n.startswith(text)]
    try:
        for char in text:
            send_key(pilot.app, char)
            await pilot.pause()
        start = time.perf_counter()
        await until(pilot, lambda: listed_ids(listing) == wanted)
        latency = (time.perf_counter() - start) * 1000
    finally:
        del cloud.list_buckets
    return {"ms": latency, "searches": len([p for p in asked if p]), "keys": len(text)}


async def clear_filter(pilot: Any, step: Any) -> None:
    from textual.widgets import Input

    field = step.query_one("#bucket-filter", Input)
    field.value = ""
    await pilot.pause()


async def drive(cloud: Any, folder: Any, count: int, load_all: bool) -> dict[str, Any]:
    from textual.widgets import OptionList

    from srrtui.app import SrrApp
    from srrtui.screens.services import WizardServices

    services = WizardServices(
        connection=connection_to(cloud),
        region=cloud.config.region,
        config_dir=folder / "config",
        plan_dir=folder,
        env={"HOME": str(folder)},
        cursor_blink=False,
    )
    app = SrrApp(services)
    out: dict[str, Any] = {}
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: 0 in app.wizard.panels and app.ctx.cloud is not None)
        await app.workers.wait_for_complete()
        await pilot.pause()
        start = time.perf_counter()
        send_key(app, "enter")  # credentials -> source
        await until(
            pilot,
            lambda: (
                1 in app.wizard.panels
                and app.wizard.index == 1
                and app.wizard.panels[1].query_one("#bucket-list", OptionList).option_count > 1
            ),
        )
        out["first_page_s"] = time.perf_counter() - start
        step = app.wizard.panels[1]
        out["loaded_after_first_page"] = len(step.buckets)
        out["filter_first_page_ms"] = await type_filter(pilot, step, TYPED)
        await clear_filter(pilot, step)
        out["search"] = await search_prefix(pilot, step, bucket_names(count), SEARCHED)
        await clear_filter(pilot, step)
        if not load_all:
            return out
        listing = step.query_one("#bucket-list", OptionList)
        start = time.perf_counter()
        pages = 1
        page_ms: list[float] = []
        while step.next_marker:
            loaded = len(step.buckets)
            listing.focus()
            listing.highlighted = listing.option_count - 1  # "… load more buckets"
            await pilot.pause()
            # Timed from the Enter: the harness's idle wait above (~0.25 s, longer while the
            # local cloud's threads run) is not the picker's.
            page_start = time.perf_counter()
            send_key(app, "enter")
            await until(
                pilot,
                lambda loaded=loaded: (
                    len(step.buckets) > loaded
                    and not step.loading
                    and listing.option_count > loaded + 1
                ),
            )
            pages += 1
            page_ms.append(round((time.perf_counter() - page_start) * 1000, 1))
        out["load_all_s"] = time.perf_counter() - start
        out["pages"] = pages
        out["per_page_ms_first_last"] = page_ms[:3] + page_ms[-3:]
        out["page_ms_last_10_median"] = median(page_ms[-10:])
        out["loaded_after_all_pages"] = len(step.buckets)
        out["filter_all_ms"] = await type_filter(pilot, step, TYPED)
    return out


def run(quick: bool) -> list[Result]:
    count = 10_000
    try:
        return _run(count, load_all=True, quick=quick)
    except Exception as error:  # noqa: BLE001
        return [failed(4, f"bucket picker, {count:,} buckets", f"{type(error).__name__}: {error}")]


def _run(count: int, load_all: bool, quick: bool) -> list[Result]:
    from srrtui.localcloud import LocalCloud

    with (
        scratch("picker") as folder,
        LocalCloud(folder / "cloud", seed="empty", start_delay=0.05) as cloud,
    ):
        t0 = time.perf_counter()
        create_buckets(cloud, bucket_names(count))
        created_s = time.perf_counter() - t0
        out = asyncio.run(drive(cloud, folder, count, load_all))
    out["create_buckets_s"] = round(created_s, 3)
    results = [
        Result(
            4,
            f"picker first page ({count:,} buckets)",
            out["first_page_s"],
            "s",
            f"<= {FIRST_PAGE_GOAL_S:g} s*",
            passed=out["first_page_s"] <= FIRST_PAGE_GOAL_S,
            details={k: v for k, v in out.items() if not k.startswith(("filter", "search"))},
        ),
        _keystrokes(
            f"  filter per key, {out['loaded_after_first_page']} loaded",
            out["filter_first_page_ms"],
        ),
        Result(
            4,
            f"  search by prefix, not loaded ({SEARCHED!r})",
            out["search"]["ms"],
            "ms",
            f"<= {SEARCH_GOAL_MS:g} ms*",
            passed=out["search"]["ms"] <= SEARCH_GOAL_MS,
            details={
                **out["search"],
                "value_is": "ms from the last key to the server's matches shown "
                "(includes the 150 ms debounce)",
            },
        ),
    ]
    if "filter_all_ms" in out:
        results.append(
            Result(
                4,
                "  a page appended at ~10,000 (Enter → shown)",
                out["page_ms_last_10_median"],
                "ms",
                details={
                    "value_is": "median of the last 10 pages",
                    "per_page_ms_first_last": out["per_page_ms_first_last"],
                },
            )
        )
        results.append(
            Result(
                4,
                f"  load all {out['pages']} pages (… load more)",
                out["load_all_s"],
                "s",
                "",
                details={"buckets": out["loaded_after_all_pages"]},
            )
        )
        results.append(
            _keystrokes(
                f"  filter per key, {out['loaded_after_all_pages']:,} loaded", out["filter_all_ms"]
            )
        )
    return results


def _keystrokes(name: str, latencies: list[float]) -> Result:
    worst = max(latencies)
    return Result(
        4,
        name,
        median(latencies),
        "ms",
        f"<= {KEYSTROKE_GOAL_MS:g} ms*",
        passed=worst <= KEYSTROKE_GOAL_MS,
        details={
            "typed": TYPED,
            "per_key_ms": [round(x, 1) for x in latencies],
            "max_ms": round(worst, 1),
            "value_is": "median; pass means every key <= goal",
        },
    )


def main() -> int:
    return bench_main(run)


if __name__ == "__main__":
    sys.exit(main())
