"""Run inside a private network namespace that the test made (``unshare --net --mount``, ``lo``
up, 100.100.100.200 added to it, a hosts file mapping the Alibaba Cloud names to 127.0.0.1 bound
over /etc/hosts), then ``srrtui doctor --json`` and ``srrtui apply`` with the credential
library's own, unmodified providers:

- ``ecs``: a fake ECS metadata service on 100.100.100.200:80 hands out keys from the local
  cloud's STS (the library asks that fixed address over http);
- ``ramrolearn``: an aliyun CLI profile in RamRoleArn mode; the library calls
  https://sts.aliyuncs.com, which is the local cloud on 127.0.0.1:443 with ``--tls``, trusted
  through SSL_CERT_FILE / REQUESTS_CA_BUNDLE;
- ``oidc``: ALIBABA_CLOUD_ROLE_ARN / _OIDC_PROVIDER_ARN / _OIDC_TOKEN_FILE with a token from the
  local cloud's test OIDC provider; AssumeRoleWithOIDC at the same https://sts.aliyuncs.com;
- ``public``: the product unchanged, with no endpoint option at all: an AccessKey in the
  environment, OSS at its default https://oss-cn-hangzhou.aliyuncs.com (the SDK addresses each
  bucket by virtual host, ``ecs-src.oss-cn-hangzhou.aliyuncs.com``, which the hosts file lists)
  and RAM at https://ram.aliyuncs.com, all the local cloud on 127.0.0.1:443.

- ``watch``: two ``srrtui watch --json`` side by side, one on that RamRoleArn profile, one on
  those OIDC variables, while the local cloud's STS grants keys that expire every two seconds
  (watch_run.py).

Prints one JSON object: the two commands' exit codes and outputs, and how many keys the
metadata service issued (for ``watch``: each watch's run and the keys issued to its role
meanwhile, and how many requests the cloud refused as signed with an expired key).
Usage: python namespace_run.py SCENARIO WORKDIR"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import oss2
from watch_run import KEY_LIFETIME

from srrtui.localcloud import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, LocalCloud

ROLE = "EcsInstanceRole"
# The role each provider assumes (the keys issued to it tell the two watches' keys apart).
ROLE_OF = {"ramrolearn": "deployer", "oidc": "workload"}
METADATA_TOKEN = "imds-v2-session-token"


class Metadata(BaseHTTPRequestHandler):
    """The paths the library asks (provider/ecs_ram_role.py): PUT /latest/api/token (IMDSv2),
    GET /latest/meta-data/ram/security-credentials/[ROLE], with the token header."""

    def do_PUT(self) -> None:  # noqa: N802 - stdlib name
        if self.path == "/latest/api/token":
            self._answer(200, METADATA_TOKEN)
        else:
            self._answer(404, "")

    def do_GET(self) -> None:  # noqa: N802
        server: Any = self.server
        if self.headers.get("X-aliyun-ecs-metadata-token") != METADATA_TOKEN:
            self._answer(401, "")  # hardened mode: IMDSv2 only
            return
        base = "/latest/meta-data/ram/security-credentials/"
        if self.path == base:
            self._answer(200, ROLE)
        elif self.path == base + ROLE:
            key = server.cloud.config.temporary_keys.issue(server.role_arn, 600)
            server.issued += 1
            expiration = datetime.fromtimestamp(key.expires_at, timezone.utc)
            self._answer(
                200,
                json.dumps(
                    {
                        "Code": "Success",
                        "AccessKeyId": key.access_key_id,
                        "AccessKeySecret": key.secret,
                        "SecurityToken": key.token,
                        "Expiration": expiration.strftime("%Y-%m-%dT%H:%M:%SZ"),
                        "LastUpdated": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
                    }
                ),
            )
        else:
            self._answer(404, "")

    def _answer(self, status: int, text: str) -> None:
        body = text.encode()
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def _create_role(
    cloud: LocalCloud, name: str, principal: dict[str, list[str]] | None = None
) -> str:
    from alibabacloud_tea_openapi.client import Client
    from alibabacloud_tea_openapi.utils_models import Config, OpenApiRequest
    from darabonba.runtime import RuntimeOptions

    from srrtui.cloud.kms import rpc_params

    uid = cloud.config.account_uid
    trust = {
        "Version": "1",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": "sts:AssumeRole",
                "Principal": principal or {"RAM": [f"acs:ram::{uid}:root"]},
            }
        ],
    }
    config = Config(
        access_key_id=DEMO_ACCESS_KEY_ID,
        access_key_secret=DEMO_ACCESS_KEY_SECRET,
        endpoint=f"127.0.0.1:{cloud.port}",
        protocol="https" if cloud.tls else "http",
        region_id="cn-hangzhou",
    )
    Client(config).call_api(
        rpc_params("CreateRole", version="2015-05-01", protocol="HTTPS" if cloud.tls else "HTTP"),
        OpenApiRequest(query={"RoleName": name, "AssumeRolePolicyDocument": json.dumps(trust)}),
        RuntimeOptions(),
    )
    return f"acs:ram::{uid}:role/{name}"


def _ram_role_arn_profile(cloud: LocalCloud, home: Path) -> None:
    """An aliyun CLI profile in RamRoleArn mode, the CLI's current one. 900 s is the least the
    library asks for (provider/ram_role_arn.py refuses less); the local cloud's
    ``sts_max_duration`` may shorten what it grants."""
    arn = _create_role(cloud, ROLE_OF["ramrolearn"])
    (home / ".aliyun").mkdir(parents=True)
    profile = {
        "name": "default",
        "mode": "RamRoleArn",
        "access_key_id": DEMO_ACCESS_KEY_ID,
        "access_key_secret": DEMO_ACCESS_KEY_SECRET,
        "ram_role_arn": arn,
        "ram_session_name": "srrtui-test",
        "expired_seconds": 900,
        "region_id": "cn-hangzhou",
    }
    (home / ".aliyun" / "config.json").write_text(
        json.dumps({"current": "default", "profiles": [profile]})
    )


def _watches(cloud: LocalCloud, envs: dict[str, dict[str, str]], plan: Path) -> dict[str, Any]:
    """``srrtui watch --json`` on each of the credentials in ``envs``, side by side, for LIFETIMES
    lifetimes of their keys; the keys issued to each one's role meanwhile, and how many requests
    the local cloud refused as expired."""
    from concurrent.futures import ThreadPoolExecutor

    from watch_run import LIFETIMES, watch_for

    from srrtui.cloud.session import CloudSession
    from srrtui.demo import connection_to
    from srrtui.domain.planfile import parse_plan

    CloudSession(connection_to(cloud)).enable(parse_plan(plan.read_text()).plan)
    keys = cloud.config.temporary_keys
    before = len(keys.issued())
    where = ["--endpoint", cloud.endpoint, "--region", "cn-hangzhou"]
    with ThreadPoolExecutor(len(envs)) as pool:
        runs = {
            kind: pool.submit(watch_for, env, where, LIFETIMES * KEY_LIFETIME, 60)
            for kind, env in envs.items()
        }
    issued = keys.issued()[before:]
    return {
        kind: {
            "watch": run.result().report(),
            "keys": [
                [k.access_key_id, k.secret, k.token]
                for k in issued
                if k.role_arn.endswith(f":role/{ROLE_OF[kind]}")
            ],
        }
        for kind, run in runs.items()
    } | {"refusals": keys.expired_refusals}


def _credentials_env(
    cloud: LocalCloud, scenario: str, workdir: Path, env: dict[str, str]
) -> dict[str, str]:
    """``env`` with the ``scenario``'s credentials: a RamRoleArn profile in its HOME, or the
    OIDC variables and a token file (as on ACK with RRSA)."""
    env = dict(env)
    if scenario == "ramrolearn":
        _ram_role_arn_profile(cloud, Path(env["HOME"]))
        env["ALIBABA_CLOUD_ECS_METADATA_DISABLED"] = "true"
    if scenario == "oidc":
        arn = _create_role(cloud, ROLE_OF["oidc"], {"Federated": [cloud.oidc.provider_arn]})
        token_file = workdir / "oidc-token"
        token_file.write_text(cloud.oidc.issue("system:serviceaccount:default:srrtui"))
        env.update(
            ALIBABA_CLOUD_ROLE_ARN=arn,
            ALIBABA_CLOUD_OIDC_PROVIDER_ARN=cloud.oidc.provider_arn,
            ALIBABA_CLOUD_OIDC_TOKEN_FILE=str(token_file),
            ALIBABA_CLOUD_ECS_METADATA_DISABLED="true",
        )
    return env


def _home(folder: Path) -> dict[str, str]:
    return {"HOME": str(folder), "SRRTUI_CONFIG_DIR": str(folder / "config")}


def main(scenario: str, workdir: Path) -> None:
    watch = scenario == "watch"
    tls = scenario in ("ramrolearn", "oidc", "public", "watch")
    cloud_args: dict[str, Any] = {"tls": True, "port": 443} if tls else {}
    if watch:  # keys that expire every 2 s, for a watch to outlive
        cloud_args["sts_max_duration"] = KEY_LIFETIME
    with LocalCloud(workdir / "cloud", start_delay=0.05, **cloud_args) as cloud:
        if cloud.ca_file is not None:  # this process and the commands trust the test CA
            os.environ["SSL_CERT_FILE"] = os.environ["REQUESTS_CA_BUNDLE"] = str(cloud.ca_file)
        auth = oss2.Auth(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)
        for name in ("ecs-src", "ecs-dst"):  # the same buckets whichever the scenario
            oss2.Bucket(auth, cloud.endpoint, name).create_bucket()
        metadata: Any = ThreadingHTTPServer(("100.100.100.200", 80), Metadata)
        metadata.cloud, metadata.issued = cloud, 0
        metadata.role_arn = f"acs:ram::{cloud.config.account_uid}:role/{ROLE.lower()}"
        threading.Thread(target=metadata.serve_forever, daemon=True).start()
        plan = workdir / "plan.toml"
        plan.write_text(
            'version = 1\n[source]\nbucket = "ecs-src"\nregion = "cn-hangzhou"\n'
            '[destination]\nbucket = "ecs-dst"\n'
        )
        env = {k: v for k, v in os.environ.items() if not k.startswith(("OSS_", "ALIBABA_CLOUD_"))}
        env.update(
            HOME=str(workdir / "home"),
            SRRTUI_CONFIG_DIR=str(workdir / "config"),
            ALIBABA_CLOUD_IMDSV1_DISABLED="true",
        )
        if watch:
            envs = {
                kind: _credentials_env(cloud, kind, workdir, env | _home(workdir / kind))
                for kind in ROLE_OF
            }
            print(json.dumps(_watches(cloud, envs, plan)))
            return
        env = _credentials_env(cloud, scenario, workdir, env)
        endpoint = ["--endpoint", cloud.endpoint]
        if scenario == "public":  # the default endpoints, by their public names
            env.update(
                ALIBABA_CLOUD_ACCESS_KEY_ID=DEMO_ACCESS_KEY_ID,
                ALIBABA_CLOUD_ACCESS_KEY_SECRET=DEMO_ACCESS_KEY_SECRET,
                ALIBABA_CLOUD_ECS_METADATA_DISABLED="true",
            )
            endpoint = []
        runs = {}
        for name, argv in (
            ("doctor", ["doctor", "--json"]),
            (
                "apply",
                ["apply", str(plan), "--yes", "--json", *endpoint, "--region", "cn-hangzhou"],
            ),
        ):
            done = subprocess.run(
                [sys.executable, "-m", "srrtui", *argv],
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                env=env,
                timeout=120,
            )
            runs[name] = {"code": done.returncode, "stdout": done.stdout, "stderr": done.stderr}
        metadata.shutdown()
        rules = oss2.Bucket(auth, cloud.endpoint, "ecs-src").get_bucket_replication().rule_list
        print(json.dumps({"runs": runs, "issued": metadata.issued, "rules": len(rules)}))


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]))
