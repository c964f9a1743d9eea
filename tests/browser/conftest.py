"""A running ``srrtui serve --demo`` for the browser and HTTP tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from served import Served, private_env


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    server = Served(["--demo"], private_env(tmp_path))
    try:
        yield server
    finally:
        server.stop()
