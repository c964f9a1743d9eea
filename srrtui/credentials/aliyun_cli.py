"""The aliyun CLI's config file, ``~/.aliyun/config.json``: which profiles it has, in which mode,
and which one the CLI would use. Getting credentials out of a profile, in every mode the CLI
has (AK, StsToken, RamRoleArn, EcsRamRole, OIDC, ChainableRamRoleArn, CloudSSO, External...),
is the credential library's ``CLIProfileCredentialsProvider`` (srrtui.credentials.chain).

Its shape, from aliyun-cli ``config/configuration.go`` and ``config/profile.go``::

    {"current": "default",
     "profiles": [{"name": "default", "mode": "AK", "access_key_id": "...",
                   "access_key_secret": "...", "sts_token": "", "region_id": "cn-hangzhou", ...}]}

The CLI picks the profile named by ``ALIBABA_CLOUD_PROFILE`` (or its older spellings
``ALIBABACLOUD_PROFILE`` / ``ALICLOUD_PROFILE``), else ``current``, else ``default``
(``getProfileName`` / ``LoadProfile``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from srrtui.credentials.errors import AliyunCliError
from srrtui.credentials.paths import display_path
from srrtui.credentials.resolved import ResolvedCredentials
from srrtui.domain.words.translate import _, listing, ngettext, titled

PROFILE_ENV_VARS = ("ALIBABA_CLOUD_PROFILE", "ALIBABACLOUD_PROFILE", "ALICLOUD_PROFILE")


def config_path(env: Mapping[str, str]) -> Path:
    home = env.get("HOME", "") or str(Path.home())
    return Path(home) / ".aliyun" / "config.json"


def wanted_profile_name(env: Mapping[str, str], config: Mapping[str, object]) -> str:
    from_env = next((env[v] for v in PROFILE_ENV_VARS if env.get(v)), "")
    current = config.get("current")
    return from_env or (current if isinstance(current, str) and current else "default")


def read_config(path: Path, env: Mapping[str, str]) -> dict[str, Any]:
    shown = display_path(path, env)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise AliyunCliError(_("{path} not found").format(path=shown)) from None
    except OSError as exc:
        raise AliyunCliError(
            _("{path} can't be read: {error}").format(path=shown, error=exc.strerror)
        ) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        where = _("{path}, line {line}").format(path=shown, line=exc.lineno)
        raise AliyunCliError(
            _("{place}: not valid JSON ({error})").format(place=where, error=exc.msg)
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("profiles", []), list):
        raise AliyunCliError(
            _("{path}: expected an object with a 'profiles' list").format(path=shown)
        )
    return data


def _entries(data: Mapping[str, object]) -> list[dict[str, Any]]:
    profiles = data.get("profiles", [])
    return [p for p in profiles if isinstance(p, dict)] if isinstance(profiles, list) else []


def profile_mode(data: Mapping[str, object], name: str) -> str | None:
    """The mode of profile ``name`` as the file spells it, or None when there is no such
    profile."""
    entry = next((p for p in _entries(data) if p.get("name") == name), None)
    return None if entry is None else str(entry.get("mode") or _("(no mode)"))


def list_profiles(env: Mapping[str, str]) -> list[tuple[str, str, str]]:
    """(name, mode, region) of every profile; [] when there is no readable config file."""
    path = config_path(env)
    if not path.exists():
        return []
    try:
        data = read_config(path, env)
    except AliyunCliError:
        return []
    return [
        (str(p.get("name")), str(p.get("mode") or _("(no mode)")), str(p.get("region_id") or ""))
        for p in _entries(data)
        if p.get("name")
    ]


def profile_region(env: Mapping[str, str], name: str) -> str:
    return next((region for n, _mode, region in list_profiles(env) if n == name), "")


def from_aliyun_cli(env: Mapping[str, str], name: str = "") -> ResolvedCredentials:
    """The named (or current) profile's credentials through the library, in any mode."""
    from srrtui.credentials.chain import cli_link, from_link

    path = config_path(env)
    shown = display_path(path, env)
    data = read_config(path, env)
    name = name or wanted_profile_name(env, data)
    link = cli_link(env, name)
    if link is None:
        names = listing([str(p.get("name")) for p in _entries(data)]) or _("none")
        raise AliyunCliError(
            _("{path} has no profile '{name}' (profiles: {names})").format(
                path=shown, name=name, names=names
            )
        )
    return from_link(link, region=profile_region(env, name))


def describe_aliyun_cli(env: Mapping[str, str]) -> list[tuple[str, str]]:
    """(status, text) lines for ``srrtui doctor``: the profiles and their modes."""
    path = config_path(env)
    shown = display_path(path, env)
    if not path.exists():
        return [("missing", _("{path} not found").format(path=shown))]
    try:
        data = read_config(path, env)
    except AliyunCliError as exc:
        return [("problem", str(exc))]
    current = wanted_profile_name(env, data)
    count = len(_entries(data))
    parsed = ngettext("{path} parsed: {count} profile", "{path} parsed: {count} profiles", count)
    lines = [("ok", parsed.format(path=shown, count=count))]
    for name, mode, region in list_profiles(env):
        mark = _(" (the CLI's current profile)") if name == current else ""
        where = _(", region {region}").format(region=region) if region else ""
        said = _("mode {mode}").format(mode=mode) + where
        lines.append(("info", titled(f"'{name}'{mark}", said)))
    return lines
