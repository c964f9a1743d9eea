"""Fixtures: a CloudSession on the local cloud (``local_cloud`` from tests/conftest.py), through
the real SDKs over loopback HTTP.

Retries sleep through ``sleeps.append``, so a test sees every pause and never waits.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from srrtui.cloud.retry import RetryPolicy
from srrtui.cloud.session import CloudSession
from srrtui.cloud.types import Connection
from srrtui.domain.plan import ReplicationPlan
from srrtui.localcloud import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, LocalCloud

SOURCE = "srr-source"
DESTINATION = "srr-destination"


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def policy(sleeps: list[float]) -> RetryPolicy:
    return RetryPolicy(attempts=3, base_delay=0.1, max_delay=1.0, sleep=sleeps.append)


@pytest.fixture
def connection(local_cloud: LocalCloud) -> Connection:
    return Connection(
        endpoint=local_cloud.endpoint,
        region=local_cloud.config.region,
        access_key_id=DEMO_ACCESS_KEY_ID,
        access_key_secret=DEMO_ACCESS_KEY_SECRET,
    )


@pytest.fixture
def session(connection: Connection, policy: RetryPolicy) -> CloudSession:
    return CloudSession(connection, policy=policy)


@pytest.fixture
def raw_bucket(local_cloud: LocalCloud) -> Callable[[str], Any]:
    """A plain oss2 Bucket for setting the scene (creating buckets, writing objects)."""
    import oss2

    auth = oss2.AuthV4(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)

    def make(name: str) -> Any:
        return oss2.Bucket(auth, local_cloud.endpoint, name, region=local_cloud.config.region)

    return make


@pytest.fixture
def buckets(raw_bucket: Callable[[str], Any]) -> tuple[Any, Any]:
    source, destination = raw_bucket(SOURCE), raw_bucket(DESTINATION)
    source.create_bucket()
    destination.create_bucket()
    return source, destination


@pytest.fixture
def plan(local_cloud: LocalCloud) -> ReplicationPlan:
    return ReplicationPlan(
        source_bucket=SOURCE,
        source_region=local_cloud.config.region,
        destination_bucket=DESTINATION,
        historical=False,
    )
