"""The KMS step checks a typed key with KMS (DescribeKey) before Next goes on, as the review's
preflight would: an unknown or disabled key is refused on the step, a good one goes through."""

from __future__ import annotations

from textual.widgets import Input, Static
from wizard_helpers import DEMO_PLAN, demo_app, goto, next_, settle, step, wait_until

from srrtui.domain.plan import KmsChoice
from srrtui.localcloud.seed.demo import DEMO_DISABLED_KMS_KEY_ID, DEMO_REPLICA_KMS_KEY_ID


def check_line(pilot) -> str:  # noqa: ANN001 - a Pilot
    line = pilot.app.screen.query_one("#kms-check", Static)
    return str(line.render()) if line.display else ""


async def test_an_unknown_or_disabled_key_is_refused_on_the_step(
    shared_demo_cloud, tmp_path
) -> None:
    plan = DEMO_PLAN.with_changes(kms=KmsChoice(replicate=True, cmk_id="key-nope-0001"))
    app = demo_app(shared_demo_cloud, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await goto(pilot, "kms", plan)
        await next_(pilot)
        await wait_until(pilot, lambda: check_line(pilot).startswith("✗"), "the key's verdict")
        assert step(pilot) == "kms"
        assert check_line(pilot) == (
            "✗ KMS has no key key-nope-0001 in cn-hangzhou: pick one from the list or check the ID."
        )
        await next_(pilot)
        assert step(pilot) == "kms"  # still refused, without asking KMS again

        field = app.screen.query_one("#cmk-id", Input)
        field.value = DEMO_DISABLED_KMS_KEY_ID
        await settle(pilot)
        assert check_line(pilot) == ""  # the verdict was about the other key
        await next_(pilot)
        await wait_until(pilot, lambda: "Disabled" in check_line(pilot), "the disabled verdict")
        assert step(pilot) == "kms"

        field.value = DEMO_REPLICA_KMS_KEY_ID
        await settle(pilot)
        await next_(pilot)
        await wait_until(pilot, lambda: step(pilot) == "role", "Next to go on with a good key")
