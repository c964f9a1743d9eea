"""Keys on the first step while the profiles are read and the keyring is checked.

The check runs in a worker (``load_overview``) and can take seconds (a locked keyring over SSH).
Meanwhile the profile list was empty, which read as "+ New profile" chosen: the new-profile
form was shown, a person could Tab into it and type, and when saved profiles came in the form
was hidden with the keyboard in it: the focus went nowhere, the next keys were lost and what was
typed stayed in a hidden field. Arrows pressed on the empty list were lost, and Enter there did
nothing without a word (it never went on: there was nothing to go on with).
"""

from __future__ import annotations

import threading
from pathlib import Path

from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input, OptionList
from wizard_helpers import services, step, wait_until, wizard_ready

from srrtui.app import SrrApp
from srrtui.credentials.profiles import Profile, ProfileStore
from srrtui.screens.steps.profile_chooser import ProfileChooser


def saved_profiles(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path / "config")
    store.save(Profile("work", "cn-hangzhou", access_key_id="LTAI5tWorkKey0001"), make_default=True)
    store.save(Profile("audit", "cn-shanghai", access_key_id="LTAI5tAuditKey001"))


def shown(widget: Widget) -> bool:
    return widget.display and all(a.display for a in widget.ancestors if isinstance(a, Widget))


async def reading(pilot: Pilot) -> ProfileChooser:
    """The first step is up and its profiles-and-keyring check is running (held by the keyring)."""
    await wizard_ready(pilot)
    chooser = pilot.app.wizard.panels[0].chooser  # type: ignore[attr-defined]
    running = lambda: any(  # noqa: E731
        w.group == "credentials" and w.is_running for w in pilot.app.workers
    )
    await wait_until(pilot, running, "the profiles and keyring check to start")
    assert chooser.info is None
    return chooser


async def read(pilot: Pilot, chooser: ProfileChooser, keyring_answer: threading.Event) -> None:
    keyring_answer.set()
    await wait_until(pilot, lambda: chooser.info is not None, "the profiles and keyring check")


async def test_nothing_typed_early_is_left_in_a_form_taken_away(
    slow_keyring: threading.Event, tmp_path: Path
) -> None:
    saved_profiles(tmp_path)
    app = SrrApp(services(tmp_path))
    async with app.run_test(size=(100, 40)) as pilot:
        chooser = await reading(pilot)
        # No text field to type into before it is known whether one is wanted.
        assert [field.id for field in chooser.query(Input) if shown(field)] == []
        await pilot.press("tab", "o", "k")
        await read(pilot, chooser, slow_keyring)
        await wait_until(pilot, lambda: shown(chooser.query_one("#profiles")), "the list")
        focused = app.focused
        assert focused is not None and shown(focused), "the keyboard went nowhere"
        stranded = [f.id for f in chooser.query(Input) if f.value and not shown(f)]
        assert stranded == [], "typed text left in a hidden field"


async def test_list_moves_wait_for_the_rows_and_enter_chooses_nothing_yet(
    slow_keyring: threading.Event, tmp_path: Path
) -> None:
    saved_profiles(tmp_path)
    app = SrrApp(services(tmp_path))
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        chooser = await reading(pilot)
        listing = chooser.query_one("#profiles", OptionList)
        assert app.focused is listing
        await pilot.press("down", "enter")
        said = lambda: any(  # noqa: E731
            n.message == "Still reading profiles…" for n in app._notifications
        )
        await wait_until(pilot, said, "Enter to say the profiles are still being read")
        assert step(pilot) == "credentials" and not chooser.connecting
        await read(pilot, chooser, slow_keyring)
        rows = [listing.get_option_at_index(i).id for i in range(listing.option_count)]
        # The default profile is highlighted first, then the early Down moves one row on.
        assert listing.highlighted == rows.index("work") + 1
        assert app.focused is listing
        assert step(pilot) == "credentials" and not chooser.connecting  # Enter was not replayed
