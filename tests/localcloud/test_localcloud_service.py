"""The service around the APIs: response headers and error XML, persistence across restarts,
faults (Python and admin HTTP), the admin state view, write events, keep-alive, RAM dispatch."""

from __future__ import annotations

import http.client
import json
import re
import time
from email.utils import parsedate_to_datetime

import oss2
import pytest
import requests
from localcloud_helpers import error_fields, raw

from srrtui.localcloud import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, LocalCloud

AUTH = oss2.Auth(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)


def test_response_headers_and_error_xml(local_cloud) -> None:
    bucket = oss2.Bucket(AUTH, local_cloud.endpoint, "no-such-bucket")
    with pytest.raises(oss2.exceptions.NoSuchBucket) as info:
        bucket.get_object("k")
    error = info.value
    assert re.fullmatch(r"[0-9A-F]{24}", error.request_id)
    body = error.body.decode()
    assert body.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    fields = error_fields(error.body)
    assert fields["Code"] == "NoSuchBucket"
    assert fields["RequestId"] == error.request_id
    assert fields["HostId"] == "no-such-bucket.oss-cn-hangzhou.aliyuncs.com"
    assert error.headers["Server"] == "AliyunOSS"
    assert abs(parsedate_to_datetime(error.headers["Date"]).timestamp() - time.time()) < 60
    assert error.headers["Content-Type"] == "application/xml"


def test_success_has_request_id_and_content_length(local_cloud) -> None:
    response = oss2.Service(AUTH, local_cloud.endpoint).list_buckets()
    assert re.fullmatch(r"[0-9A-F]{24}", response.request_id)
    assert response.headers["Server"] == "AliyunOSS"
    assert int(response.headers["Content-Length"]) > 0


def test_keep_alive_serves_several_requests_on_one_connection(local_cloud) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", local_cloud.port, timeout=10)
    try:
        for _ in range(3):
            conn.request("GET", "/")
            resp = conn.getresponse()
            assert resp.status == 403 and resp.getheader("Content-Length")
            resp.read()
        assert conn.sock is not None  # still the same, open connection
    finally:
        conn.close()


def test_objects_survive_a_restart(tmp_path) -> None:
    data_dir = tmp_path / "persist"
    with LocalCloud(data_dir) as cloud:
        bucket = oss2.Bucket(AUTH, cloud.endpoint, "persistent-bucket")
        bucket.create_bucket()
        bucket.put_bucket_versioning(oss2.models.BucketVersioningConfig("Enabled"))
        bucket.put_object("keep/me.txt", b"still here", headers={"x-oss-tagging": "a=b"})
        bucket.put_object("gone.txt", b"bye")
        bucket.delete_object("gone.txt")
        seq_before = cloud.store.last_seq()
    with LocalCloud(data_dir) as cloud:
        bucket = oss2.Bucket(AUTH, cloud.endpoint, "persistent-bucket")
        assert bucket.get_object("keep/me.txt").read() == b"still here"
        assert bucket.get_object_tagging("keep/me.txt").tag_set.tagging_rule == {"a": "b"}
        assert bucket.get_bucket_versioning().status == "Enabled"
        assert not bucket.object_exists("gone.txt")
        assert cloud.store.last_seq() == seq_before
        bucket.put_object("new.txt", b"n")
        assert cloud.store.last_seq() == seq_before + 1


def test_two_clouds_get_different_free_ports(tmp_path) -> None:
    # How fast a start is belongs to the benchmarks (bench/), not to a timed test.
    with LocalCloud(tmp_path / "fast") as first, LocalCloud(tmp_path / "fast2") as second:
        assert first.port != second.port


def test_injected_503_then_success(local_cloud) -> None:
    service = oss2.Service(AUTH, local_cloud.endpoint)
    local_cloud.faults.inject("ListBuckets", kind="503", count=2)
    for _ in range(2):
        with pytest.raises(oss2.exceptions.ServerError) as info:
            service.list_buckets()
        assert (info.value.status, info.value.code) == (503, "ServiceUnavailable")
    assert service.list_buckets().buckets == []
    assert [f["api"] for f in local_cloud.state()["faults"]["fired"]] == ["ListBuckets"] * 2


def test_fault_kinds(local_cloud) -> None:
    service = oss2.Service(AUTH, local_cloud.endpoint)
    local_cloud.faults.inject("ListBuckets", kind="throttle")
    with pytest.raises(oss2.exceptions.ServerError) as throttled:
        service.list_buckets()
    assert (throttled.value.status, throttled.value.code) == (503, "SlowDown")
    local_cloud.faults.inject("ListBuckets", kind="500")
    with pytest.raises(oss2.exceptions.ServerError) as internal:
        service.list_buckets()
    assert internal.value.status == 500
    local_cloud.faults.inject("ListBuckets", kind="reset")
    with pytest.raises(oss2.exceptions.RequestError):
        service.list_buckets()
    local_cloud.faults.inject("ListBuckets", kind="latency", delay=0.2)
    started = time.perf_counter()
    service.list_buckets()
    assert time.perf_counter() - started >= 0.2
    with pytest.raises(ValueError):
        local_cloud.faults.inject("ListBuckets", kind="explode")


