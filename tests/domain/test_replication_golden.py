"""Every rendering of the representative plans matches its golden file under tests/golden/.

Rewrite the files after an intended change with ``SRRTUI_UPDATE_GOLDEN=1 pytest tests/domain``
and review the diff.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from srr_domain_samples import DOING_PROGRESS, DOING_RULE, LOCATIONS, PLANS

from srrtui.commands.plan import render
from srrtui.domain import exports, policies
from srrtui.domain.plan import ReplicationPlan
from srrtui.domain.replication_xml import (
    render_put_replication,
    render_replication_config,
    render_replication_location,
    render_replication_progress,
)
from srrtui.domain.rules import RuleProgress, RuleStatus

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
UPDATE = os.environ.get("SRRTUI_UPDATE_GOLDEN") == "1"

RENDERINGS: dict[str, Callable[[ReplicationPlan], str]] = {
    "put.xml": render_put_replication,
    "policy.json": policies.policy_json,
    # What `srrtui plan render --as policy` prints: the document for a new role, else which
    # system policies apply.
    "policy_render.txt": lambda plan: render(plan, "policy").text,
    "ossutil.sh": lambda plan: exports.shell_script(plan, ossutil=2).text,
    "ossutil1.sh": lambda plan: exports.shell_script(plan, ossutil=1).text,
    "terraform.tf": lambda plan: exports.terraform_config(plan).text,
    "terraform_import.tf": lambda plan: (
        exports.terraform_config(plan, import_rule_id="rule-1").text
    ),
    "replicate.py.txt": lambda plan: exports.python_script(plan).text,
}


def assert_golden(relative: str, text: str) -> None:
    path = GOLDEN / relative
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
        return
    assert path.is_file(), f"{path} is missing; run with SRRTUI_UPDATE_GOLDEN=1 to create it"
    assert text == path.read_bytes().decode("utf-8"), f"{relative} differs from its golden file"


@pytest.mark.parametrize("kind", sorted(RENDERINGS))
@pytest.mark.parametrize("plan_name", sorted(PLANS))
def test_plan_rendering_matches_golden(plan_name: str, kind: str) -> None:
    assert_golden(f"{plan_name}/{kind}", RENDERINGS[kind](PLANS[plan_name]))


def test_trust_policy_matches_golden() -> None:
    assert_golden("trust_policy.json", policies.trust_policy_json())


def test_response_renderings_match_golden() -> None:
    closing = replace(DOING_RULE, status=RuleStatus.CLOSING)
    assert_golden("responses/replication_config.xml", render_replication_config([DOING_RULE]))
    assert_golden("responses/replication_config_empty.xml", render_replication_config([]))
    assert_golden(
        "responses/replication_config_two.xml", render_replication_config([DOING_RULE, closing])
    )
    assert_golden("responses/progress_doing.xml", render_replication_progress(DOING_PROGRESS))
    starting = RuleProgress(rule=replace(DOING_RULE, status=RuleStatus.STARTING))
    assert_golden("responses/progress_starting.xml", render_replication_progress(starting))
    assert_golden("responses/location.xml", render_replication_location(LOCATIONS))


def test_renderings_are_deterministic() -> None:
    for plan in PLANS.values():
        for rendering in RENDERINGS.values():
            assert rendering(plan) == rendering(plan)
