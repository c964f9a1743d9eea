"""The credentials step outside the demo: creating a profile whose secret goes to the keyring
(never to the screen or the profile file), picking a saved one, and the no-keyring choices."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input, OptionList
from wizard_helpers import screen_settled, services, settle, wait_until, wizard_ready

from srrtui.app import SrrApp
from srrtui.credentials.profiles import Profile, ProfileStore
from srrtui.localcloud import LocalCloud

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


def plain_app(tmp_path: Path) -> SrrApp:
    return SrrApp(services(tmp_path))


async def loaded(pilot: Pilot) -> None:
    """Profiles read and the keyring probed, and what that changes on screen has landed."""
    await wizard_ready(pilot)
    chooser = pilot.app.wizard.panels[0].chooser  # type: ignore[attr-defined]
    await wait_until(pilot, lambda: chooser.info is not None, "the profiles and keyring check")
    await settle(pilot)


async def fill(pilot: Pilot, values: dict[str, str]) -> None:
    for selector, text in values.items():
        pilot.app.screen.query_one(selector, Input).value = text
    await settle(pilot)


def fully_visible(widget: Widget) -> bool:
    """The widget lies wholly inside the visible part of every scrolling ancestor."""
    region = widget.region
    if not region.area:
        return False
    return all(
        ancestor.scrollable_content_region.contains_region(region)
        for ancestor in widget.ancestors
        if isinstance(ancestor, Widget) and ancestor.is_scrollable
    )


KEY_ID, SECRET = "LTAI5tTestKey0001", "test-secret-value-1"


async def test_new_profile_secret_goes_to_the_keyring_only(memory_keyring, tmp_path: Path) -> None:
    # The demo key's ID has hyphens, which a real AccessKey ID never has: use a real-looking one.
    cloud = LocalCloud(tmp_path / "cloud", access_keys={KEY_ID: SECRET}).start()
    app = plain_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await loaded(pilot)
        await fill(
            pilot,
            {
                "#cred-name": "work",
                "#cred-region": "cn-hangzhou",
                "#cred-endpoint": cloud.endpoint,
                "#cred-id": KEY_ID,
            },
        )
        app.screen.query_one("#cred-secret", Input).focus()
        await pilot.press(*SECRET)
        assert SECRET not in app.export_screenshot()
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.wizard.current.key == "source", "the source step")
        assert "work" in app.ctx.connection_label
        assert SECRET not in app.export_screenshot()
    cloud.stop()
    assert memory_keyring.entries == {("srrtui", "work"): SECRET}
    saved = (tmp_path / "config" / "profiles.toml").read_text()
    assert SECRET not in saved and "work" in saved


async def test_bad_profile_fields_are_shown_at_the_field(memory_keyring, tmp_path: Path) -> None:
    app = plain_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await loaded(pilot)
        await fill(pilot, {"#cred-name": "work", "#cred-region": "Hang-zhou!"})
        app.screen.query_one("#cred-region", Input).focus()
        await pilot.press("enter")
        chooser = app.wizard.panels[0].chooser
        await wait_until(pilot, lambda: not chooser.connecting, "the connection check to end")
        await settle(pilot)
        shown = [str(e.render()) for e in app.wizard.current.query("FieldError") if e.display]
        assert shown == ["✗ a region ID such as cn-hangzhou"]
        assert app.wizard.current.key == "credentials"


async def try_new_profile(pilot: Pilot, endpoint: str, name: str = "work") -> list[str]:
    """Fill the new-profile form, press Enter, wait for the check; the ✗ messages shown."""
    app = pilot.app
    await loaded(pilot)
    chooser = app.wizard.panels[0].chooser  # type: ignore[attr-defined]
    chooser.query_one("#profiles", OptionList).highlighted = (
        chooser.query_one("#profiles", OptionList).option_count - 1
    )  # "+ New profile"
    await settle(pilot)
    fields = {"#cred-name": name, "#cred-region": "cn-hangzhou", "#cred-endpoint": endpoint}
    await fill(pilot, {**fields, "#cred-id": KEY_ID, "#cred-secret": "not-the-secret"})
    app.screen.query_one("#cred-secret", Input).focus()
    await pilot.press("enter")
    await wait_until(pilot, lambda: not chooser.connecting, "the connection check to end")
    await settle(pilot)
    return [str(e.render()) for e in app.wizard.current.query("FieldError") if e.display]


async def test_a_new_profile_that_cannot_connect_is_not_kept(memory_keyring, tmp_path) -> None:
    cloud = LocalCloud(tmp_path / "cloud", access_keys={KEY_ID: SECRET}).start()
    app = plain_app(tmp_path)
    try:
        async with app.run_test(size=(100, 40)) as pilot:
            shown = await try_new_profile(pilot, cloud.endpoint)
            assert len(shown) == 1 and shown[0].startswith("✗ "), shown
            assert app.wizard.current.key == "credentials"
    finally:
        cloud.stop()
    # Neither the profile (which would have become the default) nor its secret stays behind.
    assert ProfileStore(tmp_path / "config").list() == []
    assert memory_keyring.entries == {}


async def test_a_new_profile_may_not_replace_a_saved_one(memory_keyring, tmp_path) -> None:
    saved_profiles(tmp_path)
    before = (tmp_path / "config" / "profiles.toml").read_text()
    app = plain_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        shown = await try_new_profile(pilot, "http://127.0.0.1:9", name="audit")
    assert shown == ["✗ a profile named audit exists: pick it in the list, or another name"]
    assert (tmp_path / "config" / "profiles.toml").read_text() == before


def saved_profiles(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path / "config")
    store.save(Profile("work", "cn-hangzhou", access_key_id="LTAI5tWorkKey0001"), make_default=True)
    store.save(
        Profile(
            "audit",
            "cn-shanghai",
            access_key_id="LTAI5tAuditKey001",
            secret_source="encrypted-file",
        )
    )


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_saved_profiles(size, memory_keyring, tmp_path: Path, snap_compare) -> None:
    saved_profiles(tmp_path)
    assert snap_compare(plain_app(tmp_path), terminal_size=size, run_before=loaded)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_new_profile_without_keyring(
    size, no_keyring, tmp_path: Path, snap_compare
) -> None:
    async def typed_secret(pilot: Pilot) -> None:
        await loaded(pilot)
        await fill(pilot, {"#cred-name": "work", "#cred-id": "LTAI5tWorkKey0001"})
        app = pilot.app
        secret = app.screen.query_one("#cred-secret", Input)
        secret.focus()
        await pilot.press(*"not-shown-secret")
        # The exact state the snapshot shows: without a keyring "memory" is chosen, and every
        # typed key is in the (masked) secret field, which still has the focus.
        memory = app.screen.query_one("#memory")
        await wait_until(
            pilot,
            lambda: memory.value and secret.value == "not-shown-secret" and secret.has_focus,
            "the no-keyring choice and the typed secret",
        )
        # Focus scrolls the form to the field after a refresh: wait until it is in view.
        await wait_until(
            pilot, lambda: fully_visible(secret), "the secret field scrolled into view"
        )
        await screen_settled(pilot)
        # Focus and the keyring notice each scroll the form; which lands last varies. Show the
        # form's end (the secret and where it is kept) whatever happened first.
        app.wizard.panels[0].scroll_end(animate=False)  # type: ignore[attr-defined]
        await screen_settled(pilot)

    assert snap_compare(plain_app(tmp_path), terminal_size=size, run_before=typed_secret)
