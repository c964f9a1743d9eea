"""The local cloud (tests/conftest.py ``local_cloud``) with the reliability bucket in it."""

from __future__ import annotations

import pytest
from reliability_wire import bucket

from srrtui.localcloud import LocalCloud


@pytest.fixture
def cloud(local_cloud: LocalCloud) -> LocalCloud:
    bucket(local_cloud.endpoint).create_bucket()
    return local_cloud
