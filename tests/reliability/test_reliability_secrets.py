"""A known, distinctive secret and STS token (reliability_secrets), used for real by signing
requests against a local cloud that knows them, must never show: not in ``srrtui doctor``,
``srrtui apply --json`` (on success or on a signature mismatch either way round), ``srrtui
local-cloud``'s output, the local cloud's log at DEBUG, the text of cloud-layer and credentials
exceptions, nor plan exports. Files under tests/: test_reliability_secrets_files.py.
"""

from __future__ import annotations

import json
import logging
import os
import re
import signal
import subprocess
import sys
import time
import traceback
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, quote_plus

import keyring
import oss2
import pytest
import requests
from reliability_secrets import SECRET, TOKEN, WRONG, assert_clean

from srrtui.cli import main
from srrtui.cloud.retry import NO_RETRY
from srrtui.cloud.session import CloudSession
from srrtui.cloud.types import CloudError, Connection
from srrtui.localcloud import DEMO_ACCESS_KEY_SECRET, LocalCloud

KEY_ID = "LTAI5tReliabilitySecrets01"
REGION = "cn-hangzhou"
SOURCE, DESTINATION = "secrets-source", "secrets-destination"
PLAN = f"""\
version = 1
[source]
bucket = "{SOURCE}"
region = "{REGION}"
[destination]
bucket = "{DESTINATION}"
[sync]
historical = false
"""


