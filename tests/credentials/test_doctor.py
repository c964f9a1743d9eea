"""`srrtui doctor` through the real command line entry point."""

from __future__ import annotations

from pathlib import Path

import keyring
import pytest
from credentials_helpers import (
    KEY_ID,
    OTHER_ID,
    OTHER_SECRET,
    SECRET,
    aliyun_profile,
    write_aliyun_config,
)
from credentials_keyrings import HangingKeyring, MemoryKeyring
from keyring.backends import fail

from srrtui.cli import main
from srrtui.credentials import Profile, ProfileStore, store_secret

ENV_SECRET = "env-Secret-Never-Printed-42"


def _doctor(capsys: pytest.CaptureFixture[str], *args: str, code: int = 0) -> str:
    """Run doctor; it exits 0 exactly when it found credentials to use, and 1 otherwise."""
    exit_code = main(["doctor", "--timeout", "1", *args])
    out, err = capsys.readouterr()
    if "--json" not in args:
        would_use = out.split("Credentials srrtui would use now\n")[1].splitlines()[0]
        assert exit_code == (0 if would_use.startswith("  ok ") else 1), (exit_code, would_use)
    assert exit_code == code, out
    return out + err


def test_lists_every_source_and_never_a_secret(
    isolated: Path,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    ProfileStore().save(
        store_secret(Profile("prod", "cn-hangzhou", access_key_id=KEY_ID), SECRET, store="keyring"),
        make_default=True,
    )
    write_aliyun_config(
        isolated,
        {
            "current": "sts",
            "profiles": [
                aliyun_profile(
                    "sts",
                    mode="StsToken",
                    access_key_id=OTHER_ID,
                    access_key_secret=OTHER_SECRET,
                    sts_token="CAIS-token-never-printed",
                )
            ],
        },
    )
    monkeypatch.setenv("OSS_ACCESS_KEY_ID", "LTAI5tEnvironmentKey77")
    monkeypatch.setenv("OSS_ACCESS_KEY_SECRET", ENV_SECRET)

    out = _doctor(capsys, "--verbose")
    for secret in (SECRET, OTHER_SECRET, ENV_SECRET, "CAIS-token-never-printed"):
        assert secret not in out
    assert KEY_ID not in out and OTHER_ID not in out  # IDs only masked
    assert "'prod' (default): cn-hangzhou" in out and "LTAI****abcd" in out
    assert "OSS_ACCESS_KEY_ID=LTAI****ey77, OSS_ACCESS_KEY_SECRET set" in out
    assert "ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET: not set" in out
    assert "'sts' (the CLI's current profile): mode StsToken, region cn-shanghai" in out
    assert "usable: credentials_keyrings.MemoryKeyring" in out
    assert "SRRTUI_CREDENTIAL_STORE=(unset: auto)" in out
    assert "new secrets go to the system keyring" in out
    # The environment wins over the CLI and the profile, and doctor says so.
    assert "from environment (OSS_ACCESS_KEY_ID)" in out
    # keyring's own backends are listed with a priority or the reason they are not viable.
    assert "keyring.backends.fail.Keyring (priority 0)" in out
    assert "PlaintextKeyring" in out and "unencrypted" in out


def test_without_a_keyring_it_explains_the_choices(capsys: pytest.CaptureFixture[str]) -> None:
    keyring.set_keyring(fail.Keyring())
    out = _doctor(capsys, code=1)
    assert "not usable" in out and "no backend it recommends" in out
    assert "never falls back to a plaintext file" in out
    assert "Keep the secret for this session only" in out
    assert "dbus-run-session -- sh -c" in out
    assert "No Alibaba Cloud credentials were found" in out


def test_a_hanging_keyring_does_not_hang_doctor(
    hanging_keyring: HangingKeyring, capsys: pytest.CaptureFixture[str]
) -> None:
    out = _doctor(capsys, code=1)
    assert "did not answer within 1 s" in out


def test_reports_problems_and_exits_1(
    config_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    keyring.set_keyring(fail.Keyring())
    config_dir.mkdir(parents=True)
    (config_dir / "profiles.toml").write_text("[profiles.prod\n")
    (config_dir / "profiles.toml").chmod(0o644)
    monkeypatch.setenv("OSS_ACCESS_KEY_ID", KEY_ID)
    monkeypatch.setenv("SRRTUI_CREDENTIAL_STORE", "sideways")
    out = _doctor(capsys, code=1)
    assert "line 1" in out and "not valid TOML" in out
    assert "mode 644; it should be 600" in out and "chmod 600" in out
    assert "OSS_ACCESS_KEY_ID is set but OSS_ACCESS_KEY_SECRET is missing" in out
    assert "SRRTUI_CREDENTIAL_STORE='sideways' is not one of" in out


def test_checks_a_named_profile(capsys: pytest.CaptureFixture[str]) -> None:
    keyring.set_keyring(fail.Keyring())
    ProfileStore().save(Profile("prod", "cn-hangzhou", access_key_id=KEY_ID))
    out = _doctor(capsys, "--profile", "prod", code=1)
    assert "problem       The system keyring can't be used" in out  # prod's secret is there
    out = _doctor(capsys, "--profile", "nope", code=1)
    assert "there is no profile 'nope'" in out


def test_exits_0_when_nothing_is_a_problem(
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Nothing set up yet is "missing" and "not set", not a problem.
    monkeypatch.setenv("OSS_ACCESS_KEY_ID", "LTAI5tEnvironmentKey77")
    monkeypatch.setenv("OSS_ACCESS_KEY_SECRET", ENV_SECRET)
    out = _doctor(capsys, code=0)
    assert "does not exist yet" in out and "Nothing: credentials are in order." in out


def test_a_problem_alone_makes_it_exit_1(
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The same working setup as above, with one half-set variable pair.
    monkeypatch.setenv("OSS_ACCESS_KEY_ID", "LTAI5tEnvironmentKey77")
    out = _doctor(capsys, code=1)
    assert "OSS_ACCESS_KEY_SECRET is missing" in out


def test_no_keyring_is_a_note_when_other_credentials_work(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    keyring.set_keyring(fail.Keyring())
    monkeypatch.setenv("OSS_ACCESS_KEY_ID", "LTAI5tEnvironmentKey77")
    monkeypatch.setenv("OSS_ACCESS_KEY_SECRET", ENV_SECRET)
    out = _doctor(capsys, code=0)
    assert "  note          no usable system keyring" in out
    assert "  problem " not in out
    assert "from environment (OSS_ACCESS_KEY_ID)" in out
    # The backend list is for --verbose only.
    assert "keyring.backends.fail.Keyring (priority" not in out
    assert "keyring.backends.fail.Keyring (priority" in _doctor(capsys, "--verbose", code=0)


def test_json_is_the_same_report_in_one_object(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    keyring.set_keyring(fail.Keyring())
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "STS.NTexample5678")
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", ENV_SECRET)
    monkeypatch.setenv("ALIBABA_CLOUD_SECURITY_TOKEN", "CAIS-json-token-never-printed")
    out = _doctor(capsys, "--json", code=0)
    assert ENV_SECRET not in out and "CAIS-json-token-never-printed" not in out
    report = json.loads(out)
    _valid_json(report)
    assert report["ok"] is True and report["schema_version"] == 1
    assert report["credentials"] == {
        "access_key_id": "STS.****5678",
        "kind": "env",
        "region": "",
        "source": "environment (ALIBABA_CLOUD_ACCESS_KEY_ID, with ALIBABA_CLOUD_SECURITY_TOKEN)",
        "temporary": "yes",
    }
    titles = [section["title"] for section in report["sections"]]
    assert "Credentials srrtui would use now" in titles and "System keyring" in titles
    monkeypatch.delenv("ALIBABA_CLOUD_ACCESS_KEY_ID")
    monkeypatch.delenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET")
    monkeypatch.delenv("ALIBABA_CLOUD_SECURITY_TOKEN")
    monkeypatch.setenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")
    assert _valid_json(json.loads(_doctor(capsys, "--json", code=1)))["ok"] is False


def _valid_json(report: dict) -> dict:
    """Checked against the schema that ships (docs/json.md)."""
    import json

    import jsonschema

    from srrtui.paths import asset

    schema = json.loads(asset("schemas/doctor.schema.json").read_text())
    jsonschema.validate(report, schema, cls=jsonschema.Draft202012Validator)
    return report


def test_help_documents_the_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["doctor", "--help"])
    assert exited.value.code == 0
    assert "exit codes: 0 srrtui can get credentials, 1 it cannot" in capsys.readouterr().out
