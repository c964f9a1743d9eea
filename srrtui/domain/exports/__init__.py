"""Exports of a plan for tools users already know, each standing on its own: a Terraform
configuration, a POSIX shell script (aliyun CLI + ossutil 1.x or 2.x) and a Python script.
None embeds a secret. One module per format; ``ExportText`` says what a format cannot carry.
"""

from __future__ import annotations

from dataclasses import replace

from srrtui.domain.exports.python_script import python_script
from srrtui.domain.exports.result import ExportText
from srrtui.domain.exports.shell import shell_script
from srrtui.domain.exports.system_policies import system_policy_text
from srrtui.domain.exports.terraform import terraform_config
from srrtui.domain.plan import NEW_ROLE_PREFIX, ReplicationPlan, RoleChoice, RoleKind

__all__ = [
    "ExportText",
    "adopting_plan",
    "export_tabs",
    "python_script",
    "shell_script",
    "system_policy_text",
    "terraform_config",
]


def adopting_plan(plan: ReplicationPlan) -> ReplicationPlan:
    """The plan of an existing rule (``plan_from_rule``), for exports that adopt it: a role named
    like the ones srrtui creates (``oss-replication-<uuid>``) comes with the policy srrtui made
    for it, so Terraform imports role, policy and attachment instead of looking the role up."""
    if plan.role.kind is RoleKind.CUSTOM and plan.role.name.startswith(NEW_ROLE_PREFIX):
        return replace(plan, role=RoleChoice(RoleKind.NEW, plan.role.name))
    return plan


def export_tabs(plan: ReplicationPlan, *, import_rule_id: str = "") -> dict[str, str]:
    """Every export by tab name, as the wizard's review and watch's rule details show them (the
    same texts as ``srrtui plan render``; Terraform's losses are named at the top of its file).
    ``import_rule_id``: the rule exists, so Terraform adopts it with import blocks."""
    return {
        "Terraform": terraform_config(plan, import_rule_id=import_rule_id).text,
        "Shell, ossutil 2": shell_script(plan, ossutil=2).text,
        "Shell, ossutil 1": shell_script(plan, ossutil=1).text,
        "Python": python_script(plan).text,
    }
