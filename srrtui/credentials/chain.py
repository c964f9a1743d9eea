"""The Alibaba Cloud default credential chain, run by the maintained library
(``alibabacloud-credentials``): its own providers fetch, sign the STS calls, cache and refresh.

The library's ``DefaultCredentialsProvider`` reads the process environment once, when it is
imported (``utils/auth_util.py``), and names no link it used in a way a user can act on. So the
chain is put together here from the library's providers, in the library's order, with each
provider given the values from the ``env`` srrtui was handed (the same variables the library
documents: ``ALIBABA_CLOUD_ROLE_ARN``, ``ALIBABA_CLOUD_OIDC_PROVIDER_ARN``,
``ALIBABA_CLOUD_OIDC_TOKEN_FILE``, ``ALIBABA_CLOUD_ROLE_SESSION_NAME``, ``ALIBABA_CLOUD_PROFILE``,
``ALIBABA_CLOUD_CREDENTIALS_FILE``, ``ALIBABA_CLOUD_CREDENTIALS_URI``,
``ALIBABA_CLOUD_ECS_METADATA``, ``ALIBABA_CLOUD_ECS_METADATA_DISABLED``,
``ALIBABA_CLOUD_IMDSV1_DISABLED``, ``ALIBABA_CLOUD_STS_REGION``,
``ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED``). Settings the library reads itself at call time
(``ALIBABA_CLOUD_CLI_PROFILE_DISABLED``) stay the library's.

Every link is a provider that refreshes temporary credentials before they expire
(``provider/refreshable.py``: a value is stale 15 minutes before its ``Expiration``), and the
cloud layer asks the provider before each request, so a session left open for hours keeps working.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from srrtui.credentials.errors import AliyunCliError, CredentialsError
from srrtui.credentials.masking import scrub
from srrtui.credentials.paths import display_path
from srrtui.credentials.resolved import ResolvedCredentials
from srrtui.domain.words.translate import _, titled

OIDC_VARS = (
    "ALIBABA_CLOUD_ROLE_ARN",
    "ALIBABA_CLOUD_OIDC_PROVIDER_ARN",
    "ALIBABA_CLOUD_OIDC_TOKEN_FILE",
)
CREDENTIALS_FILE_VAR = "ALIBABA_CLOUD_CREDENTIALS_FILE"
CREDENTIALS_URI_VAR = "ALIBABA_CLOUD_CREDENTIALS_URI"
ECS_DISABLED_VAR = "ALIBABA_CLOUD_ECS_METADATA_DISABLED"


@dataclass(frozen=True)
class Link:
    """One source of the chain: what it is called in ``--json`` (``kind``, the machine's key) and
    in plain words (``words``: its name and details, in the language shown when it was made;
    ``origin``: the name alone, for a sentence that names it), and how to make its provider."""

    kind: str  # "oidc" | "aliyun-cli" | "credentials-file" | "credentials-uri" | "ecs-ram-role"
    words: str
    make: Callable[[], Any]
    cli_profile: str = ""  # for "aliyun-cli": the CLI profile's name
    origin: str = ""  # "" when ``words`` is the name alone


def _get(env: Mapping[str, str], name: str) -> str:
    return env.get(name, "").strip()


def _sts_settings(env: Mapping[str, str]) -> dict[str, Any]:
    region = _get(env, "ALIBABA_CLOUD_STS_REGION")
    vpc = _get(env, "ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED").lower() == "true"
    return {"sts_region_id": region or None, "enable_vpc": vpc}


def home(env: Mapping[str, str]) -> Path:
    return Path(env.get("HOME", "") or str(Path.home()))


def oidc_link(env: Mapping[str, str]) -> Link | None:
    if not all(_get(env, name) for name in OIDC_VARS):
        return None
    role, provider_arn, token_file = (_get(env, name) for name in OIDC_VARS)

    def make() -> Any:
        from alibabacloud_credentials.provider import OIDCRoleArnCredentialsProvider

        return OIDCRoleArnCredentialsProvider(
            role_arn=role,
            oidc_provider_arn=provider_arn,
            oidc_token_file_path=token_file,
            role_session_name=_get(env, "ALIBABA_CLOUD_ROLE_SESSION_NAME") or None,
            **_sts_settings(env),
        )

    words = _("OIDC role {role} (token file {path})").format(
        role=role, path=display_path(Path(token_file), env)
    )
    return Link("oidc", words, make, origin=_("OIDC role {role}").format(role=role))


def cli_link(env: Mapping[str, str], name: str = "") -> Link | None:
    """The aliyun CLI profile ``name`` (else the one the CLI would use), in any of its modes."""
    from srrtui.credentials.aliyun_cli import (
        config_path,
        profile_mode,
        read_config,
        wanted_profile_name,
    )

    path = config_path(env)
    if not path.exists():
        return None
    data = read_config(path, env)
    name = name or wanted_profile_name(env, data)
    mode = profile_mode(data, name)
    if mode is None:
        return None

    def make() -> Any:
        from alibabacloud_credentials.provider import CLIProfileCredentialsProvider

        return CLIProfileCredentialsProvider(profile_name=name, profile_file=str(path))

    words = _("aliyun CLI profile '{name}' ({mode}, {path})").format(
        name=name, mode=mode, path=display_path(path, env)
    )
    origin = _("aliyun CLI profile '{name}'").format(name=name)
    return Link("aliyun-cli", words, make, cli_profile=name, origin=origin)


def credentials_file_link(env: Mapping[str, str]) -> Link | None:
    named = _get(env, CREDENTIALS_FILE_VAR)
    path = Path(named) if named else home(env) / ".alibabacloud" / "credentials.ini"
    if not path.exists():
        if named:  # the user pointed at it: its absence is their problem to hear about
            raise CredentialsError(
                _("{setting}: no such file").format(setting=f"{CREDENTIALS_FILE_VAR}={named}")
            )
        return None
    section = _get(env, "ALIBABA_CLOUD_PROFILE") or "default"

    def make() -> Any:
        from alibabacloud_credentials.provider import ProfileCredentialsProvider

        return ProfileCredentialsProvider(profile_file=str(path), profile_name=section)

    words = _("credentials file {path} [{section}]").format(
        path=display_path(path, env), section=section
    )
    return Link("credentials-file", words, make)


def credentials_uri_link(env: Mapping[str, str]) -> Link | None:
    uri = _get(env, CREDENTIALS_URI_VAR)
    if not uri:
        return None

    def make() -> Any:
        from alibabacloud_credentials.provider import URLCredentialsProvider

        return URLCredentialsProvider(uri=uri)

    return Link(
        "credentials-uri",
        _("credentials URI ({variable})").format(variable=CREDENTIALS_URI_VAR),
        make,
    )


def ecs_link(env: Mapping[str, str]) -> Link | None:
    if _get(env, ECS_DISABLED_VAR).lower() == "true":
        return None
    role = _get(env, "ALIBABA_CLOUD_ECS_METADATA")
    v1_off = _get(env, "ALIBABA_CLOUD_IMDSV1_DISABLED").lower() == "true"

    def make() -> Any:
        from alibabacloud_credentials.provider import EcsRamRoleCredentialsProvider

        return EcsRamRoleCredentialsProvider(role_name=role or None, disable_imds_v1=v1_off)

    words = (
        _("ECS instance RAM role {role}").format(role=role)
        if role
        else _("ECS instance RAM role (metadata service)")
    )
    return Link("ecs-ram-role", words, make)


def first_links(env: Mapping[str, str]) -> list[Link]:
    """The links tried before srrtui's default profile, in the library's order."""
    found = [oidc_link(env), cli_link(env), credentials_file_link(env), credentials_uri_link(env)]
    return [link for link in found if link is not None]


def from_link(link: Link, *, region: str = "") -> ResolvedCredentials:
    """Ask the link's provider once (this is where STS, the metadata service or the URI is
    called); the provider rides along so later calls get refreshed values."""
    try:
        provider = link.make()
        _quiet_library_log()
        first = provider.get_credentials()
    except Exception as exc:  # the library raises CredentialException, ValueError, TeaException
        raise _link_error(link, exc) from None
    return ResolvedCredentials(
        access_key_id=first.get_access_key_id(),
        access_key_secret=first.get_access_key_secret(),
        security_token=first.get_security_token() or "",
        source=link.words,
        origin=link.origin,
        kind=link.kind,
        cli_profile=link.cli_profile,
        region=region,
        provider=provider,
    )


def _quiet_library_log() -> None:
    """The library hangs a stderr handler on its ``credentials`` logger at import
    (``provider/refreshable.py``) and logs each failed refresh with the full response body,
    which may hold a secret or token, over a TUI's screen too. srrtui reports the failure itself
    (``_link_error``), so that logger is sent nowhere."""
    library_log = logging.getLogger("credentials")
    for handler in list(library_log.handlers):
        library_log.removeHandler(handler)
    library_log.addHandler(logging.NullHandler())
    library_log.propagate = False


def _link_error(link: Link, exc: Exception) -> CredentialsError:
    # The library's messages quote the whole response body after "result:" (uri.py,
    # ram_role_arn.py, oidc.py: f"... http_code={code}, result: {body}"), and a half-broken
    # credentials endpoint may answer with a secret or token in it: the body is cut off.
    message = (str(exc) or type(exc).__name__).split("result:")[0].rstrip(" ,")
    message = scrub(message, *_secret_values())
    cls = AliyunCliError if link.kind == "aliyun-cli" else CredentialsError
    return cls(titled(link.words, message))


def _secret_values() -> tuple[str, ...]:
    return tuple(
        os.environ.get(name, "")
        for name in ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_SECURITY_TOKEN")
    )


def describe_chain(env: Mapping[str, str]) -> list[tuple[str, str]]:
    """(status, text) lines for ``srrtui doctor``: which of the library's other sources are set
    up (nothing is fetched here; the "would use" line does that for the winner)."""
    lines: list[tuple[str, str]] = []
    oidc = oidc_link(env)
    lines.append(
        ("ok", oidc.words)
        if oidc
        else ("missing", _("OIDC: {variables} not all set").format(variables=" / ".join(OIDC_VARS)))
    )
    try:
        file_link = credentials_file_link(env)
    except CredentialsError as exc:
        lines.append(("problem", str(exc)))
    else:
        lines.append(
            ("ok", file_link.words)
            if file_link
            else (
                "missing",
                _("credentials file: {variable} not set, no {path}").format(
                    variable=CREDENTIALS_FILE_VAR, path="~/.alibabacloud/credentials.ini"
                ),
            )
        )
    uri = credentials_uri_link(env)
    not_set = _("{variable} not set").format(variable=CREDENTIALS_URI_VAR)
    lines.append(("ok", uri.words) if uri else ("missing", not_set))
    ecs = ecs_link(env)
    lines.append(
        (
            "info",
            _("{source}: asked last, when nothing else gives credentials").format(source=ecs.words),
        )
        if ecs
        else (
            "info",
            _("ECS metadata service: off ({setting})").format(setting=f"{ECS_DISABLED_VAR}=true"),
        )
    )
    return lines
