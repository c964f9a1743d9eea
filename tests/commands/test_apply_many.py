"""``srrtui apply PLAN... | DIR`` against the local cloud through the real SDKs, with injected
faults: every plan's preflight before any is enabled, one shared role for the plans that want a
new one, retried throttling and 5xx, an exact summary and exit code, Ctrl+C, and a rerun that
creates nothing."""

from __future__ import annotations

import _thread
import json
import threading
import time
from pathlib import Path

import pytest
from apply_helpers import REGION, make_buckets, plan_text, rules, use_demo_keys
from json_contract import valid

from srrtui.cli import main
from srrtui.cloud.session import CloudSession
from srrtui.demo import connection_to
from srrtui.domain.plan import NEW_ROLE_PREFIX, shared_role_name
from srrtui.localcloud import LocalCloud

PLANS = 5


def pair(index: int) -> tuple[str, str]:
    return f"many-src-{index}", f"many-dst-{index}"


@pytest.fixture
def plans(local_cloud: LocalCloud, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder of PLANS plan files, each for its own pair of buckets, all wanting a new role."""
    use_demo_keys(monkeypatch, tmp_path)
    folder = tmp_path / "plans"
    folder.mkdir()
    for index in range(PLANS):
        source, destination = pair(index)
        make_buckets(local_cloud, source, destination)
        (folder / f"plan-{index}.toml").write_text(plan_text(source, destination))
    return folder


def apply(cloud: LocalCloud, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict]:
    argv = ["apply", *args, "--endpoint", cloud.endpoint, "--region", REGION, "--yes", "--json"]
    code = main(argv)
    document = valid("apply", json.loads(capsys.readouterr().out), "document")
    assert document["exit_code"] == code
    return code, document


def outcomes(document: dict) -> dict[str, str]:
    return {Path(p["file"]).name: p["outcome"] for p in document["plans"]}


def new_roles(cloud: LocalCloud) -> list[str]:
    session = CloudSession(connection_to(cloud))
    return sorted(r.name for r in session.list_roles() if r.name.startswith(NEW_ROLE_PREFIX))


def rule_count(cloud: LocalCloud) -> int:
    return sum(len(rules(cloud, pair(index)[0])) for index in range(PLANS))


def test_many_plans_share_one_role_and_a_rerun_creates_nothing(
    local_cloud: LocalCloud, plans: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, first = apply(local_cloud, capsys, str(plans), "--jobs", "3")
    assert code == 0, first
    assert first["summary"]["created"] == PLANS and sum(first["summary"].values()) == PLANS
    shared = shared_role_name(REGION)
    assert first["roles"] == [{"name": shared, "state": "created", "error": None}]
    assert new_roles(local_cloud) == [shared]
    assert {p["sync_role"] for p in first["plans"]} == {shared}
    session = CloudSession(connection_to(local_cloud))
    attached = {p.name for p in session.ram.policies_for_role(shared)}
    assert len(attached) == PLANS  # each plan its own least-privilege policy, 10 at most
    for index in range(PLANS):
        (rule,) = rules(local_cloud, pair(index)[0])
        assert rule.target_bucket_name == pair(index)[1] and rule.sync_role_name == shared

    code, second = apply(local_cloud, capsys, str(plans), "--jobs", "3")
    assert code == 0
    assert set(outcomes(second).values()) == {"existed"}
    assert second["roles"] == [{"name": shared, "state": "existed", "error": None}]
    assert new_roles(local_cloud) == [shared] and rule_count(local_cloud) == PLANS
    assert {p["rule_id"] for p in second["plans"]} == {p["rule_id"] for p in first["plans"]}


def test_more_plans_than_a_role_takes_policies_fill_a_second_shared_role(
    local_cloud: LocalCloud, plans: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """RAM attaches at most 10 custom policies to a role: 12 plans make two shared roles,
    10 + 2, and a rerun finds each plan's policy where it is."""
    for index in range(PLANS, 12):
        source, destination = pair(index)
        make_buckets(local_cloud, source, destination)
        (plans / f"plan-{index}.toml").write_text(plan_text(source, destination))
    code, first = apply(local_cloud, capsys, str(plans), "--jobs", "4")
    assert code == 0 and first["summary"]["created"] == 12
    slots = [shared_role_name(REGION, 0), shared_role_name(REGION, 1)]
    assert sorted(r["name"] for r in first["roles"]) == sorted(slots)
    assert new_roles(local_cloud) == sorted(slots)
    session = CloudSession(connection_to(local_cloud))
    assert [len(session.ram.policies_for_role(name)) for name in slots] == [10, 2]
    assert sum(p["sync_role"] == slots[1] for p in first["plans"]) == 2
    for entry in first["plans"]:
        index = int(Path(entry["file"]).stem.rsplit("-", 1)[1])
        (rule,) = rules(local_cloud, pair(index)[0])
        assert rule.sync_role_name == entry["sync_role"]

    code, second = apply(local_cloud, capsys, str(plans), "--jobs", "4")
    assert code == 0 and set(outcomes(second).values()) == {"existed"}
    assert [p["sync_role"] for p in second["plans"]] == [p["sync_role"] for p in first["plans"]]
    assert [len(session.ram.policies_for_role(name)) for name in slots] == [10, 2]


def test_throttling_and_5xx_are_retried_and_nothing_is_duplicated(
    local_cloud: LocalCloud, plans: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    local_cloud.faults.inject("CreatePolicy", kind="throttle", count=2)
    local_cloud.faults.inject("PutBucketReplication", kind="503", count=1)
    local_cloud.faults.inject("GetBucket", kind="500", count=1)
    code, document = apply(local_cloud, capsys, str(plans), "--jobs", "2")
    assert code == 0, document
    assert set(outcomes(document).values()) == {"created"}
    fired = [(f.api, f.kind) for f in local_cloud.faults.fired]
    assert fired.count(("CreatePolicy", "throttle")) == 2
    assert ("PutBucketReplication", "503") in fired
    assert rule_count(local_cloud) == PLANS and len(new_roles(local_cloud)) == 1


def test_a_cloud_error_on_one_plan_fails_only_that_plan_with_exit_4(
    local_cloud: LocalCloud, plans: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # One plan at a time: the first PutBucketReplication gets 503 on every try it makes.
    local_cloud.faults.inject("PutBucketReplication", kind="503", count=4)
    code, document = apply(local_cloud, capsys, str(plans), "--jobs", "1")
    assert code == 4
    assert document["summary"]["failed"] == 1 and document["summary"]["created"] == PLANS - 1
    (failed,) = [p for p in document["plans"] if p["outcome"] == "failed"]
    assert failed["file"].endswith("plan-0.toml") and "ServiceUnavailable" in failed["reason"]
    step = next(s for s in failed["steps"] if s["state"] == "failed")
    assert step["error"]["code"] == "ServiceUnavailable" and step["error"]["http_status"] == 503
    assert step["error"]["request_id"]
    assert rules(local_cloud, pair(0)[0]) == [] and rule_count(local_cloud) == PLANS - 1

    code, again = apply(local_cloud, capsys, str(plans))
    assert code == 0
    assert outcomes(again) == {
        f"plan-{i}.toml": "created" if i == 0 else "existed" for i in range(PLANS)
    }
    assert rule_count(local_cloud) == PLANS and len(new_roles(local_cloud)) == 1


def test_a_plan_with_a_bad_role_stops_every_plan_unless_keep_going(
    local_cloud: LocalCloud, plans: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, destination = "many-src-bad", "many-dst-bad"
    make_buckets(local_cloud, source, destination)
    (plans / "plan-bad.toml").write_text(plan_text(source, destination, role="no-such-role"))
    code, document = apply(local_cloud, capsys, str(plans))
    assert code == 3
    assert outcomes(document)["plan-bad.toml"] == "preflight-failed"
    assert (
        "no-such-role"
        in next(p for p in document["plans"] if p["file"].endswith("bad.toml"))["reason"]
    )
    assert document["summary"]["not-started"] == PLANS
    assert rule_count(local_cloud) == 0 and new_roles(local_cloud) == []

    code, document = apply(local_cloud, capsys, str(plans), "--keep-going")
    assert code == 3
    assert document["summary"] == {
        "created": PLANS,
        "existed": 0,
        "checked": 0,
        "invalid": 0,
        "preflight-failed": 1,
        "failed": 0,
        "not-started": 0,
    }
    assert rule_count(local_cloud) == PLANS and rules(local_cloud, source) == []


def test_human_output_ends_with_a_table_per_plan(
    local_cloud: LocalCloud, plans: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["apply", str(plans), "--endpoint", local_cloud.endpoint, "--region", REGION, "--yes"]
    assert main(argv) == 0
    captured = capsys.readouterr()
    # A warning every plan shares is said once, with the count.
    assert captured.err.count("sync.historical") == 1
    assert f"warning: {PLANS} plans: sync.historical: " in captured.err
    out = captured.out.splitlines()
    header = out.index(next(line for line in out if line.startswith("PLAN ")))
    table = out[header + 1 : header + 1 + PLANS]
    assert [line.split()[0] for line in table] == [
        str(plans / f"plan-{i}.toml") for i in range(PLANS)
    ]
    assert all("  created  rule " in line for line in table), table
    assert out[-1] == f"{PLANS} plans: {PLANS} created"


def test_ctrl_c_starts_nothing_new_and_reports_what_was_done(
    local_cloud: LocalCloud, plans: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With one plan at a time and slow rule puts, Ctrl+C once the first rule exists: the plan
    running then finishes, no other starts, and the report matches what the cloud has."""
    local_cloud.faults.inject("PutBucketReplication", kind="latency", delay=0.4, count=PLANS)

    def interrupt_after_the_first_rule() -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not rules(local_cloud, pair(0)[0]):
            time.sleep(0.02)
        _thread.interrupt_main()

    watcher = threading.Thread(target=interrupt_after_the_first_rule, daemon=True)
    watcher.start()
    code, document = apply(local_cloud, capsys, str(plans), "--jobs", "1")
    watcher.join(5)
    assert code == 130 and document["interrupted"] is True
    made = [p for p in document["plans"] if p["outcome"] == "created"]
    assert 1 <= len(made) < PLANS
    assert document["summary"]["not-started"] == PLANS - len(made)
    assert rule_count(local_cloud) == len(made)
    for entry in made:
        index = int(Path(entry["file"]).stem.rsplit("-", 1)[1])
        assert [r.rule_id for r in rules(local_cloud, pair(index)[0])] == [entry["rule_id"]]


def test_plans_unfit_for_one_run_are_invalid_and_nothing_starts(
    local_cloud: LocalCloud, plans: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A second plan of the same pair, a plan of another region, an empty folder: each is an
    invalid plan naming its field (exit 2), and no plan starts without --keep-going. A file
    named twice runs once."""
    (plans / "plan-again.toml").write_text(plan_text(*pair(0)))
    (plans / "plan-beijing.toml").write_text(
        plan_text("bj-src", "bj-dst").replace(REGION, "cn-beijing")
    )
    empty = tmp_path / "empty"
    empty.mkdir()
    code, document = apply(local_cloud, capsys, str(plans), str(empty), str(plans / "plan-1.toml"))
    assert code == 2
    by_name = {Path(p["file"]).name: p for p in document["plans"]}
    assert len(by_name) == PLANS + 3
    assert by_name["plan-again.toml"]["problems"][0]["code"] == "duplicate-plan"
    assert by_name["plan-beijing.toml"]["problems"][0]["field"] == "source.region"
    assert by_name["empty"]["problems"][0]["field"] == "file"
    assert document["summary"]["invalid"] == 3 and document["summary"]["not-started"] == PLANS
    assert rule_count(local_cloud) == 0

    code, document = apply(local_cloud, capsys, str(plans), "--keep-going")
    assert code == 2 and document["summary"]["created"] == PLANS
    assert rule_count(local_cloud) == PLANS


def test_timeout_bounds_each_plan_not_the_whole_run(
    local_cloud: LocalCloud, plans: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Slow answers make the run take longer than --timeout, while each plan's calls stay
    well within it: every plan is created."""
    local_cloud.faults.inject("GetBucketInfo", kind="latency", delay=0.35, count=2 * PLANS)
    started = time.monotonic()
    code, document = apply(local_cloud, capsys, str(plans), "--jobs", "1", "--timeout", "3")
    assert time.monotonic() - started > 3, "the run did not outlast one --timeout"
    assert code == 0, document
    assert document["summary"]["created"] == PLANS


def test_a_deadline_restarts_with_its_whole_time() -> None:
    from srrtui.cloud.retry import Deadline

    now = [100.0]
    deadline = Deadline(5.0, clock=lambda: now[0])
    now[0] = 104.0
    assert deadline.left() == 1.0
    deadline.restart()
    assert deadline.left() == 5.0
