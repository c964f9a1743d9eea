"""Keyring backends written for the tests: real ``keyring.backend.KeyringBackend`` subclasses
that srrtui talks to through ``keyring.set_keyring``, exactly as it talks to a system one."""

from __future__ import annotations

import threading

from keyring.backend import KeyringBackend
from keyring.errors import KeyringLocked, PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    """A working keyring that keeps entries in a dict."""

    priority = -1  # never chosen by keyring on its own (and never by ChainerBackend)

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.entries:
            raise PasswordDeleteError("not found")
        del self.entries[(service, username)]


class HangingKeyring(KeyringBackend):
    """A keyring that never answers, like a locked Secret Service waiting for a prompt that
    cannot appear over SSH. ``release`` lets the stuck calls finish at the end of a test."""

    priority = -1

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()
        self.entered = threading.Event()

    def _hang(self, *args: object) -> None:
        self.entered.set()
        self.release.wait()

    get_password = set_password = delete_password = _hang  # type: ignore[assignment]


class LockedKeyring(KeyringBackend):
    """A keyring whose collection stays locked (the user dismissed the unlock prompt)."""

    priority = -1

    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringLocked("Failed to unlock the collection!")

    set_password = delete_password = get_password  # type: ignore[assignment]


class EchoingKeyring(KeyringBackend):
    """A careless backend whose error message repeats the secret it was given."""

    priority = -1

    def get_password(self, service: str, username: str) -> str | None:
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        raise RuntimeError(f"D-Bus error while storing {password!r}")

    def delete_password(self, service: str, username: str) -> None:
        raise PasswordDeleteError("not found")


class DroppingKeyring(MemoryKeyring):
    """Accepts writes and keeps nothing (like the null backend, but not recognisable as it)."""

    def set_password(self, service: str, username: str, password: str) -> None:
        return None
