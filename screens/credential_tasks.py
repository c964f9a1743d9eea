"""The credentials step's blocking work, run in its workers: reading profiles, probing the
keyring (with a timeout: it can hang over SSH), storing a new secret, resolving and verifying.
No Textual here; srrtui.credentials (and through it keyring and oss2) is imported only inside
these functions so the first frame never waits on them."""

from __future__ import annotations

import os
from contextlib import suppress
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from srrtui.domain.words.errors import request_id_note
from srrtui.domain.words.translate import N_, _
from srrtui.screens.services import WizardServices

if TYPE_CHECKING:
    from srrtui.cloud.api import CloudApi
    from srrtui.credentials.profiles import Profile, ProfileStore

STORE_TITLES = {
    "keyring": N_("the system keyring (service srrtui)"),
    "encrypted-file": N_("an encrypted file in srrtui's config folder"),
    "memory": N_("memory, for this session only"),
}


@dataclass(frozen=True)
class Overview:
    profiles: tuple[Profile, ...]
    default: str
    keyring_usable: bool
    keyring_reason: str
    env_source: str  # how environment / aliyun CLI credentials were found; "" when none
    profiles_path: str  # where non-secret profile data lives, with ~ for home
    # The region each source without a profile would use: the environment's (or the one
    # remembered for it), keyed "" ; an aliyun CLI profile's region_id (or remembered), by name.
    regions: dict[str, str] = field(default_factory=dict)
    # The aliyun CLI's profiles: (name, mode, region_id).
    cli_profiles: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True)
class NewProfile:
    name: str
    region: str
    endpoint: str
    access_key_id: str
    secret: str = field(repr=False)
    store: str  # "keyring" | "encrypted-file" | "memory"
    passphrase: str = field(default="", repr=False)


