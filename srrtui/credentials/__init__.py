"""Credentials: profiles, the sources they are resolved from, and where secrets are kept.

No Textual here, and no keyring or SDK import at module import time: everything that can block
(the keyring, Argon2, the network) is called from the TUI's workers.

The calls the wizard and the commands make::

    resolve(profile_name | None, *, env=None, profiles=None, passphrase=None, timeout=5.0)
        -> ResolvedCredentials   (.source in plain words, .to_connection() -> Connection)
    keyring_status(timeout=5.0) -> KeyringStatus   (.usable, .backend, .reason)
    fallback_choices(reason) -> tuple[StoreChoice, ...]
    store_secret(profile, secret, *, store=None, passphrase=None, timeout=5.0) -> Profile
    load_secret(profile, ...) -> str ; delete_secret(profile, ...)
    ProfileStore().save(profile) / .get(name) / .list() / .delete(name) / .default()
    verify(connection_or_resolved, timeout=10.0) -> VerifyResult
"""

from __future__ import annotations

from srrtui.credentials.choices import StoreChoice, fallback_choices
from srrtui.credentials.errors import (
    AliyunCliError,
    CredentialsError,
    IncompleteEnvironment,
    InvalidProfile,
    KeyringUnavailable,
    NoCredentials,
    PassphraseRequired,
    ProfileFileError,
    ProfileNotFound,
    SecretNotFound,
    WrongPassphrase,
)
from srrtui.credentials.keystore import KeyringStatus, keyring_status
from srrtui.credentials.masking import mask_id, mask_secret
from srrtui.credentials.profiles import (
    SECRET_SOURCES,
    Profile,
    ProfileStore,
    internal_endpoint,
    profile_problems,
    public_endpoint,
)
from srrtui.credentials.resolve import resolve
from srrtui.credentials.resolved import ResolvedCredentials
from srrtui.credentials.stores import (
    STORE_ENV,
    choose_store,
    delete_secret,
    load_secret,
    requested_store,
    store_secret,
)
from srrtui.credentials.verify import VerifyResult, verify

__all__ = [
    "SECRET_SOURCES",
    "STORE_ENV",
    "AliyunCliError",
    "CredentialsError",
    "IncompleteEnvironment",
    "InvalidProfile",
    "KeyringStatus",
    "KeyringUnavailable",
    "NoCredentials",
    "PassphraseRequired",
    "Profile",
    "ProfileFileError",
    "ProfileNotFound",
    "ProfileStore",
    "ResolvedCredentials",
    "SecretNotFound",
    "StoreChoice",
    "VerifyResult",
    "WrongPassphrase",
    "choose_store",
    "delete_secret",
    "fallback_choices",
    "internal_endpoint",
    "keyring_status",
    "load_secret",
    "mask_id",
    "mask_secret",
    "profile_problems",
    "public_endpoint",
    "requested_store",
    "resolve",
    "store_secret",
    "verify",
]
