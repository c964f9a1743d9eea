"""Fixtures of the STS tests: a local cloud whose STS grants keys that live two seconds, and a
credentials URI sidecar that hands out such keys. The wizard's test helpers are importable here
too (tests/wizard), for the progress pane's test on expiring keys."""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import oss2
import pytest
from test_sts import TRUST_ACCOUNT, assume, create_role
from watch_run import KEY_LIFETIME

from srrtui.localcloud import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, LocalCloud

sys.path.append(str(Path(__file__).resolve().parents[1] / "wizard"))


@pytest.fixture
def cloud(tmp_path: Path) -> Iterator[LocalCloud]:
    with LocalCloud(tmp_path / "cloud", start_delay=0.05, sts_max_duration=KEY_LIFETIME) as running:
        auth = oss2.Auth(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)
        for name in ("matrix-src", "matrix-dst"):
            oss2.Bucket(auth, running.endpoint, name).create_bucket()
        oss2.Bucket(auth, running.endpoint, "matrix-src").put_object("a.txt", b"hello")
        yield running


class _UriHandler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        server: Any = self.server
        creds = assume(server.cloud, server.role_arn)
        server.issued.append(creds["AccessKeyId"])
        body = json.dumps({"Code": "Success", **creds}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def credentials_uri(cloud: LocalCloud) -> Iterator[Any]:
    """A credentials URI sidecar: each GET assumes a role at the local cloud's STS."""
    server: Any = ThreadingHTTPServer(("127.0.0.1", 0), _UriHandler)
    server.cloud, server.issued = cloud, []
    server.role_arn = create_role(cloud, "sidecar", TRUST_ACCOUNT)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01})
    thread.start()
    server.uri = f"http://127.0.0.1:{server.server_address[1]}/credentials"
    yield server
    server.shutdown()
    thread.join()
    server.server_close()
