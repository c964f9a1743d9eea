"""``srrtui apply`` against the local cloud, credentials from the environment as in CI."""

from __future__ import annotations

import json
from pathlib import Path

import oss2
import pytest
from json_contract import valid

from srrtui.cli import main
from srrtui.domain.planfile import parse_plan
from srrtui.domain.replication_xml import plan_differences
from srrtui.localcloud import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, LocalCloud

PLAN = """\
version = 1
[source]
bucket = "apply-src"
region = "cn-hangzhou"
[destination]
bucket = "apply-dst"
[objects]
prefixes = ["docs/"]
tags = [{ key = "env", value = "prod" }]
[sync]
historical = true
"""


@pytest.fixture
def cloud_env(
    local_cloud: LocalCloud, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> LocalCloud:
    for name in (
        "ALIBABA_CLOUD_ACCESS_KEY_ID",
        "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
        "ALIBABA_CLOUD_PROFILE",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("OSS_ACCESS_KEY_ID", DEMO_ACCESS_KEY_ID)
    monkeypatch.setenv("OSS_ACCESS_KEY_SECRET", DEMO_ACCESS_KEY_SECRET)
    monkeypatch.setenv("SRRTUI_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    auth = oss2.ProviderAuthV4(
        oss2.credentials.StaticCredentialsProvider(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)
    )
    for name in ("apply-src", "apply-dst"):
        oss2.Bucket(auth, local_cloud.endpoint, name, region="cn-hangzhou").create_bucket()
    src = oss2.Bucket(auth, local_cloud.endpoint, "apply-src", region="cn-hangzhou")
    src.put_object("docs/a.txt", b"hello", headers={"x-oss-tagging": "env=prod"})
    src.put_object("docs/b.txt", b"world!", headers={"x-oss-tagging": "env=dev"})
    return local_cloud


def _bucket(cloud: LocalCloud, name: str) -> oss2.Bucket:
    auth = oss2.Auth(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)
    return oss2.Bucket(auth, cloud.endpoint, name)


def _apply(cloud: LocalCloud, plan_file: Path, *extra: str) -> int:
    return main(
        ["apply", str(plan_file), "--endpoint", cloud.endpoint, "--region", "cn-hangzhou", *extra]
    )


def _rules(cloud: LocalCloud) -> list:
    try:
        return _bucket(cloud, "apply-src").get_bucket_replication().rule_list
    except oss2.exceptions.ServerError as error:
        assert error.status == 404 and error.code == "NoSuchReplicationConfiguration"
        return []


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    path = tmp_path / "plan.toml"
    path.write_text(PLAN, encoding="utf-8")
    return path


def test_dry_run_prints_the_preflight_and_creates_nothing(
    cloud_env: LocalCloud, plan_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _apply(cloud_env, plan_file, "--dry-run") == 0
    out = capsys.readouterr().out
    assert "historical replication would copy 1 object (5 B)" in out
    assert _rules(cloud_env) == []


def test_dry_run_says_what_historical_replication_copies_once(
    cloud_env: LocalCloud, plan_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _apply(cloud_env, plan_file, "--dry-run") == 0
    out = capsys.readouterr().out
    assert out.count("historical replication would copy") == 1, out
    # With historical replication off there is nothing to copy, and no count to print.
    plan_file.write_text(PLAN.replace("historical = true", "historical = false"))
    assert _apply(cloud_env, plan_file, "--dry-run") == 0
    out = capsys.readouterr().out
    assert "would copy" not in out, out
    assert "pass  historical replication is off" in out


def test_without_yes_and_without_a_terminal_nothing_is_created(
    cloud_env: LocalCloud, plan_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _apply(cloud_env, plan_file) == 1
    assert "pass --yes" in capsys.readouterr().err
    assert _rules(cloud_env) == []


def test_apply_twice_creates_one_rule_that_matches_the_plan(
    cloud_env: LocalCloud, plan_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _apply(cloud_env, plan_file, "--yes", "--json") == 0
    first = valid("apply", json.loads(capsys.readouterr().out), "document")
    assert first["exit_code"] == 0 and first["rule_id"]
    assert _apply(cloud_env, plan_file, "--yes", "--json") == 0
    second = valid("apply", json.loads(capsys.readouterr().out), "document")
    assert second["summary"]["existed"] == 1 and second["plans"][0]["outcome"] == "existed"
    assert second["rule_id"] == first["rule_id"]
    assert {step["state"] for step in second["steps"]} <= {"existed", "skipped"}
    from srrtui.domain.replication_xml import parse_replication_config

    body = _bucket(cloud_env, "apply-src")._get_bucket_config("replication").read()
    (rule,) = parse_replication_config(body)
    assert rule.rule_id == first["rule_id"]
    assert plan_differences(parse_plan(PLAN).plan, rule) == []


def test_watch_follows_progress_until_historical_replication_completes(
    cloud_env: LocalCloud, plan_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _apply(cloud_env, plan_file, "--yes", "--watch", "--interval", "0.05") == 0
    out = capsys.readouterr().out
    assert "historical 100%" in out.splitlines()[-1]
    assert _bucket(cloud_env, "apply-dst").get_object("docs/a.txt").read() == b"hello"


def test_invalid_plan_exits_2(tmp_path: Path, cloud_env: LocalCloud) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(PLAN.replace("historical = true", "deletes = true"), encoding="utf-8")
    assert _apply(cloud_env, bad, "--yes") == 2


def test_preflight_failure_exits_3(
    tmp_path: Path, cloud_env: LocalCloud, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing.toml"
    missing.write_text(PLAN.replace('"apply-dst"', '"no-such-bucket"'), encoding="utf-8")
    assert _apply(cloud_env, missing, "--yes") == 3
    assert "FAIL" in capsys.readouterr().out
    assert _rules(cloud_env) == []


def test_cloud_error_exits_4_with_code_and_request_id(
    cloud_env: LocalCloud, plan_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cloud_env.faults.inject("PutBucketReplication", kind="500", count=50)
    assert _apply(cloud_env, plan_file, "--yes") == 4
    err = capsys.readouterr()
    assert "RequestId" in err.out + err.err
    assert _rules(cloud_env) == []
