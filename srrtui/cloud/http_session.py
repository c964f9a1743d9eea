"""The HTTP session under oss2: a ``requests`` session that reads the proxy settings from the
environment once per host instead of on every request, and sends requests without a body
straight to its connection pool.

``requests`` merges the environment into every request (``Session.merge_environment_settings``):
it walks ``os.environ`` twice for ``*_proxy`` variables, which measured about a sixth of the
client's CPU per GetBucketReplication when watch reads 10,000 buckets (docs/benchmarks.md,
benchmark 6). The environment does not change while srrtui runs, so the answer for a host is
kept. Everything else is what ``requests`` 2.x does (sessions.py, ``merge_environment_settings``):
``no_proxy`` still applies per host, ``REQUESTS_CA_BUNDLE``/``CURL_CA_BUNDLE`` still set
``verify``, and a session with ``trust_env`` off still ignores the environment. Imported only
inside the cloud layer's functions (``requests`` is an SDK dependency).

``LeanOssSession`` is oss2's session with a shorter road for requests without a body (watch's
10,000 GetBucketReplication, every HEAD and list): oss2 hands each one to
``requests.Session.request``, which merges the session's cookies, hooks and auth, looks for a
``.netrc`` (three ``stat`` calls a request) and walks the redirect machinery. OSS sets no cookies
and signs its own ``Authorization``, so such a request is prepared with requests' own
``PreparedRequest`` from oss2's headers merged with the session's (as ``prepare_request`` does)
and sent through the mounted adapter with the same environment settings. Requests with a body
(uploads, XML configurations) take oss2's usual road, and so does a redirect answer: it is sent
again that way, which follows it as before.
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import urlsplit

import oss2
import oss2.exceptions
import oss2.http
import requests
from requests.sessions import merge_setting
from requests.structures import CaseInsensitiveDict
from requests.utils import get_environ_proxies

# One entry per (scheme, host:port); OSS addresses a bucket by host, so bound the memory.
MAX_HOSTS = 4096


class EnvironmentOnceSession(requests.Session):
    def __init__(self) -> None:
        super().__init__()
        self._environ_proxies: dict[tuple[str, str, str | None], dict[str, str]] = {}
        self._ca_bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")

    def merge_environment_settings(
        self, url: Any, proxies: Any, stream: Any, verify: Any, cert: Any
    ) -> dict[str, Any]:
        if not self.trust_env:
            return super().merge_environment_settings(url, proxies, stream, verify, cert)
        no_proxy = proxies.get("no_proxy") if proxies is not None else None
        parts = urlsplit(url)
        key = (parts.scheme, parts.netloc, no_proxy)
        found = self._environ_proxies.get(key)
        if found is None:
            if len(self._environ_proxies) >= MAX_HOSTS:
                self._environ_proxies.clear()
            found = self._environ_proxies[key] = get_environ_proxies(url, no_proxy=no_proxy)
        if proxies is not None:
            for scheme, proxy in found.items():
                proxies.setdefault(scheme, proxy)
        if verify is True or verify is None:
            verify = self._ca_bundle or verify
        return {
            "proxies": merge_setting(proxies, self.proxies),
            "stream": merge_setting(stream, self.stream),
            "verify": merge_setting(verify, self.verify),
            "cert": merge_setting(cert, self.cert),
        }


class LeanOssSession(oss2.http.Session):  # type: ignore[misc]  # oss2 has no type hints
    session: requests.Session

    def do_request(self, req: oss2.http.Request, timeout: Any) -> oss2.http.Response:
        if req.data is not None:
            return super().do_request(req, timeout)
        session = self.session
        prepared = requests.PreparedRequest()
        prepared.prepare(
            method=req.method,
            url=req.url,
            params=req.params,
            headers=merge_setting(req.headers, session.headers, dict_class=CaseInsensitiveDict),
        )
        url = str(prepared.url)
        settings = session.merge_environment_settings(
            url, dict(req.proxies or {}), True, None, None
        )
        try:
            response = session.get_adapter(url).send(prepared, timeout=timeout, **settings)
        except requests.RequestException as exc:
            raise oss2.exceptions.RequestError(exc) from exc
        if response.is_redirect:
            response.close()
            return super().do_request(req, timeout)
        return oss2.http.Response(response)


def oss_session(pool_size: int) -> LeanOssSession:
    """A ``LeanOssSession`` whose connection pools sit on an ``EnvironmentOnceSession``."""
    session = LeanOssSession(pool_size=pool_size)
    ours = EnvironmentOnceSession()
    for prefix, adapter in session.session.adapters.items():
        ours.mount(prefix, adapter)
    session.session = ours
    return session
