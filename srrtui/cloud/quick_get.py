"""A signed GET of a bucket's sub-resource on a short road: oss2 signs it, urllib3 sends it.

Why: ``srrtui watch`` asks GetBucketReplication of every bucket of the account, 10,000 of them
in a large one, and the client's CPU is what bounds it (benchmark 6, docs/benchmarks.md). oss2's
road for one request (a new ``Bucket``, ``requests`` preparing, merging and wrapping, oss2's
response object, an exception built and parsed for each 404) costs about twice the CPU of the
request itself; this road measured 0.6 ms a request against 1.2 ms.

What stays the SDK's: the URL (oss2's URL maker: virtual-hosted or path style), the headers and
the signature (oss2's request object and signer: V1, V4, STS tokens, credential providers),
the query string as ``requests`` writes it, and the TLS trust ``requests`` would use (its CA
bundle, ``REQUESTS_CA_BUNDLE``/``CURL_CA_BUNDLE``, from ``EnvironmentOnceSession``), and the
errors: an error answer is raised as the exception oss2 makes of it (``make_exception``), so it
is mapped and retried as everywhere else. What takes the SDK's road instead (``QuickGet.get``
answers ``None``): a request for which the environment names a proxy, and a redirect
(requests follows one with a ``Location``). A failure to connect or read is raised as oss2 raises
it (its ``RequestError`` around the ``requests`` exception of the same kind), so it counts as
one attempt and is retried as one.
"""

from __future__ import annotations

import os.path
import xml.etree.ElementTree as ElementTree
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import oss2.exceptions
import oss2.http
import urllib3
from requests.structures import CaseInsensitiveDict
from requests.utils import DEFAULT_CA_BUNDLE_PATH, select_proxy

from srrtui.cloud.http_session import EnvironmentOnceSession


@dataclass(frozen=True)
class QuickAnswer:
    """What callers of oss2's ``Response`` use: ``status``, ``request_id``, ``headers`` (names in
    any case) and ``read()``."""

    status: int
    request_id: str
    headers: Mapping[str, str]
    body: bytes
    error_code: str = ""  # the <Code> of an expected 404

    def read(self, amt: int | None = None) -> bytes:
        return self.body if amt is None else self.body[:amt]


class QuickGet:
    def __init__(
        self,
        template: Any,  # an oss2.Bucket of this endpoint: its URL maker, signer, app name
        session: EnvironmentOnceSession,
        pool_size: int,
    ) -> None:
        self.template = template
        self.session = session
        self.pool_size = pool_size
        self._pools: dict[object, urllib3.PoolManager] = {}

    def get(
        self,
        bucket: str,
        params: dict[str, str],
        timeout: tuple[float, float],  # (connect, read) seconds
        expected_404: Collection[str] = (),
    ) -> QuickAnswer | None:
        """The answer; a 404 only with a code in ``expected_404`` (no exception made for the
        common "no rules here"). Raises oss2's exception for any other error answer."""
        t = self.template
        req = oss2.http.Request(
            "GET",
            t._make_url(bucket, ""),
            params=params,
            app_name=t.app_name,
            proxies=t.proxies,
            region=t.region,
            product=t.product,
            cloudbox_id=t.cloudbox_id,
        )
        t.auth._sign_request(req, bucket, "")
        # What requests' PreparedRequest.prepare_url writes for oss2's URL (ASCII: bucket names
        # are DNS names) and its parameters (urlencode of the pairs).
        url = f"{req.url}?{urlencode(params)}"
        settings = self.session.merge_environment_settings(
            url, dict(req.proxies or {}), True, None, None
        )
        if select_proxy(url, settings["proxies"]):
            return None
        # The session's headers under oss2's, as requests' prepare_request merges them (a
        # header oss2 sets to None, Accept-Encoding, is left out).
        merged = CaseInsensitiveDict(self.session.headers)
        merged.update(req.headers)
        headers = {name: value for name, value in merged.items() if value is not None}

        try:
            response = self._pool(settings["verify"]).request(
                "GET",
                url,
                headers=headers,
                retries=False,
                redirect=False,
                timeout=urllib3.Timeout(connect=timeout[0], read=timeout[1]),
            )
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            raise _as_oss2_error(exc) from None
        answer = _answer(response)
        if 200 <= answer.status < 300 or answer.error_code in expected_404:
            return answer
        if 300 <= answer.status < 400:
            return None
        raise oss2.exceptions.make_exception(answer)

    def _pool(self, verify: object) -> urllib3.PoolManager:
        key = verify if isinstance(verify, (bool, str)) else True
        pool = self._pools.get(key)
        if pool is None:
            # As requests' HTTPAdapter.cert_verify: a path is a bundle file or a directory.
            if key is False:
                tls: dict[str, Any] = {"cert_reqs": "CERT_NONE"}
            else:
                bundle = DEFAULT_CA_BUNDLE_PATH if key is True else str(key)
                tls = {"cert_reqs": "CERT_REQUIRED"}
                tls["ca_cert_dir" if os.path.isdir(bundle) else "ca_certs"] = bundle
            # One pool per host, as many as requests' adapter under oss2 keeps: on OSS's public
            # endpoints every bucket is its own host (virtual-hosted style).
            pool = urllib3.PoolManager(num_pools=self.pool_size, maxsize=self.pool_size, **tls)
            self._pools[key] = pool
        return pool


def _answer(response: Any) -> QuickAnswer:
    headers = response.headers  # urllib3's HTTPHeaderDict: names in any case
    status = int(response.status)
    code = ""
    if status == 404 and response.data:
        try:
            code = ElementTree.fromstring(response.data).findtext("Code") or ""
        except ElementTree.ParseError:
            code = ""
    return QuickAnswer(status, headers.get("x-oss-request-id", ""), headers, response.data, code)


def _as_oss2_error(exc: BaseException) -> Exception:
    """urllib3's failure as oss2 reports requests' (``oss2.http.Session.do_request``): a timeout
    to read or to connect is requests' ``Timeout``, anything else its ``ConnectionError``, as
    requests' ``HTTPAdapter.send`` sorts them. (urllib3's ``NewConnectionError``, a refused
    connection, is a ``ConnectTimeoutError`` by class but not a timeout.)"""
    import requests.exceptions

    timed_out = isinstance(exc, urllib3.exceptions.TimeoutError) and not isinstance(
        exc, urllib3.exceptions.NewConnectionError
    )
    kind = requests.exceptions.Timeout if timed_out else requests.exceptions.ConnectionError
    error: Exception = oss2.exceptions.RequestError(kind(exc))
    return error
