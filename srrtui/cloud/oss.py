"""OSS over oss2: typed results, mapped errors, retries. oss2 is imported lazily.

Replication calls send and read the domain layer's XML (``srrtui.domain.replication_xml``)
through oss2's own signed request path, ``oss2.api._Base._do``: it is what every public Bucket
method ends in (``Bucket.put_bucket_replication`` is ``__do_bucket('POST', data=...,
params={'replication': '', 'comp': 'add'}, headers={'Content-MD5': ...})``, and
``__do_bucket`` is ``_do(method, self.bucket_name, '', ...)``), so signing (V1 / V4 / STS),
path-style addressing for IP endpoints and error parsing stay oss2's. oss2's own
``ReplicationRule`` model has no ``UserTaggings``, which is why the body is ours.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import unquote

from srrtui.cloud.errors import INVALID_RESPONSE
from srrtui.cloud.retry import DEFAULT_POLICY, RetryPolicy, call, call_checked
from srrtui.cloud.types import BucketDetails, BucketPage, BucketSummary, CloudError, Connection
from srrtui.domain.plan import ReplicationPlan, region_of
from srrtui.domain.rules import BLOCKED_HEADER, ReplicationLocations, RuleConfig, RuleProgress

if TYPE_CHECKING:
    import oss2

T = TypeVar("T")

# (connect, read) seconds, handed to requests through oss2's ``connect_timeout`` argument
# (oss2/api.py ``_Base.__init__`` keeps it as ``self.timeout``; oss2/http.py passes it to
# ``requests.Session.request(timeout=...)``, which accepts a tuple).
DEFAULT_TIMEOUT = (5.0, 30.0)
RULE_ID_HEADER = "x-oss-replication-rule-id"
CONNECTION_POOL = 32
_NO_RULES = frozenset({"NoSuchReplicationConfiguration", "NoSuchReplicationRule"})


@dataclass(frozen=True)
class ObjectEntry:
    key: str
    size: int
    storage_class: str = ""
    etag: str = ""  # without quotes, as oss2 gives it
    last_modified: int = 0  # unix seconds


@dataclass(frozen=True)
class ObjectHead:
    """HeadObject of an object's current version."""

    size: int
    etag: str
    storage_class: str = ""
    sse_algorithm: str = ""  # x-oss-server-side-encryption: "", "AES256", "KMS", "SM4"
    last_modified: int = 0  # unix seconds
    crc64: str = ""  # x-oss-hash-crc64ecma: the CRC-64 of the bytes ("" when not sent)


