"""The one JSON contract (docs/json.md): ``plan check``, ``doctor``, ``apply`` and ``diff`` print
documents with ``schema_version`` that validate against their schemas; errors are objects with
``code``, ``message``, ``request_id``, ``http_status``, ``operation`` (and ``field`` for a bad
input); ``apply --json --watch`` prints JSON Lines events as they happen."""

from __future__ import annotations

import gettext
import json
import re
import time
from pathlib import Path

import pytest
from apply_helpers import bucket, make_buckets, use_demo_keys
from json_contract import lines, schema, valid

from srrtui.cli import main
from srrtui.localcloud import LocalCloud

DOCS = Path(__file__).resolve().parents[2] / "docs" / "json.md"
SCHEMAS = ("apply", "diff", "doctor", "plan-check", "watch")

VALID_PLAN = """\
version = 1
[source]
bucket = "json-src"
region = "cn-hangzhou"
[destination]
bucket = "json-dst"
[sync]
historical = true
"""


@pytest.fixture
def apply_env(local_cloud: LocalCloud, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A plan file for two buckets of the local cloud (its endpoint in ``endpoint`` beside it),
    the source holding a few objects for historical replication to copy."""
    use_demo_keys(monkeypatch, tmp_path)
    make_buckets(local_cloud, "json-src", "json-dst")
    for index in range(3):
        bucket(local_cloud, "json-src").put_object(f"k{index}", b"x" * 10)
    (tmp_path / "endpoint").write_text(local_cloud.endpoint)
    plan = tmp_path / "plan.toml"
    plan.write_text(VALID_PLAN, encoding="utf-8")
    return plan


def test_every_schema_is_valid_and_shares_one_error_object() -> None:
    errors = [schema(name)["$defs"]["error"] for name in SCHEMAS]
    assert all(error == errors[0] for error in errors)
    assert set(errors[0]["required"]) == {
        "code",
        "message",
        "request_id",
        "http_status",
        "operation",
    }
    assert "field" in errors[0]["properties"]


def test_docs_name_every_schema_and_its_version() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for name in SCHEMAS:
        assert f"srrtui/assets/schemas/{name}.schema.json" in text, name
    for command in ("apply", "diff", "doctor", "plan check", "watch --once"):
        assert re.search(rf"^## `srrtui {command}.*--json", text, re.M), command


def test_plan_check_json_valid_and_invalid(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "good.toml"
    good.write_text(VALID_PLAN, encoding="utf-8")
    assert main(["plan", "check", str(good), "--json"]) == 0
    doc = valid("plan-check", json.loads(capsys.readouterr().out))
    assert doc["ok"] is True and doc["errors"] == [] and doc["schema_version"] == 1
    assert any(w["field"] == "sync.historical" for w in doc["warnings"]), doc["warnings"]

    bad = tmp_path / "bad.toml"
    bad.write_text(VALID_PLAN.replace('"json-dst"', '"Not_A_Bucket"'), encoding="utf-8")
    assert main(["plan", "check", str(bad), "--json"]) == 2
    captured = capsys.readouterr()
    doc = valid("plan-check", json.loads(captured.out))
    assert doc["ok"] is False and doc["exit_code"] == 2
    (error,) = doc["errors"]
    assert error["field"] == "destination.bucket" and error["code"] == "destination-bucket"
    assert "destination.bucket:" in captured.err  # the human line still goes to stderr

    missing = tmp_path / "nowhere.toml"
    assert main(["plan", "check", str(missing), "--json"]) == 2
    doc = valid("plan-check", json.loads(capsys.readouterr().out))
    assert doc["errors"][0]["code"] == "plan-file" and doc["errors"][0]["field"] == "file"


def test_apply_json_for_an_invalid_plan_names_the_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(VALID_PLAN.replace('"json-dst"', '"json-src"'), encoding="utf-8")
    assert main(["apply", str(bad), "--json", "--endpoint", "http://127.0.0.1:9"]) == 2
    doc = valid("apply", json.loads(capsys.readouterr().out), "document")
    (plan,) = doc["plans"]
    assert plan["outcome"] == "invalid" and doc["summary"]["invalid"] == 1
    assert plan["problems"][0]["field"] == "destination.bucket"


def test_doctor_json_validates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SRRTUI_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    for name in ("ALIBABA_CLOUD_ACCESS_KEY_ID", "OSS_ACCESS_KEY_ID", "ALIBABA_CLOUD_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    code = main(["doctor", "--json", "--timeout", "2"])
    doc = valid("doctor", json.loads(capsys.readouterr().out))
    assert doc["command"] == "doctor" and doc["ok"] is (code == 0)


def test_apply_watch_json_streams_events_as_they_happen(
    apply_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The steps and the rule's first progress are on stdout while apply still watches (seen
    from inside its sleep between polls), and the last line is ``done``."""
    from srrtui.commands import apply

    seen_while_watching: list[str] = []

    def sleep(seconds: float) -> None:
        seen_while_watching.append(capsys.readouterr().out)
        time.sleep(seconds)

    args = _apply_args(apply_env, "--yes", "--json", "--watch", "--interval", "0.05")
    assert apply.run(args, sleep=sleep) == 0
    rest = capsys.readouterr().out
    assert seen_while_watching, "the rule's historical replication ended before a second poll"
    early = lines(seen_while_watching[0], "apply")
    assert [e["event"] for e in early if e["event"] != "message"][0] == "preflight"
    assert {"step", "plan_done", "progress"} <= {e["event"] for e in early}
    events = early + lines("".join(seen_while_watching[1:]) + rest, "apply")
    assert events[-1]["event"] == "done" and events[-1]["exit_code"] == 0
    assert events[-1]["summary"]["created"] == 1
    assert sum(e["event"] == "done" for e in events) == 1


def _apply_args(plan: Path, *extra: str):  # noqa: ANN202 - argparse.Namespace
    from srrtui.cli import build_parser

    endpoint = plan.parent.joinpath("endpoint").read_text()
    argv = ["apply", str(plan), "--endpoint", endpoint, "--region", "cn-hangzhou", *extra]
    return build_parser("apply").parse_args(argv)


def test_apply_json_without_credentials_is_an_error_object_and_exit_4(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    use_demo_keys(monkeypatch, tmp_path)
    for name in ("OSS_ACCESS_KEY_ID", "OSS_ACCESS_KEY_SECRET"):
        monkeypatch.delenv(name)
    monkeypatch.setenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")
    plan = tmp_path / "plan.toml"
    plan.write_text(VALID_PLAN, encoding="utf-8")
    assert main(["apply", str(plan), "--yes", "--json", "--endpoint", "http://127.0.0.1:9"]) == 4
    doc = valid("apply", json.loads(capsys.readouterr().out), "document")
    assert doc["error"]["code"] == "Credentials" and doc["error"]["http_status"] == 0
    assert doc["plans"][0]["outcome"] == "failed" and doc["summary"]["failed"] == 1


class _Shouting(gettext.NullTranslations):
    """A catalog that changes every sentence, as a real translation would."""

    def gettext(self, message: str) -> str:
        return f"«{message.upper()}»"

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)


def _machine_part(value: object) -> object:
    """``value`` without its prose (the fields a person reads), which may be translated."""
    prose = {"message", "reason", "title", "detail", "text", "messages", "time"}
    if isinstance(value, dict):
        return {k: _machine_part(v) for k, v in value.items() if k not in prose}
    if isinstance(value, list):
        return [_machine_part(v) for v in value]
    return value


def test_machine_output_is_the_same_in_every_language(
    apply_env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from srrtui.domain.words import translate

    bad = apply_env.parent / "bad.toml"
    bad.write_text(VALID_PLAN.replace('"json-dst"', '"Not_A_Bucket"'), encoding="utf-8")
    endpoint = apply_env.parent.joinpath("endpoint").read_text()
    runs = [
        ["plan", "check", str(bad), "--json"],
        ["apply", str(apply_env), "--dry-run", "--json", "--endpoint", endpoint],
        ["apply", str(apply_env), str(bad), "--json", "--endpoint", endpoint],
    ]

    def outputs() -> list[object]:
        made = []
        for argv in runs:
            main(argv)
            made.append(_machine_part(json.loads(capsys.readouterr().out)))
        return made

    english = outputs()
    monkeypatch.setattr(translate, "_catalog", _Shouting())
    assert translate._("plan") == "«PLAN»"  # the catalog is in use
    assert outputs() == english
