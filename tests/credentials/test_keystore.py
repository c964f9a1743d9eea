"""The system keyring: a working one, one that hangs, the real `fail` and `null` backends, a
locked one; fail-closed store selection and SRRTUI_CREDENTIAL_STORE."""

from __future__ import annotations

import time
from pathlib import Path

import keyring
import pytest
from credentials_helpers import KEY_ID, SECRET
from credentials_keyrings import (
    DroppingKeyring,
    EchoingKeyring,
    HangingKeyring,
    LockedKeyring,
    MemoryKeyring,
)
from keyring.backends import fail, null
from keyrings.cryptfile.cryptfile import CryptFileKeyring
from keyrings.cryptfile.file import PlaintextKeyring

from srrtui.credentials import (
    CredentialsError,
    KeyringUnavailable,
    Profile,
    choose_store,
    delete_secret,
    fallback_choices,
    keyring_status,
    load_secret,
    store_secret,
)
from srrtui.credentials.keystore import SERVICE, why_not_system_keyring

PROFILE = Profile("prod", "cn-hangzhou", access_key_id=KEY_ID)


def test_one_entry_per_profile_under_service_srrtui(memory_keyring: MemoryKeyring) -> None:
    stored = store_secret(PROFILE, SECRET, store="keyring", timeout=2)
    assert stored.secret_source == "keyring"
    assert memory_keyring.entries == {(SERVICE, "prod"): SECRET}
    assert SERVICE == "srrtui"
    assert load_secret(stored, timeout=2) == SECRET
    delete_secret(stored, timeout=2)
    delete_secret(stored, timeout=2)  # deleting twice is fine: the end state is the same
    assert memory_keyring.entries == {}


def test_auto_uses_a_usable_keyring(memory_keyring: MemoryKeyring) -> None:
    status = keyring_status(2)
    assert status.usable and status.reason == ""
    assert status.backend.endswith("MemoryKeyring")
    assert store_secret(PROFILE, SECRET, timeout=2).secret_source == "keyring"


def test_a_hanging_keyring_times_out_instead_of_hanging(hanging_keyring: HangingKeyring) -> None:
    started = time.monotonic()
    status = keyring_status(0.3)
    assert time.monotonic() - started < 2
    assert not status.usable
    assert "did not answer within 0.3 s" in status.reason
    assert hanging_keyring.entered.wait(5)  # the call did reach the backend, and is stuck there
    # The stuck call is still out there: later calls fail at once instead of piling up threads.
    started = time.monotonic()
    with pytest.raises(KeyringUnavailable, match="still waiting"):
        store_secret(PROFILE, SECRET, store="keyring", timeout=5)
    assert time.monotonic() - started < 2


def test_a_hanging_keyring_recovers_once_it_answers(hanging_keyring: HangingKeyring) -> None:
    with pytest.raises(KeyringUnavailable, match="did not answer"):
        load_secret(Profile("p", "cn-hangzhou", access_key_id=KEY_ID), timeout=0.2)
    hanging_keyring.release.set()
    deadline = time.monotonic() + 5
    while not keyring_status(1).usable and time.monotonic() < deadline:
        hanging_keyring.entered.wait(0.01)  # poll the condition briefly; no fixed sleep
    assert keyring_status(1).usable


def test_the_real_fail_backend_fails_closed(config_dir: Path) -> None:
    keyring.set_keyring(fail.Keyring())
    status = keyring_status(2)
    assert not status.usable
    assert "no backend it recommends" in status.reason
    with pytest.raises(KeyringUnavailable) as caught:
        store_secret(PROFILE, SECRET, timeout=2)  # auto
    assert "can't be used" in str(caught.value)
    with pytest.raises(KeyringUnavailable):
        store_secret(PROFILE, SECRET, store="keyring", timeout=2)
    # Nothing was written anywhere instead.
    assert not config_dir.exists() or list(config_dir.iterdir()) == []


def test_the_null_backend_is_not_a_store() -> None:
    keyring.set_keyring(null.Keyring())
    status = keyring_status(2)
    assert not status.usable and "stores nothing" in status.reason


def test_a_locked_keyring_is_reported() -> None:
    keyring.set_keyring(LockedKeyring())
    status = keyring_status(2)
    assert not status.usable
    assert "KeyringLocked" in status.reason and "Failed to unlock" in status.reason


def test_a_keyring_that_drops_writes_is_caught() -> None:
    keyring.set_keyring(DroppingKeyring())
    with pytest.raises(KeyringUnavailable, match="did not keep it"):
        store_secret(PROFILE, SECRET, store="keyring", timeout=2)


def test_backend_errors_never_carry_the_secret() -> None:
    keyring.set_keyring(EchoingKeyring())
    with pytest.raises(KeyringUnavailable) as caught:
        store_secret(PROFILE, SECRET, store="keyring", timeout=2)
    assert "D-Bus error" in str(caught.value)
    assert SECRET not in str(caught.value) and SECRET not in repr(caught.value)


def test_file_keyrings_are_never_taken_for_a_system_keyring() -> None:
    assert "unencrypted" in why_not_system_keyring(PlaintextKeyring)
    assert "asks for its passphrase on the terminal" in why_not_system_keyring(CryptFileKeyring)
    assert why_not_system_keyring(MemoryKeyring) == ""


def test_store_chosen_by_environment_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    keyring.set_keyring(fail.Keyring())
    monkeypatch.setenv("SRRTUI_CREDENTIAL_STORE", "memory")
    assert store_secret(PROFILE, SECRET).secret_source == "memory"
    monkeypatch.setenv("SRRTUI_CREDENTIAL_STORE", "encrypted-file")
    assert choose_store().kind == "encrypted-file"
    monkeypatch.setenv("SRRTUI_CREDENTIAL_STORE", "env")
    with pytest.raises(CredentialsError, match="stores no secrets"):
        store_secret(PROFILE, SECRET)
    monkeypatch.setenv("SRRTUI_CREDENTIAL_STORE", "keyring")
    with pytest.raises(KeyringUnavailable):  # asked for the keyring: no fallback
        store_secret(PROFILE, SECRET, timeout=2)
    monkeypatch.setenv("SRRTUI_CREDENTIAL_STORE", "plaintext")
    with pytest.raises(CredentialsError, match="not one of"):
        store_secret(PROFILE, SECRET)


def test_fallback_choices_in_plain_words() -> None:
    choices = {c.key: c for c in fallback_choices("locked")}
    assert list(choices) == ["env", "memory", "encrypted-file", "unlock-keyring"]
    assert choices["encrypted-file"].needs_passphrase
    assert not choices["env"].stores_secret
    recipe = choices["unlock-keyring"].recipe
    assert recipe.startswith("dbus-run-session -- sh -c ")
    assert "gnome-keyring-daemon --unlock" in recipe and "srrtui" in recipe
    assert "(locked)" in choices["unlock-keyring"].text
