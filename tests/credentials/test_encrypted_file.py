"""The encrypted file store (keyrings.cryptfile's CryptFileKeyring, driven with a passphrase
from the caller). Each Argon2 derivation costs ~0.4 s, so these tests do few of them."""

from __future__ import annotations

import stat
from pathlib import Path

import keyring
import pytest
from credentials_helpers import KEY_ID, SECRET
from keyring.backends import fail

from srrtui.credentials import (
    PassphraseRequired,
    Profile,
    ProfileStore,
    WrongPassphrase,
    resolve,
    store_secret,
)
from srrtui.credentials.filestores import ENCRYPTED_FILE_NAME, EncryptedFileStore

PASSPHRASE = "correct horse battery staple"


def test_round_trip_through_a_new_store(config_dir: Path) -> None:
    keyring.set_keyring(fail.Keyring())  # no system keyring: the headless case
    profile = store_secret(
        Profile("prod", "cn-hangzhou", access_key_id=KEY_ID),
        SECRET,
        store="encrypted-file",
        passphrase=PASSPHRASE,
    )
    assert profile.secret_source == "encrypted-file"
    ProfileStore().save(profile)
    path = config_dir / ENCRYPTED_FILE_NAME
    data = path.read_bytes()
    assert SECRET.encode() not in data and PASSPHRASE.encode() not in data
    assert stat.S_IMODE(path.stat().st_mode) == 0o600

    found = resolve("prod", passphrase=PASSPHRASE)  # a fresh store object: decrypts from disk
    assert found.access_key_secret == SECRET
    assert found.source == (
        f"profile 'prod' (secret from the encrypted file {config_dir / ENCRYPTED_FILE_NAME})"
    )


def test_wrong_or_missing_passphrase(config_dir: Path) -> None:
    path = config_dir / ENCRYPTED_FILE_NAME
    EncryptedFileStore(path, PASSPHRASE).set("prod", SECRET)
    with pytest.raises(WrongPassphrase) as caught:
        EncryptedFileStore(path, "not the passphrase").get("prod")
    assert PASSPHRASE not in str(caught.value)
    for missing in (None, "", "   "):
        with pytest.raises(PassphraseRequired):
            EncryptedFileStore(path, missing).get("prod")
    assert "closed" in repr(EncryptedFileStore(path, PASSPHRASE))
    assert PASSPHRASE not in repr(EncryptedFileStore(path, PASSPHRASE))
