"""The credential library's unmodified providers that insist on fixed hosts: the ECS instance
RAM role (http://100.100.100.200) and a RamRoleArn aliyun CLI profile (https://sts.aliyuncs.com).
The test makes a private network and mount namespace (``unshare --net --mount``: only ``lo``,
so nothing can leave the machine), adds 100.100.100.200 to its ``lo``, binds a hosts file
mapping the Alibaba Cloud names to 127.0.0.1 over /etc/hosts, and runs namespace_run.py there.
Skipped, with the reason, where unshare is not permitted."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from watch_run import WatchRun, check_watch_kept_working

HERE = Path(__file__).resolve().parent


def _namespace_refusal() -> str:
    try:
        probe = subprocess.run(
            ["unshare", "--net", "--mount", "true"], capture_output=True, text=True, timeout=10
        )
    except FileNotFoundError:
        return "unshare is not installed"
    return (
        "" if probe.returncode == 0 else f"unshare --net is not permitted: {probe.stderr.strip()}"
    )


# The names a flow uses; each bucket's virtual host is listed, as OSS clients address buckets by
# BUCKET.oss-cn-hangzhou.aliyuncs.com (no wildcards in a hosts file).
NAMES = (
    "localhost",
    "sts.aliyuncs.com",
    "ram.aliyuncs.com",
    "oss-cn-hangzhou.aliyuncs.com",
    "ecs-src.oss-cn-hangzhou.aliyuncs.com",
    "ecs-dst.oss-cn-hangzhou.aliyuncs.com",
    "kms.cn-hangzhou.aliyuncs.com",
)
HOSTS = f"127.0.0.1 {' '.join(NAMES)}\n"
KIND = {"ecs": "ecs-ram-role", "ramrolearn": "aliyun-cli", "oidc": "oidc"}


def _in_namespace(tmp_path: Path, scenario: str) -> dict[str, Any]:
    """namespace_run.py's JSON report of ``scenario``, run in a fresh private namespace."""
    refusal = _namespace_refusal()
    if refusal:
        pytest.skip(refusal)
    hosts = tmp_path / "hosts"
    hosts.write_text(HOSTS)
    script = (
        "ip link set lo up && ip addr add 100.100.100.200/32 dev lo && "
        f'mount --bind "{hosts}" /etc/hosts && '
        f'exec "{sys.executable}" "{HERE / "namespace_run.py"}" {scenario} "{tmp_path}"'
    )
    done = subprocess.run(
        ["unshare", "--net", "--mount", "sh", "-c", script],
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stderr
    report: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return report


@pytest.mark.parametrize("scenario", sorted(KIND))
def test_apply_with_a_provider_that_needs_fixed_hosts(tmp_path: Path, scenario: str) -> None:
    result = _in_namespace(tmp_path, scenario)
    doctor, apply = result["runs"]["doctor"], result["runs"]["apply"]
    assert doctor["code"] == 0, doctor
    credentials = json.loads(doctor["stdout"])["credentials"]
    assert credentials["kind"] == KIND[scenario] and credentials["temporary"] == "yes"
    assert credentials["access_key_id"].startswith("STS.")
    assert apply["code"] == 0, apply
    assert json.loads(apply["stdout"])["rule_id"]
    if scenario == "ecs":
        assert result["issued"] >= 2  # one per command: each asked the metadata service


def test_apply_on_the_default_public_endpoints_unchanged(tmp_path: Path) -> None:
    """No --endpoint: the product talks to https://oss-cn-hangzhou.aliyuncs.com, whose SDK
    addresses the buckets by virtual host, and to https://ram.aliyuncs.com, as in an account."""
    result = _in_namespace(tmp_path, "public")
    doctor, apply = result["runs"]["doctor"], result["runs"]["apply"]
    assert doctor["code"] == 0, doctor
    credentials = json.loads(doctor["stdout"])["credentials"]
    assert (credentials["kind"], credentials["temporary"]) == ("env", "no")
    assert apply["code"] == 0, apply
    assert json.loads(apply["stdout"])["rule_id"]
    assert result["rules"] == 1  # the rule is on the bucket the virtual host named


def test_watch_on_role_keys_that_expire_every_two_seconds(tmp_path: Path) -> None:
    """The library's own RamRoleArn (a CLI profile) and OIDC (ALIBABA_CLOUD_ROLE_ARN...)
    providers, which ask https://sts.aliyuncs.com for at least 900 s, and a local cloud that
    grants 2 s: two ``srrtui watch --json``, one on each, side by side, each outlive six keys of
    its role with no error."""
    result = _in_namespace(tmp_path, "watch")
    for kind in ("ramrolearn", "oidc"):
        keys = [tuple(key) for key in result[kind]["keys"]]
        run = WatchRun.from_report(result[kind]["watch"])
        check_watch_kept_working(run, 2.0, keys, result["refusals"])
