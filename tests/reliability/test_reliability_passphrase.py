"""Issue 18 item 12: a profile whose secret is in the encrypted file works in ``apply``, ``diff``
and ``watch`` without a terminal: the passphrase comes from a file (SRRTUI_PASSPHRASE_FILE) or a
file descriptor (SRRTUI_PASSPHRASE_FD), never from a command-line argument, and is never shown.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import keyring
import oss2
import pytest
from keyring.backends import fail

from srrtui.cli import main
from srrtui.credentials import Profile, ProfileStore
from srrtui.credentials.filestores import ENCRYPTED_FILE_NAME, EncryptedFileStore
from srrtui.localcloud import LocalCloud

PASSPHRASE = "correct horse battery staple"
KEY_ID, KEY_SECRET = "LTAI5tScriptedKey000001", "scripted-secret-for-the-local-cloud"
PLAN = """\
version = 1
[source]
bucket = "pass-src"
region = "cn-hangzhou"
[destination]
bucket = "pass-dst"
"""


@pytest.fixture
def local_cloud(tmp_path: Path) -> Iterator[LocalCloud]:
    """A local cloud serving a key of the shape profiles accept (the demo key has hyphens)."""
    with LocalCloud(tmp_path / "cloud", access_keys={KEY_ID: KEY_SECRET}) as cloud:
        yield cloud


@pytest.fixture(scope="module")
def encrypted_file(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The encrypted file holding the secret of 'auto': made once (each Argon2 run is slow)."""
    path = tmp_path_factory.mktemp("encrypted") / ENCRYPTED_FILE_NAME
    EncryptedFileStore(path, PASSPHRASE).set("auto", KEY_SECRET)
    return path.read_bytes()


@pytest.fixture
def scripted(
    local_cloud: LocalCloud, encrypted_file: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """An encrypted-file profile 'auto' for the local cloud, its buckets, and a plan file."""
    keyring.set_keyring(fail.Keyring())  # headless: no system keyring
    for name in list(os.environ):
        if name.startswith(("OSS_", "ALIBABA_CLOUD_", "SRRTUI_PASSPHRASE")):
            monkeypatch.delenv(name)
    config = tmp_path / "config"
    monkeypatch.setenv("SRRTUI_CONFIG_DIR", str(config))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    config.mkdir()
    (config / ENCRYPTED_FILE_NAME).write_bytes(encrypted_file)
    (config / ENCRYPTED_FILE_NAME).chmod(0o600)
    profile = Profile(
        "auto",
        "cn-hangzhou",
        endpoint=local_cloud.endpoint,
        access_key_id=KEY_ID,
        secret_source="encrypted-file",
    )
    ProfileStore(config).save(profile)
    auth = oss2.Auth(KEY_ID, KEY_SECRET)
    for name in ("pass-src", "pass-dst"):
        oss2.Bucket(auth, local_cloud.endpoint, name).create_bucket()
    plan = tmp_path / "plan.toml"
    plan.write_text(PLAN, encoding="utf-8")
    return plan


def _dry_run(plan: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["apply", str(plan), "--dry-run", "--profile", "auto"])
    captured = capsys.readouterr()
    assert PASSPHRASE not in captured.out + captured.err
    return code, captured.err


def test_the_passphrase_from_a_file_opens_the_profile(
    scripted: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    secret_file = tmp_path / "passphrase"
    secret_file.write_text(PASSPHRASE + "\n")
    secret_file.chmod(0o600)
    monkeypatch.setenv("SRRTUI_PASSPHRASE_FILE", str(secret_file))
    code, err = _dry_run(scripted, capsys)
    assert code == 0, err


def test_the_passphrase_from_a_file_descriptor_opens_the_profile(
    scripted: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    read_end, write_end = os.pipe()
    os.write(write_end, PASSPHRASE.encode())
    os.close(write_end)
    monkeypatch.setenv("SRRTUI_PASSPHRASE_FD", str(read_end))
    try:
        code, err = _dry_run(scripted, capsys)
    finally:
        os.close(read_end)
    assert code == 0, err


def test_without_a_passphrase_the_message_says_how_to_give_one(scripted: Path, capsys) -> None:
    code, err = _dry_run(scripted, capsys)
    assert code == 4
    assert "SRRTUI_PASSPHRASE_FILE" in err and "SRRTUI_PASSPHRASE_FD" in err


def test_a_passphrase_file_others_can_read_is_refused(
    scripted: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    secret_file = tmp_path / "passphrase"
    secret_file.write_text(PASSPHRASE + "\n")
    secret_file.chmod(0o644)
    monkeypatch.setenv("SRRTUI_PASSPHRASE_FILE", str(secret_file))
    code, err = _dry_run(scripted, capsys)
    assert code == 4
    assert "chmod 600" in err


def test_a_wrong_passphrase_is_said_without_showing_it(
    scripted: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    secret_file = tmp_path / "passphrase"
    secret_file.write_text("not the passphrase\n")
    secret_file.chmod(0o600)
    monkeypatch.setenv("SRRTUI_PASSPHRASE_FILE", str(secret_file))
    code, err = _dry_run(scripted, capsys)
    assert code == 4
    assert "not the passphrase" not in err


@pytest.mark.parametrize("command", ["apply", "diff", "watch"])
def test_no_command_takes_a_passphrase_argument(command: str, capsys) -> None:
    args = {"apply": ["plan.toml"], "diff": ["b", "r"], "watch": []}[command]
    with pytest.raises(SystemExit) as caught:
        main([command, *args, "--passphrase", PASSPHRASE])
    assert caught.value.code == 2
    assert "unrecognized arguments" in capsys.readouterr().err
