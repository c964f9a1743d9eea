"""``srrtui --debug``: every cloud request in a file (operation, status, request id, timing),
its path printed on exit, and never a key secret, security token or signature in it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import oss2

from srrtui.localcloud import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, LocalCloud

PLAN = """\
version = 1
[source]
bucket = "debug-src"
region = "cn-hangzhou"
[destination]
bucket = "debug-dst"
"""


def test_debug_log_lists_requests_and_no_secret(local_cloud: LocalCloud, tmp_path: Path) -> None:
    auth = oss2.Auth(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)
    for name in ("debug-src", "debug-dst"):
        oss2.Bucket(auth, local_cloud.endpoint, name).create_bucket()
    issued = local_cloud.config.temporary_keys.issue(
        f"acs:ram::{local_cloud.config.account_uid}:role/x", 600
    )
    plan = tmp_path / "plan.toml"
    plan.write_text(PLAN)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OSS_", "ALIBABA_CLOUD_"))}
    env.update(
        HOME=str(tmp_path / "home"),
        XDG_STATE_HOME=str(tmp_path / "state"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        SRRTUI_CONFIG_DIR=str(tmp_path / "config"),
        SRRTUI_DEBUG="1",
        ALIBABA_CLOUD_ECS_METADATA_DISABLED="true",
        ALIBABA_CLOUD_ACCESS_KEY_ID=issued.access_key_id,
        ALIBABA_CLOUD_ACCESS_KEY_SECRET=issued.secret,
        ALIBABA_CLOUD_SECURITY_TOKEN=issued.token,
    )
    done = subprocess.run(
        [sys.executable, "-m", "srrtui", "apply", str(plan), "--yes"]
        + ["--endpoint", local_cloud.endpoint, "--region", "cn-hangzhou"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    (path,) = re.findall(r"^debug log: (.+)$", done.stderr, re.M)
    text = Path(path).read_text(encoding="utf-8")
    assert Path(path).is_relative_to(tmp_path)  # under the platform's log directory
    for operation in ("GetBucketInfo", "GetBucketReplication", "CreateRole", "AttachPolicyToRole"):
        assert re.search(rf" {operation} status=200 ok request_id=\S+ [\d.]+ms$", text, re.M), text
    # The rule is put through oss2's raw request path, whose answer srrtui reads as the rule id.
    assert re.search(r" PutBucketReplication status=\S+ ok request_id=\S+ [\d.]+ms$", text, re.M)
    assert re.search(r" status=404 error=NoSuch\w+ request_id=", text), text
    for secret in (issued.secret, issued.token, issued.token[:40], DEMO_ACCESS_KEY_SECRET):
        assert secret not in text and secret not in done.stdout + done.stderr
    assert "Signature" not in text and "OSS4-HMAC" not in text
