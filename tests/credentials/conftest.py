"""Every credentials test runs with its own HOME and config dir, no credential variables from
the machine, the session memory store emptied, and keyring's backend put back afterwards."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from credentials_keyrings import HangingKeyring, MemoryKeyring

from srrtui.credentials.filestores import session_store

_PREFIXES = ("OSS_", "ALIBABA_CLOUD_", "ALIBABACLOUD_", "ALICLOUD_")
_NAMES = ("SRRTUI_CREDENTIAL_STORE", "PYTHON_KEYRING_BACKEND", "SRRTUI_CONFIG_DIR")


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    for name in list(os.environ):
        if name.startswith(_PREFIXES) or name in _NAMES:
            monkeypatch.delenv(name)
    # Nothing in the tests may ask the real metadata service (100.100.100.200).
    monkeypatch.setenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("SRRTUI_CONFIG_DIR", str(tmp_path / "config" / "srrtui"))
    previous = keyring.get_keyring()
    session_store().clear()
    yield home
    session_store().clear()
    keyring.set_keyring(previous)


@pytest.fixture
def config_dir(tmp_path: Path) -> Path:
    return tmp_path / "config" / "srrtui"


@pytest.fixture
def memory_keyring() -> MemoryKeyring:
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    return backend


@pytest.fixture
def hanging_keyring() -> Iterator[HangingKeyring]:
    backend = HangingKeyring()
    keyring.set_keyring(backend)
    yield backend
    backend.release.set()  # let the stuck daemon threads finish
