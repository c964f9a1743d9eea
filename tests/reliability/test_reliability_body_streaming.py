"""Issue 18 items 1 and 7: request bodies cut short store nothing; bodies are authenticated before
they are read and streamed to disk; connections are capped and slow heads are cut off.

Raw-socket clients replay a request oss2 signed (captured on loopback) and then misbehave: stop
half way, go silent, or never send a body at all.
"""

from __future__ import annotations

import socket
import threading
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import oss2
import pytest
from raw_http import closed_by_server, connect, head_bytes, raw_exchange, read_reply, xml_code
from reliability_wire import BUCKET, Captured, assert_serving, bucket, capture, world

from srrtui.localcloud import LocalCloud
from srrtui.localcloud.server import Limits

KEY = "cut-short.bin"
DECLARED = 1024 * 1024
SENT = 100 * 1024
LIMITS = Limits(max_connections=6, head_timeout=1.0, body_idle_timeout=0.5)


@pytest.fixture
def cloud(tmp_path: Path) -> Iterator[LocalCloud]:
    """A local cloud with short deadlines and a small connection cap."""
    with LocalCloud(tmp_path / "cloud", start_delay=0.05, limits=LIMITS) as cloud:
        bucket(cloud.endpoint).create_bucket()
        yield cloud


def _signed_put(scheme: str = "v1") -> Captured:
    """A PutObject of DECLARED bytes exactly as oss2 signs and sends it."""
    return capture(lambda ep: bucket(ep, scheme).put_object(KEY, b"x" * DECLARED))


def _assert_nothing_stored(cloud: LocalCloud, before: object) -> None:
    with pytest.raises(oss2.exceptions.NoSuchKey):
        bucket(cloud.endpoint).head_object(KEY)
    assert world(cloud) == before
    assert list((cloud.data_dir / "spool").iterdir()) == []  # no half body left behind
    assert_serving(cloud)


@pytest.mark.parametrize("scheme", ["v1", "v4"])
def test_a_body_shorter_than_its_content_length_stores_nothing(
    cloud: LocalCloud, scheme: str
) -> None:
    before = world(cloud)
    with connect(cloud.port) as conn:
        conn.sendall(head_bytes(_signed_put(scheme)) + b"x" * SENT)
        conn.shutdown(socket.SHUT_WR)  # the client dies half way
        status, headers, body = read_reply(conn)
    assert (status, xml_code(body)) == (400, "IncompleteBody")
    assert headers["x-oss-request-id"]
    _assert_nothing_stored(cloud, before)


def test_a_silent_client_times_out_with_request_timeout_and_stores_nothing(
    cloud: LocalCloud,
) -> None:
    before = world(cloud)
    with connect(cloud.port) as conn:
        conn.sendall(head_bytes(_signed_put()) + b"x" * SENT)  # then nothing, connection open
        started = time.monotonic()
        status, headers, body = read_reply(conn)
    assert (status, xml_code(body)) == (400, "RequestTimeout")
    assert time.monotonic() - started < 3  # the 0.5 s idle limit, not forever
    assert headers["connection"] == "close"
    _assert_nothing_stored(cloud, before)


def test_a_chunked_body_without_its_last_chunk_stores_nothing(cloud: LocalCloud) -> None:
    before = world(cloud)
    head = head_bytes(_signed_put(), Content_Length="", Transfer_Encoding="chunked")
    with connect(cloud.port) as conn:
        conn.sendall(head + b"%x\r\n" % SENT + b"x" * SENT + b"\r\n")
        conn.shutdown(socket.SHUT_WR)
        status, _, body = read_reply(conn)
    assert (status, xml_code(body)) == (400, "IncompleteBody")
    _assert_nothing_stored(cloud, before)


def test_a_whole_chunked_body_is_stored_as_sent(cloud: LocalCloud) -> None:
    head = head_bytes(_signed_put(), Content_Length="", Transfer_Encoding="chunked")
    chunks = b"".join(b"%x\r\n" % n + b"x" * n + b"\r\n" for n in (SENT, DECLARED - SENT))
    status, _, body = raw_exchange(cloud.port, head + chunks + b"0\r\n\r\n")
    assert status == 200, body
    assert bucket(cloud.endpoint).get_object(KEY).read() == b"x" * DECLARED


def test_an_unauthenticated_body_is_refused_from_its_headers_without_being_read(
    cloud: LocalCloud,
) -> None:
    head = f"PUT /{BUCKET}/{KEY} HTTP/1.1\r\nHost: x\r\nContent-Length: {60 * 1024 * 1024}\r\n\r\n"
    before = world(cloud)
    # Not a byte of the 60 MiB is sent: the answer must come from the head alone.
    status, headers, body = raw_exchange(cloud.port, head.encode() + b"x" * 1024, timeout=3)
    assert (status, xml_code(body)) == (403, "AccessDenied")
    assert headers["connection"] == "close"  # the unread body cannot be framed
    _assert_nothing_stored(cloud, before)


def test_a_large_upload_streams_to_disk_not_memory(cloud: LocalCloud) -> None:
    data = b"\x5a" * (24 * 1024 * 1024)
    client = bucket(cloud.endpoint, "v4")
    tracemalloc.start()
    try:
        client.put_object(KEY, data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * 1024 * 1024, f"{peak} bytes held while uploading 24 MiB"
    assert client.get_object(KEY).read() == data


def test_connections_over_the_cap_get_503_and_the_rest_keep_being_served(
    cloud: LocalCloud,
) -> None:
    threads_before = threading.active_count()
    idle = [connect(cloud.port) for _ in range(LIMITS.max_connections)]
    try:
        # Wait until the server holds all of them, then one more is refused at once.
        deadline = time.monotonic() + 3
        while cloud._server.open_connections() < LIMITS.max_connections:  # noqa: SLF001
            assert time.monotonic() < deadline
            time.sleep(0.01)
        status, headers, body = raw_exchange(cloud.port, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        assert (status, xml_code(body)) == (503, "ServiceUnavailable")
        assert headers["x-oss-request-id"]
        assert threading.active_count() <= threads_before + LIMITS.max_connections
        # Idle connections that never send a request head are closed by the head deadline.
        assert all(closed_by_server(conn) for conn in idle)
    finally:
        for conn in idle:
            conn.close()
    assert_serving(cloud)


def test_a_head_trickled_byte_by_byte_is_cut_off_at_the_head_deadline(
    cloud: LocalCloud,
) -> None:
    with connect(cloud.port, timeout=0.2) as conn:
        started = time.monotonic()
        closed = False
        for byte in b"GET / HTTP/1.1\r\nX-Slow: " + b"a" * 200:
            try:
                conn.sendall(bytes([byte]))
            except OSError:
                closed = True
                break
            if not closed_by_server(conn):  # 0.2 s between bytes, well under any read timeout
                continue
            closed = True
            break
        assert closed
        assert time.monotonic() - started < LIMITS.head_timeout + 1.5
    assert_serving(cloud)
