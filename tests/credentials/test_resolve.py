"""The order sources are tried in, and what ``.source`` says about the winner."""

from __future__ import annotations

from pathlib import Path

import pytest
from credentials_helpers import (
    KEY_ID,
    OTHER_ID,
    OTHER_SECRET,
    SECRET,
    aliyun_profile,
    write_aliyun_config,
)
from credentials_keyrings import MemoryKeyring

from srrtui.credentials import (
    AliyunCliError,
    CredentialsError,
    IncompleteEnvironment,
    NoCredentials,
    Profile,
    ProfileNotFound,
    ProfileStore,
    SecretNotFound,
    resolve,
    store_secret,
)

ENV_ID, ENV_SECRET = "LTAI5tFromEnvironment01", "env-secret-value-0001"


def _keyring_profile(name: str = "prod", *, default: bool = True) -> Profile:
    profile = store_secret(
        Profile(name, "cn-hangzhou", access_key_id=KEY_ID), SECRET, store="keyring", timeout=2
    )
    ProfileStore().save(profile, make_default=default)
    return profile


@pytest.fixture
def every_source(
    isolated: Path, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A default keyring profile, an aliyun CLI profile and environment variables, all at once."""
    _keyring_profile()
    write_aliyun_config(
        isolated,
        {
            "current": "default",
            "profiles": [
                aliyun_profile("default", access_key_id=OTHER_ID, access_key_secret=OTHER_SECRET)
            ],
        },
    )
    monkeypatch.setenv("OSS_ACCESS_KEY_ID", ENV_ID)
    monkeypatch.setenv("OSS_ACCESS_KEY_SECRET", ENV_SECRET)


@pytest.mark.usefixtures("every_source")
def test_explicit_profile_beats_everything() -> None:
    found = resolve("prod", timeout=2)
    assert (found.access_key_id, found.access_key_secret) == (KEY_ID, SECRET)
    assert found.source == "profile 'prod' (secret from the system keyring)"
    assert found.kind == "profile" and found.profile == "prod"
    assert found.endpoint == "https://oss-cn-hangzhou.aliyuncs.com"


@pytest.mark.usefixtures("every_source")
def test_environment_comes_next() -> None:
    found = resolve(None, timeout=2)
    assert (found.access_key_id, found.access_key_secret) == (ENV_ID, ENV_SECRET)
    assert found.source == "environment (OSS_ACCESS_KEY_ID)"


@pytest.mark.usefixtures("every_source")
def test_aliyun_cli_comes_after_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OSS_ACCESS_KEY_ID")
    monkeypatch.delenv("OSS_ACCESS_KEY_SECRET")
    found = resolve(None, timeout=2)
    assert (found.access_key_id, found.access_key_secret) == (OTHER_ID, OTHER_SECRET)
    assert found.source == "aliyun CLI profile 'default' (AK, ~/.aliyun/config.json)"
    assert found.kind == "aliyun-cli"


@pytest.mark.usefixtures("every_source")
def test_default_profile_in_the_keyring_comes_last(
    isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OSS_ACCESS_KEY_ID")
    monkeypatch.delenv("OSS_ACCESS_KEY_SECRET")
    (isolated / ".aliyun" / "config.json").unlink()
    found = resolve(None, timeout=2)
    assert (found.access_key_id, found.access_key_secret) == (KEY_ID, SECRET)
    assert found.source == "profile 'prod' (the default profile; secret from the system keyring)"
    assert found.kind == "default-profile"


def test_a_partial_environment_stops_the_chain(
    memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    _keyring_profile()
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", ENV_ID)
    with pytest.raises(IncompleteEnvironment, match="ALIBABA_CLOUD_ACCESS_KEY_SECRET"):
        resolve(None, timeout=2)


def test_an_unusable_cli_profile_is_skipped_unless_named(
    isolated: Path, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    _keyring_profile()
    write_aliyun_config(
        isolated, {"current": "role", "profiles": [aliyun_profile("role", mode="EcsRamRole")]}
    )
    assert resolve(None, timeout=2).kind == "default-profile"
    monkeypatch.setenv("ALIBABA_CLOUD_PROFILE", "role")
    with pytest.raises(AliyunCliError, match="EcsRamRole"):
        resolve(None, timeout=2)


def test_nothing_found_lists_what_was_tried(isolated: Path) -> None:
    with pytest.raises(NoCredentials) as caught:
        resolve(None, timeout=2)
    tried = caught.value.tried
    assert [t.split(":")[0] for t in tried] == ["environment", "aliyun CLI", "srrtui profiles"]
    assert "~/.aliyun/config.json not found" in tried[1]


def test_a_profile_that_only_remembers_a_region_is_no_default(isolated: Path) -> None:
    # The wizard keeps the region picked for environment credentials in a key-less "env"
    # profile; without those variables it must not stand in as the default profile (and stop
    # the chain before the ECS role with a complaint about missing variables).
    from srrtui.credentials.remembered import remember_region

    assert remember_region(ProfileStore(), "env", "cn-shanghai") == "env"
    with pytest.raises(NoCredentials):
        resolve(None, timeout=2)


def test_unknown_profile_is_named() -> None:
    with pytest.raises(ProfileNotFound, match="'nope'"):
        resolve("nope")


def test_profile_taking_its_secret_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    ProfileStore().save(Profile("ci", "cn-shenzhen", secret_source="env"))
    with pytest.raises(CredentialsError, match="OSS_ACCESS_KEY_SECRET"):
        resolve("ci")
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", ENV_ID)
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", ENV_SECRET)
    found = resolve("ci")
    assert (found.access_key_id, found.access_key_secret, found.region) == (
        ENV_ID,
        ENV_SECRET,
        "cn-shenzhen",
    )
    assert (
        found.source
        == "profile 'ci' (secret from the environment, ALIBABA_CLOUD_ACCESS_KEY_SECRET)"
    )


def test_profile_refuses_a_source_holding_a_different_key(monkeypatch: pytest.MonkeyPatch) -> None:
    ProfileStore().save(Profile("ci", "cn-shenzhen", access_key_id=KEY_ID, secret_source="env"))
    monkeypatch.setenv("OSS_ACCESS_KEY_ID", ENV_ID)
    monkeypatch.setenv("OSS_ACCESS_KEY_SECRET", ENV_SECRET)
    with pytest.raises(CredentialsError, match="is for AccessKey LTAI\\*\\*\\*\\*abcd"):
        resolve("ci")


def test_profile_taking_its_secret_from_an_aliyun_cli_profile(isolated: Path) -> None:
    write_aliyun_config(
        isolated,
        {
            "current": "default",
            "profiles": [
                aliyun_profile("default"),
                aliyun_profile("sts", mode="StsToken", sts_token="tok"),
            ],
        },
    )
    ProfileStore().save(
        Profile("viacli", "cn-hangzhou", secret_source="aliyun-cli", aliyun_profile="sts")
    )
    found = resolve("viacli")
    assert (found.access_key_id, found.access_key_secret, found.security_token) == (
        KEY_ID,
        SECRET,
        "tok",
    )
    assert found.source == "profile 'viacli' (secret from aliyun CLI profile 'sts')"


def test_session_only_secret_is_gone_in_a_new_session() -> None:
    profile = store_secret(
        Profile("temp", "cn-hangzhou", access_key_id=KEY_ID), SECRET, store="memory"
    )
    ProfileStore().save(profile)
    found = resolve("temp")
    assert found.access_key_secret == SECRET
    assert found.source == "profile 'temp' (secret kept for this session only)"
    from srrtui.credentials.filestores import session_store

    session_store().clear()  # what a restart does
    with pytest.raises(SecretNotFound, match="earlier session only"):
        resolve("temp")


def test_resolved_credentials_become_a_connection() -> None:
    profile = Profile(
        "local",
        "cn-hangzhou",
        "http://127.0.0.1:9000",
        KEY_ID,
        secret_source="memory",
        ram_endpoint="http://127.0.0.1:9000",
    )
    ProfileStore().save(store_secret(profile, SECRET, store="memory"))
    conn = resolve("local").to_connection()
    assert (conn.endpoint, conn.region, conn.ram_endpoint) == (
        "http://127.0.0.1:9000",
        "cn-hangzhou",
        "http://127.0.0.1:9000",
    )
    assert (conn.access_key_id, conn.access_key_secret) == (KEY_ID, SECRET)
    assert SECRET not in repr(conn)


def test_profile_name_finds_an_aliyun_cli_profile(isolated: Path) -> None:
    write_aliyun_config(
        isolated,
        {
            "current": "default",
            "profiles": [
                aliyun_profile("default"),
                aliyun_profile(
                    "ops",
                    access_key_id=OTHER_ID,
                    access_key_secret=OTHER_SECRET,
                    region_id="cn-beijing",
                ),
            ],
        },
    )
    found = resolve("ops", timeout=2)
    assert (found.access_key_id, found.access_key_secret) == (OTHER_ID, OTHER_SECRET)
    assert found.source == "aliyun CLI profile 'ops' (AK, ~/.aliyun/config.json)"
    assert found.region == "cn-beijing"
    with pytest.raises(ProfileNotFound, match="nor is there an aliyun CLI profile 'nope'"):
        resolve("nope", timeout=2)


@pytest.mark.usefixtures("every_source")
def test_srrtui_profile_wins_over_a_cli_profile_of_the_same_name(isolated: Path) -> None:
    write_aliyun_config(
        isolated,
        {
            "profiles": [
                aliyun_profile("prod", access_key_id=OTHER_ID, access_key_secret=OTHER_SECRET)
            ]
        },
    )
    found = resolve("prod", timeout=2)
    assert (found.access_key_id, found.access_key_secret) == (KEY_ID, SECRET)
    assert found.source == (
        "profile 'prod' (secret from the system keyring; the aliyun CLI profile 'prod' was not "
        "used: srrtui's comes first)"
    )
