"""The system keyring (service ``srrtui``, one entry per profile, username = profile name).

Every call goes through :func:`call_with_timeout` and every failure becomes
:class:`KeyringUnavailable`: srrtui fails closed and never writes a secret anywhere else on its
own. ``keyring`` is imported inside the functions, so loading srrtui never touches D-Bus.

Which backends count as a system keyring (see ``keyring/backends`` and ``keyrings.cryptfile``):

- ``keyring.backends.fail.Keyring`` raises on every call ("No recommended backend").
- ``keyring.backends.null.Keyring`` silently stores nothing.
- Plaintext keyrings (``keyrings.cryptfile.file.PlaintextKeyring``, keyrings.alt's) write the
  secret unencrypted.
- File keyrings (anything with a ``file_path``: ``CryptFileKeyring``, ``EncryptedKeyring``) ask
  for their passphrase with ``getpass`` on the terminal, which a TUI cannot allow; srrtui drives
  ``CryptFileKeyring`` itself, with a passphrase from the TUI, as the "encrypted-file" store.
- ``ChainerBackend`` wraps whatever else is viable; here it is unwrapped to the best system
  backend it holds, so a chain of only file keyrings (the case on a headless box with
  keyrings.cryptfile installed) counts as none.
"""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass
from typing import Any

from srrtui.credentials.errors import KeyringUnavailable
from srrtui.credentials.masking import scrub
from srrtui.credentials.timed import CallTimedOut, call_with_timeout
from srrtui.domain.words.translate import N_, _, listing, titled

SERVICE = "srrtui"
DEFAULT_TIMEOUT = 5.0
_PROBE_USER = "srrtui-probe"  # a read of an entry that does not exist: harmless, and it unlocks

_pending_lock = threading.Lock()
_pending: dict[int, int] = {}  # id(backend) -> calls still running after their timeout

# What a call to the keyring was doing, for its messages (and, in English, its thread's name).
READING, STORING, DELETING, CHECKING = (
    N_("reading a secret"),
    N_("storing a secret"),
    N_("deleting a secret"),
    N_("checking the keyring"),
)


@dataclass(frozen=True)
class BackendInfo:
    name: str  # e.g. "keyring.backends.SecretService.Keyring"
    priority: float | None  # None: the backend is not viable here
    usable: bool
    why: str


@dataclass(frozen=True)
class KeyringStatus:
    usable: bool
    backend: str  # the backend srrtui would use (or the one keyring chose, if none is usable)
    reason: str = ""  # why not usable; empty when usable
    backends: tuple[BackendInfo, ...] = ()  # every backend keyring knows, for `srrtui doctor`


def backend_name(backend: Any) -> str:
    cls = type(backend) if not isinstance(backend, type) else backend
    return f"{cls.__module__}.{cls.__qualname__}"


def why_not_system_keyring(backend: Any) -> str:
    """Empty if ``backend`` may hold srrtui's secrets, else the reason in plain words."""
    from keyring.backends import chainer, fail, null

    cls = backend if isinstance(backend, type) else type(backend)
    if issubclass(cls, fail.Keyring):
        return _(
            "keyring found no backend it recommends (the 'fail' placeholder refuses every call)"
        )
    if issubclass(cls, null.Keyring):
        return _("keyring is disabled (the 'null' backend stores nothing)")
    if issubclass(cls, chainer.ChainerBackend):
        return _("combines the other backends; each is judged on its own")
    if "plaintext" in cls.__name__.lower():
        return _("stores secrets unencrypted in a file: srrtui never uses it")
    if hasattr(cls, "file_path"):
        return _(
            "a file keyring that asks for its passphrase on the terminal; srrtui offers it as "
            "the encrypted-file store instead, with the passphrase asked in the TUI"
        )
    return ""


def _select_backend() -> Any:
    """The backend to use, or KeyringUnavailable. Runs on the timed thread: finding the backends
    connects to D-Bus, which can itself hang."""
    import keyring
    from keyring.backends import chainer

    current = keyring.get_keyring()
    if isinstance(current, chainer.ChainerBackend):
        usable = [b for b in current.backends if not why_not_system_keyring(b)]
        if not usable:
            found = listing([type(b).__name__ for b in current.backends]) or _("none")
            raise KeyringUnavailable(
                _(
                    "no system keyring (Secret Service, KWallet, macOS Keychain, Windows "
                    "Credential Locker) is available; keyring found only: {found}"
                ).format(found=found)
            )
        return usable[0]  # chainer.backends is sorted by priority, highest first
    why = why_not_system_keyring(current)
    if why:
        raise KeyringUnavailable(titled(type(current).__name__, why))
    return current


