"""Credentials from environment variables.

Two families, checked in this order: ``OSS_ACCESS_KEY_ID`` / ``OSS_ACCESS_KEY_SECRET`` /
``OSS_SESSION_TOKEN`` (the names the OSS SDK samples read, e.g. oss2's
``EnvironmentVariableCredentialsProvider``) and ``ALIBABA_CLOUD_ACCESS_KEY_ID`` /
``ALIBABA_CLOUD_ACCESS_KEY_SECRET`` / ``ALIBABA_CLOUD_SECURITY_TOKEN`` (the Alibaba Cloud
credentials chain and the aliyun CLI). A family that is only partly set is an error naming the
missing variable: guessing would sign with the wrong key.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from srrtui.credentials.errors import IncompleteEnvironment
from srrtui.credentials.masking import mask_id
from srrtui.credentials.resolved import ResolvedCredentials
from srrtui.domain.words.translate import _, all_of, ngettext


@dataclass(frozen=True)
class EnvFamily:
    id_var: str
    secret_var: str
    token_var: str


FAMILIES = (
    EnvFamily("OSS_ACCESS_KEY_ID", "OSS_ACCESS_KEY_SECRET", "OSS_SESSION_TOKEN"),
    EnvFamily(
        "ALIBABA_CLOUD_ACCESS_KEY_ID",
        "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
        "ALIBABA_CLOUD_SECURITY_TOKEN",
    ),
)
# Optional, srrtui's own conveniences for where to connect (ALIBABA_CLOUD_REGION_ID is the
# aliyun CLI's name for the region).
REGION_VARS = ("OSS_REGION", "ALIBABA_CLOUD_REGION_ID")
ENDPOINT_VAR = "OSS_ENDPOINT"


def _get(env: Mapping[str, str], name: str) -> str:
    return env.get(name, "").strip()


def check_family(env: Mapping[str, str], family: EnvFamily) -> bool:
    """True if the family is complete, False if none of it is set; raises if only part is."""
    present = {v: bool(_get(env, v)) for v in (family.id_var, family.secret_var, family.token_var)}
    if not any(present.values()):
        return False
    missing = tuple(v for v in (family.id_var, family.secret_var) if not present[v])
    if missing:
        have = [v for v, ok in present.items() if ok]
        raise IncompleteEnvironment(half_set(have, missing), missing)
    return True


def half_set(have: Sequence[str], missing: Sequence[str]) -> str:
    """What to do about a family of which ``have`` is set and ``missing`` is not."""
    present = ngettext("{variables} is set", "{variables} are set", len(have))
    absent = ngettext("{variables} is missing", "{variables} are missing", len(missing))
    return _("{present} but {absent}: set {missing}, or unset {have}").format(
        present=present.format(variables=all_of(have)),
        absent=absent.format(variables=all_of(missing)),
        missing=all_of(missing),
        have=all_of(have),
    )


def from_environment(env: Mapping[str, str]) -> ResolvedCredentials | None:
    """Credentials from the first complete family, or None if neither is set at all."""
    for family in FAMILIES:
        if check_family(env, family):
            token = _get(env, family.token_var)
            source = (
                _("environment ({variable}, with {token})")
                if token
                else _("environment ({variable})")
            )
            return ResolvedCredentials(
                access_key_id=_get(env, family.id_var),
                access_key_secret=_get(env, family.secret_var),
                security_token=token,
                source=source.format(variable=family.id_var, token=family.token_var),
                origin=_("environment"),
                kind="env",
                region=region_from_env(env),
                endpoint=_get(env, ENDPOINT_VAR),
            )
    return None


def region_from_env(env: Mapping[str, str]) -> str:
    return next((_get(env, v) for v in REGION_VARS if _get(env, v)), "")


def describe_environment(env: Mapping[str, str]) -> list[tuple[str, str]]:
    """(status, text) lines for ``srrtui doctor``; status is "ok", "missing" or "problem"."""
    lines: list[tuple[str, str]] = []
    for family in FAMILIES:
        try:
            complete = check_family(env, family)
        except IncompleteEnvironment as exc:
            lines.append(("problem", str(exc)))
            continue
        if not complete:
            not_set = _("{variables}: not set").format(
                variables=f"{family.id_var} / {family.secret_var}"
            )
            lines.append(("missing", not_set))
            continue
        said = _("{id}, {secret} set, {token} set") if _get(env, family.token_var) else None
        said = said or _("{id}, {secret} set, {token} not set")
        shown_id = f"{family.id_var}={mask_id(_get(env, family.id_var))}"
        lines.append(
            ("ok", said.format(id=shown_id, secret=family.secret_var, token=family.token_var))
        )
    return lines
