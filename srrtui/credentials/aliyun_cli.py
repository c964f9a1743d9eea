"""Credentials from the aliyun CLI's config file, ``~/.aliyun/config.json``.

Its shape, from aliyun-cli ``config/configuration.go`` and ``config/profile.go``::

    {"current": "default",
     "profiles": [{"name": "default", "mode": "AK", "access_key_id": "...",
                   "access_key_secret": "...", "sts_token": "", "region_id": "cn-hangzhou", ...}]}

The CLI picks the profile named by ``ALIBABA_CLOUD_PROFILE`` (or its older spellings
``ALIBABACLOUD_PROFILE`` / ``ALICLOUD_PROFILE``), else ``current``, else ``default``
(``getProfileName`` / ``LoadProfile``), and compares modes case-insensitively
(``NormalizeMode``). srrtui uses the two modes that hold a key pair: AK and StsToken; the others
(RamRoleArn, EcsRamRole, CloudSSO, OIDC, ...) need an STS exchange srrtui does not do.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from srrtui.credentials.errors import AliyunCliError
from srrtui.credentials.masking import mask_id, mask_secret
from srrtui.credentials.paths import display_path
from srrtui.credentials.resolved import ResolvedCredentials

PROFILE_ENV_VARS = ("ALIBABA_CLOUD_PROFILE", "ALIBABACLOUD_PROFILE", "ALICLOUD_PROFILE")
SUPPORTED_MODES = {"ak": "AK", "ststoken": "StsToken"}


@dataclass(frozen=True)
class AliyunCliProfile:
    name: str
    mode: str
    access_key_id: str
    access_key_secret: str = field(repr=False)
    sts_token: str = field(default="", repr=False)
    region_id: str = ""
    path: Path = field(default_factory=Path)

    def __repr__(self) -> str:
        return (
            f"AliyunCliProfile(name={self.name!r}, mode={self.mode!r}, "
            f"access_key_id={mask_id(self.access_key_id)!r}, "
            f"access_key_secret={mask_secret(self.access_key_secret)!r}, region_id={self.region_id!r})"
        )

    __str__ = __repr__


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
        raise AliyunCliError(f"{shown} not found") from None
    except OSError as exc:
        raise AliyunCliError(f"{shown} can't be read: {exc.strerror}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise AliyunCliError(f"{shown}, line {exc.lineno}: not valid JSON ({exc.msg})") from None
    if not isinstance(data, dict) or not isinstance(data.get("profiles", []), list):
        raise AliyunCliError(f"{shown}: expected an object with a 'profiles' list")
    return data


def load_profile(env: Mapping[str, str], name: str = "") -> AliyunCliProfile:
    """The named (or current) AK / StsToken profile; AliyunCliError says why not otherwise."""
    path = config_path(env)
    data = read_config(path, env)
    shown = display_path(path, env)
    name = name or wanted_profile_name(env, data)
    entries = [p for p in data.get("profiles", []) if isinstance(p, dict)]
    entry = next((p for p in entries if p.get("name") == name), None)
    if entry is None:
        names = ", ".join(str(p.get("name")) for p in entries) or "none"
        raise AliyunCliError(f"{shown} has no profile '{name}' (profiles: {names})")
    mode = SUPPORTED_MODES.get(str(entry.get("mode", "")).lower())
    if mode is None:
        raise AliyunCliError(
            f"aliyun CLI profile '{name}' uses mode {entry.get('mode') or '(none)'}; srrtui can "
            "use AK and StsToken profiles only"
        )
    key_id = str(entry.get("access_key_id") or "")
    secret = str(entry.get("access_key_secret") or "")
    token = str(entry.get("sts_token") or "")
    missing = [k for k, v in (("access_key_id", key_id), ("access_key_secret", secret)) if not v]
    if mode == "StsToken" and not token:
        missing.append("sts_token")
    if missing:
        raise AliyunCliError(
            f"aliyun CLI profile '{name}' ({mode}) has no {', '.join(missing)}: run "
            f"`aliyun configure --profile {name} --mode {mode}`"
        )
    return AliyunCliProfile(
        name=name,
        mode=mode,
        access_key_id=key_id,
        access_key_secret=secret,
        sts_token=token if mode == "StsToken" else "",
        region_id=str(entry.get("region_id") or ""),
        path=path,
    )


def from_aliyun_cli(env: Mapping[str, str], name: str = "") -> ResolvedCredentials:
    profile = load_profile(env, name)
    mode = "StsToken, " if profile.mode == "StsToken" else ""
    return ResolvedCredentials(
        access_key_id=profile.access_key_id,
        access_key_secret=profile.access_key_secret,
        security_token=profile.sts_token,
        source=f"aliyun CLI profile '{profile.name}' ({mode}{display_path(profile.path, env)})",
        kind="aliyun-cli",
        region=profile.region_id,
    )


def describe_aliyun_cli(env: Mapping[str, str]) -> list[tuple[str, str]]:
    """(status, text) lines for ``srrtui doctor``."""
    path = config_path(env)
    shown = display_path(path, env)
    if not path.exists():
        return [("missing", f"{shown} not found")]
    try:
        data = read_config(path, env)
    except AliyunCliError as exc:
        return [("problem", str(exc))]
    names = [str(p.get("name")) for p in data.get("profiles", []) if isinstance(p, dict)]
    lines = [("ok", f"{shown} parsed: profiles {', '.join(names) or '(none)'}")]
    try:
        profile = load_profile(env)
    except AliyunCliError as exc:
        lines.append(("problem", str(exc)))
    else:
        region = f", region {profile.region_id}" if profile.region_id else ""
        lines.append(
            (
                "ok",
                f"profile '{profile.name}' ({profile.mode}, {mask_id(profile.access_key_id)}"
                f"{region}) would be used",
            )
        )
    return lines
