"""Bad command-line flags are refused at the flag (argparse's ``error: argument --X``, exit 2),
before anything is read, resolved or created."""

from __future__ import annotations

from pathlib import Path

import pytest

from srrtui.cli import main

PLAN = "PLAN"  # replaced by a real plan file's path

BAD_FLAGS: list[tuple[list[str], str]] = [
    (["--region", "Hangzhou"], "--region"),
    (["--region", "oss-cn-hangzhou"], "--region"),
    (["--region", ""], "--region"),
    (["--endpoint", "ftp://oss.example.com"], "--endpoint"),
    (["--endpoint", "http://"], "--endpoint"),
    (["--endpoint", "http://127.0.0.1:99999"], "--endpoint"),
    (["--endpoint", "has space.example.com"], "--endpoint"),
    (["apply", PLAN, "--interval", "-1"], "--interval"),
    (["apply", PLAN, "--interval", "0"], "--interval"),
    (["apply", PLAN, "--interval", "nan"], "--interval"),
    (["apply", PLAN, "--interval", "soon"], "--interval"),
    (["apply", PLAN, "--region", "bad_region"], "--region"),
    (["apply", PLAN, "--endpoint", "gopher://x"], "--endpoint"),
    (["apply", PLAN, "--colour"], "unrecognized arguments"),
    (["apply"], "required: PLAN"),
    (["diff", "b", "r", "--limit", "0"], "--limit"),
    (["diff", "b", "r", "--limit", "-5"], "--limit"),
    (["diff", "b", "r", "--limit", "ten"], "--limit"),
    (["diff", "b", "r", "--scan-limit", "0"], "--scan-limit"),
    (["diff", "b"], "required: RULE_ID"),
    (["doctor", "--timeout", "-1"], "--timeout"),
    (["doctor", "--timeout", "inf"], "--timeout"),
    (["local-cloud", "--data", "d", "--port", "99999"], "--port"),
    (["local-cloud", "--data", "d", "--port", "-1"], "--port"),
    (["local-cloud", "--data", "d", "--port", "http"], "--port"),
    (["local-cloud", "--data", "d", "--start-delay", "-3"], "--start-delay"),
    (["local-cloud", "--data", "d", "--region", "Hangzhou"], "--region"),
    (["local-cloud", "--data", "d", "--seed", "full"], "--seed"),
    (["local-cloud"], "required: --data"),
    (["plan", "render", PLAN, "--as", "yaml"], "--as"),
    (["plan", "render", PLAN], "required: --as"),
    (["plan", "check"], "required: FILE"),
    (["plan"], "required"),
    (["watch", "--poll-interval", "0"], "--poll-interval"),
    (["watch", "--region", "x"], "--region"),
    (["bogus-command"], "invalid choice"),
]


@pytest.mark.parametrize(("argv", "needle"), BAD_FLAGS, ids=[" ".join(a) for a, _ in BAD_FLAGS])
def test_bad_flags_are_refused_at_the_flag(
    argv: list[str],
    needle: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)  # a stray local-cloud data dir would land here, not in the repo
    plan = tmp_path / "plan.toml"
    plan.write_text('version = 1\n[source]\nbucket = "a-b"\n', encoding="utf-8")
    with pytest.raises(SystemExit) as exited:
        main([str(plan) if arg == PLAN else arg for arg in argv])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "error:" in err and needle in err, err
    assert "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.toml"]  # nothing created
