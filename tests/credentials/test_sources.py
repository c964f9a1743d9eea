"""Each credential source on its own: environment families and the aliyun CLI config."""

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

from srrtui.credentials import AliyunCliError, IncompleteEnvironment
from srrtui.credentials.aliyun_cli import from_aliyun_cli, list_profiles
from srrtui.credentials.env_source import from_environment


def test_oss_variables_win_over_alibaba_cloud_ones() -> None:
    env = {
        "OSS_ACCESS_KEY_ID": KEY_ID,
        "OSS_ACCESS_KEY_SECRET": SECRET,
        "ALIBABA_CLOUD_ACCESS_KEY_ID": OTHER_ID,
        "ALIBABA_CLOUD_ACCESS_KEY_SECRET": OTHER_SECRET,
    }
    found = from_environment(env)
    assert found is not None
    assert (found.access_key_id, found.access_key_secret, found.security_token) == (
        KEY_ID,
        SECRET,
        "",
    )
    assert found.source == "environment (OSS_ACCESS_KEY_ID)"
    assert found.kind == "env"


def test_alibaba_cloud_variables_with_a_security_token() -> None:
    env = {
        "ALIBABA_CLOUD_ACCESS_KEY_ID": "STS.NTexample1234",
        "ALIBABA_CLOUD_ACCESS_KEY_SECRET": SECRET,
        "ALIBABA_CLOUD_SECURITY_TOKEN": "token-value",
        "ALIBABA_CLOUD_REGION_ID": "cn-beijing",
    }
    found = from_environment(env)
    assert found is not None and found.security_token == "token-value"
    assert (
        found.source
        == "environment (ALIBABA_CLOUD_ACCESS_KEY_ID, with ALIBABA_CLOUD_SECURITY_TOKEN)"
    )
    conn = found.to_connection()
    assert (conn.region, conn.endpoint) == ("cn-beijing", "https://oss-cn-beijing.aliyuncs.com")
    assert conn.security_token == "token-value"


def test_oss_session_token_is_read() -> None:
    found = from_environment(
        {"OSS_ACCESS_KEY_ID": KEY_ID, "OSS_ACCESS_KEY_SECRET": SECRET, "OSS_SESSION_TOKEN": "t"}
    )
    assert found is not None and found.security_token == "t"


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({"OSS_ACCESS_KEY_ID": KEY_ID}, ("OSS_ACCESS_KEY_SECRET",)),
        ({"OSS_ACCESS_KEY_SECRET": SECRET}, ("OSS_ACCESS_KEY_ID",)),
        ({"OSS_SESSION_TOKEN": "t"}, ("OSS_ACCESS_KEY_ID", "OSS_ACCESS_KEY_SECRET")),
        ({"ALIBABA_CLOUD_ACCESS_KEY_ID": KEY_ID}, ("ALIBABA_CLOUD_ACCESS_KEY_SECRET",)),
    ],
)
def test_a_partial_environment_names_what_is_missing(env: dict, missing: tuple) -> None:
    with pytest.raises(IncompleteEnvironment) as caught:
        from_environment(env)
    assert caught.value.missing == missing
    message = str(caught.value)
    assert all(name in message for name in missing)
    assert SECRET not in message and KEY_ID not in message


def test_partial_oss_family_is_an_error_even_if_the_other_family_is_complete() -> None:
    env = {
        "OSS_ACCESS_KEY_ID": KEY_ID,
        "ALIBABA_CLOUD_ACCESS_KEY_ID": OTHER_ID,
        "ALIBABA_CLOUD_ACCESS_KEY_SECRET": OTHER_SECRET,
    }
    with pytest.raises(IncompleteEnvironment, match="OSS_ACCESS_KEY_SECRET is missing"):
        from_environment(env)


def test_no_environment_at_all_is_not_an_error() -> None:
    assert from_environment({"PATH": "/usr/bin"}) is None


def test_aliyun_cli_ak_profile_current(isolated: Path) -> None:
    write_aliyun_config(
        isolated,
        {
            "current": "work",
            "profiles": [aliyun_profile("default"), aliyun_profile("work", access_key_id=OTHER_ID)],
        },
    )
    found = from_aliyun_cli({"HOME": str(isolated)})
    assert (found.access_key_id, found.access_key_secret) == (OTHER_ID, SECRET)
    assert found.source == "aliyun CLI profile 'work' (AK, ~/.aliyun/config.json)"
    assert found.kind == "aliyun-cli"
    assert found.region == "cn-shanghai" and found.security_token == ""


def test_aliyun_cli_sts_profile_chosen_by_environment(isolated: Path) -> None:
    write_aliyun_config(
        isolated,
        {
            "current": "default",
            "profiles": [
                aliyun_profile("default"),
                aliyun_profile("sts", mode="StsToken", sts_token="CAIS-token"),
            ],
        },
    )
    found = from_aliyun_cli({"HOME": str(isolated), "ALIBABA_CLOUD_PROFILE": "sts"})
    assert found.security_token == "CAIS-token"
    assert found.source == "aliyun CLI profile 'sts' (StsToken, ~/.aliyun/config.json)"


def test_aliyun_cli_profiles_are_listed_with_their_modes(isolated: Path) -> None:
    write_aliyun_config(
        isolated,
        {
            "profiles": [
                aliyun_profile("default"),
                aliyun_profile("role", mode="RamRoleArn", ram_role_arn="acs:ram::1:role/x"),
                aliyun_profile("ecs", mode="EcsRamRole", region_id=""),
            ]
        },
    )
    assert list_profiles({"HOME": str(isolated)}) == [
        ("default", "AK", "cn-shanghai"),
        ("role", "RamRoleArn", "cn-shanghai"),
        ("ecs", "EcsRamRole", ""),
    ]


@pytest.mark.parametrize(
    ("profile", "expected"),
    [
        (aliyun_profile("default", mode="Sideways"), "unsupported profile mode 'Sideways'"),
        (aliyun_profile("default", access_key_secret=""), "aliyun CLI profile 'default'"),
    ],
)
def test_aliyun_cli_unusable_profiles(isolated: Path, profile: dict, expected: str) -> None:
    write_aliyun_config(isolated, {"current": "default", "profiles": [profile]})
    with pytest.raises(AliyunCliError, match=expected) as caught:
        from_aliyun_cli({"HOME": str(isolated)})
    assert SECRET not in str(caught.value)


def test_aliyun_cli_missing_and_malformed(isolated: Path) -> None:
    env = {"HOME": str(isolated)}
    with pytest.raises(AliyunCliError, match="config.json not found"):
        from_aliyun_cli(env)
    path = isolated / ".aliyun" / "config.json"
    path.parent.mkdir()
    path.write_text('{\n  "current": "default",\n  "profiles": [\n    {"name": }\n  ]\n}\n')
    with pytest.raises(AliyunCliError, match="line 4: not valid JSON"):
        from_aliyun_cli(env)
    write_aliyun_config(isolated, {"current": "gone", "profiles": [aliyun_profile("default")]})
    with pytest.raises(AliyunCliError, match="no profile 'gone' \\(profiles: default\\)"):
        from_aliyun_cli(env)
