"""The ECS instance RAM role, through the credential library's unmodified provider, which asks
the fixed address 100.100.100.200: the test makes a private network namespace (``unshare
--net``: only ``lo``, so nothing can leave the machine), adds that address to its ``lo`` and runs
a fake metadata service there (namespace_run.py). Skipped, with the reason, where unshare is not
permitted."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def _namespace_refusal() -> str:
    try:
        probe = subprocess.run(
            ["unshare", "--net", "true"], capture_output=True, text=True, timeout=10
        )
    except FileNotFoundError:
        return "unshare is not installed"
    return (
        "" if probe.returncode == 0 else f"unshare --net is not permitted: {probe.stderr.strip()}"
    )


def test_apply_with_the_ecs_instance_role(tmp_path: Path) -> None:
    refusal = _namespace_refusal()
    if refusal:
        pytest.skip(refusal)
    script = (
        "ip link set lo up && ip addr add 100.100.100.200/32 dev lo && "
        f'exec "{sys.executable}" "{HERE / "namespace_run.py"}" "{tmp_path}"'
    )
    done = subprocess.run(
        ["unshare", "--net", "sh", "-c", script], capture_output=True, text=True, timeout=240
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.splitlines()[-1])
    doctor, apply = result["runs"]["doctor"], result["runs"]["apply"]
    assert doctor["code"] == 0, doctor
    credentials = json.loads(doctor["stdout"])["credentials"]
    assert credentials["kind"] == "ecs-ram-role" and credentials["temporary"] == "yes"
    assert credentials["access_key_id"].startswith("STS.")
    assert apply["code"] == 0, apply
    assert json.loads(apply["stdout"])["rule_id"]
    assert result["issued"] >= 2  # one per command: each asked the metadata service
