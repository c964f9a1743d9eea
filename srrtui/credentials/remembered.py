"""The region picked for credentials that carry none (environment variables, or an aliyun CLI
profile without ``region_id``), remembered in an srrtui profile that takes its secret from
that same source, so the next run, ``diff`` and ``watch`` know it without ``--region``.

Such a profile holds no key (``access_key_id`` empty, ``secret_source`` "env" or
"aliyun-cli"): it is the ordinary profile kind srrtui already has for those sources."""

from __future__ import annotations

from srrtui.credentials.errors import CredentialsError
from srrtui.credentials.profiles import Profile, ProfileStore
from srrtui.credentials.resolved import ResolvedCredentials

ENV_PROFILE = "env"


def remembers_only(profile: Profile) -> bool:
    """A profile made here to remember a region: the wizard shows its source's row instead."""
    if profile.access_key_id or profile.secret_source not in ("env", "aliyun-cli"):
        return False
    wanted = ENV_PROFILE if profile.secret_source == "env" else f"aliyun-{profile.aliyun_profile}"
    return profile.name == wanted


def _kept(store: ProfileStore, source: str, cli_profile: str) -> Profile | None:
    """The profile remembering for this source: an "env" one, or the one for that CLI profile."""
    try:
        profiles = store.list()
    except CredentialsError:
        return None
    for profile in profiles:
        if profile.secret_source != source or profile.access_key_id:
            continue
        if source == "env" or profile.aliyun_profile == cli_profile:
            return profile
    return None


def remembered_region(store: ProfileStore, source: str, cli_profile: str = "") -> str:
    """The region remembered for ``source`` ("env" or "aliyun-cli"), or ""."""
    kept = _kept(store, source, cli_profile)
    return kept.region if kept is not None else ""


def remember_region(store: ProfileStore, source: str, region: str, cli_profile: str = "") -> str:
    """Keep ``region`` for ``source``; returns the profile's name ("" when nothing could be
    kept: the name it would take is another profile's)."""
    from dataclasses import replace

    kept = _kept(store, source, cli_profile)
    if kept is None:
        name = ENV_PROFILE if source == "env" else f"aliyun-{cli_profile}"
        if any(p.name == name for p in store.list()):
            return ""
        kept = Profile(name, region, secret_source=source, aliyun_profile=cli_profile)
    if kept.region != region:
        kept = replace(kept, region=region)
    store.save(kept)
    return kept.name


def region_for(resolved: ResolvedCredentials, store: ProfileStore) -> str:
    """The region remembered for where ``resolved`` came from, when it carries none itself."""
    if resolved.region:
        return resolved.region
    if resolved.kind == "env":
        return remembered_region(store, "env")
    if resolved.kind == "aliyun-cli":
        return remembered_region(store, "aliyun-cli", resolved.cli_profile)
    return ""
