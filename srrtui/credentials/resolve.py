"""Finding the credentials to use, in a fixed order, and saying which source won:

1. the profile the user named: srrtui's profile of that name, else the aliyun CLI profile of
   that name (any mode); when both exist srrtui's wins and ``.source`` says so;
2. the environment (``OSS_ACCESS_KEY_*``, then ``ALIBABA_CLOUD_ACCESS_KEY_*``), a family half
   set being an error rather than a silent skip;
3. the rest of the Alibaba Cloud default chain, through the credential library
   (srrtui.credentials.chain): OIDC (``ALIBABA_CLOUD_ROLE_ARN`` + ``..._OIDC_PROVIDER_ARN`` +
   ``..._OIDC_TOKEN_FILE``), the aliyun CLI's current profile, the credentials file, the
   credentials URI;
4. the default srrtui profile, whose secret is normally in the system keyring;
5. the ECS instance's RAM role from the metadata service (last: it is a network probe; off with
   ``ALIBABA_CLOUD_ECS_METADATA_DISABLED=true``, as the library documents).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from srrtui.credentials.aliyun_cli import (
    PROFILE_ENV_VARS,
    config_path,
    from_aliyun_cli,
    list_profiles,
)
from srrtui.credentials.chain import ecs_link, first_links, from_link
from srrtui.credentials.env_source import FAMILIES, check_family, from_environment
from srrtui.credentials.errors import (
    AliyunCliError,
    CredentialsError,
    NoCredentials,
    ProfileNotFound,
)
from srrtui.credentials.filestores import ENCRYPTED_FILE_NAME
from srrtui.credentials.keystore import DEFAULT_TIMEOUT
from srrtui.credentials.masking import mask_id
from srrtui.credentials.passphrase_source import passphrase_from_env
from srrtui.credentials.paths import config_dir, display_path
from srrtui.credentials.profiles import Profile, ProfileStore
from srrtui.credentials.remembered import remembers_only
from srrtui.credentials.resolved import ResolvedCredentials
from srrtui.credentials.stores import load_secret
from srrtui.domain.words.translate import _, all_of, clauses, listing, ngettext


def resolve(
    profile_name: str | None = None,
    *,
    env: Mapping[str, str] | None = None,
    profiles: ProfileStore | None = None,
    passphrase: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> ResolvedCredentials:
    """The credentials to use, with ``.source`` saying where they came from.

    Blocks (keyring, Argon2, STS, the metadata service): call from a worker. Raises
    CredentialsError subclasses: ProfileNotFound, IncompleteEnvironment, AliyunCliError,
    KeyringUnavailable, PassphraseRequired, WrongPassphrase, SecretNotFound, NoCredentials."""
    env = os.environ if env is None else env
    profiles = profiles if profiles is not None else ProfileStore(config_dir(env))
    if profile_name:
        return _named(profile_name, env, profiles, passphrase, timeout)
    tried: list[str] = []
    found = from_environment(env)  # a half-set family raises IncompleteEnvironment
    if found is not None:
        return found
    not_set = ngettext(
        "environment: {variables} is not set", "environment: {variables} are not set", len(FAMILIES)
    )
    tried.append(not_set.format(variables=all_of([f.id_var for f in FAMILIES])))
    for link in first_links(env):
        try:
            return from_link(link, region=_region(env))
        except AliyunCliError as exc:
            if any(env.get(v) for v in PROFILE_ENV_VARS):
                raise  # the user named a CLI profile: its problem must not be skipped over
            tried.append(str(exc))
    if not config_path(env).exists():
        tried.append(
            _("aliyun CLI: {path} not found").format(path=display_path(config_path(env), env))
        )
    default = profiles.default()
    # Not one that only remembers a region for the environment or a CLI profile (the wizard's
    # picker made it): those sources were tried above, in their own place in the chain.
    if default is not None and not remembers_only(default):
        return from_profile(
            default,
            env=env,
            directory=profiles.directory,
            passphrase=passphrase,
            timeout=timeout,
            is_default=True,
        )
    tried.append(
        _("srrtui profiles: no default profile in {path}").format(
            path=display_path(profiles.path, env)
        )
    )
    ecs = ecs_link(env)
    if ecs is not None:
        try:
            return from_link(ecs, region=_region(env))
        except CredentialsError as exc:
            tried.append(str(exc).splitlines()[0])
    raise NoCredentials(tuple(tried))


def _region(env: Mapping[str, str]) -> str:
    from srrtui.credentials.env_source import region_from_env

    return region_from_env(env)


def _named(
    name: str,
    env: Mapping[str, str],
    profiles: ProfileStore,
    passphrase: str | None,
    timeout: float,
) -> ResolvedCredentials:
    """srrtui's profile ``name``, else the aliyun CLI profile ``name``."""
    cli_names = [n for n, _mode, _region in list_profiles(env)]
    try:
        profile = profiles.get(name)
    except ProfileNotFound as exc:
        if name not in cli_names:
            nor = _("nor is there an aliyun CLI profile '{name}' ({profiles})").format(
                name=name, profiles=listing(cli_names) or _("none")
            )
            raise ProfileNotFound(clauses([str(exc), nor])) from None
        return from_aliyun_cli(env, name)
    shadowed = (
        _("the aliyun CLI profile '{name}' was not used: srrtui's comes first").format(name=name)
        if name in cli_names
        else ""
    )
    return from_profile(
        profile,
        env=env,
        directory=profiles.directory,
        passphrase=passphrase,
        timeout=timeout,
        note=shadowed,
    )


