"""Choosing where a profile's secret is kept, and storing / loading / deleting it there.

``SRRTUI_CREDENTIAL_STORE`` picks the store for automation: ``keyring``, ``encrypted-file``,
``memory``, ``env`` (srrtui stores nothing; secrets come from the environment) or ``auto`` (the
default: the system keyring if it is usable, else fail closed with :class:`KeyringUnavailable`,
and the TUI offers :func:`srrtui.credentials.choices.fallback_choices`). Nothing ever falls back
to a plaintext file.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from srrtui.credentials.errors import CredentialsError, KeyringUnavailable, SecretNotFound
from srrtui.credentials.filestores import (
    ENCRYPTED_FILE_NAME,
    EncryptedFileStore,
    MemoryStore,
    session_store,
)
from srrtui.credentials.keystore import DEFAULT_TIMEOUT, SystemKeyring, keyring_status
from srrtui.credentials.paths import config_dir
from srrtui.credentials.profiles import Profile
from srrtui.domain.words.translate import _, listing

STORE_ENV = "SRRTUI_CREDENTIAL_STORE"
STORE_KINDS = ("auto", "keyring", "encrypted-file", "memory", "env")


def requested_store(env: Mapping[str, str] | None = None) -> str:
    env = os.environ if env is None else env
    value = env.get(STORE_ENV, "").strip().lower() or "auto"
    if value not in STORE_KINDS:
        raise CredentialsError(
            _("{setting} is not one of {choices}").format(
                setting=f"{STORE_ENV}={value!r}", choices=listing(STORE_KINDS)
            )
        )
    return value


def open_store(
    kind: str,
    *,
    passphrase: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    directory: Path | None = None,
) -> SystemKeyring | EncryptedFileStore | MemoryStore:
    """The store of this kind (``keyring``, ``encrypted-file`` or ``memory``)."""
    if kind == "keyring":
        return SystemKeyring(timeout)
    if kind == "encrypted-file":
        folder = directory if directory is not None else config_dir()
        return EncryptedFileStore(folder / ENCRYPTED_FILE_NAME, passphrase)
    if kind == "memory":
        return session_store()
    raise CredentialsError(
        _("srrtui keeps no secrets for the '{kind}' source: it is read there").format(kind=kind)
    )


def choose_store(
    store: str | None = None,
    *,
    env: Mapping[str, str] | None = None,
    passphrase: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    directory: Path | None = None,
) -> SystemKeyring | EncryptedFileStore | MemoryStore:
    """The store to write to: ``store`` if given, else ``$SRRTUI_CREDENTIAL_STORE``.

    ``auto`` probes the system keyring (within ``timeout``) and raises KeyringUnavailable when it
    can't be used: the caller asks the user (fallback_choices) instead of srrtui deciding."""
    kind = store or requested_store(env)
    if kind not in STORE_KINDS:
        raise CredentialsError(_("unknown credential store {kind}").format(kind=repr(kind)))
    if kind == "env":
        raise CredentialsError(
            _(
                "{setting}: srrtui stores no secrets. Set OSS_ACCESS_KEY_ID and "
                "OSS_ACCESS_KEY_SECRET (or the ALIBABA_CLOUD_ equivalents) instead"
            ).format(setting=f"{STORE_ENV}=env")
        )
    if kind == "auto":
        status = keyring_status(timeout)
        if not status.usable:
            raise KeyringUnavailable(status.reason)
        kind = "keyring"
    return open_store(kind, passphrase=passphrase, timeout=timeout, directory=directory)


def store_secret(
    profile: Profile,
    secret: str,
    *,
    store: str | None = None,
    env: Mapping[str, str] | None = None,
    passphrase: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    directory: Path | None = None,
) -> Profile:
    """Keep ``secret`` for ``profile``; returns the profile with ``secret_source`` set to the store
    used (save that with ``ProfileStore.save``). Raises KeyringUnavailable, PassphraseRequired,
    WrongPassphrase or CredentialsError; never stores anywhere it was not asked to."""
    if not secret:
        raise CredentialsError(_("the AccessKey secret is empty"))
    target = choose_store(
        store, env=env, passphrase=passphrase, timeout=timeout, directory=directory
    )
    target.set(profile.name, secret)
    return replace(profile, secret_source=target.kind)


def load_secret(
    profile: Profile,
    *,
    passphrase: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    directory: Path | None = None,
) -> str:
    """The secret of a profile whose secret_source is keyring, encrypted-file or memory."""
    source = open_store(
        profile.secret_source, passphrase=passphrase, timeout=timeout, directory=directory
    )
    secret = source.get(profile.name)
    if secret:
        return secret
    if profile.secret_source == "memory":
        raise SecretNotFound(
            _(
                "the secret for profile '{name}' was kept for an earlier session only: enter it "
                "again"
            ).format(name=profile.name)
        )
    raise SecretNotFound(
        _("{store} has no secret for profile '{name}'").format(
            store=source.description, name=profile.name
        )
    )


def delete_secret(
    profile: Profile,
    *,
    passphrase: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    directory: Path | None = None,
) -> None:
    """Forget the stored secret (no-op for env / aliyun-cli sources, or if already gone)."""
    if profile.secret_source in ("env", "aliyun-cli"):
        return
    open_store(
        profile.secret_source, passphrase=passphrase, timeout=timeout, directory=directory
    ).delete(profile.name)
