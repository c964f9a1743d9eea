"""A local cloud ready for ``srrtui apply``: credentials in the environment as in CI, buckets
made through oss2, plan files written as the wizard saves them."""

from __future__ import annotations

from pathlib import Path

import oss2
import pytest

from srrtui.localcloud import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, LocalCloud

REGION = "cn-hangzhou"


def use_demo_keys(monkeypatch: pytest.MonkeyPatch, home: Path) -> None:
    for name in ("ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("ALIBABA_CLOUD_PROFILE", raising=False)
    monkeypatch.setenv("OSS_ACCESS_KEY_ID", DEMO_ACCESS_KEY_ID)
    monkeypatch.setenv("OSS_ACCESS_KEY_SECRET", DEMO_ACCESS_KEY_SECRET)
    monkeypatch.setenv("SRRTUI_CONFIG_DIR", str(home / "config"))
    monkeypatch.setenv("HOME", str(home / "home"))


def bucket(cloud: LocalCloud, name: str) -> oss2.Bucket:
    auth = oss2.AuthV4(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)
    return oss2.Bucket(auth, cloud.endpoint, name, region=REGION)


def make_buckets(cloud: LocalCloud, *names: str) -> None:
    for name in names:
        bucket(cloud, name).create_bucket()


def plan_text(source: str, destination: str, role: str = "") -> str:
    role_table = f'[role]\nkind = "custom"\nname = "{role}"\n' if role else ""
    return (
        f'version = 1\n[source]\nbucket = "{source}"\nregion = "{REGION}"\n'
        f'[destination]\nbucket = "{destination}"\n[sync]\nhistorical = true\n{role_table}'
    )


def rules(cloud: LocalCloud, source: str) -> list:
    try:
        return bucket(cloud, source).get_bucket_replication().rule_list
    except oss2.exceptions.ServerError as error:
        assert error.status == 404 and error.code == "NoSuchReplicationConfiguration"
        return []