def from_profile(
    profile: Profile,
    *,
    env: Mapping[str, str],
    directory: Path,
    passphrase: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    is_default: bool = False,
    note: str = "",
) -> ResolvedCredentials:
    """The credentials of an srrtui profile; ``note`` is one more thing its ``source`` says."""
    source = profile.secret_source
    token = ""
    if source in ("keyring", "encrypted-file", "memory"):
        key_id = profile.access_key_id
        if source == "encrypted-file" and passphrase is None:
            passphrase = passphrase_from_env(env)  # for scripts: a file or an fd, never argv
        secret = load_secret(profile, passphrase=passphrase, timeout=timeout, directory=directory)
        where = {
            "keyring": _("secret from the system keyring"),
            "encrypted-file": _("secret from the encrypted file {path}").format(
                path=display_path(directory / ENCRYPTED_FILE_NAME, env)
            ),
            "memory": _("secret kept for this session only"),
        }[source]
    elif source == "env":
        family = next((f for f in FAMILIES if check_family(env, f)), None)
        found = from_environment(env)
        if family is None or found is None:
            first, second = (f.secret_var for f in FAMILIES)
            raise CredentialsError(
                _(
                    "profile '{name}' takes its secret from the environment, but neither {first} "
                    "nor {second} is set"
                ).format(name=profile.name, first=first, second=second)
            )
        key_id, secret, token = _matching(profile, found, found.source)
        where = _("secret from the environment, {variable}").format(variable=family.secret_var)
    elif source == "aliyun-cli":
        cli = from_aliyun_cli(env, profile.aliyun_profile)
        origin = cli.origin or cli.source
        key_id, secret, token = _matching(profile, cli, origin)
        where = _("secret from {source}").format(source=origin)
    else:
        raise CredentialsError(
            _("profile '{name}' has unknown secret_source {value}").format(
                name=profile.name, value=repr(source)
            )
        )
    details = [_("the default profile")] if is_default else []
    details += [where, note] if note else [where]
    return ResolvedCredentials(
        access_key_id=key_id,
        access_key_secret=secret,
        security_token=token,
        source=_("profile '{name}' ({details})").format(
            name=profile.name, details=clauses(details)
        ),
        origin=_("profile '{name}'").format(name=profile.name),
        kind="default-profile" if is_default else "profile",
        profile=profile.name,
        region=profile.region,
        endpoint=profile.effective_endpoint,
        ram_endpoint=profile.ram_endpoint,
    )


def _matching(profile: Profile, found: ResolvedCredentials, origin: str) -> tuple[str, str, str]:
    """The key pair from ``found``, after checking it is the key the profile is for."""
    if profile.access_key_id and found.access_key_id != profile.access_key_id:
        raise CredentialsError(
            _("profile '{name}' is for AccessKey {key}, but {source} has {other}").format(
                name=profile.name,
                key=mask_id(profile.access_key_id),
                source=origin,
                other=mask_id(found.access_key_id),
            )
        )
    return found.access_key_id, found.access_key_secret, found.security_token
