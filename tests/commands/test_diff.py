"""``srrtui diff`` against the local cloud through the real SDKs, credentials from the
environment. The "during" state is made deterministic by the rule's role: without a grant the
rule is blocked before copying anything; a grant for ``a/`` only lets it copy exactly that."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from diff_helpers import (
    add_rule,
    blocked,
    caught_up,
    new_bucket,
    poll,
    role_with_grants,
    session_for,
    wait_rule,
)
from json_contract import valid

from srrtui.cli import main
from srrtui.domain.plan import Tag, TagFilter, TagMatch
from srrtui.localcloud import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, LocalCloud

SRC, DST, ROLE = "diff-src", "diff-dst", "diff-role"
READ_SOURCE = ("oss:ReplicateGet", [f"acs:oss:*:*:{SRC}/*"])
PUT_ALL = ("oss:ReplicatePut", [f"acs:oss:*:*:{DST}/*"])


@dataclass
class Scene:
    cloud: LocalCloud
    dst: Any  # oss2.Bucket
    grant: Callable[[str, list], None]


@pytest.fixture
def scene(local_cloud: LocalCloud, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Scene:
    """Source objects under a/, b/ and (outside the rule) c/; rule r1 for a/ and b/, blocked:
    its role has no grant yet."""
    for name in ("ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_PROFILE", "OSS_SESSION_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("OSS_ACCESS_KEY_ID", DEMO_ACCESS_KEY_ID)
    monkeypatch.setenv("OSS_ACCESS_KEY_SECRET", DEMO_ACCESS_KEY_SECRET)
    monkeypatch.setenv("SRRTUI_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    src, dst = new_bucket(local_cloud, SRC), new_bucket(local_cloud, DST)
    for key in ("a/1.txt", "a/2.txt", "b/1.txt", "b/2.txt", "c/1.txt"):
        src.put_object(key, f"content of {key}".encode())
    grant = role_with_grants(session_for(local_cloud), ROLE, [])
    add_rule(local_cloud, SRC, "r1", DST, prefixes=("a/", "b/"), sync_role=ROLE)
    wait_rule(local_cloud, SRC, "r1", blocked, "blocked by its role")
    return Scene(local_cloud, dst, grant)


def _diff(cloud: LocalCloud, *args: str, bucket: str = SRC, rule: str = "r1") -> int:
    return main(
        ["diff", bucket, rule, "--endpoint", cloud.endpoint, "--region", "cn-hangzhou", *args]
    )


def _json(scene: Scene, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict]:
    code = _diff(scene.cloud, "--json", *args)
    page = valid("diff", json.loads(capsys.readouterr().out), "page")
    assert page["exit_code"] == code
    return code, page


def _keys(page: dict) -> list[str]:
    return [entry["key"] for entry in page["entries"]]


def test_before_during_and_after_replication(
    scene: Scene, capsys: pytest.CaptureFixture[str]
) -> None:
    cloud = scene.cloud
    assert _diff(cloud) == 1
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].split() == ["KEY", "SIZE", "DESTINATION", "STATE", "REASON"]
    rows = [re.split(r"\s{2,}", line) for line in lines[1:5]]
    assert rows == [
        [key, "18 B", "missing", "not replicated yet", "historical replication is at 0%"]
        for key in ("a/1.txt", "a/2.txt", "b/1.txt", "b/2.txt")
    ]
    assert lines[5] == (
        "4 differ (4 missing, 0 different; 4 not replicated yet, 0 will not be replicated): "
        f"4 objects of {SRC} compared with {DST}"
    )
    assert "next page" not in out

    # During: the role may write a/ only, so the rule copies a/1 and a/2 and stops at b/1.
    scene.grant("diff-put-a", [READ_SOURCE, ("oss:ReplicatePut", [f"acs:oss:*:*:{DST}/a/*"])])
    wait_rule(cloud, SRC, "r1", lambda s: s["copied"] == 2 and blocked(s), "a/ copied")
    code, page = _json(scene, capsys)
    assert code == 1
    assert [(e["key"], e["difference"], e["state"]) for e in page["entries"]] == [
        ("b/1.txt", "missing", "not replicated yet"),
        ("b/2.txt", "missing", "not replicated yet"),
    ]
    assert page["entries"][0]["reason"] == "historical replication is at 50%"
    assert (page["scanned"], page["missing"], page["different"]) == (4, 2, 0)

    scene.grant("diff-put-all", [PUT_ALL])
    wait_rule(cloud, SRC, "r1", caught_up, "caught up")
    assert _diff(cloud) == 0
    assert capsys.readouterr().out == (
        f"nothing in the rule's scope differs: 4 objects of {SRC} compared with {DST}\n"
    )


def test_an_object_that_differs_in_the_destination(
    scene: Scene, capsys: pytest.CaptureFixture[str]
) -> None:
    scene.dst.put_object("a/1.txt", b"another, longer body")
    code, page = _json(scene, capsys)
    assert code == 1
    entry = page["entries"][0]
    assert (entry["key"], entry["difference"], entry["state"]) == (
        "a/1.txt",
        "different",
        "not replicated yet",
    )
    assert (entry["size"], entry["destination_size"]) == (len(b"content of a/1.txt"), 20)
    assert entry["etag"] != entry["destination_etag"]
    assert page["different"] == 1 and page["missing"] == 3

    scene.grant("diff-all", [READ_SOURCE, PUT_ALL])  # historical replication overwrites it
    wait_rule(scene.cloud, SRC, "r1", caught_up, "caught up")
    assert _diff(scene.cloud) == 0
    capsys.readouterr()

    # Changed in the destination after it was replicated: replication will not undo that. The
    # watermark (whole seconds) must pass the source's Last-Modified second to tell.
    scene.dst.put_object("a/1.txt", b"edited in the destination")

    def settled() -> dict | None:
        _code, page = _json(scene, capsys)
        entry = page["entries"][0]
        return page if entry["state"] == "will not be replicated" else None

    page = poll(settled, "the replication watermark to pass the object's second")
    assert _keys(page) == ["a/1.txt"]
    assert page["entries"][0]["difference"] == "different"
    assert page["entries"][0]["reason"].startswith("already replicated; changed in the destination")


def test_paging_with_limit_and_marker(scene: Scene, capsys: pytest.CaptureFixture[str]) -> None:
    _code, first = _json(scene, capsys, "--limit", "3")
    assert _keys(first) == ["a/1.txt", "a/2.txt", "b/1.txt"]
    assert first["next_marker"] == "b/1.txt"
    code, second = _json(scene, capsys, "--limit", "3", "--marker", first["next_marker"])
    assert code == 1 and _keys(second) == ["b/2.txt"] and second["next_marker"] == ""

    # The scan cap bounds a page too; a marker past every prefix leaves nothing to compare.
    _code, capped = _json(scene, capsys, "--scan-limit", "1")
    assert (capped["scanned"], _keys(capped), capped["next_marker"]) == (1, ["a/1.txt"], "a/1.txt")
    code, past = _json(scene, capsys, "--marker", "b/2.txt")
    assert code == 0 and past["scanned"] == 0 and past["next_marker"] == ""

    assert _diff(scene.cloud, "--limit", "2") == 1
    out = capsys.readouterr().out
    assert (
        f"next page: srrtui diff {SRC} r1 --limit 2 --marker a/2.txt "
        "(and the same connection options)"
    ) in out


def test_unknown_rule_id_lists_the_bucket_rules(
    scene: Scene, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _diff(scene.cloud, rule="nope") == 2
    assert capsys.readouterr().err == (
        f"error: no rule 'nope' on bucket '{SRC}'; its rules: r1 (-> {DST})\n"
    )
    assert _diff(scene.cloud, bucket=DST, rule="r1") == 2
    assert "it has no replication rules" in capsys.readouterr().err
    assert _diff(scene.cloud, "--json", rule="nope") == 2
    document = valid("diff", json.loads(capsys.readouterr().out), "failure")
    assert document["error"]["code"] == "NoSuchReplicationRule"
    assert document["error"]["field"] == "rule_id"
    assert document["rules"] == [{"rule_id": "r1", "destination": DST}]
    with pytest.raises(SystemExit) as exited:
        _diff(scene.cloud, "--limit", "0")
    assert exited.value.code == 2


def test_cloud_error_prints_code_and_request_id(
    scene: Scene, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _diff(scene.cloud, "--json", bucket="no-such-bucket") == 4
    captured = capsys.readouterr()
    error = valid("diff", json.loads(captured.out), "failure")["error"]
    assert error["code"] == "NoSuchBucket" and error["request_id"]
    assert error["http_status"] == 404 and error["operation"] == "GetBucketReplication"
    assert captured.err.startswith("error: NoSuchBucket: ")
    assert f"(RequestId {error['request_id']})" in captured.err


def test_objects_outside_the_rule_scope_are_apart_and_do_not_change_the_exit_status(
    local_cloud: LocalCloud, capsys: pytest.CaptureFixture[str], scene: Scene
) -> None:
    # Every object the tag filter takes is copied; the one it leaves out differs, as expected.
    src, _dst = new_bucket(local_cloud, "tagged-src"), new_bucket(local_cloud, "tagged-dst")
    src.put_object("prod.txt", b"copied", headers={"x-oss-tagging": "env=prod"})
    src.put_object("dev.txt", b"left out", headers={"x-oss-tagging": "env=dev"})
    prod_only = TagFilter((Tag("env", "prod"),), TagMatch.ALL, True)
    add_rule(local_cloud, "tagged-src", "t1", "tagged-dst", tag_filter=prod_only)
    wait_rule(local_cloud, "tagged-src", "t1", caught_up, "caught up")

    assert _diff(local_cloud, bucket="tagged-src", rule="t1") == 0
    assert capsys.readouterr().out.splitlines() == [
        "nothing in the rule's scope differs: 2 objects of tagged-src compared with tagged-dst",
        "1 object outside the rule's scope not listed (expected to differ, not counted; "
        "--all lists them)",
    ]
    assert _diff(local_cloud, "--all", bucket="tagged-src", rule="t1") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1:3] == ["", "outside the rule's scope (1 object, not counted):"]
    assert re.split(r"\s{2,}", lines[4]) == [
        "dev.txt",
        "8 B",
        "missing",
        "will not be replicated",
        "outside the rule's tag filter",
    ]
    code = _diff(local_cloud, "--json", bucket="tagged-src", rule="t1")
    page = valid("diff", json.loads(capsys.readouterr().out), "page")
    assert code == page["exit_code"] == 0
    assert [(e["key"], e["in_scope"]) for e in page["entries"]] == [("dev.txt", False)]
