"""The wizard's progress pane on keys from a credentials URI that expire every two seconds: the
rule is created through the wizard (review, confirmation, enable) and the pane then polls for six
key lifetimes with no error shown, because the cloud layer asks the library's provider for keys
before each request (srrtui.cloud.oss ``_LibraryCredentials``), as ``srrtui watch`` does."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from watch_run import KEY_LIFETIME, LIFETIMES
from wizard_helpers import DEMO_PLAN, confirm_enable, goto, next_, services, step, wait_until

from srrtui.app import SrrApp
from srrtui.credentials import resolve
from srrtui.localcloud import LocalCloud
from srrtui.screens.services import utc_now

PLAN = DEMO_PLAN.with_changes(
    source_bucket="matrix-src", destination_bucket="matrix-dst", rule_id="srr-expiring-keys"
)


async def test_progress_pane_keeps_polling_on_keys_that_expire_every_two_seconds(
    cloud: LocalCloud, credentials_uri: Any, tmp_path: Path
) -> None:
    env = {
        "HOME": str(tmp_path),
        "SRRTUI_CONFIG_DIR": str(tmp_path / "config"),
        "ALIBABA_CLOUD_CREDENTIALS_URI": credentials_uri.uri,
        "ALIBABA_CLOUD_ECS_METADATA_DISABLED": "true",
    }
    found = resolve(None, env=env)
    assert found.kind == "credentials-uri" and found.provider is not None
    connection = found.to_connection(
        region="cn-hangzhou", endpoint=cloud.endpoint, ram_endpoint=cloud.endpoint
    )
    # The real clock: the pane polls when its next poll is due by it, every second here.
    app = SrrApp(
        services(tmp_path / "app", connection=connection, clock=utc_now, poll_interval=1.0)
    )
    keys = cloud.config.temporary_keys
    async with app.run_test(size=(100, 30)) as pilot:
        await goto(pilot, "review", PLAN)
        panel: Any = app.wizard.current  # type: ignore[attr-defined]
        await wait_until(pilot, lambda: panel.report is not None, "the preflight", timeout=30)
        await confirm_enable(pilot)
        created = lambda: app.ctx.rule_created  # type: ignore[attr-defined]  # noqa: E731
        await wait_until(pilot, created, "the rule to be created", timeout=30)
        await next_(pilot)
        assert step(pilot) == "progress"
        pane: Any = app.wizard.current  # type: ignore[attr-defined]
        await wait_until(pilot, lambda: pane.polls.checked_at is not None, "the first poll")
        before, first = len(keys.issued()), pane.polls.checked_at
        polled = {first}
        deadline = time.monotonic() + 60
        while (pane.polls.checked_at - first).total_seconds() < LIFETIMES * KEY_LIFETIME:
            assert time.monotonic() < deadline, f"{len(polled)} polls in 60 s"
            assert (pane.polls.last_error, pane.polls.retrying) == ("", False)
            polled.add(pane.polls.checked_at)
            await pilot.pause(0.1)
        assert (pane.polls.last_error, pane.polls.retrying) == ("", False)
        screen = app.export_screenshot()
    assert len(polled) >= LIFETIMES
    issued = keys.issued()[before:]
    assert len(issued) >= LIFETIMES - 1  # fresh keys along the way
    assert keys.expired_refusals == 0  # and none used once expired
    for key in keys.issued():
        for value in (key.access_key_id, key.secret, key.token):
            assert value not in screen
