"""Fixtures for the replication tests: oss2 buckets (V1) and the real RAM SDK on a local cloud.

The shared ``local_cloud`` (tests/conftest.py) starts rules after 50 ms and copies 1000
objects/s; ``make_cloud`` starts others (slower rates, longer start delays, a data directory
reused across a restart) and stops them at the end of the test.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import oss2
import pytest
from alibabacloud_ram20150501.client import Client as RamClient
from repl_helpers import bucket_on, ram_client_for

from srrtui.localcloud import LocalCloud


@pytest.fixture
def make_cloud(tmp_path: Path) -> Iterator[Callable[..., LocalCloud]]:
    started: list[LocalCloud] = []

    def make(data_dir: Path | None = None, **options: object) -> LocalCloud:
        options.setdefault("start_delay", 0.05)
        options.setdefault("replication_rate", 1000.0)
        cloud = LocalCloud(data_dir or tmp_path / f"cloud{len(started)}", **options).start()
        started.append(cloud)
        return cloud

    yield make
    for cloud in started:
        cloud.stop()


@pytest.fixture
def bucket(local_cloud: LocalCloud) -> Callable[..., oss2.Bucket]:
    """``bucket(name, create=True, versioned=False)`` -> an oss2.Bucket (V1) on local_cloud."""

    def make(name: str, *, create: bool = True, versioned: bool = False) -> oss2.Bucket:
        return bucket_on(local_cloud, name, create=create, versioned=versioned)

    return make


@pytest.fixture
def ram_client(local_cloud: LocalCloud) -> RamClient:
    return ram_client_for(local_cloud)
