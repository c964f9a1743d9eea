"""``srrtui local-cloud``: run the embedded OSS + RAM + KMS service in the foreground.

Stops cleanly on SIGINT or SIGTERM (in-flight requests finish, SQLite is checkpointed) and exits 0.
Without --access-key-id/--access-key-secret it serves the documented demo key pair and prints it;
a key given on the command line is never printed.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from pathlib import Path

from srrtui.argtypes import non_negative_seconds, objects_per_second, port, region_id
from srrtui.domain.words.translate import _


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--host", default="127.0.0.1", help=_("address to bind (default 127.0.0.1)")
    )
    parser.add_argument("--port", type=port, default=0, help=_("port (default: a free one)"))
    parser.add_argument(
        "--data", type=Path, required=True, help=_("data directory (created if missing)")
    )
    parser.add_argument("--access-key-id", help=_("AccessKey ID clients sign with"))
    parser.add_argument(
        "--access-key-secret",
        help=_("its secret (or set SRRTUI_LOCAL_CLOUD_SECRET to keep it out of the process list)"),
    )
    parser.add_argument(
        "--region", type=region_id, default="cn-hangzhou", help=_("the service's region")
    )
    parser.add_argument("--seed", choices=("empty", "demo"), default="empty")
    parser.add_argument(
        "--reset-data",
        action="store_true",
        help=_("start clean: delete the objects and database in --data first"),
    )
    parser.add_argument(
        "--start-delay",
        type=non_negative_seconds,
        default=3.0,
        help=_("seconds a replication rule stays 'starting' (real OSS: minutes)"),
    )
    parser.add_argument(
        "--tls",
        action="store_true",
        help=_(
            "serve HTTPS with a test CA made under --data (trust <data>/tls/ca.pem through "
            "SSL_CERT_FILE / REQUESTS_CA_BUNDLE)"
        ),
    )
    parser.add_argument(
        "--replication-rate",
        type=objects_per_second,
        default=20.0,
        help=_("objects per second each rule copies (default 20; 0: as fast as it can)"),
    )


def run(args: argparse.Namespace) -> int:
    from srrtui.localcloud import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, LocalCloud
    from srrtui.localcloud.config import DEMO_ACCOUNT_UID
    from srrtui.localcloud.storage.db import DataDirError

    secret = args.access_key_secret or os.environ.get("SRRTUI_LOCAL_CLOUD_SECRET")
    if bool(args.access_key_id) != bool(secret):
        print(
            _("srrtui local-cloud: give both --access-key-id and --access-key-secret, or neither"),
            file=sys.stderr,
        )
        return 2
    keys = {args.access_key_id: secret} if args.access_key_id and secret else None
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        warning = _("serving on {host}, not only on loopback").format(host=args.host)
        print(_("warning: {text}").format(text=warning), file=sys.stderr)

    stop = threading.Event()

    def _on_signal(signum: int, frame: object) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, _on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        cloud = LocalCloud(
            args.data,
            region=args.region,
            access_keys=keys,
            seed=args.seed,
            start_delay=args.start_delay,
            replication_rate=args.replication_rate,
            host=args.host,
            port=args.port,
            reset_data=args.reset_data,
            tls=args.tls,
        )
        try:
            cloud.start()
        except DataDirError as exc:
            print(f"srrtui local-cloud: {exc}", file=sys.stderr)
            return 2
        except OSError as exc:
            print(
                _("srrtui local-cloud: cannot listen on {address}: {error}").format(
                    address=f"{args.host}:{args.port}", error=exc
                ),
                file=sys.stderr,
            )
            return 1
        print(f"local cloud: {cloud.endpoint}  region {args.region}  data {args.data}")
        if cloud.ca_file is not None:
            print(f"test CA: {cloud.ca_file}  (export SSL_CERT_FILE=... REQUESTS_CA_BUNDLE=...)")
        if keys is None:
            print(f"demo AccessKey ID:     {DEMO_ACCESS_KEY_ID}")
            print(f"demo AccessKey secret: {DEMO_ACCESS_KEY_SECRET}")
            print(f"demo account UID:      {DEMO_ACCOUNT_UID}")
        else:
            print(f"AccessKey ID: {args.access_key_id} (secret as given)")
        print(f"admin token: {cloud.admin_token}  (header x-srrtui-admin-token, /-/admin/state)")
        print(_("press Ctrl+C to stop"), flush=True)
        while not stop.wait(0.5):
            pass
        cloud.stop()
        print(_("local cloud stopped"), flush=True)
        return 0
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
