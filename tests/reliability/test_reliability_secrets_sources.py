"""Secrets and tokens from the credential chain's sources never show: not when a credentials
URI answers with a broken body that holds them, nor when an expired or forged STS token is
refused (``doctor``, ``doctor --json``, ``apply --json``, stderr)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import oss2
import pytest
from reliability_secrets import SECRET, TOKEN, assert_clean

from srrtui.localcloud import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, LocalCloud


class _BrokenUri(BaseHTTPRequestHandler):
    """Answers like a half-broken sidecar: the keys are there, "Code" is not Success."""

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        body = json.dumps(
            {
                "Code": "Failed",
                "AccessKeyId": "STS.x",
                "AccessKeySecret": SECRET,
                "SecurityToken": TOKEN,
            }
        ).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def broken_uri() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _BrokenUri)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01})
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/creds"
    server.shutdown()
    thread.join()
    server.server_close()


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OSS_", "ALIBABA_CLOUD_"))}
    env.update(
        HOME=str(tmp_path / "home"),
        SRRTUI_CONFIG_DIR=str(tmp_path / "config"),
        ALIBABA_CLOUD_ECS_METADATA_DISABLED="true",
        **extra,
    )
    return env


def _run(env: dict[str, str], *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "srrtui", *argv],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_a_credentials_uri_body_with_secrets_is_never_echoed(
    broken_uri: str, tmp_path: Path
) -> None:
    env = _env(tmp_path, ALIBABA_CLOUD_CREDENTIALS_URI=broken_uri)
    for argv in (["doctor"], ["doctor", "--json"]):
        done = _run(env, *argv)
        assert done.returncode == 1
        assert "credentials URI" in done.stdout
        assert_clean(done.stdout + done.stderr, SECRET, TOKEN)


def test_refused_sts_tokens_are_never_echoed(local_cloud: LocalCloud, tmp_path: Path) -> None:
    auth = oss2.Auth(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)
    for name in ("tok-src", "tok-dst"):
        oss2.Bucket(auth, local_cloud.endpoint, name).create_bucket()
    plan = tmp_path / "plan.toml"
    plan.write_text(
        'version = 1\n[source]\nbucket = "tok-src"\nregion = "cn-hangzhou"\n'
        '[destination]\nbucket = "tok-dst"\n'
    )
    issued = local_cloud.config.temporary_keys.issue("acs:ram::1:role/x", 0)  # born expired
    for token, code in ((issued.token, "SecurityTokenExpired"), (TOKEN, "InvalidSecurityToken")):
        env = _env(
            tmp_path,
            ALIBABA_CLOUD_ACCESS_KEY_ID=issued.access_key_id,
            ALIBABA_CLOUD_ACCESS_KEY_SECRET=issued.secret,
            ALIBABA_CLOUD_SECURITY_TOKEN=token,
        )
        done = _run(
            env,
            "apply",
            str(plan),
            "--yes",
            "--json",
            "--endpoint",
            local_cloud.endpoint,
            "--region",
            "cn-hangzhou",
        )
        assert done.returncode in (3, 4), done.stdout + done.stderr
        assert code in done.stdout + done.stderr
        assert_clean(done.stdout + done.stderr, issued.secret, issued.token, TOKEN)