# --- the scene -----------------------------------------------------------------------------
@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Credentials in the environment (secret and STS token), nothing else from the machine."""
    for name in list(os.environ):
        if name.startswith(("OSS_", "ALIBABA_CLOUD_", "ALIBABACLOUD_", "ALICLOUD_", "SRRTUI_")):
            monkeypatch.delenv(name)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("SRRTUI_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("OSS_ACCESS_KEY_ID", KEY_ID)
    monkeypatch.setenv("OSS_ACCESS_KEY_SECRET", SECRET)
    monkeypatch.setenv("OSS_SESSION_TOKEN", TOKEN)
    return home


def _cloud(tmp_path: Path, secret: str = SECRET) -> LocalCloud:
    return LocalCloud(
        tmp_path / "cloud",
        access_keys={KEY_ID: secret},
        security_tokens=frozenset({TOKEN}),
        start_delay=0.05,
    )


@pytest.fixture
def cloud_log(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG, logger="srrtui.localcloud")
    return caplog


@pytest.fixture
def secret_cloud(tmp_path: Path, cloud_log: pytest.LogCaptureFixture) -> Iterator[LocalCloud]:
    """A local cloud that knows the secret and the token, with both buckets in place."""
    with _cloud(tmp_path) as running:
        auth = oss2.StsAuth(KEY_ID, SECRET, TOKEN, auth_version=oss2.AUTH_VERSION_4)
        for name in (SOURCE, DESTINATION):
            oss2.Bucket(auth, running.endpoint, name, region=REGION).create_bucket()
        yield running


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    path = tmp_path / "plan.toml"
    path.write_text(PLAN, encoding="utf-8")
    return path


@pytest.fixture
def failing_keyring() -> Iterator[None]:
    """keyring's own always-failing backend: doctor answers at once, and no system keyring (or
    its D-Bus prompt) is touched."""
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


def _apply(cloud: LocalCloud, plan_file: Path, capsys: pytest.CaptureFixture[str]) -> tuple:
    argv = ["apply", str(plan_file), "--endpoint", cloud.endpoint, "--region", REGION]
    code = main([*argv, "--yes", "--json"])
    out, err = capsys.readouterr()
    return code, out, err


# --- commands ------------------------------------------------------------------------------
def test_doctor_shows_every_source_but_no_secret(
    env: Path, failing_keyring: None, capsys: pytest.CaptureFixture[str]
) -> None:
    from srrtui.credentials import Profile, ProfileStore, store_secret
    from srrtui.credentials.filestores import session_store

    # A profile whose secret lives in this process's session store.
    profile = store_secret(Profile("prod", REGION, access_key_id=KEY_ID), SECRET, store="memory")
    ProfileStore().save(profile, make_default=True)
    cli_config = {
        "current": "sts",
        "profiles": [
            {
                "name": "sts",
                "mode": "StsToken",
                "access_key_id": KEY_ID,
                "access_key_secret": SECRET,
                "sts_token": TOKEN,
                "region_id": REGION,
            }
        ],
    }
    (env / ".aliyun").mkdir()
    (env / ".aliyun" / "config.json").write_text(json.dumps(cli_config), encoding="utf-8")

    try:
        # 0: credentials resolve (the environment), so the failing keyring is a note.
        assert main(["doctor", "--timeout", "2"]) == 0
        # The profile really resolves to the secret: "not shown" is not "not there".
        assert _profile_secret("prod") == SECRET
    finally:
        session_store().clear()
    out, err = capsys.readouterr()
    # It did look at all three places that hold the secret.
    assert "OSS_SESSION_TOKEN set" in out and "prod" in out and "sts" in out
    assert_clean(out + err)


def _profile_secret(name: str) -> str:
    from srrtui.credentials import resolve

    return resolve(name).access_key_secret


def test_apply_json_on_success(
    env: Path,
    secret_cloud: LocalCloud,
    plan_file: Path,
    cloud_log: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = _apply(secret_cloud, plan_file, capsys)
    assert code == 0, err
    assert json.loads(out)["rule_id"]
    assert_clean(out + err + cloud_log.text)


@pytest.mark.parametrize("wrong_side", ["client", "cloud"])
def test_apply_json_on_a_signature_mismatch(
    env: Path,
    tmp_path: Path,
    plan_file: Path,
    cloud_log: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    wrong_side: str,
) -> None:
    """The client signs with WRONG while the cloud knows SECRET, and the other way round."""
    if wrong_side == "client":
        monkeypatch.setenv("OSS_ACCESS_KEY_SECRET", WRONG)
    with _cloud(tmp_path, secret=WRONG if wrong_side == "cloud" else SECRET) as cloud:
        code, out, err = _apply(cloud, plan_file, capsys)
    assert code in (3, 4), out + err  # preflight failed, or a cloud error
    assert "SignatureDoesNotMatch" in out  # explained...
    assert_clean(out + err + cloud_log.text)  # ...with neither secret nor the token


def test_plan_exports_take_nothing_from_the_credentials(
    env: Path, plan_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for form in ("python", "ossutil", "terraform"):
        assert main(["plan", "render", str(plan_file), "--as", form]) == 0
        out, err = capsys.readouterr()
        assert SOURCE in out
        assert_clean(out + err)


def _read_until(stream: object, marker: str, timeout: float = 20.0) -> str:
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:  # line by line, no fixed sleep
        line = stream.readline()  # type: ignore[attr-defined]
        lines.append(line)
        if not line or line.startswith(marker):
            break
    return "".join(lines)


def test_local_cloud_command_never_prints_a_given_secret(tmp_path: Path) -> None:
    """The secret comes from SRRTUI_LOCAL_CLOUD_SECRET (the way that keeps it out of ``ps``); it
    is used for real while the server runs, and the demo pair is not printed either."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "SRRTUI_LOCAL_CLOUD_SECRET": SECRET}
    command = [sys.executable, "-m", "srrtui", "local-cloud", "--data", str(tmp_path / "data")]
    proc = subprocess.Popen(
        [*command, "--access-key-id", KEY_ID],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        banner = _read_until(proc.stdout, "press Ctrl+C")
        found = re.search(r"http://127\.0\.0\.1:\d+", banner)
        assert found, banner + proc.stderr.read()
        endpoint = found.group(0)
        good = oss2.Service(oss2.AuthV4(KEY_ID, SECRET), endpoint, region=REGION)
        assert good.list_buckets().buckets == []
        with pytest.raises(oss2.exceptions.SignatureDoesNotMatch):
            oss2.Service(oss2.AuthV4(KEY_ID, WRONG), endpoint, region=REGION).list_buckets()
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=15)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0
    assert f"AccessKey ID: {KEY_ID}" in banner
    assert_clean(banner + out + err)
    assert DEMO_ACCESS_KEY_SECRET not in banner + out + err


