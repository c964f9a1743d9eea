"""The credentials layer in Chinese: ``srrtui doctor`` (no credentials, the environment's, a
half-set family, a profile that is not there, files it cannot read) says no English sentence
but the texts that come from a library, while ``doctor --json`` stays English; the credential
errors the wizard and the commands show are Chinese too."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from english_finder import english_sentences

from srrtui.credentials.env_source import check_family, from_environment
from srrtui.credentials.errors import CredentialsError, IncompleteEnvironment
from srrtui.credentials.filestores import EncryptedFileStore
from srrtui.credentials.passphrase_source import passphrase_from_env
from srrtui.credentials.profiles import Profile, ProfileStore
from srrtui.credentials.resolved import ResolvedCredentials
from srrtui.credentials.stores import load_secret, open_store, requested_store, store_secret

_PREFIXES = ("OSS_", "ALIBABA_CLOUD_", "ALIBABACLOUD_", "ALICLOUD_", "SRRTUI_")
# keyring's reasons for a backend it cannot load here ("在此不可用：<its words>") are its own.
LIBRARY_TEXTS = (r"在此不可用：[^\n]*",)
# A command the advice gives to type: `apt install gnome-keyring`.
COMMANDS = (r"apt install gnome-keyring",)
KEY_ID, SECRET = "LTAI5tFakeEnvKey0042", "fake-Secret-Never-Printed-42"
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def _home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    (home / ".config").mkdir(parents=True, exist_ok=True)
    return home


def doctor(tmp_path: Path, *args: str, **variables: str) -> tuple[int, str]:
    """``srrtui doctor ARGS`` in Chinese in its own process: HOME and XDG_CONFIG_HOME in
    ``tmp_path``, no credential variables from the machine, keyring's 'fail' backend, the ECS
    metadata service off (tests talk to 127.0.0.1 only)."""
    home = _home(tmp_path)
    env = {k: v for k, v in os.environ.items() if not k.startswith(_PREFIXES)}
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        SRRTUI_LANG="zh-CN",
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
        ALIBABA_CLOUD_ECS_METADATA_DISABLED="true",
        **variables,
    )
    done = subprocess.run(
        [sys.executable, "-m", "srrtui", "doctor", "--timeout", "5", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    return done.returncode, done.stdout + done.stderr


def no_english(out: str) -> None:
    assert english_sentences(out, (*LIBRARY_TEXTS, *COMMANDS)) == [], out


def test_the_library_texts_left_out_are_only_those() -> None:
    line = "  no   keyring.backends.macOS.Keyring（不可用）：在此不可用：macOS is required here"
    assert english_sentences(line, LIBRARY_TEXTS) == []
    assert english_sentences("凭证文件：the file is missing", LIBRARY_TEXTS) == [
        "the file is missing"
    ]


def test_doctor_without_credentials(tmp_path: Path) -> None:
    code, out = doctor(tmp_path, "--verbose")
    assert code == 1
    no_english(out)
    assert "未找到阿里云访问凭证。已依次尝试：" in out
    assert "环境变量：未设置 OSS_ACCESS_KEY_ID 和 ALIBABA_CLOUD_ACCESS_KEY_ID" in out
    assert "aliyun CLI：未找到 ~/.aliyun/config.json" in out
    assert "srrtui 配置：~/.config/srrtui/profiles.toml 中没有默认配置" in out
    # The status words stay English: scripts read them.
    assert re.search(r"^  missing  ", out, re.M) and re.search(r"^  not usable  ", out, re.M)


def test_doctor_with_the_environments_credentials(tmp_path: Path) -> None:
    code, out = doctor(tmp_path, OSS_ACCESS_KEY_ID=KEY_ID, OSS_ACCESS_KEY_SECRET=SECRET)
    assert code == 0
    no_english(out)
    assert SECRET not in out and KEY_ID not in out
    assert "AccessKey LTAI****0042，来自 环境变量（OSS_ACCESS_KEY_ID）" in out


def test_doctor_with_a_half_set_family(tmp_path: Path) -> None:
    code, out = doctor(tmp_path, OSS_ACCESS_KEY_ID=KEY_ID, OSS_SESSION_TOKEN="fake-token")
    assert code == 1
    no_english(out)
    said = (
        "已设置 OSS_ACCESS_KEY_ID 和 OSS_SESSION_TOKEN，但缺少 OSS_ACCESS_KEY_SECRET：请设置 "
        "OSS_ACCESS_KEY_SECRET，或取消设置 OSS_ACCESS_KEY_ID 和 OSS_SESSION_TOKEN"
    )
    assert f"problem       {said}" in out


def _profiles(home: Path, text: str) -> None:
    path = home / ".config" / "srrtui" / "profiles.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(stat.S_IRUSR | stat.S_IWUSR)


def _cli_config(home: Path, text: str) -> None:
    path = home / ".aliyun" / "config.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_doctor_with_a_profile_that_is_not_there(tmp_path: Path) -> None:
    home = _home(tmp_path)
    _profiles(
        home,
        '[profiles.ci]\nregion = "cn-shanghai"\nsecret_source = "env"\n'
        '[profiles.prod]\nregion = "cn-hangzhou"\naccess_key_id = "LTAI5tProdKey0001"\n',
    )
    cli = {
        "current": "work",
        "profiles": [{"name": "work", "mode": "AK", "region_id": "cn-beijing"}],
    }
    _cli_config(home, json.dumps(cli))
    code, out = doctor(tmp_path, "--profile", "nope")
    assert code == 1
    no_english(out)
    assert (
        "~/.config/srrtui/profiles.toml 中没有配置 'nope'（现有配置：ci、prod）；"
        "也没有 aliyun CLI 配置 'nope'（work）"
    ) in out
    assert (
        "'prod'（默认）" not in out and "'work'（CLI 当前的配置）：模式 AK，地域 cn-beijing" in out
    )


def test_doctor_with_files_it_cannot_read(tmp_path: Path) -> None:
    home = _home(tmp_path)
    _profiles(home, '[profiles.prod]\nregion = "cn-hangzhou"\naccess_key_secret = "x"\n')
    _cli_config(home, '{"profiles": [}')
    code, out = doctor(tmp_path, ALIBABA_CLOUD_CREDENTIALS_FILE=str(tmp_path / "gone.ini"))
    assert code == 1
    # The JSON parser's own words ("Expecting value") are the library's.
    assert english_sentences(out, (*LIBRARY_TEXTS, *COMMANDS, r"（Expecting [^）]*）")) == [], out
    assert "~/.aliyun/config.json 第 1 行：不是有效的 JSON（Expecting value）" in out
    assert "配置 'prod' 含有 access_key_secret：Secret 不应写在此文件中" in out
    assert f"ALIBABA_CLOUD_CREDENTIALS_FILE={tmp_path / 'gone.ini'}：文件不存在" in out


@pytest.mark.parametrize(
    "variables",
    [
        {"OSS_ACCESS_KEY_ID": KEY_ID, "OSS_SESSION_TOKEN": "fake-token"},
        {"OSS_ACCESS_KEY_ID": KEY_ID, "OSS_ACCESS_KEY_SECRET": SECRET},
    ],
    ids=["half-set", "set"],
)
def test_doctor_json_stays_english(tmp_path: Path, variables: dict[str, str]) -> None:
    code, out = doctor(tmp_path, "--json", **variables)
    report = json.loads(out)
    assert not CJK.search(out), out
    texts = [line["text"] for s in report["sections"] for line in s["lines"]]
    assert "ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET: not set" in texts
    if "OSS_ACCESS_KEY_SECRET" in variables:
        assert code == 0
        assert report["credentials"]["source"] == "environment (OSS_ACCESS_KEY_ID)"
        assert report["credentials"]["kind"] == "env"
    else:
        assert code == 1
        assert (
            "OSS_ACCESS_KEY_ID and OSS_SESSION_TOKEN are set but OSS_ACCESS_KEY_SECRET is "
            "missing: set OSS_ACCESS_KEY_SECRET, or unset OSS_ACCESS_KEY_ID and OSS_SESSION_TOKEN"
        ) in texts


# -- the errors the wizard and the commands show ------------------------------------------------
def _passphrase_file(tmp_path: Path, data: bytes, mode: int) -> dict[str, str]:
    path = tmp_path / "pass.txt"
    path.write_bytes(data)
    path.chmod(mode)
    return {"SRRTUI_PASSPHRASE_FILE": str(path)}


def _environment_source() -> str:
    found = from_environment({"OSS_ACCESS_KEY_ID": KEY_ID, "OSS_ACCESS_KEY_SECRET": SECRET})
    assert found is not None
    return found.source


ERRORS: dict[str, Callable[[Path], object]] = {
    "passphrase named twice": lambda t: passphrase_from_env(
        {"SRRTUI_PASSPHRASE_FILE": "a", "SRRTUI_PASSPHRASE_FD": "3"}
    ),
    "passphrase fd not a number": lambda t: passphrase_from_env({"SRRTUI_PASSPHRASE_FD": "x"}),
    "passphrase file open to others": lambda t: passphrase_from_env(
        _passphrase_file(t, b"pass\n", 0o644)
    ),
    "passphrase file empty": lambda t: passphrase_from_env(_passphrase_file(t, b"\n", 0o600)),
    "passphrase file not UTF-8": lambda t: passphrase_from_env(
        _passphrase_file(t, b"\xff\xfe", 0o600)
    ),
    "store not known": lambda t: requested_store({"SRRTUI_CREDENTIAL_STORE": "vault"}),
    "store env": lambda t: store_secret(Profile("p", "cn-hangzhou"), "s", store="env"),
    "empty secret": lambda t: store_secret(Profile("p", "cn-hangzhou"), ""),
    "no store for env": lambda t: open_store("env"),
    "passphrase needed": lambda t: EncryptedFileStore(t / "secrets.cfg", None).get("p"),
    "session secret gone": lambda t: load_secret(
        Profile("p", "cn-hangzhou", access_key_id="LTAI5tKey00001", secret_source="memory")
    ),
    "no such profile": lambda t: ProfileStore(t).get("nope"),
    "no profile to delete": lambda t: ProfileStore(t).delete("nope"),
    "half-set family": lambda t: from_environment({"ALIBABA_CLOUD_ACCESS_KEY_SECRET": "s"}),
    "no region": lambda t: ResolvedCredentials(
        KEY_ID, SECRET, source=_environment_source()
    ).to_connection(),
}


@pytest.mark.parametrize("case", list(ERRORS))
def test_credential_errors_in_chinese(case: str, chinese: None, tmp_path: Path) -> None:
    with pytest.raises(CredentialsError) as caught:
        ERRORS[case](tmp_path)
    said = str(caught.value)
    assert CJK.search(said) and english_sentences(said) == [], said


def test_the_half_set_message_in_chinese_says_which_are_missing(chinese: None) -> None:
    from srrtui.credentials.env_source import FAMILIES

    with pytest.raises(IncompleteEnvironment) as caught:
        check_family({"ALIBABA_CLOUD_ACCESS_KEY_SECRET": "s"}, FAMILIES[1])
    assert str(caught.value) == (
        "已设置 ALIBABA_CLOUD_ACCESS_KEY_SECRET，但缺少 ALIBABA_CLOUD_ACCESS_KEY_ID：请设置 "
        "ALIBABA_CLOUD_ACCESS_KEY_ID，或取消设置 ALIBABA_CLOUD_ACCESS_KEY_SECRET"
    )
    assert caught.value.missing == ("ALIBABA_CLOUD_ACCESS_KEY_ID",)


def test_a_command_without_the_passphrase_says_how_to_give_it_in_chinese(
    chinese: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import argparse

    from srrtui.commands.connection import connection_from_args
    from srrtui.credentials.errors import PassphraseRequired

    for name in list(os.environ):
        if name.startswith(_PREFIXES):
            monkeypatch.delenv(name)
    monkeypatch.setenv("SRRTUI_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("HOME", str(tmp_path))
    profile = Profile("auto", "cn-hangzhou", access_key_id=KEY_ID, secret_source="encrypted-file")
    ProfileStore(tmp_path / "config").save(profile)
    args = argparse.Namespace(profile="auto", region=None, endpoint=None, ram_endpoint=None)
    with pytest.raises(PassphraseRequired) as caught:
        connection_from_args(args)
    said = str(caught.value)
    assert english_sentences(said) == [], said
    assert said.endswith(
        "；请把口令写在只有您能读取的文件中并用 $SRRTUI_PASSPHRASE_FILE 指定，或通过 "
        "$SRRTUI_PASSPHRASE_FD 指定的文件描述符提供（切勿写在命令行上）"
    ), said
