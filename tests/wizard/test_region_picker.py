"""Step 1's region picker: credentials from the environment carry no region; the step offers
OSS's regions by the console's names, narrowed as you type, and remembers the choice in a
profile that `diff` and `watch` read when no --region is given."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input
from wizard_helpers import screen_settled, services, settle, wait_until, wizard_ready

from srrtui.app import SrrApp
from srrtui.commands.connection import connection_from_args
from srrtui.credentials.profiles import Profile, ProfileStore
from srrtui.localcloud import LocalCloud
from srrtui.screens.widgets.region_picker import RegionPicker

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
KEY_ID, SECRET = "LTAI5tEnvKey00001", "env-secret-value-1"


def env_app(tmp_path: Path, endpoint: str = "http://127.0.0.1:9") -> SrrApp:
    env = {"HOME": str(tmp_path), "OSS_ACCESS_KEY_ID": KEY_ID, "OSS_ACCESS_KEY_SECRET": SECRET}
    return SrrApp(services(tmp_path, env=env, endpoint=endpoint))


async def env_chosen(pilot: Pilot) -> None:
    """The profiles read, and the environment's row (the only source there is) marked."""
    await wizard_ready(pilot)
    chooser = pilot.app.wizard.panels[0].chooser  # type: ignore[attr-defined]
    await wait_until(pilot, lambda: chooser.info is not None, "the profiles and keyring check")
    await settle(pilot)
    assert chooser._chosen() == "\0env"


def picker(pilot: Pilot) -> RegionPicker:
    return pilot.app.screen.query_one(RegionPicker)


def rows(pilot: Pilot) -> list[str]:
    listing = picker(pilot).listing
    return [str(listing.get_option_at_index(i).id) for i in range(listing.option_count)]


async def test_typing_narrows_the_regions_by_their_console_names(tmp_path: Path) -> None:
    async with env_app(tmp_path).run_test(size=(100, 40)) as pilot:
        await env_chosen(pilot)
        assert picker(pilot).display and len(rows(pilot)) > 30
        pilot.app.screen.query_one("#cred-region", Input).focus()
        await pilot.press(*"kong")
        await settle(pilot)
        assert rows(pilot) == ["cn-hongkong"]
        assert picker(pilot).value == "cn-hongkong"
        await pilot.press(*"xx")
        await settle(pilot)
        # Nothing matches: the typed text stands, and the line under the list says so.
        assert rows(pilot) == [] and picker(pilot).value == "kongxx"
        shown = str(pilot.app.screen.query_one("#cred-region-chosen").render())
        assert "kongxx is used as typed" in shown


async def test_a_region_that_is_no_region_id_is_refused_at_the_field(tmp_path: Path) -> None:
    async with env_app(tmp_path).run_test(size=(100, 40)) as pilot:
        await env_chosen(pilot)
        pilot.app.screen.query_one("#cred-region", Input).focus()
        await pilot.press(*"Hang-zhou!", "enter")
        await settle(pilot)
        shown = [str(e.render()) for e in pilot.app.wizard.current.query("FieldError") if e.display]
        assert shown == ["✗ a region ID such as cn-hangzhou"]
        assert pilot.app.wizard.current.key == "credentials"
        assert pilot.app.wizard.ctx.cloud is None
        await pilot.press("backspace")  # the ✗ goes as soon as the field is edited
        await settle(pilot)
        assert not [e for e in pilot.app.wizard.current.query("FieldError") if e.display]