class CredentialProblem(Exception):
    """An expected failure, shown at a field: ``field`` is a form field name or "connect"."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def _env(services: WizardServices) -> dict[str, str]:
    return dict(os.environ if services.env is None else services.env)


def _store(services: WizardServices) -> ProfileStore:
    from srrtui.credentials.paths import config_dir
    from srrtui.credentials.profiles import ProfileStore

    env = _env(services)
    return ProfileStore(services.config_dir or config_dir(env))


def overview(services: WizardServices) -> Overview:
    from srrtui.credentials.aliyun_cli import list_profiles
    from srrtui.credentials.env_source import from_environment
    from srrtui.credentials.errors import CredentialsError
    from srrtui.credentials.keystore import keyring_status
    from srrtui.credentials.paths import display_path
    from srrtui.credentials.remembered import remembered_region, remembers_only

    env = _env(services)
    store = _store(services)
    try:
        loaded = store.load()
        # Not the ones that only remember a region: the source's own row shows it.
        profiles = tuple(p for p in loaded.profiles.values() if not remembers_only(p))
        default = loaded.default
    except CredentialsError:
        profiles, default = (), ""
    status = keyring_status(services.keyring_timeout)
    try:
        found = from_environment(env)
    except CredentialsError:
        found = None
    cli_profiles = tuple(list_profiles(env))
    regions = {"": (found.region if found else "") or remembered_region(store, "env")}
    for name, _mode, region in cli_profiles:
        regions[name] = region or remembered_region(store, "aliyun-cli", name)
    return Overview(
        profiles=profiles,
        default=default,
        keyring_usable=status.usable,
        keyring_reason=status.reason,
        env_source=found.source if found is not None else "",
        profiles_path=display_path(store.path, env),
        regions=regions,
        cli_profiles=cli_profiles,
    )


def create_profile(services: WizardServices, form: NewProfile) -> str:
    """Validate, store the secret where asked, save the profile; returns its name."""
    from srrtui.credentials.errors import CredentialsError, PassphraseRequired
    from srrtui.credentials.profiles import Profile, profile_problems
    from srrtui.credentials.stores import store_secret

    profile = Profile(
        name=form.name.strip(),
        region=form.region.strip(),
        endpoint=form.endpoint.strip(),
        access_key_id=form.access_key_id.strip(),
        secret_source=form.store,
    )
    problems = profile_problems(profile)
    if problems:
        field_name, message = next(iter(problems.items()))
        raise CredentialProblem(field_name, message)
    if not form.secret:
        raise CredentialProblem("secret", _("enter the AccessKey secret"))
    if form.store == "encrypted-file" and not form.passphrase:
        raise CredentialProblem("passphrase", _("choose a passphrase for the encrypted file"))
    store = _store(services)
    if any(p.name == profile.name for p in store.list()):
        # Saving would replace that profile and its secret without a word.
        raise CredentialProblem(
            "name",
            _("a profile named {name} exists: pick it in the list, or another name").format(
                name=profile.name
            ),
        )
    try:
        saved = store_secret(
            profile,
            form.secret,
            store=form.store,
            env=_env(services),
            passphrase=form.passphrase or None,
            timeout=services.keyring_timeout,
            directory=store.directory,
        )
    except PassphraseRequired as error:
        raise CredentialProblem("passphrase", str(error)) from error
    except CredentialsError as error:
        raise CredentialProblem("store", str(error)) from error
    store.save(saved, make_default=not store.list())
    return saved.name


def create_and_connect(services: WizardServices, form: NewProfile) -> tuple[CloudApi, str]:
    """A new profile is kept only if its credentials work: when the check fails, the profile
    and its stored secret are removed again, so nothing half-made becomes the default."""
    name = create_profile(services, form)
    try:
        return connect(services, name, form.passphrase)
    except CredentialProblem:
        _forget_profile(services, name, form.passphrase)
        raise


def _forget_profile(services: WizardServices, name: str, passphrase: str) -> None:
    from srrtui.credentials.errors import CredentialsError
    from srrtui.credentials.stores import delete_secret

    store = _store(services)
    try:
        profile = store.get(name)
        delete_secret(
            profile,
            passphrase=passphrase or None,
            timeout=services.keyring_timeout,
            directory=store.directory,
        )
        store.delete(name)
    except CredentialsError:
        pass  # best effort: the connection problem is what the user needs to see


def connect(
    services: WizardServices, profile_name: str, passphrase: str = "", region: str = ""
) -> tuple[CloudApi, str]:
    """Resolve the credentials (a profile, or "" for environment / aliyun CLI / default
    profile), check them with one cheap call, open the cloud session. Returns it with a label
    that says which source won. ``region`` is the one picked for a source that has none (or
    another one): once the credentials work, it is remembered for that source."""
    from srrtui.credentials.errors import CredentialsError
    from srrtui.credentials.resolve import resolve
    from srrtui.credentials.verify import verify

    env = _env(services)
    try:
        found = resolve(
            profile_name or None,
            env=env,
            profiles=_store(services),
            passphrase=passphrase or None,
            timeout=services.keyring_timeout,
        )
        connection = found.to_connection(
            region=services.region or region, endpoint=services.endpoint
        )
    except CredentialsError as error:
        raise CredentialProblem("connect", str(error)) from error
    result = verify(connection)
    if not result.ok and result.kind != "denied":
        raise CredentialProblem("connect", result.message + request_id_note(result.request_id))
    if region and not found.profile and found.kind in ("env", "aliyun-cli"):
        _remember(services, found.kind, region, found.cli_profile)
    return services.open_cloud(connection), found.source


def _remember(services: WizardServices, source: str, region: str, cli_profile: str) -> None:
    from srrtui.credentials.errors import CredentialsError
    from srrtui.credentials.remembered import remember_region

    # The connection works; not remembering only means picking again next time.
    with suppress(CredentialsError):
        remember_region(_store(services), source, region, cli_profile)


# At most this long for the bucket regions behind the region picker: a nicety, not a step.
REGIONS_PROBE_SECONDS = 6.0


def regions_with_buckets(services: WizardServices, profile_name: str = "") -> tuple[str, ...]:
    """The regions where the account has buckets, for the region picker to offer first: OSS's
    ListBuckets answers with the buckets of every region at any endpoint (each with its
    Location), so a placeholder region is enough. () when that cannot be read (no credentials
    yet, no network, no permission): the picker then offers every region in the page's order."""
    from srrtui.cloud.retry import command_policy
    from srrtui.cloud.session import CloudSession
    from srrtui.cloud.types import CloudError
    from srrtui.credentials.errors import CredentialsError
    from srrtui.credentials.resolve import resolve

    try:
        found = resolve(
            profile_name or None,
            env=_env(services),
            profiles=_store(services),
            timeout=services.keyring_timeout,
        )
        region = services.region or found.region or "cn-hangzhou"
        connection = found.to_connection(region=region, endpoint=services.endpoint)
        session = CloudSession(connection, policy=command_policy(REGIONS_PROBE_SECONDS))
        page = session.list_buckets(max_keys=1000)
    except (CredentialsError, CloudError, OSError):
        return ()
    return tuple(dict.fromkeys(bucket.region for bucket in page.buckets if bucket.region))
