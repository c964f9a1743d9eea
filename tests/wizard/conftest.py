"""Fixtures for the wizard's tests: a demo local cloud (shared by read-only snapshot tests, fresh
for flows that write), services with a fixed clock and no cursor blink, in-memory keyrings."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from demo_seed import copy_demo_seed

from srrtui.localcloud import LocalCloud


@pytest.fixture(autouse=True)
def _quick_idle(quick_idle_checks: None) -> None:
    """Pilot's idle checks in 2 ms slices (tests/conftest.py)."""


@pytest.fixture(scope="session")
def shared_demo_cloud(
    demo_seed: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LocalCloud]:
    """The demo seed, started once: for tests that only read (snapshots of lists and forms). Its
    seeded rule stays "starting": copying its objects would only load the core the tests use."""
    data = copy_demo_seed(demo_seed, tmp_path_factory.mktemp("demo") / "cloud")
    with LocalCloud(data, seed="demo", start_delay=86_400.0) as cloud:
        yield cloud


@pytest.fixture
def demo_cloud(demo_seed_copy) -> Iterator[LocalCloud]:  # noqa: ANN001
    """A fresh demo cloud for a flow that writes (versioning, roles, rules). Its rules copy at the
    demo's own 20 objects a second: at 1,000 the seeded rule's ~1,200 objects kept the replication
    engine busy for the first seconds of every flow, on a core the test itself needed (a fifth of
    the wizard tests' time; no flow waits for a whole historical copy)."""
    with LocalCloud(
        demo_seed_copy("cloud"), seed="demo", start_delay=0.05, replication_rate=20.0
    ) as cloud:
        yield cloud


@pytest.fixture
def memory_keyring() -> Iterator[object]:
    """A working keyring that lives in a dict, installed the way a system one is."""
    import keyring
    from keyring.backend import KeyringBackend

    class MemoryKeyring(KeyringBackend):
        priority = -1  # type: ignore[assignment]

        def __init__(self) -> None:
            super().__init__()
            self.entries: dict[tuple[str, str], str] = {}

        def get_password(self, service: str, username: str) -> str | None:
            return self.entries.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            self.entries[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            self.entries.pop((service, username), None)

    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def no_keyring() -> Iterator[None]:
    """keyring's own 'fail' backend: what a headless machine without Secret Service has."""
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


@pytest.fixture
def slow_keyring() -> Iterator[threading.Event]:
    """A keyring that answers nothing until the test sets the event it yields: the credentials
    step's profiles-and-keyring check stays running meanwhile (as over SSH, where a locked
    keyring waits for an unlock prompt). Set on the way out, so no probe is left waiting."""
    import keyring
    from keyring.backend import KeyringBackend

    answer = threading.Event()

    class SlowKeyring(KeyringBackend):
        priority = -1  # type: ignore[assignment]

        def get_password(self, service: str, username: str) -> str | None:
            answer.wait(60)
            return None

        def set_password(self, service: str, username: str, password: str) -> None:
            answer.wait(60)

        def delete_password(self, service: str, username: str) -> None:
            answer.wait(60)

    previous = keyring.get_keyring()
    keyring.set_keyring(SlowKeyring())
    try:
        yield answer
    finally:
        answer.set()
        keyring.set_keyring(previous)
