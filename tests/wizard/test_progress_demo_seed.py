"""The progress pane on the demo seed's multipart object and its objects with an ACL
(srrtui/localcloud/seed/demo.py ``_seed_acls_and_multipart``): a rule for exactly their
folders counts them at preflight, the pane follows their copy to "Done", and the replicas keep
the multipart ETag and each ACL (data-replication docs: the ACL is replicated)."""

from __future__ import annotations

import time

import oss2
from textual.pilot import Pilot
from wizard_helpers import (
    DEMO_PLAN,
    confirm_enable,
    demo_app,
    goto,
    next_,
    settle,
    step,
    wait_until,
)

from srrtui.localcloud import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, LocalCloud

SEEDED = {
    "private/payroll.csv": "private",
    "public/index.html": "public-read",
    "public/logo.svg": "public-read",
    "videos/intro.mp4": "default",
}
# demo-logs: another bucket of the seed, unversioned like demo-photos (the seed's own rule
# already joins demo-photos to demo-photos-backup, and OSS allows one rule per pair).
PLAN = DEMO_PLAN.with_changes(
    destination_bucket="demo-logs",
    prefixes=("private/", "public/", "videos/"),
    historical=True,
    rule_id="seeded-multipart-and-acls",
)


def _text(pilot: Pilot, selector: str) -> str:
    return str(pilot.app.screen.query_one(selector).render())


async def _until_done(pilot: Pilot, timeout: float = 20.0) -> None:
    """Refresh (r) until the pane says every object was copied: the services' clock is frozen,
    so the pane polls only when asked."""
    deadline = time.monotonic() + timeout
    while "✓ Done" not in _text(pilot, "#progress-rate"):
        if time.monotonic() > deadline:
            raise AssertionError(f"the pane never said Done: {_text(pilot, '#progress-rate')}")
        await pilot.press("r")
        await settle(pilot, 0.1)


async def test_progress_pane_follows_the_seeded_multipart_and_acl_objects(
    demo_cloud: LocalCloud, tmp_path
) -> None:  # noqa: ANN001
    app = demo_app(demo_cloud, tmp_path / "app")
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(pilot, "review", PLAN)
        await wait_until(pilot, lambda: app.wizard.current.report is not None, "the preflight")  # type: ignore[attr-defined]
        assert app.ctx.scope is not None and app.ctx.scope[0] == len(SEEDED)  # type: ignore[attr-defined]
        await confirm_enable(pilot)
        await wait_until(pilot, lambda: app.ctx.rule_created, "the rule to be created")  # type: ignore[attr-defined]
        await next_(pilot)
        assert step(pilot) == "progress"
        await _until_done(pilot)
        estimate = _text(pilot, "#progress-estimate")
        assert f"about {len(SEEDED)} of {len(SEEDED)} objects" in estimate, estimate
    auth = oss2.Auth(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)
    source = oss2.Bucket(auth, demo_cloud.endpoint, "demo-photos")
    replica = oss2.Bucket(auth, demo_cloud.endpoint, "demo-logs")
    for key, acl in SEEDED.items():
        assert replica.get_object_acl(key).acl == acl
        assert replica.head_object(key).etag == source.head_object(key).etag
    assert replica.head_object("videos/intro.mp4").etag.endswith("-3")  # the three parts
