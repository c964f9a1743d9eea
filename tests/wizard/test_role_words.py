"""The role step in the console's words: the system policies the console attaches and the RAM
permissions creating the role needs."""

from __future__ import annotations

from textual.widgets import Static
from wizard_helpers import DEMO_PLAN, demo_app, goto

from srrtui.domain.plan import KmsChoice
from srrtui.localcloud.seed.demo import DEMO_REPLICA_KMS_KEY_ID


async def test_the_new_role_names_console_policies_and_ram_permissions(
    shared_demo_cloud, tmp_path
) -> None:
    kms = KmsChoice(replicate=True, cmk_id=DEMO_REPLICA_KMS_KEY_ID)
    app = demo_app(shared_demo_cloud, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await goto(pilot, "role", DEMO_PLAN.with_changes(kms=kms))
        detail = " ".join(str(app.screen.query_one("#role-detail", Static).render()).split())
        assert (
            "The console attaches the system policies AliyunOSSFullAccess and "
            "AliyunKMSCryptoUserAccess instead."
        ) in detail
        assert (
            "Creating it needs these RAM permissions: ram:GetRole, ram:CreateRole, "
            "ram:GetPolicy, ram:CreatePolicy, ram:ListPoliciesForRole, ram:AttachPolicyToRole. "
            "Review checks them against your own RAM policies before anything is written."
        ) in detail
        await pilot.press("down", "down", "space")  # an existing role of mine
        help_text = app.wizard.current.help_text()  # type: ignore[attr-defined]
        assert "AliyunOSSFullAccess and AliyunKMSFullAccess" in help_text
        assert "ram:ListRoles" in help_text
