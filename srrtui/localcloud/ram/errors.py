"""RAM / POP-gateway errors and their JSON rendering.

Real RAM (through Alibaba Cloud's POP API gateway) answers an error with an HTTP status and a JSON
body ``{"RequestId", "HostId", "Code", "Message", "Recommend"}``; captured gateway responses in
public issue threads show exactly those keys, e.g. jeessy2/ddns-go#1291 (InvalidTimeStamp.Expired,
400) and dromara/SMS4J#34 (SignatureDoesNotMatch). The SDK reads ``Code``, ``Message`` and
``RequestId`` from that body (alibabacloud_tea_openapi/client.py, ``do_request``).
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from srrtui.localcloud.http_types import Response

HOST_ID = "ram.aliyuncs.com"
JSON_CONTENT_TYPE = "application/json;charset=utf-8"


class RamError(Exception):
    """An expected, documented error: rendered as the gateway's JSON error body."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.status = status
        self.code = code
        self.message = message


def new_request_id() -> str:
    # Real request ids are upper-case UUIDs, e.g. 04F0F334-1335-436C-A1D7-6C044FE73368.
    return str(uuid.uuid4()).upper()


def json_response(status: int, body: dict[str, Any], request_id: str) -> Response:
    payload = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return Response(
        status=status,
        headers={"content-type": JSON_CONTENT_TYPE, "x-acs-request-id": request_id},
        body=payload,
    )


def error_response(error: RamError, request_id: str) -> Response:
    body = {
        "RequestId": request_id,
        "HostId": HOST_ID,
        "Code": error.code,
        "Message": error.message,
        # The troubleshooting link real responses carry (shape from the issue threads above).
        "Recommend": (
            f"https://api.aliyun.com/troubleshoot?q={error.code}&product=Ram&requestId={request_id}"
        ),
    }
    return json_response(error.status, body, request_id)


# --- constructors for the codes used in more than one place ---------------------------------


def missing(param: str) -> RamError:
    # The gateway's wording for an absent required parameter: "MissingTimestamp" / "Timestamp is
    # mandatory for this action." (rfancn/aliyun-ddns-client#12).
    return RamError(400, f"Missing{param}", f"{param} is mandatory for this action.")


def role_not_found() -> RamError:
    # Source: RAM DeleteRole/GetRole API reference, error table (404 EntityNotExist.Role).
    return RamError(404, "EntityNotExist.Role", "The role does not exist.")


def policy_not_found() -> RamError:
    return RamError(404, "EntityNotExist.Policy", "The policy does not exist.")


def malformed_policy(detail: str) -> RamError:
    return RamError(400, "MalformedPolicyDocument", f"The policy document is malformed: {detail}")