def _run(operation: str, fn: Any, timeout: float, secret: str = "") -> Any:
    """Select the backend and run ``fn(backend)`` on a daemon thread, mapping every failure."""
    state: dict[str, Any] = {}

    def work() -> Any:
        backend = _select_backend()
        state["backend"] = backend
        key = id(backend)
        with _pending_lock:
            if _pending.get(key):
                raise KeyringUnavailable(
                    _(
                        "an earlier call to the system keyring is still waiting for an answer "
                        "(it is probably locked and waiting for an unlock prompt)"
                    )
                )
            _pending[key] = 1
        try:
            return fn(backend)
        finally:
            with _pending_lock:
                _pending.pop(key, None)

    try:
        return call_with_timeout(work, timeout, name=f"srrtui-keyring-{operation}")
    except CallTimedOut:
        raise KeyringUnavailable(
            _(
                "the system keyring did not answer within {seconds} s while {operation} (a "
                "locked keyring waits for an unlock prompt that cannot appear over SSH)"
            ).format(seconds=f"{timeout:g}", operation=_(operation))
        ) from None
    except KeyringUnavailable:
        raise
    except Exception as exc:
        # keyring.errors.KeyringLocked / InitError / NoKeyringError, secretstorage and jeepney
        # D-Bus errors, OSError: all mean "not usable now". The text comes from third-party
        # code, so any copy of the secret in it is masked.
        said = _("{operation} failed: {error}").format(
            operation=_(operation), error=f"{type(exc).__name__}: {exc}"
        )
        raise KeyringUnavailable(scrub(said, secret)) from None


class SystemKeyring:
    """A secret store over the system keyring; every method may raise KeyringUnavailable."""

    kind = "keyring"

    @property
    def description(self) -> str:
        return _("the system keyring")

    def __init__(self, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.timeout = timeout

    def get(self, profile_name: str) -> str | None:
        secret: str | None = _run(
            READING, lambda b: b.get_password(SERVICE, profile_name), self.timeout
        )
        return secret

    def set(self, profile_name: str, secret: str) -> None:
        def write(backend: Any) -> None:
            backend.set_password(SERVICE, profile_name, secret)
            # Read back: a backend that accepts and drops writes must not pass for a store.
            if backend.get_password(SERVICE, profile_name) != secret:
                raise KeyringUnavailable(_("the keyring accepted the secret but did not keep it"))

        _run(STORING, write, self.timeout, secret)

    def delete(self, profile_name: str) -> None:
        from keyring.errors import PasswordDeleteError

        def remove(backend: Any) -> None:
            with contextlib.suppress(PasswordDeleteError):  # already gone: the wanted end state
                backend.delete_password(SERVICE, profile_name)

        _run(DELETING, remove, self.timeout)

    def __repr__(self) -> str:
        return f"SystemKeyring(timeout={self.timeout:g})"


def keyring_status(
    timeout: float = DEFAULT_TIMEOUT, *, list_backends: bool = False
) -> KeyringStatus:
    """Whether the system keyring can be used now: chooses the backend and probes it with a
    read, all within ``timeout``. Never raises for an unusable keyring; says why instead."""
    chosen: dict[str, str] = {}

    def probe(backend: Any) -> None:
        chosen["name"] = backend_name(backend)
        backend.get_password(SERVICE, _PROBE_USER)

    backends = _list_backends(timeout) if list_backends else ()
    try:
        _run(CHECKING, probe, timeout)
    except KeyringUnavailable as exc:
        return KeyringStatus(
            False, chosen.get("name", _current_name(timeout)), exc.reason, backends
        )
    return KeyringStatus(True, chosen["name"], "", backends)


def _current_name(timeout: float) -> str:
    try:
        return call_with_timeout(lambda: backend_name(__import__("keyring").get_keyring()), timeout)
    except Exception:  # noqa: BLE001 - only a label for the report
        return _("unknown")


def _list_backends(timeout: float) -> tuple[BackendInfo, ...]:
    """Every backend class keyring knows, viable or not, with why each is (not) usable."""

    def collect() -> tuple[BackendInfo, ...]:
        from keyring import backend as kb

        kb.get_all_keyring()  # loads the plugins, so every backend class is registered
        # KeyringBackend._classes is keyring's private registry; it is the only place that also
        # lists the backends that are not viable, with the error that says why.
        classes: set[Any] = getattr(kb.KeyringBackend, "_classes", set())
        infos = []
        for cls in list(classes):  # checking a priority may import (and register) more
            try:
                priority: float | None = float(cls.priority)
                error = ""
            except Exception as exc:  # noqa: BLE001 - this is the "why not" we report
                priority, error = None, _("not available here: {error}").format(error=exc)
            why = error or why_not_system_keyring(cls)
            infos.append(BackendInfo(backend_name(cls), priority, not why, why or _("usable")))
        return tuple(sorted(infos, key=lambda i: (i.priority is None, -(i.priority or 0), i.name)))

    try:
        return call_with_timeout(collect, timeout, name="srrtui-keyring-list")
    except CallTimedOut:
        timed_out = _("timed out after {seconds} s").format(seconds=f"{timeout:g}")
        return (BackendInfo(_("(listing)"), None, False, timed_out),)
    except Exception as exc:  # noqa: BLE001 - the report says what went wrong instead
        return (BackendInfo(_("(listing)"), None, False, f"{type(exc).__name__}: {exc}"),)
