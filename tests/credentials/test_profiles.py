"""Profiles file: round trip, permissions, atomic writes, no secrets, clear errors."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from credentials_helpers import KEY_ID, SECRET

from srrtui.credentials import (
    InvalidProfile,
    Profile,
    ProfileFileError,
    ProfileNotFound,
    ProfileStore,
    internal_endpoint,
    profile_problems,
    public_endpoint,
    store_secret,
)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_round_trip_with_each_kind_of_endpoint(config_dir: Path) -> None:
    store = ProfileStore()
    assert store.path == config_dir / "profiles.toml"  # SRRTUI_CONFIG_DIR is honoured
    prod = Profile("prod", "cn-hangzhou", access_key_id=KEY_ID)
    inner = Profile("inner", "cn-shanghai", internal_endpoint("cn-shanghai"), KEY_ID)
    local = Profile(
        "local",
        "cn-hangzhou",
        "http://127.0.0.1:8765",
        KEY_ID,
        secret_source="memory",
        ram_endpoint="http://127.0.0.1:8765",
    )
    for p in (prod, inner, local):
        store.save(p)
    assert store.list() == [inner, local, prod]
    assert ProfileStore(config_dir).get("local") == local
    assert prod.effective_endpoint == public_endpoint("cn-hangzhou")
    assert prod.effective_endpoint == "https://oss-cn-hangzhou.aliyuncs.com"
    assert inner.effective_endpoint == "https://oss-cn-shanghai-internal.aliyuncs.com"


def test_file_is_0600_dir_0700_and_written_atomically(config_dir: Path) -> None:
    store = ProfileStore()
    store.save(Profile("prod", "cn-hangzhou", access_key_id=KEY_ID))
    assert _mode(store.path) == 0o600
    assert _mode(config_dir) == 0o700
    first_inode = store.path.stat().st_ino
    store.save(Profile("other", "cn-beijing", access_key_id=KEY_ID))
    # A new file was renamed over the old one (not rewritten in place), and no temp is left.
    assert store.path.stat().st_ino != first_inode
    assert _mode(store.path) == 0o600
    assert sorted(p.name for p in config_dir.iterdir()) == ["profiles.toml"]


def test_existing_loose_config_dir_is_tightened(config_dir: Path) -> None:
    config_dir.mkdir(parents=True, mode=0o755)
    config_dir.chmod(0o755)
    ProfileStore().save(Profile("prod", "cn-hangzhou", access_key_id=KEY_ID))
    assert _mode(config_dir) == 0o700


def test_secret_never_reaches_the_profiles_file() -> None:
    store = ProfileStore()
    profile = Profile("prod", "cn-hangzhou", access_key_id=KEY_ID)
    stored = store_secret(profile, SECRET, store="memory")
    assert stored.secret_source == "memory"
    store.save(stored, make_default=True)
    text = store.path.read_text()
    assert SECRET not in text
    assert 'secret_source = "memory"' in text
    assert 'default = "prod"' in text


def test_a_secret_written_into_the_file_by_hand_is_refused(config_dir: Path) -> None:
    config_dir.mkdir(parents=True)
    (config_dir / "profiles.toml").write_text(
        "[profiles.prod]\n"
        'region = "cn-hangzhou"\n'
        f'access_key_id = "{KEY_ID}"\n'
        "[profiles.leaky]\n"
        'region = "cn-hangzhou"\n'
        f'access_key_id = "{KEY_ID}"\n'
        f'access_key_secret = "{SECRET}"\n'
    )
    with pytest.raises(ProfileFileError) as caught:
        ProfileStore().list()
    assert caught.value.line == 7  # the access_key_secret line itself
    assert "line 7" in str(caught.value)
    assert "access_key_secret" in str(caught.value)
    assert SECRET not in str(caught.value)


def test_malformed_toml_names_the_line(config_dir: Path) -> None:
    config_dir.mkdir(parents=True)
    (config_dir / "profiles.toml").write_text(
        '[profiles.prod]\nregion = "cn-hangzhou"\nendpoint "https://x"\n'
    )
    with pytest.raises(ProfileFileError) as caught:
        ProfileStore().load()
    assert caught.value.line == 3
    message = str(caught.value)
    assert "line 3" in message and 'endpoint "https://x"' in message


def test_bad_values_in_the_file_name_profile_and_line(config_dir: Path) -> None:
    config_dir.mkdir(parents=True)
    (config_dir / "profiles.toml").write_text(
        '[profiles.ok]\nregion = "cn-hangzhou"\naccess_key_id = "LTAI5tAbcdefgh"\n\n'
        '[profiles.bad]\nregion = "Hangzhou"\nsecret_source = "plaintext"\n'
    )
    with pytest.raises(ProfileFileError) as caught:
        ProfileStore().load()
    message = str(caught.value)
    assert "line 5" in message and "'bad'" in message
    assert "region" in message and "secret_source" in message


def test_problems_are_reported_per_field() -> None:
    problems = profile_problems(
        Profile("no spaces", "Hangzhou", "ftp://x", "", secret_source="keyring")
    )
    assert set(problems) == {"name", "region", "endpoint", "access_key_id"}
    # env / aliyun-cli profiles may leave the ID to their source.
    assert profile_problems(Profile("ci", "cn-hangzhou", secret_source="env")) == {}
    with pytest.raises(InvalidProfile) as caught:
        ProfileStore().save(Profile("x", "cn-hangzhou", secret_source="nowhere"))
    assert set(caught.value.problems) == {"secret_source"}


def test_list_get_delete_and_default() -> None:
    store = ProfileStore()
    assert store.list() == [] and store.default() is None
    store.save(Profile("a", "cn-hangzhou", access_key_id=KEY_ID))
    assert store.default() is not None and store.default().name == "a"  # the only one
    store.save(Profile("b", "cn-beijing", access_key_id=KEY_ID))
    assert store.default() is None  # two profiles, none marked
    store.set_default("b")
    assert store.default().name == "b"
    store.delete("b")
    assert [p.name for p in store.list()] == ["a"]
    assert "default" not in store.path.read_text()
    with pytest.raises(ProfileNotFound, match="'b'"):
        store.get("b")
    with pytest.raises(ProfileNotFound):
        store.delete("b")
