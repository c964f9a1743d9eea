"""Benchmark 5: the local cloud's historical replication of many small objects, unthrottled,
against copying the same bytes without it.

- ``replication``: a rule with historical replication (SyncRole AliyunOSSRole, so every object
  pays its RAM checks) added over N objects of 1 KiB; timed from ``add_rule`` until the rule's
  historical work list is done, then the destination is checked to hold N replicas.
- ``plain copy``: the same N payloads as files, copied by a Python loop (read, write).
- ``oss2 get+put``: the same N objects copied by a client through the local cloud's HTTP API
  (GetObject + PutObject with oss2, one connection): what a user would do without replication.

The objects are created through the store's Python API (no HTTP), before any rule exists.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

from common import Result, bench_main, failed, scratch, wait_until

SIZE = 1024
SOURCE, DESTINATION, CLIENT_COPY = "bench-src", "bench-dst", "bench-client-copy"
RULE_ID = "bench-historical"


def payloads(count: int) -> list[bytes]:
    rng = random.Random(5)
    return [rng.randbytes(SIZE) for _ in range(count)]


def key(i: int) -> str:
    return f"small/{i // 1000:02d}/obj-{i:05d}.bin"


def plain_copy(folder: Path, bodies: list[bytes]) -> float:
    src, dst = folder / "src", folder / "dst"
    for i, body in enumerate(bodies):
        path = src / key(i)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body)
    start = time.perf_counter()
    for i in range(len(bodies)):
        target = dst / key(i)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((src / key(i)).read_bytes())
    return time.perf_counter() - start


def oss2_copy(cloud: object, count: int) -> float:
    import oss2

    from srrtui.localcloud import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET

    auth = oss2.Auth(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)
    session = oss2.Session()
    src = oss2.Bucket(auth, cloud.endpoint, SOURCE, session=session)  # type: ignore[attr-defined]
    dst = oss2.Bucket(auth, cloud.endpoint, CLIENT_COPY, session=session)  # type: ignore[attr-defined]
    start = time.perf_counter()
    for i in range(count):
        dst.put_object(key(i), src.get_object(key(i)).read())
    return time.perf_counter() - start


def run(quick: bool) -> list[Result]:
    count = 2000 if quick else 10_000
    name = f"historical replication, {count:,} x 1 KiB"
    try:
        return _run(count, name)
    except Exception as error:  # noqa: BLE001 - a row that says why, not a traceback
        return [failed(5, name, f"{type(error).__name__}: {error}")]


def _run(count: int, name: str) -> list[Result]:
    from srrtui.domain.plan import ALIYUN_OSS_ROLE, DeleteMode
    from srrtui.domain.rules import RuleConfig
    from srrtui.localcloud import LocalCloud

    bodies = payloads(count)
    with scratch("replication") as folder:
        copy_s = plain_copy(folder / "files", bodies)
        cloud = LocalCloud(
            folder / "cloud", seed="empty", start_delay=0.0, replication_rate=1e9
        ).start()
        try:
            assert cloud.store is not None and cloud.ram is not None
            assert cloud.replication is not None
            cloud.ram.seed(with_aliyun_oss_role=True)
            region, owner = cloud.config.region, cloud.config.account_uid
            for bucket in (SOURCE, DESTINATION, CLIENT_COPY):
                cloud.store.create_bucket(bucket, region=region, owner=owner)
            t0 = time.perf_counter()
            for i, body in enumerate(bodies):
                cloud.store.put_object(SOURCE, key(i), body)
            seed_s = time.perf_counter() - t0

            client_s = oss2_copy(cloud, count)

            rule = RuleConfig(
                rule_id=RULE_ID,
                action=DeleteMode.PUT_ONLY,
                destination_bucket=DESTINATION,
                destination_location=f"oss-{region}",
                historical=True,
                sync_role=ALIYUN_OSS_ROLE,
            )
            t0 = time.perf_counter()
            cloud.replication.add_rule(SOURCE, rule)

            def done() -> bool:
                record = cloud.replication.store.find(SOURCE, RULE_ID)
                return record is not None and (
                    record.historical_total > 0
                    and record.historical_done >= record.historical_total
                )

            finished = wait_until(done, timeout=max(600.0, 50 * copy_s), interval=0.01)
            repl_s = time.perf_counter() - t0
            state = cloud.replication.rule_state(SOURCE, RULE_ID) or {}
            with cloud.db.read() as conn:  # type: ignore[union-attr]
                replicas = conn.execute(
                    "SELECT COUNT(*) FROM oss_objects WHERE bucket = ? AND is_latest = 1 "
                    "AND is_replica = 1",
                    (DESTINATION,),
                ).fetchone()[0]
        finally:
            cloud.stop()

    details = {
        "objects": count,
        "object_bytes": SIZE,
        "replication_s": round(repl_s, 3),
        "plain_copy_s": round(copy_s, 3),
        "oss2_get_put_s": round(client_s, 3),
        "objects_per_s": round(count / repl_s, 1),
        "seed_via_store_s": round(seed_s, 3),
        "replicas_at_destination": replicas,
        "rule_state": state,
    }
    if not finished:
        return [failed(5, name, f"not done after {repl_s:.0f} s: {state}", **details)]
    if replicas != count:
        return [failed(5, name, f"{replicas} replicas at the destination, not {count}", **details)]
    return [
        Result(5, name, repl_s, "s", "", ratio=repl_s / copy_s, details=details),
        Result(
            5,
            "  vs oss2 get+put through the local cloud",
            client_s,
            "s",
            "",
            ratio=repl_s / client_s,
            details={"ratio_is": "replication / oss2 get+put"},
        ),
    ]


def main() -> int:
    return bench_main(run)


if __name__ == "__main__":
    sys.exit(main())