def test_faults_through_the_admin_endpoint(local_cloud) -> None:
    url = f"{local_cloud.endpoint}/-/admin/faults"
    spec = {"api": "ListBuckets", "kind": "503", "count": 1}
    assert requests.post(url, json=spec, timeout=10).status_code == 403  # no token
    token = {"x-srrtui-admin-token": local_cloud.admin_token}
    assert (
        requests.post(
            url, json=spec, headers={"x-srrtui-admin-token": "wrong"}, timeout=10
        ).status_code
        == 403
    )
    answer = requests.post(url, json=spec, headers=token, timeout=10)
    assert answer.status_code == 200 and answer.json()["pending"][0]["api"] == "ListBuckets"
    service = oss2.Service(AUTH, local_cloud.endpoint)
    with pytest.raises(oss2.exceptions.ServerError) as info:
        service.list_buckets()
    assert info.value.status == 503
    service.list_buckets()
    requests.post(url, json=spec, headers=token, timeout=10)
    assert requests.delete(url, headers=token, timeout=10).json() == {"pending": []}
    service.list_buckets()
    bad = requests.post(url, json={"api": "ListBuckets", "kind": "nope"}, headers=token, timeout=10)
    assert bad.status_code == 400


def test_admin_state_view(local_cloud) -> None:
    bucket = oss2.Bucket(AUTH, local_cloud.endpoint, "state-bucket")
    bucket.create_bucket()
    bucket.put_object("k", b"v")
    local_cloud.add_state_provider("engine", lambda: {"reasons": ["example"]})
    state = requests.get(
        f"{local_cloud.endpoint}/-/admin/state",
        timeout=10,
        headers={"x-srrtui-admin-token": local_cloud.admin_token},
    ).json()
    assert state["oss"]["buckets"] == [
        {"name": "state-bucket", "region": "cn-hangzhou", "versioning": "", "objects": 1}
    ]
    assert state["engine"] == {"reasons": ["example"]}
    assert state == json.loads(json.dumps(local_cloud.state()))


def test_write_events_are_ordered_and_observable(local_cloud) -> None:
    seen = []
    local_cloud.store.subscribe(seen.append)
    bucket = oss2.Bucket(AUTH, local_cloud.endpoint, "events-bucket")
    bucket.create_bucket()
    start = local_cloud.store.last_seq()
    bucket.put_object("a", b"1")
    bucket.put_object("b", b"2")
    bucket.delete_object("a")
    events = local_cloud.store.events_since(start)
    assert [(e.key, e.kind) for e in events] == [("a", "put"), ("b", "put"), ("a", "delete")]
    assert [e.seq for e in events] == sorted(e.seq for e in events)
    assert seen == events
    head = local_cloud.store.head_object("events-bucket", "b")
    assert head.seq == events[1].seq and head.is_replica is False


def test_ram_calls_are_routed_to_ram(local_cloud) -> None:
    # Unsigned RAM call: answered by the RAM service (JSON), not by OSS (XML).
    status, headers, body = raw(
        local_cloud.endpoint,
        "POST",
        "/?Action=ListRoles",
        {"x-acs-action": "ListRoles", "x-acs-version": "2015-05-01"},
    )
    assert status >= 400
    assert headers["content-type"].startswith("application/json")
    assert "Code" in json.loads(body)
    local_cloud.faults.inject("ListRoles", kind="throttle")
    status, _, body = raw(local_cloud.endpoint, "POST", "/", {"x-acs-action": "ListRoles"})
    assert (status, json.loads(body)["Code"]) == (400, "Throttling.User")


def test_demo_seed(tmp_path) -> None:
    with LocalCloud(tmp_path / "demo", seed="demo") as cloud:
        names = [b.name for b in oss2.Service(AUTH, cloud.endpoint).list_buckets().buckets]
        assert "demo-photos" in names and "demo-cn-shanghai" in names
        source = oss2.Bucket(AUTH, cloud.endpoint, "demo-photos")
        assert (
            source.head_object("secrets/kms-encrypted.bin").headers["x-oss-server-side-encryption"]
            == "KMS"
        )
        count = cloud.store.last_seq()
    with LocalCloud(tmp_path / "demo", seed="demo") as cloud:  # seeding happens once
        assert cloud.store.last_seq() == count


def test_ram_sdk_through_the_local_cloud(local_cloud) -> None:
    from alibabacloud_ram20150501 import models as ram_models
    from alibabacloud_ram20150501.client import Client
    from alibabacloud_tea_openapi.models import Config

    client = Client(
        Config(
            access_key_id=DEMO_ACCESS_KEY_ID,
            access_key_secret=DEMO_ACCESS_KEY_SECRET,
            endpoint=f"127.0.0.1:{local_cloud.port}",
            protocol="http",
        )
    )
    roles = client.list_roles(ram_models.ListRolesRequest()).body
    assert roles.request_id
