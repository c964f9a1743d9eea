"""``srrtui watch --once [--json]`` and ``watch --json`` against the local cloud with many
buckets: every output validates against the shipped schema (jsonschema), errors are objects,
the stream's lines come as they happen, and docs/json.md shows the schema that ships."""

from __future__ import annotations

import io
import json
import re
import threading
import time
from pathlib import Path

import jsonschema
import pytest
from watch_helpers import FIXED_NOW

from srrtui.cli import main
from srrtui.cloud.session import CloudSession
from srrtui.commands.watch_headless import JsonLines, stream
from srrtui.demo import connection_to
from srrtui.localcloud import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, LocalCloud
from srrtui.localcloud.seed.scale import rule_sources, seed_scale
from srrtui.paths import asset

BUCKETS, RULES = 120, 3
SCHEMA = json.loads(asset("schemas/watch.schema.json").read_text())
DOCS = Path(__file__).resolve().parents[2] / "docs" / "json.md"


def valid(value: dict, kind: str) -> dict:
    """``value`` checked against the schema's ``kind`` ("once" or "event") and the whole."""
    jsonschema.validate(value, {"$defs": SCHEMA["$defs"], "$ref": f"#/$defs/{kind}"})
    jsonschema.validate(value, SCHEMA)
    return value


@pytest.fixture(scope="module")
def account(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201 - an iterator
    with LocalCloud(tmp_path_factory.mktemp("json"), start_delay=3600.0) as cloud:
        seed_scale(cloud, BUCKETS, RULES)
        yield cloud


@pytest.fixture
def cli_env(account: LocalCloud, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    """The demo key in the environment; returns the connection arguments."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("OSS_ACCESS_KEY_ID", DEMO_ACCESS_KEY_ID)
    monkeypatch.setenv("OSS_ACCESS_KEY_SECRET", DEMO_ACCESS_KEY_SECRET)
    return ["--endpoint", account.endpoint, "--region", account.config.region]


def test_once_json_lists_every_rule_with_its_progress(cli_env, capsys) -> None:
    assert main(["watch", "--once", "--json", *cli_env]) == 0
    document = valid(json.loads(capsys.readouterr().out), "once")
    assert document["ok"] and document["error"] is None
    assert document["discovery"]["buckets_read"] == BUCKETS
    assert [r["bucket"] for r in document["rules"]] == rule_sources(BUCKETS, RULES)
    first = document["rules"][0]
    assert first["status"] == "starting" and first["progress"]["error"] is None
    assert first["progress"]["historical_percent"] is None  # OSS reports none while starting


def test_once_prints_a_table_for_people(cli_env, capsys) -> None:
    assert main(["watch", "--once", *cli_env]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["BUCKET", "RULE", "DESTINATION", "STATUS", "COPIED", "LAG"]
    assert [line.split()[0] for line in out[1 : 1 + RULES]] == rule_sources(BUCKETS, RULES)
    assert "◔ starting" in out[1]
    assert out[1 + RULES] == f"Checked all {BUCKETS} buckets of cn-hangzhou."


def test_one_bucket_and_rule_id(cli_env, capsys) -> None:
    source = rule_sources(BUCKETS, RULES)[1]
    rule_id = f"{source}-to-bucket-{int(source[-5:]) + 1:05d}"
    assert main(["watch", source, rule_id, "--once", "--json", *cli_env]) == 0
    document = valid(json.loads(capsys.readouterr().out), "once")
    assert [r["rule_id"] for r in document["rules"]] == [rule_id]
    assert document["bucket"] == source


def test_an_error_is_an_object_with_code_status_and_request_id(cli_env, capsys) -> None:
    assert main(["watch", "no-such-bucket", "--once", "--json", *cli_env]) == 4
    document = valid(json.loads(capsys.readouterr().out), "once")
    error = document["error"]
    assert not document["ok"] and document["rules"] == []
    assert (error["code"], error["http_status"]) == ("NoSuchBucket", 404)
    assert error["request_id"] and error["operation"] == "GetBucketReplication"


def test_the_stream_reports_discovery_then_polls_as_json_lines(account) -> None:
    cloud = CloudSession(connection_to(account))
    out, stop = io.StringIO(), threading.Event()
    ticks = iter(range(10**6))

    def clock():  # noqa: ANN202 - a datetime a second later each time
        from datetime import timedelta

        return FIXED_NOW + timedelta(seconds=next(ticks))

    result: list[int] = []
    thread = threading.Thread(
        target=lambda: result.append(stream(cloud, "", "", clock, 0.05, JsonLines(out), stop))
    )
    thread.start()
    deadline = time.monotonic() + 60
    while out.getvalue().count('"rule_progress"') < 2 * RULES:  # two rounds of polls
        assert time.monotonic() < deadline and thread.is_alive(), out.getvalue()[-2000:]
        time.sleep(0.05)
    stop.set()
    thread.join(30)
    assert result == [0]
    events = [valid(json.loads(line), "event") for line in out.getvalue().splitlines()]
    kinds = [e["event"] for e in events]
    assert kinds[0] == "started" and kinds[-1] == "stopped"
    done = kinds.index("discovery_done")
    assert kinds.count("rule_found") == RULES and kinds.index("rule_found") < done
    assert "progress" in kinds[:done] and kinds.index("rule_progress") > done
    assert events[done]["buckets_read"] == BUCKETS
    assert [e["time"] for e in events] == sorted(e["time"] for e in events)


def test_docs_show_the_schema_that_ships() -> None:
    block = re.search(r"```json\n(.*?)\n```", DOCS.read_text(), re.S)
    assert block is not None and json.loads(block.group(1)) == SCHEMA
