"""``srrtui diff`` on the demo seed's own rule shows its multipart object and its objects with an
ACL (srrtui/localcloud/seed/demo.py ``_seed_acls_and_multipart``) being replicated: listed as
not replicated yet while the rule starts, gone from the list once it has caught up, and the
replicas keep the multipart ETag and each object's ACL (data-replication docs: the ACL is
replicated; CompleteMultipartUpload reference: the "<hex>-<parts>" ETag)."""

from __future__ import annotations

import json
from pathlib import Path

import oss2
import pytest
from diff_helpers import caught_up, wait_rule

from srrtui.cli import main
from srrtui.domain.replication_scope import is_multipart_etag
from srrtui.localcloud import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, LocalCloud
from srrtui.localcloud.seed.demo import DESTINATION, SOURCE
from srrtui.localcloud.seed.replication import DEMO_RULE_ID

# The seed's multipart and ACL objects; a marker just before them keeps the page small.
SEEDED = {
    "private/payroll.csv": "private",
    "public/index.html": "public-read",
    "public/logo.svg": "public-read",
    "videos/intro.mp4": "default",
}
MARKER = "photos/~"  # after every photos/... key, before private/


@pytest.fixture(autouse=True)
def _environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_PROFILE", "OSS_SESSION_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("OSS_ACCESS_KEY_ID", DEMO_ACCESS_KEY_ID)
    monkeypatch.setenv("OSS_ACCESS_KEY_SECRET", DEMO_ACCESS_KEY_SECRET)
    monkeypatch.setenv("SRRTUI_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


def _diff(cloud: LocalCloud, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict]:
    code = main(
        ["diff", SOURCE, DEMO_RULE_ID, "--json", "--marker", MARKER]
        + ["--endpoint", cloud.endpoint, "--region", cloud.config.region]
    )
    page = json.loads(capsys.readouterr().out)
    assert page["exit_code"] == code
    return code, page


def test_diff_shows_the_seeded_multipart_and_acl_objects_replicated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "cloud"
    # Before: the seeded rule stays starting for a day, so nothing is copied yet.
    with LocalCloud(data, seed="demo", start_delay=86_400.0, replication_rate=0) as cloud:
        code, page = _diff(cloud, capsys)
        assert code == 1
        pending = {e["key"]: e for e in page["entries"]}
        assert set(SEEDED) <= set(pending), sorted(pending)
        for key in SEEDED:
            assert (pending[key]["difference"], pending[key]["state"]) == (
                "missing",
                "not replicated yet",
            )
        assert is_multipart_etag(pending["videos/intro.mp4"]["etag"])

    # After: the same data directory, the rule allowed to start; it copies everything.
    with LocalCloud(data, start_delay=0.05, replication_rate=0) as cloud:
        wait_rule(cloud, SOURCE, DEMO_RULE_ID, caught_up, "caught up")
        code, page = _diff(cloud, capsys)
        assert code == 0  # nothing in the rule's scope differs
        # Only the SSE-KMS object is listed, out of the rule's scope (it is meant to differ).
        left = [(e["key"], e["state"]) for e in page["entries"]]
        assert left == [("secrets/kms-encrypted.bin", "will not be replicated")]
        assert page["scanned"] >= len(SEEDED)
        auth = oss2.Auth(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)
        source = oss2.Bucket(auth, cloud.endpoint, SOURCE)
        replica = oss2.Bucket(auth, cloud.endpoint, DESTINATION)
        for key, acl in SEEDED.items():
            assert replica.get_object_acl(key).acl == acl
            assert replica.head_object(key).etag == source.head_object(key).etag
        assert replica.head_object("videos/intro.mp4").etag.endswith("-3")  # three parts
        assert replica.get_object("videos/intro.mp4").read() == (
            source.get_object("videos/intro.mp4").read()
        )
