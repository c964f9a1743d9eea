"""``srrtui plan check`` / ``render`` and the entry points, as a user runs them."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from srrtui import __version__
from srrtui.cli import main

GOOD = """\
version = 1
[source]
bucket = "src-bucket"
region = "cn-hangzhou"
[destination]
bucket = "dest-bucket"
[objects]
prefixes = ["images/"]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "plan.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_check_valid_plan_prints_warnings_and_exits_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["plan", "check", str(write(tmp_path, GOOD))]) == 0
    err = capsys.readouterr().err
    assert "warning: sync.historical:" in err
    assert "valid" in err


def test_check_invalid_plan_one_line_per_problem_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = GOOD.replace('"dest-bucket"', '"src-bucket"') + (
        'tags = [{ key = "env", value = "prod" }]\n[sync]\ndeletes = true\n'
    )
    assert main(["plan", "check", str(write(tmp_path, bad))]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert lines == [
        "destination.bucket: the destination must be a different bucket from the source",
        "objects.tags: a tag filter cannot be combined with delete replication (ALL); "
        "choose PUT only or remove the tags",
    ]


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (None, "no such file"),
        (b"\xff\xfe not utf8", "not UTF-8"),
        (b"version = 1\n[source\n", "line 2, column"),
        (b"version = 1\nsource.bucket = 3\n", "source.bucket: expected a string"),
    ],
)
def test_unreadable_files_get_a_message_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes | None, needle: str
) -> None:
    path = tmp_path / "plan.toml"
    if content is not None:
        path.write_bytes(content)
    assert main(["plan", "check", str(path)]) == 2
    err = capsys.readouterr().err
    assert needle in err
    assert "Traceback" not in err


def test_render_refuses_an_invalid_plan(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, GOOD.replace('"src-bucket"', '"Bad_Name"'))
    assert main(["plan", "render", str(path), "--as", "xml"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "source.bucket:" in captured.err


def test_console_script_and_module_report_the_version() -> None:
    script = shutil.which("srrtui", path=str(Path(sys.executable).parent))
    assert script is not None
    for command in ([script, "--version"], [sys.executable, "-m", "srrtui", "--version"]):
        out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        assert out.strip() == f"srrtui {__version__}"


@pytest.mark.parametrize(
    ("argv", "profile", "region"),
    [
        (["--profile", "p", "--region", "cn-beijing", "apply", "x.toml"], "p", "cn-beijing"),
        (["apply", "x.toml", "--profile", "q"], "q", None),
        (["--profile", "p", "apply", "x.toml", "--profile", "q"], "q", None),
        (["apply", "x.toml"], None, None),
    ],
)
def test_connection_options_before_or_after_the_command(
    argv: list[str], profile: str | None, region: str | None
) -> None:
    from srrtui.cli import build_parser, chosen_command

    args = build_parser(chosen_command(argv)).parse_args(argv)
    assert (args.profile, args.region) == (profile, region)


def test_check_refuses_a_kms_key_arn_from_another_region(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kms = '[kms]\nreplicate = true\ncmk_id = "acs:kms:cn-shanghai:123:key/abc"\n'
    assert main(["plan", "check", str(write(tmp_path, GOOD + kms))]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "kms.cmk_id: this key ARN is in cn-shanghai, but the buckets are in cn-hangzhou: "
        "the KMS key must be in the same region as the buckets (cn-hangzhou)"
    ]
    same = kms.replace("cn-shanghai", "cn-hangzhou")
    assert main(["plan", "check", str(write(tmp_path, GOOD + same))]) == 0


def test_check_refuses_a_prefix_of_only_spaces(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = GOOD.replace('prefixes = ["images/"]', 'prefixes = ["images/", "  "]')
    assert main(["plan", "check", str(write(tmp_path, text))]) == 2
    err = capsys.readouterr().err
    assert err.startswith("objects.prefixes[1]: a prefix cannot be only spaces")
    assert "valid" not in err


def test_check_warns_about_a_tag_key_that_holds_key_equals_value(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tags = 'tags = [{ key = "env=prod", value = "" }]\n'
    assert main(["plan", "check", str(write(tmp_path, GOOD + tags))]) == 0
    err = capsys.readouterr().err
    assert (
        "warning: objects.tags[0].key: tag key 'env=prod' contains '=' and has no value: "
        "did you mean key 'env', value 'prod'?\n"
    ) in err
    assert "box" not in err  # the wizard's words have no place on the command line
    assert "valid" in err


def test_check_refuses_one_tag_key_with_two_values_under_match_all(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tags = 'tags = [{ key = "env", value = "prod" }, { key = "env", value = "dev" }]\n'
    assert main(["plan", "check", str(write(tmp_path, GOOD + tags))]) == 2
    assert capsys.readouterr().err.strip().splitlines() == [
        "objects.tags[1].key: with 'match all', env=prod and env=dev can never both match: "
        "an object has one value per tag key (choose 'match any', or keep one of them)"
    ]
    either = GOOD + 'tag_match = "any"\n' + tags
    assert main(["plan", "check", str(write(tmp_path, either))]) == 0


def test_check_refuses_an_unknown_region_listing_the_known_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nowhere = GOOD.replace('"cn-hangzhou"', '"cn-nowhere-9"')
    assert main(["plan", "check", str(write(tmp_path, nowhere))]) == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("source.region: 'cn-nowhere-9' is not an OSS region; known regions: ")
    assert "cn-hangzhou, cn-shanghai" in line and "ap-southeast-1" in line


@pytest.mark.parametrize(
    ("argv", "needles"),
    [
        (["plan", "check", "--help"], ["FILE", "the plan file (TOML) to check", "exit codes: 0"]),
        (
            ["plan", "render", "--help"],
            ["FILE", "the plan file (TOML) to render", "PutBucketReplication body", "exit codes"],
        ),
        (
            ["apply", "--help"],
            ["exit codes:", "not confirmed", "the preflight failed", "a cloud, network"],
        ),
    ],
)
def test_help_describes_arguments_and_exit_codes(
    argv: list[str], needles: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 0
    # argparse wraps at the terminal's width: compare with the line breaks taken out.
    out = " ".join(capsys.readouterr().out.split())
    for needle in needles:
        assert needle in out
