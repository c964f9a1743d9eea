"""``srrtui doctor``: where credentials would come from, which keyring backends exist and why
each can or can't be used, and what to do. It prints no secret: only masked IDs and "set"."""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass

from srrtui.credentials.aliyun_cli import describe_aliyun_cli
from srrtui.credentials.chain import describe_chain
from srrtui.credentials.choices import fallback_choices
from srrtui.credentials.env_source import describe_environment, region_from_env
from srrtui.credentials.errors import CredentialsError
from srrtui.credentials.filestores import ENCRYPTED_FILE_NAME
from srrtui.credentials.keystore import DEFAULT_TIMEOUT, KeyringStatus, keyring_status
from srrtui.credentials.masking import mask_id
from srrtui.credentials.paths import config_dir, display_path
from srrtui.credentials.profiles import ProfileStore
from srrtui.credentials.resolve import resolve
from srrtui.credentials.resolved import ResolvedCredentials
from srrtui.credentials.stores import STORE_ENV, requested_store
from srrtui.domain.words.translate import _, ngettext, titled

Line = tuple[str, str]  # (status, text); status: ok | missing | problem | not usable | info


@dataclass(frozen=True)
class DoctorSection:
    title: str
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class DoctorReport:
    sections: tuple[DoctorSection, ...]
    advice: tuple[str, ...]
    # What srrtui would use now: None when no source gave credentials.
    credentials: dict[str, str] | None = None

    @property
    def has_problems(self) -> bool:
        """A "problem" line was found (info, ok, missing, note and not-usable lines are not)."""
        return any(state == "problem" for s in self.sections for state, _ in s.lines)

    @property
    def works(self) -> bool:
        """srrtui can get credentials: what ``doctor``'s exit code says."""
        return self.credentials is not None

    def to_json(self) -> dict[str, object]:
        return {
            "ok": self.works,
            "credentials": self.credentials,
            "sections": [
                {"title": s.title, "lines": [{"status": st, "text": t} for st, t in s.lines]}
                for s in self.sections
            ],
            "advice": list(self.advice),
        }


def run_doctor(
    env: Mapping[str, str] | None = None,
    *,
    profile: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    verbose: bool = False,
) -> DoctorReport:
    env = os.environ if env is None else env
    store = ProfileStore(config_dir(env))
    advice: list[str] = []
    status = keyring_status(timeout, list_backends=verbose)
    # Resolved first: whether other credentials work decides if a missing keyring is a problem.
    would_use, found = _would_use(profile, env, store, timeout)
    store_advice: list[str] = []
    store_lines = _store_lines(status, store, env, store_advice)
    if found is not None:  # a missing keyring is then a note with its remedy, not a failure
        store_lines = [("note" if st == "problem" else st, t) for st, t in store_lines]
    else:
        advice.append(
            _(
                "To give srrtui credentials: set OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET, "
                "run `aliyun configure`, or create a profile in the srrtui wizard."
            )
        )
    sections = [
        DoctorSection(_("srrtui profiles"), tuple(_profile_lines(store, env, advice))),
        DoctorSection(_("Environment variables"), tuple(_env_lines(env, advice))),
        DoctorSection(_("aliyun CLI config"), tuple(describe_aliyun_cli(env))),
        DoctorSection(_("Other sources of the default chain"), tuple(describe_chain(env))),
        DoctorSection(_("System keyring"), tuple(_keyring_lines(status, env))),
        DoctorSection(_("Credential store"), tuple(store_lines)),
        DoctorSection(_("Credentials srrtui would use now"), (would_use,)),
    ]
    advice.extend(store_advice)
    summary = None
    if found is not None:
        summary = {
            "source": found.source,
            "kind": found.kind,
            "access_key_id": mask_id(found.access_key_id),
            "temporary": "yes" if found.security_token else "no",
            "region": found.region,
        }
    return DoctorReport(tuple(sections), tuple(dict.fromkeys(advice)), summary)


def _profile_lines(store: ProfileStore, env: Mapping[str, str], advice: list[str]) -> list[Line]:
    shown = display_path(store.path, env)
    if not store.path.exists():
        return [
            ("missing", _("{path} does not exist yet (the wizard creates it)").format(path=shown))
        ]
    lines: list[Line] = []
    mode = stat.S_IMODE(store.path.stat().st_mode)
    if mode & 0o077:
        lines.append(
            (
                "problem",
                _("{path} has mode {mode}; it should be 600").format(path=shown, mode=f"{mode:o}"),
            )
        )
        advice.append(_("Run: {command}").format(command=f"chmod 600 {shown}"))
    try:
        loaded = store.load()
    except CredentialsError as exc:
        advice.append(_("Fix or delete {path}.").format(path=shown))
        return [*lines, ("problem", str(exc))]
    count = len(loaded.profiles)
    profiles = ngettext("{count} profile", "{count} profiles", count).format(count=f"{count:,}")
    lines.append(("ok", titled(shown, profiles)))
    default = store.default()
    for p in sorted(loaded.profiles.values(), key=lambda p: p.name):
        mark = _(" (default)") if default is not None and default.name == p.name else ""
        key = mask_id(p.access_key_id) or _("ID from the source")
        said = _("'{name}'{mark}: {region}, {endpoint}, {key}, secret: {store}").format(
            name=p.name,
            mark=mark,
            region=p.region,
            endpoint=p.effective_endpoint,
            key=key,
            store=p.secret_source,
        )
        lines.append(("info", said))
    return lines


