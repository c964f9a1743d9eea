"""What Alibaba Cloud's POP API gateway does the same way for every RPC product (RAM, KMS).

Errors: an HTTP status and a JSON body ``{"RequestId", "HostId", "Code", "Message",
"Recommend"}``; captured gateway responses in public issue threads show exactly those keys, e.g.
jeessy2/ddns-go#1291 (InvalidTimeStamp.Expired, 400) and dromara/SMS4J#34
(SignatureDoesNotMatch). The SDK reads ``Code``, ``Message`` and ``RequestId`` from that body
(alibabacloud_tea_openapi/client.py, ``do_request``). Only ``HostId`` and the product named in
``Recommend`` differ between products.

Parameters: an RPC call carries them in the query string and/or a form body. Signatures are
verified by ``srrtui.localcloud.pop.acs3.authenticate`` for every product.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl

from srrtui.localcloud.http.types import Request, Response

JSON_CONTENT_TYPE = "application/json;charset=utf-8"
DEFAULT_MAX_SKEW_SECONDS = 15 * 60  # the gateway's window (InvalidTimeStamp.Expired)
# The real products have an endpoint each (ram.aliyuncs.com, kms.<region>.aliyuncs.com); on the
# local cloud's one port the API version tells them apart.
RAM_VERSION = "2015-05-01"
KMS_VERSION = "2016-01-20"


class PopError(Exception):
    """An expected, documented error: rendered as the gateway's JSON error body."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.status = status
        self.code = code
        self.message = message


def new_request_id() -> str:
    # Real request ids are UUIDs, e.g. 04F0F334-1335-436C-A1D7-6C044FE73368 (RAM, upper case);
    # KMS's samples are lower case. One form for every product keeps the logs uniform.
    return str(uuid.uuid4()).upper()


def json_response(status: int, body: dict[str, Any], request_id: str) -> Response:
    payload = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return Response(
        status=status,
        headers={"content-type": JSON_CONTENT_TYPE, "x-acs-request-id": request_id},
        body=payload,
    )


def error_response(error: PopError, request_id: str, *, host_id: str, product: str) -> Response:
    body = {
        "RequestId": request_id,
        "HostId": host_id,
        "Code": error.code,
        "Message": error.message,
        # The troubleshooting link real responses carry (shape from the issue threads above).
        "Recommend": (
            f"https://api.aliyun.com/troubleshoot?q={error.code}&product={product}"
            f"&requestId={request_id}"
        ),
    }
    return json_response(error.status, body, request_id)


def missing(param: str) -> PopError:
    # The gateway's wording for an absent required parameter: "MissingTimestamp" / "Timestamp is
    # mandatory for this action." (rfancn/aliyun-ddns-client#12).
    return PopError(400, f"Missing{param}", f"{param} is mandatory for this action.")


def invalid_version() -> PopError:
    return PopError(400, "InvalidVersion", "Specified parameter Version is not valid.")


def invalid_action() -> PopError:
    # The gateway's answer to an unknown action (error center: InvalidAction.NotFound).
    return PopError(
        404,
        "InvalidAction.NotFound",
        "Specified api is not found, please check your url and method.",
    )


def rpc_params(request: Request) -> dict[str, str]:
    """RPC parameters arrive in the query string and/or a form body; the body wins a clash."""
    params = dict(parse_qsl(request.query_string, keep_blank_values=True))
    content_type = request.header("content-type").split(";")[0].strip().lower()
    if request.body and content_type == "application/x-www-form-urlencoded":
        try:
            form = request.body.decode("utf-8")
        except UnicodeDecodeError:
            raise PopError(400, "InvalidParameter", "The request body is not UTF-8.") from None
        params.update(parse_qsl(form, keep_blank_values=True))
    return params


def rpc_version(request: Request) -> str:
    """The API version a call names: the SDK's ``x-acs-version`` header, else ``Version``."""
    version = request.header("x-acs-version")
    if version:
        return version
    try:
        return rpc_params(request).get("Version", "")
    except PopError:
        return ""  # the product it lands on answers the unreadable body


class Params:
    """Reading one call's parameters with the gateway's answer for a missing one."""

    def __init__(self, values: Mapping[str, str]) -> None:
        self._values = values

    def required(self, name: str) -> str:
        value = self._values.get(name, "")
        if value == "":
            raise missing(name)
        return value

    def optional(self, name: str, default: str = "") -> str:
        return self._values.get(name, default)
