"""Without a terminal the full-screen commands stop at once (exit 2, one line, no escape codes),
and ``watch --once --json`` reads the rules for scripts instead."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import oss2
import pytest

from srrtui.localcloud import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, LocalCloud


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OSS_", "ALIBABA_CLOUD_"))}
    env.update(
        HOME=str(tmp_path / "home"),
        SRRTUI_CONFIG_DIR=str(tmp_path / "config"),
        ALIBABA_CLOUD_ECS_METADATA_DISABLED="true",
        **extra,
    )
    return env


@pytest.mark.parametrize(
    ("argv", "names"),
    [
        (["--demo"], "the wizard"),
        ([], "the wizard"),
        (["watch", "--demo"], "the watch dashboard"),
        (["watch"], "the watch dashboard"),
    ],
)
def test_full_screen_commands_refuse_a_file_for_stdout(
    tmp_path: Path, argv: list[str], names: str
) -> None:
    out = tmp_path / "out"
    with open(out, "wb") as stdout, open(os.devnull, "rb") as stdin:
        done = subprocess.run(
            [sys.executable, "-m", "srrtui", *argv],
            stdin=stdin,
            stdout=stdout,
            stderr=subprocess.PIPE,
            env=_env(tmp_path),
            timeout=60,
        )
    assert done.returncode == 2
    assert out.read_bytes() == b""  # not one escape code in the file
    lines = done.stderr.decode().splitlines()
    assert len(lines) == 1
    assert names in lines[0] and "stdin and stdout are not" in lines[0]
    assert "--once" in lines[0]


@pytest.fixture
def cloud_with_rule(local_cloud: LocalCloud) -> LocalCloud:
    auth = oss2.Auth(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)
    for name in ("once-src", "once-dst"):
        oss2.Bucket(auth, local_cloud.endpoint, name).create_bucket()
        oss2.Bucket(auth, local_cloud.endpoint, name).put_bucket_versioning(
            oss2.models.BucketVersioningConfig("Enabled")
        )
    rule = oss2.models.ReplicationRule(
        rule_id="rule-once",
        target_bucket_name="once-dst",
        target_bucket_location="oss-cn-hangzhou",
        is_enable_historical_object_replication=True,
    )
    oss2.Bucket(auth, local_cloud.endpoint, "once-src").put_bucket_replication(rule)
    return local_cloud


def test_watch_once_json_prints_the_rules_and_exits(
    cloud_with_rule: LocalCloud, tmp_path: Path
) -> None:
    env = _env(
        tmp_path, OSS_ACCESS_KEY_ID=DEMO_ACCESS_KEY_ID, OSS_ACCESS_KEY_SECRET=DEMO_ACCESS_KEY_SECRET
    )
    with open(os.devnull, "rb") as stdin:
        done = subprocess.run(
            [sys.executable, "-m", "srrtui", "watch", "--once", "--json"]
            + ["--endpoint", cloud_with_rule.endpoint, "--region", "cn-hangzhou"],
            stdin=stdin,
            capture_output=True,
            env=env,
            timeout=60,
        )
    assert done.returncode == 0, done.stderr.decode()
    document = json.loads(done.stdout)
    (rule,) = document["rules"]
    assert (rule["bucket"], rule["rule_id"], rule["destination_bucket"]) == (
        "once-src",
        "rule-once",
        "once-dst",
    )
    assert rule["status"] in ("starting", "doing")
    assert document["discovery"]["buckets_read"] == 2
