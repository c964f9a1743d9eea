"""How identifiers and secrets look when printed: never in full, never the secret at all."""

from __future__ import annotations

SECRET_MASK = "********"


def mask_id(value: str) -> str:
    """An AccessKey ID for display: ``LTAI****abcd``. IDs are not secret, but showing all of
    one on a shared screen helps nobody; four characters each side are enough to tell keys apart."""
    if not value:
        return ""
    if len(value) <= 8:
        return "****"
    return f"{value[:4]}****{value[-4:]}"


def mask_secret(value: str) -> str:
    """A secret for display: always the same eight stars, so its length leaks nothing."""
    return SECRET_MASK if value else ""


def scrub(text: str, *secrets: str) -> str:
    """``text`` with every occurrence of the given secrets replaced by the mask.

    Used on messages that come from third-party code (keyring backends, SDK errors), which we
    do not control and which could echo a value back."""
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, SECRET_MASK)
    return text