def _env_lines(env: Mapping[str, str], advice: list[str]) -> list[Line]:
    lines = describe_environment(env)
    for state, text in lines:
        if state == "problem":
            advice.append(_("Environment: {problem}.").format(problem=text))
    region = region_from_env(env)
    if region:
        lines.append(("info", _("region from the environment: {region}").format(region=region)))
    return lines


def _keyring_lines(status: KeyringStatus, env: Mapping[str, str]) -> list[Line]:
    lines: list[Line] = []
    if env.get("PYTHON_KEYRING_BACKEND"):
        lines.append(("info", f"PYTHON_KEYRING_BACKEND={env['PYTHON_KEYRING_BACKEND']}"))
    if status.usable:
        lines.append(("ok", _("usable: {backend}").format(backend=status.backend)))
    else:
        said = titled(status.backend, status.reason)
        lines.append(("not usable", said))
    for info in status.backends:
        priority = (
            _("not viable")
            if info.priority is None
            else _("priority {priority}").format(priority=f"{info.priority:g}")
        )
        state = "ok" if info.usable else ("info" if "chainer" in info.name else "no")
        said = _("{backend} ({priority}): {reason}").format(
            backend=info.name, priority=priority, reason=info.why
        )
        lines.append((state, said))
    return lines


def _store_lines(
    status: KeyringStatus, store: ProfileStore, env: Mapping[str, str], advice: list[str]
) -> list[Line]:
    try:
        kind = requested_store(env)
    except CredentialsError as exc:
        advice.append(str(exc))
        return [("problem", str(exc))]
    setting = env.get(STORE_ENV) or _("(unset: auto)")
    lines: list[Line] = [("info", f"{STORE_ENV}={setting}")]
    encrypted = store.directory / ENCRYPTED_FILE_NAME
    if kind == "auto" and status.usable:
        lines.append(("ok", _("new secrets go to the system keyring")))
    elif kind in ("auto", "keyring") and not status.usable:
        lines.append(
            (
                "problem",
                _(
                    "no usable system keyring: srrtui stores no secret until you choose where "
                    "(it never falls back to a plaintext file)"
                ),
            )
        )
        advice.append(_("Choose where srrtui keeps secrets:"))
        for choice in fallback_choices(status.reason):
            advice.append("  - " + titled(choice.title, choice.text))
            if choice.recipe:
                advice.append(f"      {choice.recipe}")
        advice.append(
            _("  (for scripts: {setting})").format(setting=f"{STORE_ENV}=env|memory|encrypted-file")
        )
    elif kind == "keyring":
        lines.append(("ok", _("new secrets go to the system keyring")))
    elif kind == "encrypted-file":
        state = _("exists") if encrypted.exists() else _("not created yet")
        where = display_path(encrypted, env)
        lines.append(
            ("ok", _("new secrets go to {path} ({state})").format(path=where, state=state))
        )
    elif kind == "memory":
        lines.append(("ok", _("new secrets are kept for the session only")))
    else:
        lines.append(("ok", _("srrtui stores no secrets: they come from the environment")))
    return lines


def _would_use(
    profile: str | None, env: Mapping[str, str], store: ProfileStore, timeout: float
) -> tuple[Line, ResolvedCredentials | None]:
    try:
        found = resolve(profile, env=env, profiles=store, timeout=timeout)
    except CredentialsError as exc:
        return ("problem", str(exc)), None
    region = _(", region {region}").format(region=found.region) if found.region else ""
    line = _("AccessKey {key} from {source}").format(
        key=mask_id(found.access_key_id), source=found.source
    )
    line += region
    return ("ok", line), found


def render(report: DoctorReport) -> str:
    # Status words in a fixed column, not colours: they survive SSH, NO_COLOR and copy-paste.
    out = [_("srrtui doctor: credentials and keyring"), ""]
    for section in report.sections:
        out.append(section.title)
        for state, text in section.lines:
            indented = text.replace("\n", "\n" + " " * 16)
            out.append(f"  {state:<12}  {indented}")
        out.append("")
    out.append(_("What to do"))
    nothing = (_("Nothing: credentials are in order."),)
    out.extend(f"  {line}" for line in report.advice or nothing)
    return "\n".join(out) + "\n"
