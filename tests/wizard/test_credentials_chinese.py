"""The credentials step in Chinese: the rows for the environment and the aliyun CLI, and the
label that says which source the wizard connected with, carry no English sentence."""

from __future__ import annotations

from pathlib import Path

from english_finder import english_sentences
from test_cli_profiles_step import (
    CLI_ID,
    CLI_SECRET,
    OWN_ID,
    OWN_SECRET,
    cli_config,
    connect_with,
    loaded,
    own_work_profile,
    rows,
)
from wizard_helpers import services

from srrtui.app import SrrApp
from srrtui.localcloud import LocalCloud

ENV_ID, ENV_SECRET = "LTAI5tEnvKey00001", "env-secret-value-1"


async def test_sources_and_the_connection_label_in_chinese(
    chinese: None, memory_keyring, tmp_path: Path
) -> None:
    cli_config(tmp_path)
    keys = {CLI_ID: CLI_SECRET, OWN_ID: OWN_SECRET, ENV_ID: ENV_SECRET}
    env = {"HOME": str(tmp_path), "OSS_ACCESS_KEY_ID": ENV_ID, "OSS_ACCESS_KEY_SECRET": ENV_SECRET}
    with LocalCloud(tmp_path / "cloud", access_keys=keys) as cloud:
        own_work_profile(tmp_path, cloud.endpoint)
        app = SrrApp(services(tmp_path, endpoint=cloud.endpoint, env=env))
        async with app.run_test(size=(120, 40)) as pilot:
            await loaded(pilot)
            listed = rows(app)
            assert "使用 环境变量（OSS_ACCESS_KEY_ID）" in listed.values(), listed
            label = await connect_with(pilot, "work")
            shown = str(app.screen.query_one("#cred-state").render())
    assert label == (
        "配置 'work'（Secret 来自系统密钥环；未使用 aliyun CLI 配置 'work'：srrtui 的配置优先）"
    )
    assert f"已通过 {label} 连接。" in shown
    assert english_sentences(shown) == [] and english_sentences("\n".join(listed.values())) == []
