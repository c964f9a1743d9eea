"""Helpers for the ``srrtui diff`` tests: a scene on the local cloud (buckets written through
oss2, roles and policies through srrtui's RAM adapter and the RAM SDK), rules added through the
local cloud's replication store, and waiting on the rule's admin view with a deadline."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import oss2

from srrtui.cloud.session import CloudSession
from srrtui.cloud.types import Connection
from srrtui.domain.plan import DeleteMode
from srrtui.domain.policies import document_json, trust_policy_json
from srrtui.domain.rules import RuleConfig
from srrtui.localcloud import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, LocalCloud


def session_for(cloud: LocalCloud) -> CloudSession:
    return CloudSession(
        Connection(
            endpoint=cloud.endpoint,
            region=cloud.config.region,
            access_key_id=DEMO_ACCESS_KEY_ID,
            access_key_secret=DEMO_ACCESS_KEY_SECRET,
            ram_endpoint=cloud.endpoint,
        )
    )


def new_bucket(cloud: LocalCloud, name: str, *, create: bool = True) -> oss2.Bucket:
    auth = oss2.AuthV4(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)
    bucket = oss2.Bucket(auth, cloud.endpoint, name, region=cloud.config.region)
    if create:
        bucket.create_bucket()
    return bucket


def add_rule(cloud: LocalCloud, source: str, rule_id: str, destination: str, **kw: Any) -> str:
    """A rule straight into the local cloud's store (the API's checks are tested elsewhere)."""
    kw.setdefault("action", DeleteMode.PUT_ONLY)
    rule = RuleConfig(
        rule_id=rule_id,
        destination_bucket=destination,
        destination_location=f"oss-{cloud.config.region}",
        **kw,
    )
    return cloud.replication.add_rule(source, rule).rule_id


def role_with_grants(
    session: CloudSession, role: str, grants: list[tuple[str, list[str]]]
) -> Callable[[str, list[tuple[str, list[str]]]], None]:
    """Create ``role`` with a policy of ``(action, resources)`` grants (none: the role can do
    nothing, so a rule using it is blocked). Returns ``grant(policy_name, grants)`` to attach
    another policy later."""
    session.ram.create_role(role, trust_policy_json(indent=None), "srrtui diff tests")

    def grant(policy: str, more: list[tuple[str, list[str]]]) -> None:
        statements = [{"Effect": "Allow", "Action": [a], "Resource": r} for a, r in more]
        document = document_json({"Version": "1", "Statement": statements}, indent=None)
        session.ram.create_policy(policy, document, "srrtui diff tests")
        session.ram.attach_policy(role, policy)

    if grants:
        grant(f"{role}-policy", grants)
    return grant


def wait_rule(
    cloud: LocalCloud, source: str, rule_id: str, check: Callable[[dict], bool], what: str
) -> dict:
    """Poll the rule's admin view until ``check`` holds."""

    def state() -> dict | None:
        found = cloud.replication.rule_state(source, rule_id)
        return found if found is not None and check(found) else None

    return poll(state, f"rule {rule_id}: {what}", timeout=10.0)


def caught_up(state: dict) -> bool:
    history = state["historical"]
    return (
        state["status"] == "doing"
        and not state["pending_events"]
        and not state["blocked"]
        and history["done"] == history["total"]
    )


def blocked(state: dict) -> bool:
    return bool(state["blocked"])


def poll(check: Callable[[], Any], what: str, timeout: float = 5.0) -> Any:
    """Call ``check`` until it returns something truthy (e.g. a clock second to pass)."""
    deadline = time.monotonic() + timeout
    while not (value := check()):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.02)
    return value
