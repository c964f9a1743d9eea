"""Issue 18 item 5: object data changed or lost on disk is never served or replicated as good.
A read checks the bytes against their stored checksum; a damaged object answers an error naming
it, blocks its replication rule with the object and the reason in ``blocked`` / ``last_error``,
and is logged once, not on every retry.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

import oss2
import pytest
from reliability_wire import REGION, bucket

from srrtui.domain.rules import RuleConfig
from srrtui.localcloud import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, LocalCloud

SOURCE, DESTINATION = "damage-source", "damage-destination"
OBJECTS = {"a.txt": b"first object", "b.txt": b"second object", "c.txt": b"third object"}


def _blob(cloud: LocalCloud, bucket_name: str, key: str) -> Path:
    obj = cloud.store.head_object(bucket_name, key)
    return cloud.data_dir / "blobs" / obj.blob_id[:2] / obj.blob_id


def _flip_one_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[0] ^= 0x01
    path.write_bytes(bytes(data))


DAMAGE: dict[str, tuple[Callable[[Path], None], str]] = {
    "changed": (_flip_one_byte, "does not match the stored checksum"),
    "missing": (Path.unlink, "missing"),
}


def _client(cloud: LocalCloud, name: str) -> oss2.Bucket:
    auth = oss2.AuthV4(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)
    return oss2.Bucket(auth, cloud.endpoint, name, region=REGION)


def _wait(check: Callable[[], object], what: str, timeout: float = 10.0) -> object:
    """Poll ``check`` until it returns something truthy, failing after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not (value := check()):
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.01)
    return value


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_object_is_refused_not_served_and_logged_once(
    local_cloud: LocalCloud, damage: str, caplog: pytest.LogCaptureFixture
) -> None:
    client = bucket(local_cloud.endpoint)
    client.create_bucket()
    client.put_object("b.txt", OBJECTS["b.txt"])
    harm, reason = DAMAGE[damage]
    harm(_blob(local_cloud, client.bucket_name, "b.txt"))
    for _ in range(2):
        with pytest.raises(oss2.exceptions.ServerError) as caught:
            client.get_object("b.txt").read()
        assert caught.value.status == 500
        assert "b.txt" in caught.value.message and reason in caught.value.message
    with pytest.raises(oss2.exceptions.ServerError):
        client.get_object("b.txt", byte_range=(0, 3)).read()  # a range is checked too
    logged = [r for r in caplog.records if "b.txt" in r.getMessage()]
    assert len(logged) == 1 and logged[0].levelno == logging.ERROR


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_object_blocks_its_rule_with_the_object_and_reason(
    tmp_path: Path, damage: str, caplog: pytest.LogCaptureFixture
) -> None:
    with LocalCloud(tmp_path / "cloud", start_delay=0.05, replication_rate=1000.0) as cloud:
        source, destination = _client(cloud, SOURCE), _client(cloud, DESTINATION)
        source.create_bucket()
        destination.create_bucket()
        for key, value in OBJECTS.items():
            source.put_object(key, value)
        blob = _blob(cloud, SOURCE, "b.txt")
        kept = blob.read_bytes()
        harm, reason = DAMAGE[damage]
        harm(blob)
        rule = RuleConfig(
            rule_id="damage-rule",
            destination_bucket=DESTINATION,
            destination_location=f"oss-{REGION}",
            historical=True,
        )
        record = cloud.replication.add_rule(SOURCE, rule)
        state = _wait(
            lambda: (s := cloud.replication.rule_state(SOURCE, "damage-rule"))["blocked"] and s,
            "the rule to block",
        )
        assert "b.txt" in state["blocked"] and reason in state["blocked"]
        assert state["last_error"] == state["blocked"]
        # It is retried (twice, seen by its next retry time moving) and still logged once.
        engine = cloud.replication.engine
        first = engine._retry_at[record.id]  # noqa: SLF001
        _wait(lambda: engine._retry_at.get(record.id, first) > first, "a retry")  # noqa: SLF001
        second = engine._retry_at[record.id]  # noqa: SLF001
        _wait(lambda: engine._retry_at.get(record.id, second) > second, "another retry")  # noqa: SLF001
        with pytest.raises(oss2.exceptions.NoSuchKey):
            destination.get_object("b.txt")  # never copied as good
        # Mended on disk: the rule goes on by itself and copies the right bytes.
        blob.write_bytes(kept)
        _wait(
            lambda: (
                cloud.replication.rule_state(SOURCE, "damage-rule")["blocked"] is None
                and "b.txt" in [o.key for o in oss2.ObjectIterator(destination)]
            ),
            "the rule to go on",
        )
        assert destination.get_object("b.txt").read() == OBJECTS["b.txt"]
    about_b = [r for r in caplog.records if "b.txt" in r.getMessage()]
    assert [r.levelno for r in about_b].count(logging.ERROR) == 1, about_b
    assert not [r for r in caplog.records if r.exc_info], "a traceback was logged"
