"""The credentials step's blocking work, run in its workers: reading profiles, probing the
keyring (with a timeout: it can hang over SSH), storing a new secret, resolving and verifying.
No Textual here; srrtui.credentials (and through it keyring and oss2) is imported only inside
these functions so the first frame never waits on them."""

from __future__ import annotations

import os
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
    from srrtui.credentials.env_source import from_environment
    from srrtui.credentials.errors import CredentialsError
    from srrtui.credentials.keystore import keyring_status
    from srrtui.credentials.paths import display_path

    env = _env(services)
    store = _store(services)
    try:
        loaded = store.load()
        profiles, default = tuple(loaded.profiles.values()), loaded.default
    except CredentialsError:
        profiles, default = (), ""
    status = keyring_status(services.keyring_timeout)
    try:
        found = from_environment(env)
    except CredentialsError:
        found = None
    return Overview(
        profiles=profiles,
        default=default,
        keyring_usable=status.usable,
        keyring_reason=status.reason,
        env_source=found.source if found is not None else "",
        profiles_path=display_path(store.path, env),
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
    services: WizardServices, profile_name: str, passphrase: str = ""
) -> tuple[CloudApi, str]:
    """Resolve the credentials (a profile, or "" for environment / aliyun CLI / default
    profile), check them with one cheap call, open the cloud session. Returns it with a label
    that says which source won."""
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
        connection = found.to_connection(region=services.region, endpoint=services.endpoint)
    except CredentialsError as error:
        raise CredentialProblem("connect", str(error)) from error
    result = verify(connection)
    if not result.ok and result.kind != "denied":
        raise CredentialProblem("connect", result.message + request_id_note(result.request_id))
    return services.open_cloud(connection), found.source
