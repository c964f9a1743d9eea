"""Every bad plan gets a message at its field, from ``plan check`` and ``apply``, and nothing
is created in the cloud."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import oss2
import pytest
from bad_plans import BAD_PLANS, BadPlan

from srrtui.cli import main
from srrtui.localcloud import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, LocalCloud


def _check_output(
    plan: BadPlan, tmp_path: Path, capsys: pytest.CaptureFixture[str], *argv: str
) -> str:
    path = tmp_path / "plan.toml"
    path.write_text(plan.text, encoding="utf-8")
    assert main([*argv[:1], *(["check"] if argv[0] == "plan" else []), str(path), *argv[1:]]) == 2
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    lines = captured.err.splitlines()
    assert any(line.startswith(plan.field) for line in lines), (plan.name, lines)
    return captured.err


def test_the_corpus_is_large_and_distinct() -> None:
    assert len(BAD_PLANS) >= 150
    assert len({plan.text for plan in BAD_PLANS}) == len(BAD_PLANS)


@pytest.mark.parametrize("plan", BAD_PLANS, ids=[p.name for p in BAD_PLANS])
def test_plan_check_names_the_field(
    plan: BadPlan, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _check_output(plan, tmp_path, capsys, "plan")


@pytest.fixture(scope="module")
def shared_cloud(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalCloud]:
    with LocalCloud(tmp_path_factory.mktemp("cloud"), start_delay=0.05) as cloud:
        auth = oss2.Auth(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)
        for name in ("src-bucket", "dest-bucket"):
            oss2.Bucket(auth, cloud.endpoint, name).create_bucket()
        yield cloud


def test_apply_refuses_every_bad_plan_and_creates_nothing(
    shared_cloud: LocalCloud,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("OSS_ACCESS_KEY_ID", DEMO_ACCESS_KEY_ID)
    monkeypatch.setenv("OSS_ACCESS_KEY_SECRET", DEMO_ACCESS_KEY_SECRET)
    monkeypatch.setenv("SRRTUI_CONFIG_DIR", str(tmp_path / "config"))
    before = shared_cloud.state()
    for plan in BAD_PLANS:
        _check_output(plan, tmp_path, capsys, "apply", "--endpoint", shared_cloud.endpoint, "--yes")
    after = shared_cloud.state()
    assert after == before
