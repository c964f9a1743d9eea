"""Fixtures shared by every test package: a real local cloud on a free loopback port, and oss2
clients signed with its demo key (V1 ``oss2.Auth`` or V4 ``oss2.ProviderAuthV4`` with region)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from demo_seed import copy_demo_seed
from hypothesis import settings

from srrtui import language
from srrtui.localcloud import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, LocalCloud

# Tests talk to 127.0.0.1 only: the credential chain's last link, the ECS metadata service at
# 100.100.100.200, stays off unless a test turns it on inside its own network namespace.
os.environ["ALIBABA_CLOUD_ECS_METADATA_DISABLED"] = "true"
# The tests read English unless they choose Chinese themselves (--lang, or language.activate):
# a machine whose LANG is zh_CN.UTF-8 must not turn every srrtui the tests start into Chinese.
os.environ["SRRTUI_LANG"] = "en"
# Hypothesis's default 200 ms deadline per example measures the machine, not the code: on CI's
# two busy cores a round trip of a plan file went over it. The examples still run in full.
settings.register_profile("srrtui", deadline=None)
settings.load_profile("srrtui")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that compares a screen with its SVG is marked ``snapshot``: CI runs them on the
    locked Textual only (.ci/constraints.txt), not in the lowest-versions run."""
    for item in items:
        if "snap_compare" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.snapshot)


@pytest.fixture
def chinese() -> Iterator[None]:
    """The words in Simplified Chinese for one test, English again after it."""
    language.activate(language.CHINESE)
    yield
    language.activate(language.ENGLISH)


@pytest.fixture
def quick_idle_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pilot waits for "idle" after every key by sleeping in 20 ms slices until a slice passes
    without CPU use (textual/_wait.py), so each key costs 40-100 ms, and more while the local
    cloud's threads work in the same process. 2 ms slices keep the same test (a slice with
    next to no CPU use) and make the walks several times faster. textual is pinned exactly.
    The wizard and watch tests turn it on for all their tests (their conftest.py)."""
    import textual._wait as wait

    monkeypatch.setattr(wait, "SLEEP_GRANULARITY", 0.002)
    monkeypatch.setattr(wait, "SLEEP_IDLE", 0.002 / 20)


@pytest.fixture
def local_cloud(tmp_path: Path) -> Iterator[LocalCloud]:
    """An empty local cloud (cn-hangzhou, demo key pair, rules start after 50 ms)."""
    with LocalCloud(tmp_path / "cloud", start_delay=0.05, replication_rate=1000.0) as cloud:
        yield cloud


@pytest.fixture(params=["v1", "v4"])
def oss_auth(request: pytest.FixtureRequest):  # noqa: ANN201 - an oss2 auth object
    """The demo key as oss2 V1 and V4 auth: tests using it run once per signature version."""
    import oss2

    if request.param == "v1":
        return oss2.Auth(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)
    provider = oss2.credentials.StaticCredentialsProvider(
        DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET
    )
    return oss2.ProviderAuthV4(provider)


@pytest.fixture
def oss_bucket(local_cloud: LocalCloud, oss_auth) -> Callable[..., object]:  # noqa: ANN001
    """``oss_bucket(name, create=True)`` -> an ``oss2.Bucket`` on the local cloud."""
    import oss2

    def make(name: str, *, create: bool = True) -> oss2.Bucket:
        bucket = oss2.Bucket(oss_auth, local_cloud.endpoint, name, region=local_cloud.config.region)
        if create:
            bucket.create_bucket()
        return bucket

    return make


@pytest.fixture
def oss_service(local_cloud: LocalCloud, oss_auth):  # noqa: ANN001, ANN201 - an oss2.Service
    import oss2

    return oss2.Service(oss_auth, local_cloud.endpoint, region=local_cloud.config.region)


@pytest.fixture(scope="session")
def demo_seed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory holding the demo seed (cn-hangzhou, demo account), written once per
    session (per xdist worker): seeding ~1,200 objects costs seconds, copying the files does not.
    Only copies of it are ever started (``demo_seed_copy``)."""
    data = tmp_path_factory.mktemp("demo-seed")
    with LocalCloud(data, seed="demo", start_delay=86_400.0, replication_rate=0):
        pass  # stop() checkpoints the WAL into cloud.sqlite3
    return data


@pytest.fixture
def demo_seed_copy(demo_seed: Path, tmp_path: Path) -> Callable[[str], Path]:
    """``demo_seed_copy(name)`` -> a fresh copy of the demo seed under ``tmp_path / name``, to
    start with ``LocalCloud(copy, seed="demo", ...)`` (the seed is found and not written again)."""
    return lambda name: copy_demo_seed(demo_seed, tmp_path / name)
