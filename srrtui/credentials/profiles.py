"""Profiles: the non-secret half of a set of credentials (name, region, endpoint, AccessKey ID,
and where the secret is kept), stored in ``profiles.toml`` under the config dir.

The file never holds a secret: :class:`Profile` has no field for one, and loading a file that
contains ``access_key_secret`` (someone added it by hand) is refused rather than used."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from srrtui.credentials.errors import InvalidProfile, ProfileFileError, ProfileNotFound
from srrtui.credentials.masking import mask_id
from srrtui.credentials.paths import config_dir, display_path, write_private_file
from srrtui.domain.regions import looks_like_region_id
from srrtui.domain.words.translate import _, listing, titled

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

SECRET_SOURCES = ("keyring", "encrypted-file", "env", "aliyun-cli", "memory")
FILE_NAME = "profiles.toml"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
# Keys that would mean a secret was written into the file by hand.
_SECRET_KEYS = {"access_key_secret", "secret", "secret_key", "sts_token", "security_token"}


def public_endpoint(region: str) -> str:
    return f"https://oss-{region}.aliyuncs.com"


def internal_endpoint(region: str) -> str:
    """Reachable only from inside Alibaba Cloud (ECS in the same region); no traffic fees."""
    return f"https://oss-{region}-internal.aliyuncs.com"


@dataclass(frozen=True)
class Profile:
    name: str
    region: str
    endpoint: str = ""  # empty: the region's public endpoint
    access_key_id: str = ""  # empty for env / aliyun-cli sources: taken from there
    secret_source: str = "keyring"  # one of SECRET_SOURCES
    ram_endpoint: str = ""  # empty: the public RAM endpoint (a local cloud sets its own)
    aliyun_profile: str = ""  # for secret_source "aliyun-cli": the CLI profile ("" = current)

    @property
    def effective_endpoint(self) -> str:
        return self.endpoint or public_endpoint(self.region)

    def __repr__(self) -> str:
        return (
            f"Profile(name={self.name!r}, region={self.region!r}, endpoint={self.endpoint!r}, "
            f"access_key_id={mask_id(self.access_key_id)!r}, "
            f"secret_source={self.secret_source!r})"
        )

    __str__ = __repr__


def profile_problems(profile: Profile) -> dict[str, str]:
    """Field -> plain message, for each field that is wrong. Empty means valid."""
    problems: dict[str, str] = {}
    if not _NAME.match(profile.name):
        problems["name"] = _(
            "use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit"
        )
    if not looks_like_region_id(profile.region):
        problems["region"] = _("a region ID such as cn-hangzhou")
    for key in ("endpoint", "ram_endpoint"):
        value = getattr(profile, key)
        if value:
            parts = urlsplit(value)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                problems[key] = _("a URL such as https://oss-cn-hangzhou.aliyuncs.com")
    if profile.secret_source not in SECRET_SOURCES:
        problems["secret_source"] = _("one of {choices}").format(choices=listing(SECRET_SOURCES))
    needs_id = profile.secret_source in ("keyring", "encrypted-file", "memory")
    if needs_id and not profile.access_key_id:
        problems["access_key_id"] = _("the AccessKey ID is needed (it starts with LTAI)")
    elif profile.access_key_id and not re.fullmatch(r"[A-Za-z0-9.]{8,128}", profile.access_key_id):
        problems["access_key_id"] = _("an AccessKey ID has only letters and digits")
    return problems


@dataclass(frozen=True)
class ProfilesFile:
    profiles: dict[str, Profile]
    default: str = ""


class ProfileStore:
    """Load, list, save and delete profiles in ``<config dir>/profiles.toml``."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory if directory is not None else config_dir()

    @property
    def path(self) -> Path:
        return self.directory / FILE_NAME

    def load(self) -> ProfilesFile:
        if not self.path.exists():
            return ProfilesFile({})
        text = self.path.read_text(encoding="utf-8")
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            line = _error_line(str(exc))
            where = self._place(line)
            if 0 < line <= len(text.splitlines()):
                shown = repr(text.splitlines()[line - 1].strip())
                where = titled(where, shown)
            raise ProfileFileError(
                _("{where} is not valid TOML ({error}). Fix or delete the file.").format(
                    where=where, error=exc
                ),
                path=str(self.path),
                line=line,
            ) from None
        return self._parse(data, text)

    def list(self) -> list[Profile]:
        return sorted(self.load().profiles.values(), key=lambda p: p.name)

    def get(self, name: str) -> Profile:
        loaded = self.load()
        if name not in loaded.profiles:
            known = listing(sorted(loaded.profiles)) or _("none yet")
            raise ProfileNotFound(
                _("there is no profile '{name}' in {path} (profiles: {names})").format(
                    name=name, path=display_path(self.path), names=known
                )
            )
        return loaded.profiles[name]

    def default(self) -> Profile | None:
        """The profile marked ``default``, or the only profile if there is exactly one."""
        loaded = self.load()
        if loaded.default in loaded.profiles:
            return loaded.profiles[loaded.default]
        if len(loaded.profiles) == 1:
            return next(iter(loaded.profiles.values()))
        return None

    def save(self, profile: Profile, *, make_default: bool = False) -> None:
        problems = profile_problems(profile)
        if problems:
            raise InvalidProfile(profile.name, problems)
        loaded = self.load()
        profiles = dict(loaded.profiles)
        profiles[profile.name] = profile
        self._write(profiles, profile.name if make_default else loaded.default)

    def delete(self, name: str) -> None:
        loaded = self.load()
        if name not in loaded.profiles:
            raise ProfileNotFound(_("there is no profile '{name}' to delete").format(name=name))
        profiles = {k: v for k, v in loaded.profiles.items() if k != name}
        self._write(profiles, "" if loaded.default == name else loaded.default)

    def set_default(self, name: str) -> None:
        loaded = self.load()
        if name not in loaded.profiles:
            raise ProfileNotFound(_("there is no profile '{name}'").format(name=name))
        self._write(loaded.profiles, name)

    def _write(self, profiles: dict[str, Profile], default: str) -> None:
        import tomli_w

        table: dict[str, object] = {}
        if default:
            table["default"] = default
        table["profiles"] = {
            name: {
                f.name: getattr(p, f.name)
                for f in fields(Profile)
                if f.name != "name" and (getattr(p, f.name) or f.name == "region")
            }
            for name, p in sorted(profiles.items())
        }
        header = (
            "# srrtui profiles. No secrets here: they live in the system keyring, an encrypted\n"
            "# file, the environment or the aliyun CLI config, as each profile's secret_source says.\n"
        )
        write_private_file(self.path, (header + tomli_w.dumps(table)).encode("utf-8"))

    def _parse(self, data: dict[str, Any], text: str) -> ProfilesFile:
        default = data.get("default", "")
        raw = data.get("profiles", {})
        if not isinstance(default, str) or not isinstance(raw, dict):
            raise self._error(_("'default' must be a name and [profiles.NAME] tables"), text, "")
        profiles: dict[str, Profile] = {}
        known = {f.name for f in fields(Profile)} - {"name"}
        for name, values in raw.items():
            if not isinstance(values, dict):
                raise self._error(
                    _("{table} must be a table").format(table=f"profiles.{name}"), text, name
                )
            secret_keys = _SECRET_KEYS & set(values)
            if secret_keys:
                raise self._error(
                    _(
                        "profile '{name}' holds {keys}: secrets do not belong in this file. Remove "
                        "it and store the secret with srrtui."
                    ).format(name=name, keys=listing(sorted(secret_keys))),
                    text,
                    name,
                    sorted(secret_keys)[0],
                )
            unknown = set(values) - known
            if unknown:
                raise self._error(
                    _("profile '{name}' has unknown keys: {keys}").format(
                        name=name, keys=listing(sorted(unknown))
                    ),
                    text,
                    name,
                    sorted(unknown)[0],
                )
            if not all(isinstance(v, str) for v in values.values()):
                raise self._error(
                    _("profile '{name}': every value must be a string").format(name=name),
                    text,
                    name,
                )
            try:
                profile = Profile(name=name, **values)
            except TypeError:
                raise self._error(
                    _("profile '{name}' has no region").format(name=name), text, name
                ) from None
            problems = profile_problems(profile)
            if problems:
                raise self._error(str(InvalidProfile(name, problems)), text, name)
            profiles[name] = profile
        return ProfilesFile(profiles, default)

    def _error(self, message: str, text: str, name: str, key: str = "") -> ProfileFileError:
        line = _table_line(text, name, key) if name else 0
        return ProfileFileError(
            titled(self._place(line), message),
            path=str(self.path),
            line=line,
        )

    def _place(self, line: int) -> str:
        """The file, and the line when known: "~/.config/srrtui/profiles.toml, line 3"."""
        shown = display_path(self.path)
        return _("{path}, line {line}").format(path=shown, line=line) if line else shown


def _error_line(message: str) -> int:
    # tomllib's messages end with "(at line L, column C)"; read L from there.
    match = re.search(r"at line (\d+)", message)
    return int(match.group(1)) if match else 0


def _table_line(text: str, name: str, key: str = "") -> int:
    """The line of ``[profiles.NAME]``, or of ``key = ...`` inside that table if given."""
    header = re.compile(rf"^\s*\[\s*profiles\.[\"']?{re.escape(name)}[\"']?\s*\]")
    key_line = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=") if key else None
    found = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if header.match(line):
            found = number
        elif found and key_line is not None:
            if line.lstrip().startswith("["):
                break  # the next table: the key was not in this one
            if key_line.match(line):
                return number
    return found
