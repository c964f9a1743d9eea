"""Issue 18 items 2 and 6: a lost, emptied, damaged or newer database, or --data naming a file,
never loses object data and never ends in a traceback: the local cloud refuses to start with one
clear line (``srrtui local-cloud`` exits 2), and its clean-up deletes only provable garbage.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import oss2
import pytest
from reliability_wire import bucket, file_tree

from srrtui.localcloud import LocalCloud
from srrtui.localcloud.storage.db import DataDirError

OBJECTS = {f"k{i}.txt": f"object {i}".encode() for i in range(3)}


def _cloud_with_objects(data: Path) -> list[tuple[str, int]]:
    with LocalCloud(data, start_delay=0.05) as cloud:
        client = bucket(cloud.endpoint)
        client.create_bucket()
        for key, value in OBJECTS.items():
            client.put_object(key, value)
    return file_tree(data / "blobs")


def _lose_database(data: Path, how: str) -> None:
    for suffix in ("-wal", "-shm"):
        (data / f"cloud.sqlite3{suffix}").unlink(missing_ok=True)
    db = data / "cloud.sqlite3"
    if how == "deleted":
        db.unlink()
    else:
        db.write_bytes(b"")


def _cli(data: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """``srrtui local-cloud`` on ``data``, for runs that must refuse to start."""
    return subprocess.run(
        [sys.executable, "-m", "srrtui", "local-cloud", "--data", str(data), *extra],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def _assert_one_line_refusal(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 2, result
    assert result.stdout == ""  # no banner: nothing was served
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    for word in words:
        assert word in lines[0], lines[0]


@pytest.mark.parametrize("how", ["emptied", "deleted"])
def test_a_restart_on_a_lost_database_refuses_and_keeps_every_object_file(
    tmp_path: Path, how: str
) -> None:
    data = tmp_path / "cloud"
    blobs = _cloud_with_objects(data)
    _lose_database(data, how)
    with pytest.raises(DataDirError, match="3 object file"):
        LocalCloud(data).start()
    result = _cli(data)
    _assert_one_line_refusal(result, "3 object file", "--reset-data", "backup")
    assert file_tree(data / "blobs") == blobs  # nothing deleted


def test_reset_data_starts_clean_only_when_asked(tmp_path: Path) -> None:
    data = tmp_path / "cloud"
    _cloud_with_objects(data)
    _lose_database(data, "emptied")
    with LocalCloud(data, reset_data=True) as cloud, pytest.raises(oss2.exceptions.NoSuchBucket):
        bucket(cloud.endpoint).get_bucket_info()
    assert [p for p in (data / "blobs").rglob("*") if p.is_file()] == []


def test_clean_up_deletes_only_what_is_provably_garbage(tmp_path: Path) -> None:
    data = tmp_path / "cloud"
    _cloud_with_objects(data)
    # A blob no row names (say, the database is a backup older than it): not provably garbage.
    stray = data / "blobs" / "ab" / ("ab" + "0" * 62)
    stray.parent.mkdir(exist_ok=True)
    stray.write_bytes(b"unknown")
    half_written = data / "blobs" / "ab" / ".tmp-crashed"
    half_written.write_bytes(b"half")
    with LocalCloud(data, start_delay=0.05) as cloud:
        client = bucket(cloud.endpoint)
        assert {k: client.get_object(k).read() for k in OBJECTS} == OBJECTS
        for key in OBJECTS:  # a deleted object's bytes go with its last version
            client.delete_object(key)
    assert stray.exists()
    assert not half_written.exists()
    assert [p for p in (data / "blobs").rglob("*") if p.is_file()] == [stray]


def test_a_damaged_database_is_one_clear_line_and_exit_2(tmp_path: Path) -> None:
    data = tmp_path / "cloud"
    data.mkdir()
    (data / "cloud.sqlite3").write_bytes(b"this is not a database" * 100)
    with pytest.raises(DataDirError, match="damaged"):
        LocalCloud(data).start()
    _assert_one_line_refusal(_cli(data), "cloud.sqlite3", "damaged")


def test_a_database_from_a_newer_srrtui_is_one_clear_line_and_exit_2(tmp_path: Path) -> None:
    data = tmp_path / "cloud"
    _cloud_with_objects(data)
    conn = sqlite3.connect(data / "cloud.sqlite3")
    conn.execute("UPDATE schema_versions SET version = 99 WHERE component = 'oss'")
    conn.commit()
    conn.close()
    _assert_one_line_refusal(_cli(data), "newer srrtui")


def test_data_naming_a_file_is_one_clear_line_and_exit_2(tmp_path: Path) -> None:
    not_a_dir = tmp_path / "notes.txt"
    not_a_dir.write_text("mine\n")
    _assert_one_line_refusal(_cli(not_a_dir), str(not_a_dir), "not a directory")
    assert not_a_dir.read_text() == "mine\n"