# --- the local cloud's log -----------------------------------------------------------------
def test_local_cloud_log_at_debug_holds_neither_secret_nor_token(
    secret_cloud: LocalCloud, cloud_log: pytest.LogCaptureFixture
) -> None:
    endpoint = secret_cloud.endpoint
    for version in (oss2.AUTH_VERSION_1, oss2.AUTH_VERSION_4):
        sts = oss2.StsAuth(KEY_ID, SECRET, TOKEN, auth_version=version)
        bucket = oss2.Bucket(sts, endpoint, SOURCE, region=REGION)
        bucket.put_object("k.txt", b"v")
        if version == oss2.AUTH_VERSION_1:  # the presigned URLs the local cloud takes
            # A presigned URL carries the token in its query string.
            url = bucket.sign_url("GET", "k.txt", 60)
            assert quote(TOKEN, safe="") in url or quote_plus(TOKEN) in url
            assert requests.get(url, timeout=10).content == b"v"
            other = url.replace("k.txt", "other.txt")
            assert requests.get(other, timeout=10).status_code == 403
        wrong = oss2.StsAuth(KEY_ID, WRONG, TOKEN, auth_version=version)
        with pytest.raises(oss2.exceptions.SignatureDoesNotMatch):
            oss2.Bucket(wrong, endpoint, SOURCE, region=REGION).get_object("k.txt")
    session = CloudSession(Connection(endpoint, REGION, KEY_ID, SECRET, TOKEN), policy=NO_RETRY)
    assert session.list_roles() == []
    wrong = Connection(endpoint, REGION, KEY_ID, WRONG, TOKEN)
    wrong_session = CloudSession(wrong, policy=NO_RETRY)
    with pytest.raises(CloudError):
        wrong_session.list_roles()
    # A request line the server cannot parse is logged with the reason: it must not bring the
    # query string (a presigned URL's token) with it.
    _send_raw(secret_cloud, f"GET /{SOURCE}/k.txt?security-token={quote(TOKEN)} x HTTP/1.1\r\n\r\n")

    assert any("PutObject" in r.getMessage() or "PUT" in r.getMessage() for r in cloud_log.records)
    assert_clean(cloud_log.text)
    assert_clean(json.dumps(secret_cloud.state(), default=str))


def _send_raw(cloud: LocalCloud, text: str) -> None:
    import socket

    with socket.create_connection(("127.0.0.1", cloud.port), timeout=5) as conn:
        conn.sendall(text.encode())
        while conn.recv(65536):
            pass


# --- exception text ------------------------------------------------------------------------
def _raised(fn: object) -> CloudError:
    with pytest.raises(CloudError) as raised:
        fn()  # type: ignore[operator]
    return raised.value


@pytest.mark.parametrize("signature", ["v1", "v4"])
def test_cloud_errors_of_a_mismatch_do_not_show_them(
    secret_cloud: LocalCloud, signature: str
) -> None:
    connection = Connection(secret_cloud.endpoint, REGION, KEY_ID, WRONG, TOKEN)
    session = CloudSession(connection, signature=signature, policy=NO_RETRY)
    for error in (_raised(session.list_buckets), _raised(session.list_roles)):
        assert error.code == "SignatureDoesNotMatch"
        assert_clean(f"{error}\n{error!r}\n{error.message}")
    assert_clean(f"{connection!r} {connection} {session.connection!r}")


def test_a_formatted_cloud_error_traceback_does_not_show_the_token(
    secret_cloud: LocalCloud,
) -> None:
    connection = Connection(secret_cloud.endpoint, REGION, KEY_ID, WRONG, TOKEN)
    error = _raised(CloudSession(connection, policy=NO_RETRY).list_buckets)
    assert_clean("".join(traceback.format_exception(error)))


def test_credentials_errors_do_not_show_them(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from srrtui.credentials import CredentialsError, ProfileStore, resolve

    resolved = resolve(None)  # from the environment: secret and token
    assert (resolved.access_key_secret, resolved.security_token) == (SECRET, TOKEN)
    assert_clean(f"{resolved!r} {resolved} {resolved.to_connection(region=REGION)!r}")

    monkeypatch.delenv("OSS_ACCESS_KEY_ID")  # a partial environment
    with pytest.raises(CredentialsError) as partial:
        resolve(None)
    monkeypatch.delenv("OSS_ACCESS_KEY_SECRET")
    monkeypatch.delenv("OSS_SESSION_TOKEN")
    config = Path(os.environ["SRRTUI_CONFIG_DIR"])
    config.mkdir(parents=True)
    (config / "profiles.toml").write_text(
        f'[profiles.leaky]\nregion = "{REGION}"\naccess_key_id = "{KEY_ID}"\n'
        f'access_key_secret = "{SECRET}"\nsecurity_token = "{TOKEN}"\n',
        encoding="utf-8",
    )
    with pytest.raises(CredentialsError) as by_hand:
        ProfileStore().list()
    for error in (partial.value, by_hand.value):
        assert_clean(f"{error}\n{error!r}\n{''.join(traceback.format_exception(error))}")