class OssAdapter:
    def __init__(
        self,
        connection: Connection,
        *,
        signature: str = "v4",  # "v4" (default, signs the region) or "v1"
        timeout: tuple[float, float] | None = None,
        policy: RetryPolicy = DEFAULT_POLICY,
    ) -> None:
        if signature not in ("v1", "v4"):
            raise ValueError("signature must be 'v1' or 'v4'")
        self.connection = connection
        self.signature = signature
        self.timeout = timeout or policy.timeouts or DEFAULT_TIMEOUT
        self.policy = policy
        self._auth_object: Any = None
        self._session: Any = None
        self._quick_get: Any = None  # a QuickGet (srrtui.cloud.quick_get), made when first used

    # -- plumbing -------------------------------------------------------------------------
    def _auth(self) -> Any:
        if self._auth_object is None:
            import oss2

            c = self.connection
            version = oss2.AUTH_VERSION_4 if self.signature == "v4" else oss2.AUTH_VERSION_1
            if c.provider is not None:
                # Keys that change: oss2 asks the provider before signing each request.
                bridge = _LibraryCredentials(c.provider)
                self._auth_object = (
                    oss2.ProviderAuthV4(bridge)
                    if self.signature == "v4"
                    else oss2.ProviderAuth(bridge)
                )
            elif c.security_token:
                self._auth_object = oss2.StsAuth(
                    c.access_key_id, c.access_key_secret, c.security_token, auth_version=version
                )
            elif self.signature == "v4":
                self._auth_object = oss2.AuthV4(c.access_key_id, c.access_key_secret)
            else:
                self._auth_object = oss2.Auth(c.access_key_id, c.access_key_secret)
            # oss2's default pool keeps 10 connections; watch's discovery reads with 16
            # threads (srrtui.cloud.discovery), and a discarded connection is a new handshake.
            from srrtui.cloud.http_session import oss_session

            self._session = oss_session(CONNECTION_POOL)
        return self._auth_object

    def _bucket(self, name: str) -> oss2.Bucket:
        import oss2

        return oss2.Bucket(
            self._auth(),
            self.connection.endpoint,
            name,
            session=self._session,
            connect_timeout=self.timeout,
            region=self.connection.region,
        )

    def _call(self, operation: str, fn: Callable[[], T]) -> T:
        return call(operation, fn, self.policy)

    def _raw(
        self,
        operation: str,
        bucket: str,
        method: str,
        params: dict[str, str],
        *,
        no_such: frozenset[str] = frozenset(),
        **kw: Any,
    ) -> Any:
        """One signed request on the bucket; returns oss2's Response, or for a GET without a
        body or headers the short road's answer (``srrtui.cloud.quick_get``), which reads
        alike. On the short road a 404 whose code is in ``no_such`` is an answer (status 404),
        not an error; oss2's road raises it."""

        def send() -> Any:
            if method == "GET" and not kw:
                answer = self._quick().get(bucket, params, self.timeout, no_such)
                if answer is not None:
                    return answer
            b = self._bucket(bucket)
            return b._do(method, b.bucket_name, "", params=params, **kw)

        return self._call(operation, send)

    def _quick(self) -> Any:
        if self._quick_get is None:
            from srrtui.cloud.quick_get import QuickGet

            template = self._bucket("quick-get-template")  # for its URL maker and signer
            self._quick_get = QuickGet(template, self._session.session, CONNECTION_POOL)
        return self._quick_get

    @staticmethod
    def _parse(operation: str, parse: Callable[[bytes], T], body: bytes) -> T:
        try:
            return parse(body)
        except ValueError as exc:  # ReplicationXmlError is a ValueError, as is a ParseError
            raise CloudError(
                INVALID_RESPONSE, f"unreadable {operation} response: {exc}", operation=operation
            ) from exc

    # -- buckets --------------------------------------------------------------------------
    def list_buckets(self, prefix: str = "", marker: str = "", max_keys: int = 100) -> BucketPage:
        import oss2

        def send() -> Any:
            service = oss2.Service(
                self._auth(),
                self.connection.endpoint,
                session=self._session,
                connect_timeout=self.timeout,
                region=self.connection.region,
            )
            return service.list_buckets(prefix=prefix, marker=marker, max_keys=max_keys)

        result = self._call("ListBuckets", send)
        buckets = tuple(
            BucketSummary(
                name=b.name,
                region=b.region or region_of(b.location or ""),
                creation_date=_iso_date(b.creation_date),
                storage_class=b.storage_class or "",
            )
            for b in result.buckets
        )
        return BucketPage(buckets, result.next_marker if result.is_truncated else "")

    def list_all_buckets(self, prefix: str = "", max_pages: int = 100) -> list[BucketSummary]:
        found: list[BucketSummary] = []
        marker = ""
        for _ in range(max_pages):
            page = self.list_buckets(prefix=prefix, marker=marker, max_keys=1000)
            found.extend(page.buckets)
            if not page.next_marker:
                break
            marker = page.next_marker
        return found

    def bucket_details(self, bucket: str) -> BucketDetails:
        info = self._call("GetBucketInfo", lambda: self._bucket(bucket).get_bucket_info())
        rule = info.bucket_encryption_rule
        return BucketDetails(
            name=info.name or bucket,
            region=region_of(info.location or ""),
            versioning=info.versioning_status or "",
            sse_algorithm=(rule.sse_algorithm or "") if rule is not None else "",
        )

    def enable_versioning(self, bucket: str) -> None:
        import oss2.models

        config = oss2.models.BucketVersioningConfig(status="Enabled")
        self._call(
            "PutBucketVersioning", lambda: self._bucket(bucket).put_bucket_versioning(config)
        )

    # -- objects --------------------------------------------------------------------------
    def first_level_prefixes(self, bucket: str, limit: int = 100) -> list[str]:
        prefixes: list[str] = []
        marker = ""
        while len(prefixes) < limit:

            def list_page(m: str = marker) -> Any:
                return self._bucket(bucket).list_objects(delimiter="/", marker=m, max_keys=1000)

            page = self._call("ListObjects", list_page)
            prefixes.extend(page.prefix_list)
            if not page.is_truncated or not page.next_marker:
                break
            marker = page.next_marker
        return prefixes[:limit]

    def iter_objects(
        self, bucket: str, prefix: str = "", page_size: int = 1000, marker: str = ""
    ) -> Iterator[ObjectEntry]:
        """Every object under ``prefix`` (after ``marker``), page by page, in key order (the
        caller stops when it has enough)."""
        while True:

            def list_page(m: str = marker) -> Any:
                return self._bucket(bucket).list_objects(
                    prefix=prefix, marker=m, max_keys=page_size
                )

            page = self._call("ListObjects", list_page)
            for item in page.object_list:
                yield ObjectEntry(
                    item.key,
                    int(item.size or 0),
                    item.storage_class or "",
                    item.etag or "",
                    int(item.last_modified or 0),
                )
            if not page.is_truncated or not page.next_marker:
                return
            marker = page.next_marker

    def head_object(self, bucket: str, key: str) -> ObjectHead | None:
        """None when the key does not exist. A HEAD error has no body; OSS puts the error XML
        base64-encoded in ``x-oss-err``, which oss2 reads (oss2/exceptions.py
        ``make_exception``), so NoSuchKey is told from NoSuchBucket. A bare 404 without it
        (``Http404``) is taken as a missing key."""
        try:
            result = self._call("HeadObject", lambda: self._bucket(bucket).head_object(key))
        except CloudError as error:
            if error.code in ("NoSuchKey", "Http404"):
                return None
            raise
        headers = result.headers
        return ObjectHead(
            size=int(result.content_length or 0),
            etag=result.etag or "",
            storage_class=headers.get("x-oss-storage-class", ""),
            sse_algorithm=headers.get("x-oss-server-side-encryption", ""),
            last_modified=int(result.last_modified or 0),
            crc64=headers.get("x-oss-hash-crc64ecma", ""),
        )

    def object_acl(self, bucket: str, key: str) -> str:
        """GetObjectACL: default, private, public-read or public-read-write."""
        result = self._call("GetObjectACL", lambda: self._bucket(bucket).get_object_acl(key))
        return str(result.acl)

    def object_tags(self, bucket: str, key: str) -> dict[str, str]:
        result = self._call(
            "GetObjectTagging", lambda: self._bucket(bucket).get_object_tagging(key)
        )
        return dict(result.tag_set.tagging_rule)

    # -- replication ----------------------------------------------------------------------
    def list_rules(self, bucket: str) -> tuple[RuleConfig, ...]:
        from srrtui.domain.replication_xml import parse_replication_config

        params = {"replication": ""}
        try:
            resp = self._raw("GetBucketReplication", bucket, "GET", params, no_such=_NO_RULES)
        except CloudError as error:
            if error.code in _NO_RULES:
                return ()
            raise
        if resp.status == 404:  # one of _NO_RULES on the short road, which raises any other
            return ()
        return self._parse("GetBucketReplication", parse_replication_config, resp.read())

    def put_rule(self, plan: ReplicationPlan) -> str:
        """PutBucketReplication with the plan's XML. Returns the rule ID if OSS sent it in the
        ``x-oss-replication-rule-id`` header, else "" (read the rules back to find it).
        Non-idempotent: after a transient failure the rules are read before putting again."""
        import oss2.utils

        from srrtui.domain.replication_xml import render_put_replication

        data = render_put_replication(plan).encode("utf-8")
        headers = {"Content-MD5": oss2.utils.content_md5(data), "Content-Type": "application/xml"}
        params = {"replication": "", "comp": "add"}

        def send() -> str:
            b = self._bucket(plan.source_bucket)
            resp = b._do("POST", b.bucket_name, "", params=params, data=data, headers=headers)
            resp.read()
            return str(resp.headers.get(RULE_ID_HEADER, ""))

        def landed() -> str | None:
            rule = find_rule_to(self.list_rules(plan.source_bucket), plan.destination_bucket)
            return rule.rule_id if rule is not None else None

        rule_id, _found = call_checked("PutBucketReplication", send, landed, self.policy)
        return rule_id

    def rule_progress(self, bucket: str, rule_id: str) -> RuleProgress:
        from srrtui.domain.replication_xml import parse_replication_progress

        params = {"replicationProgress": "", "rule-id": rule_id}
        resp = self._raw("GetBucketReplicationProgress", bucket, "GET", params)
        progress = self._parse(
            "GetBucketReplicationProgress", parse_replication_progress, resp.read()
        )
        blocked = resp.headers.get(BLOCKED_HEADER, "")
        return replace(progress, blocked=unquote(blocked)) if blocked else progress

    def replication_locations(self, bucket: str) -> ReplicationLocations:
        from srrtui.domain.replication_xml import parse_replication_location

        resp = self._raw("GetBucketReplicationLocation", bucket, "GET", {"replicationLocation": ""})
        return self._parse("GetBucketReplicationLocation", parse_replication_location, resp.read())

    def delete_rule(self, bucket: str, rule_id: str) -> None:
        """DeleteBucketReplication (the rule goes ``closing``). A retry whose first attempt
        landed would see NoSuchReplicationRule, so the rules are read back first."""

        def send() -> bool:
            self._bucket(bucket).delete_bucket_replication(rule_id)
            return True

        def landed() -> bool | None:
            rule = next((r for r in self.list_rules(bucket) if r.rule_id == rule_id), None)
            closing = rule is None or (rule.status is not None and rule.status.value == "closing")
            return True if closing else None

        call_checked("DeleteBucketReplication", send, landed, self.policy)


def _iso_date(unix_time: int | None) -> str:
    """oss2 turns ``CreationDate`` into a unix time (xml_utils ``iso8601_to_unixtime``)."""
    if not unix_time:
        return ""
    return datetime.fromtimestamp(unix_time, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def find_rule_to(rules: tuple[RuleConfig, ...], destination_bucket: str) -> RuleConfig | None:
    """The source's rule to ``destination_bucket``: OSS allows one per pair
    (BucketReplicationAlreadyExist, error 0031-00000044)."""
    return next((r for r in rules if r.destination_bucket == destination_bucket), None)


class _LibraryCredentials:
    """An alibabacloud-credentials provider as oss2's ``CredentialsProvider`` (oss2/credentials.py:
    ``get_credentials()`` returning ``Credentials``), so oss2 signs with refreshed keys."""

    def __init__(self, provider: Any) -> None:
        self._provider = provider

    def get_credentials(self) -> Any:
        import oss2

        current = self._provider.get_credentials()
        return oss2.credentials.Credentials(
            current.get_access_key_id(),
            current.get_access_key_secret(),
            current.get_security_token() or None,
        )
