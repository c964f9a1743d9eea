"""Step 1 lists the aliyun CLI's profiles (with their mode) next to srrtui's; picking one goes
through the credential chain; a name both have is srrtui's, and the screen says so."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList
from wizard_helpers import services, settle, wait_until, wizard_ready

from srrtui.app import SrrApp
from srrtui.credentials.profiles import Profile, ProfileStore
from srrtui.credentials.stores import store_secret
from srrtui.localcloud import LocalCloud

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
CLI_ID, CLI_SECRET = "LTAI5tCliKey00001", "cli-secret-value-1"
OWN_ID, OWN_SECRET = "LTAI5tOwnKey00001", "own-secret-value-1"


def cli_config(home: Path) -> None:
    def entry(name: str, mode: str, region: str = "cn-hangzhou") -> dict:
        keys = {"access_key_id": CLI_ID, "access_key_secret": CLI_SECRET} if mode == "AK" else {}
        return {"name": name, "mode": mode, "region_id": region, **keys}

    profiles = [
        entry("dev", "AK", ""),
        entry("work", "AK"),
        {**entry("ops", "RamRoleArn"), "ram_role_arn": "acs:ram::1:role/ops"},
    ]
    path = home / ".aliyun" / "config.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"current": "dev", "profiles": profiles}), encoding="utf-8")


def own_work_profile(tmp_path: Path, endpoint: str) -> None:
    env = {"HOME": str(tmp_path)}
    profile = Profile("work", "cn-hangzhou", endpoint=endpoint, access_key_id=OWN_ID)
    store = ProfileStore(tmp_path / "config")
    saved = store_secret(profile, OWN_SECRET, store="keyring", env=env, directory=store.directory)
    store.save(saved, make_default=True)


def rows(app: SrrApp) -> dict[str, str]:
    listing = app.screen.query_one("#profiles", OptionList)
    options = [listing.get_option_at_index(i) for i in range(listing.option_count)]
    return {str(o.id): str(o.prompt) for o in options}


async def loaded(pilot: Pilot) -> None:
    await wizard_ready(pilot)
    chooser = pilot.app.wizard.panels[0].chooser  # type: ignore[attr-defined]
    await wait_until(pilot, lambda: chooser.info is not None, "the profiles and keyring check")
    await settle(pilot)


async def connect_with(pilot: Pilot, row: str) -> str:
    app = pilot.app
    listing = app.screen.query_one("#profiles", OptionList)
    listing.highlighted = listing.get_option_index(row)
    listing.focus()
    await settle(pilot)
    await pilot.press("enter")
    await wait_until(pilot, lambda: app.wizard.ctx.cloud is not None, "the connection")
    return app.wizard.ctx.connection_label


async def test_cli_profiles_are_listed_and_used(memory_keyring, tmp_path: Path) -> None:
    cli_config(tmp_path)
    keys = {CLI_ID: CLI_SECRET, OWN_ID: OWN_SECRET}
    with LocalCloud(tmp_path / "cloud", access_keys=keys) as cloud:
        own_work_profile(tmp_path, cloud.endpoint)
        app = SrrApp(services(tmp_path, endpoint=cloud.endpoint))
        async with app.run_test(size=(100, 40)) as pilot:
            await loaded(pilot)
            listed = rows(app)
            assert listed["\0cli:dev"] == "aliyun CLI profile dev  AK"
            assert listed["\0cli:ops"] == "aliyun CLI profile ops  RamRoleArn  cn-hangzhou"
            # One row for "work": srrtui's, saying the CLI's of that name is not used.
            assert "\0cli:work" not in listed
            assert "also an aliyun CLI profile: srrtui's is used" in listed["work"]
            # dev has no region_id: the picker asks for one.
            label = await connect_with(pilot, "\0cli:dev")
        assert label.startswith("aliyun CLI profile 'dev' (AK")
        assert ProfileStore(tmp_path / "config").get("aliyun-dev").region == "cn-hangzhou"

        app = SrrApp(services(tmp_path, endpoint=cloud.endpoint))
        async with app.run_test(size=(100, 40)) as pilot:
            await loaded(pilot)
            label = await connect_with(pilot, "work")
            shown = str(app.screen.query_one("#cred-state").render())
        assert "the aliyun CLI profile 'work' was not used: srrtui's comes first" in label
        assert "srrtui's comes first" in shown
        # srrtui's key was the one used (the CLI's "work" has another).
        assert app.wizard.ctx.cloud.connection.access_key_id == OWN_ID  # type: ignore[union-attr]


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_cli_profiles(size, memory_keyring, tmp_path: Path, snap_compare) -> None:
    cli_config(tmp_path)
    own_work_profile(tmp_path, "http://127.0.0.1:9")
    assert snap_compare(SrrApp(services(tmp_path)), terminal_size=size, run_before=loaded)