async def test_the_picked_region_is_used_and_remembered(tmp_path: Path, monkeypatch) -> None:
    cloud = LocalCloud(tmp_path / "cloud", access_keys={KEY_ID: SECRET}, region="cn-shanghai")
    cloud.start()
    try:
        app = env_app(tmp_path, cloud.endpoint)
        async with app.run_test(size=(100, 40)) as pilot:
            await env_chosen(pilot)
            pilot.app.screen.query_one("#cred-region", Input).focus()
            await pilot.press(*"shanghai", "enter")
            await wait_until(pilot, lambda: app.wizard.ctx.cloud is not None, "the connection")
            assert app.wizard.ctx.cloud.region == "cn-shanghai"
        kept = ProfileStore(tmp_path / "config").get("env")
        assert (kept.region, kept.secret_source, kept.access_key_id) == ("cn-shanghai", "env", "")

        # The next run starts on the remembered region.
        async with env_app(tmp_path, cloud.endpoint).run_test(size=(100, 40)) as pilot:
            await env_chosen(pilot)
            assert picker(pilot).value == "cn-shanghai"
    finally:
        cloud.stop()

    # diff and watch (connection_from_args) take it when no --region is given.
    monkeypatch.setenv("SRRTUI_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("OSS_ACCESS_KEY_ID", KEY_ID)
    monkeypatch.setenv("OSS_ACCESS_KEY_SECRET", SECRET)
    for name in ("ALIBABA_CLOUD_REGION_ID", "OSS_REGION", "ALIBABA_CLOUD_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    args = argparse.Namespace(profile=None, region=None, endpoint=None, ram_endpoint=None)
    assert connection_from_args(args).region == "cn-shanghai"
    args.region = "cn-beijing"  # given: it wins
    assert connection_from_args(args).region == "cn-beijing"


async def test_regions_with_buckets_come_first(tmp_path: Path, demo_seed_copy) -> None:  # noqa: ANN001
    keys = {KEY_ID: SECRET}
    with LocalCloud(demo_seed_copy("cloud"), seed="demo", access_keys=keys) as cloud:
        async with env_app(tmp_path, cloud.endpoint).run_test(size=(100, 40)) as pilot:
            await env_chosen(pilot)
            chosen = pilot.app.screen.query_one("#cred-region-chosen")
            await wait_until(
                pilot, lambda: "with buckets first" in str(chosen.render()), "the bucket regions"
            )
            # The demo's buckets live in cn-shanghai (one) and cn-hangzhou (the rest).
            assert set(rows(pilot)[:2]) == {"cn-shanghai", "cn-hangzhou"}
            assert len(rows(pilot)) == len(set(rows(pilot))) > 30


def test_a_remembered_region_never_replaces_another_profile(tmp_path: Path) -> None:
    from srrtui.credentials.remembered import remember_region, remembered_region

    store = ProfileStore(tmp_path)
    store.save(Profile("env", "cn-beijing", access_key_id="LTAI5tOtherKey001"))
    assert remember_region(store, "env", "cn-shanghai") == ""
    assert store.get("env").region == "cn-beijing"
    assert remembered_region(store, "env") == ""
    assert remember_region(store, "aliyun-cli", "cn-shanghai", "dev") == "aliyun-dev"
    assert remembered_region(store, "aliyun-cli", "dev") == "cn-shanghai"
    assert remembered_region(store, "aliyun-cli", "prod") == ""


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_region_picker(size, tmp_path: Path, snap_compare, no_keyring) -> None:
    # no_keyring: the keyring is process-wide; another test in this worker may have set one,
    # and the step's keyring notice (in the picture) names what it found.
    async def typed(pilot: Pilot) -> None:
        await env_chosen(pilot)
        field = pilot.app.screen.query_one("#cred-region", Input)
        field.focus()
        await pilot.press(*"cn-")
        await wait_until(pilot, lambda: field.value == "cn-", "the typed filter")
        await screen_settled(pilot)

    assert snap_compare(env_app(tmp_path), terminal_size=size, run_before=typed)


def test_picker_rows_match_words_in_any_order() -> None:
    from srrtui.domain.regions import OSS_REGIONS
    from srrtui.screens.widgets.region_picker import matching

    rows = list(OSS_REGIONS)
    assert [r for r, _ in matching("finance shanghai", rows)] == ["cn-shanghai-finance-1"]
    assert [r for r, _ in matching("cn-hangzhou", rows)][0] == "cn-hangzhou"
    assert matching("", rows) == rows


async def test_chinese_names_as_the_console_says_them_and_english_still_finds(
    tmp_path: Path,
) -> None:
    from srrtui import language

    language.activate("zh-CN")
    try:
        async with env_app(tmp_path).run_test(size=(100, 40)) as pilot:
            await env_chosen(pilot)
            listing = picker(pilot).listing
            first = str(listing.get_option_at_index(0).prompt)
            assert first.startswith("华东1（杭州）") and "cn-hangzhou" in first
            pilot.app.screen.query_one("#cred-region", Input).focus()
            await pilot.press(*"hohhot")  # the English name still narrows the list
            await settle(pilot)
            assert rows(pilot) == ["cn-huhehaote"]
            chosen = str(pilot.app.screen.query_one("#cred-region-chosen").render())
            assert "地域：华北5（呼和浩特） cn-huhehaote" in chosen
    finally:
        language.activate(language.ENGLISH)
