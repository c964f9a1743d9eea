"""Each credential source drives a whole ``srrtui apply`` against the local cloud, and
``doctor --json`` names it; ``srrtui watch --json`` keeps polling on temporary keys from a
credentials URI that expire every two seconds, because the library's provider refreshes them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from test_sts import TRUST_ACCOUNT, create_role
from watch_run import KEY_LIFETIME, LIFETIMES, check_watch_kept_working, watch_for

from srrtui.cloud.session import CloudSession
from srrtui.demo import connection_to
from srrtui.domain.planfile import parse_plan
from srrtui.localcloud import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, LocalCloud

PLAN = """\
version = 1
[source]
bucket = "matrix-src"
region = "cn-hangzhou"
[destination]
bucket = "matrix-dst"
[sync]
historical = true
"""


def _base_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OSS_", "ALIBABA_CLOUD_"))}
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env.update(
        HOME=str(home),
        SRRTUI_CONFIG_DIR=str(tmp_path / "config"),
        ALIBABA_CLOUD_ECS_METADATA_DISABLED="true",
    )
    return env


def _cli_config(home: Path, profile: dict[str, str]) -> None:
    (home / ".aliyun").mkdir(exist_ok=True)
    entry = {"name": "default", "region_id": "cn-hangzhou", **profile}
    (home / ".aliyun" / "config.json").write_text(
        json.dumps({"current": "default", "profiles": [entry]})
    )


def _source_env(kind: str, tmp_path: Path, cloud: LocalCloud, uri: Any) -> dict[str, str]:
    env = _base_env(tmp_path)
    home = Path(env["HOME"])
    ak = {"access_key_id": DEMO_ACCESS_KEY_ID, "access_key_secret": DEMO_ACCESS_KEY_SECRET}
    if kind == "env-ak":
        env.update(ALIBABA_CLOUD_ACCESS_KEY_ID=DEMO_ACCESS_KEY_ID)
        env.update(ALIBABA_CLOUD_ACCESS_KEY_SECRET=DEMO_ACCESS_KEY_SECRET)
    elif kind in ("env-sts", "cli-ststoken"):
        # Issued for ten minutes, long enough for one apply: these sources cannot refresh.
        issued = cloud.config.temporary_keys.issue(create_role(cloud, "fixed", TRUST_ACCOUNT), 600)
        creds = {
            "AccessKeyId": issued.access_key_id,
            "AccessKeySecret": issued.secret,
            "SecurityToken": issued.token,
        }
        if kind == "env-sts":
            env.update(
                ALIBABA_CLOUD_ACCESS_KEY_ID=creds["AccessKeyId"],
                ALIBABA_CLOUD_ACCESS_KEY_SECRET=creds["AccessKeySecret"],
                ALIBABA_CLOUD_SECURITY_TOKEN=creds["SecurityToken"],
            )
        else:
            _cli_config(
                home,
                {
                    "mode": "StsToken",
                    "access_key_id": creds["AccessKeyId"],
                    "access_key_secret": creds["AccessKeySecret"],
                    "sts_token": creds["SecurityToken"],
                },
            )
    elif kind == "cli-ak":
        _cli_config(home, {"mode": "AK", **ak})
    elif kind == "credentials-file":
        path = tmp_path / "credentials.ini"
        path.write_text(
            "[default]\ntype = access_key\n"
            f"access_key_id = {DEMO_ACCESS_KEY_ID}\naccess_key_secret = {DEMO_ACCESS_KEY_SECRET}\n"
        )
        env["ALIBABA_CLOUD_CREDENTIALS_FILE"] = str(path)
    elif kind == "credentials-uri":
        env["ALIBABA_CLOUD_CREDENTIALS_URI"] = uri.uri
    return env


EXPECTED_KIND = {
    "env-ak": "env",
    "env-sts": "env",
    "cli-ak": "aliyun-cli",
    "cli-ststoken": "aliyun-cli",
    "credentials-file": "credentials-file",
    "credentials-uri": "credentials-uri",
}


def _srrtui(env: dict[str, str], *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "srrtui", *argv],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


@pytest.mark.parametrize("kind", sorted(EXPECTED_KIND))
def test_apply_with_each_credential_source(
    kind: str, tmp_path: Path, cloud: LocalCloud, credentials_uri: Any
) -> None:
    env = _source_env(kind, tmp_path, cloud, credentials_uri)
    doctor = _srrtui(env, "doctor", "--json")
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    report = json.loads(doctor.stdout)
    assert report["credentials"]["kind"] == EXPECTED_KIND[kind]
    assert report["credentials"]["temporary"] == ("yes" if "sts" in kind or "uri" in kind else "no")
    plan = tmp_path / "plan.toml"
    plan.write_text(PLAN)
    where = ["--endpoint", cloud.endpoint, "--region", "cn-hangzhou"]
    done = _srrtui(env, "apply", str(plan), "--yes", "--json", *where)
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads(done.stdout)["rule_id"]
    for secret in (
        DEMO_ACCESS_KEY_SECRET,
        *(v for k, v in env.items() if "SECRET" in k or "TOKEN" in k),
    ):
        assert secret not in doctor.stdout + doctor.stderr + done.stdout + done.stderr


def test_watch_on_uri_keys_that_expire_every_two_seconds_keeps_polling(
    cloud: LocalCloud, credentials_uri: Any, tmp_path: Path
) -> None:
    """The real ``srrtui watch --json`` on keys from a credentials URI that live 2 s (the local
    cloud's shortened STS expiry), for six lifetimes: the library's provider refreshes them
    before each request, so no poll fails and the cloud never sees an expired key."""
    CloudSession(connection_to(cloud)).enable(parse_plan(PLAN).plan)
    env = _source_env("credentials-uri", tmp_path, cloud, credentials_uri)
    keys = cloud.config.temporary_keys
    before = len(keys.issued())
    where = ["--endpoint", cloud.endpoint, "--region", "cn-hangzhou"]
    run = watch_for(env, where, seconds=LIFETIMES * KEY_LIFETIME, deadline=60)
    new_keys = [(k.access_key_id, k.secret, k.token) for k in keys.issued()[before:]]
    check_watch_kept_working(run, KEY_LIFETIME, new_keys, keys.expired_refusals)
    assert len(credentials_uri.issued) >= LIFETIMES - 1  # each one fetched from the URI
