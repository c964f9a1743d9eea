"""The two stores used when the system keyring is not: a session-only memory store and an
encrypted file (``keyrings.cryptfile``'s CryptFileKeyring: AES-GCM, key derived by Argon2id)."""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path
from typing import Any

from srrtui.credentials.errors import PassphraseRequired, WrongPassphrase
from srrtui.credentials.keystore import SERVICE
from srrtui.credentials.paths import display_path, ensure_private_dir
from srrtui.domain.words.translate import _

ENCRYPTED_FILE_NAME = "secrets.cryptfile.cfg"


class MemoryStore:
    """Secrets kept in this process only: gone when srrtui exits. Nothing touches the disk."""

    kind = "memory"

    @property
    def description(self) -> str:
        return _("this session only (kept in memory)")

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._secrets: dict[str, str] = {}

    def get(self, profile_name: str) -> str | None:
        with self._lock:
            return self._secrets.get(profile_name)

    def set(self, profile_name: str, secret: str) -> None:
        with self._lock:
            self._secrets[profile_name] = secret

    def delete(self, profile_name: str) -> None:
        with self._lock:
            self._secrets.pop(profile_name, None)

    def clear(self) -> None:
        """Forget every session secret (on "log out", and between tests)."""
        with self._lock:
            self._secrets.clear()

    def __repr__(self) -> str:
        with self._lock:
            return f"MemoryStore(profiles={sorted(self._secrets)!r})"


_SESSION = MemoryStore()


def session_store() -> MemoryStore:
    """The process-wide memory store (the TUI and the commands it starts share it)."""
    return _SESSION


class EncryptedFileStore:
    """Secrets in an encrypted file under the config dir, opened with a passphrase.

    The passphrase comes from the caller (the TUI asks for it in a password field) and is set as
    CryptFileKeyring's ``keyring_key`` before any other call: the library only falls back to
    ``getpass`` on the terminal when no key is set, so it never prompts here. Each encryption and
    decryption runs Argon2id (time cost 15, 64 MiB), about 0.4 s: call it from a worker."""

    kind = "encrypted-file"

    def __init__(self, path: Path, passphrase: str | None) -> None:
        self.path = path
        self._passphrase = passphrase
        self._lock = threading.Lock()
        self._keyring: Any = None

    @property
    def description(self) -> str:
        return _("the encrypted file {path}").format(path=display_path(self.path))

    def _open(self) -> Any:
        if self._keyring is not None:
            return self._keyring
        if not self._passphrase or not self._passphrase.strip():
            raise PassphraseRequired(
                _("the passphrase for {path} is needed to read or store secrets").format(
                    path=display_path(self.path)
                )
            )
        from keyrings.cryptfile.cryptfile import CryptFileKeyring

        ensure_private_dir(self.path.parent)
        keyring = CryptFileKeyring()
        keyring.file_path = str(self.path)  # NonDataProperty: an instance value overrides it
        try:
            # Setting the key creates the file (with a reference entry) or checks the key
            # against that entry: a wrong key fails AES-GCM authentication with ValueError.
            keyring.keyring_key = self._passphrase
        except ValueError:
            raise WrongPassphrase(
                _("the passphrase does not open {path}").format(path=display_path(self.path))
            ) from None
        self._keyring = keyring
        return keyring

    def get(self, profile_name: str) -> str | None:
        with self._lock:
            try:
                secret: str | None = self._open().get_password(SERVICE, profile_name)
                return secret
            except ValueError:
                raise WrongPassphrase(
                    _(
                        "the secret for '{name}' in {path} can't be decrypted with this passphrase"
                    ).format(name=profile_name, path=display_path(self.path))
                ) from None

    def set(self, profile_name: str, secret: str) -> None:
        with self._lock:
            self._open().set_password(SERVICE, profile_name, secret)

    def delete(self, profile_name: str) -> None:
        from keyring.errors import PasswordDeleteError

        # Already gone is the wanted end state.
        with self._lock, contextlib.suppress(PasswordDeleteError):
            self._open().delete_password(SERVICE, profile_name)

    def __repr__(self) -> str:
        state = "open" if self._keyring is not None else "closed"
        return f"EncryptedFileStore(path={str(self.path)!r}, {state})"
