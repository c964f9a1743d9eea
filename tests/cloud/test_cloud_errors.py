"""Error mapping from exceptions the SDKs really raise, built with their own constructors."""

from __future__ import annotations

import json

import pytest
import requests

from srrtui.cloud.errors import is_retryable, to_cloud_error
from srrtui.cloud.types import CloudError


class _FakeOssResponse:
    """What oss2.exceptions.make_exception reads: status, headers, read()."""

    def __init__(self, status: int, body: bytes, request_id: str = "") -> None:
        self.status = status
        self.headers = {"x-oss-request-id": request_id} if request_id else {}
        self._body = body

    def read(self, amt: int | None = None) -> bytes:
        return self._body


def _oss_error(status: int, code: str, message: str, request_id: str) -> Exception:
    import oss2.exceptions

    body = (
        f"<?xml version='1.0' encoding='UTF-8'?><Error><Code>{code}</Code>"
        f"<Message>{message}</Message><RequestId>{request_id}</RequestId></Error>"
    ).encode()
    return oss2.exceptions.make_exception(_FakeOssResponse(status, body, request_id))


def test_oss_server_error_keeps_code_message_request_id_and_status() -> None:
    error = to_cloud_error(
        _oss_error(409, "BucketReplicationAlreadyExist", "exists", "5C3D9175B6FC201293AD4890"),
        "PutBucketReplication",
    )
    assert error == CloudError(
        "BucketReplicationAlreadyExist",
        "exists",
        "5C3D9175B6FC201293AD4890",
        409,
        "PutBucketReplication",
    )
    assert "RequestId 5C3D9175B6FC201293AD4890" in str(error)
    assert not is_retryable(error)


def test_oss_error_without_body_is_named_after_its_status() -> None:
    import oss2.exceptions

    exc = oss2.exceptions.make_exception(_FakeOssResponse(503, b"", "RID"))
    error = to_cloud_error(exc, "GetBucketInfo")
    assert (error.code, error.status, error.request_id) == ("ServiceUnavailable", 503, "RID")
    assert is_retryable(error)


@pytest.mark.parametrize(
    ("transport_error", "code"),
    [
        (requests.exceptions.ReadTimeout("read timed out"), "Timeout"),
        (requests.exceptions.ConnectTimeout("connect timed out"), "Timeout"),
        (requests.exceptions.ConnectionError("Connection reset by peer"), "NetworkError"),
    ],
)
def test_oss_request_errors_become_retryable_network_codes(
    transport_error: Exception, code: str
) -> None:
    import oss2.exceptions

    error = to_cloud_error(oss2.exceptions.RequestError(transport_error), "ListBuckets")
    assert error.code == code
    assert error.status == 0
    assert is_retryable(error)


def test_oss_client_error_is_not_retryable() -> None:
    import oss2.exceptions

    error = to_cloud_error(oss2.exceptions.ClientError("The bucket_name is invalid"), "x")
    assert error.code == "ClientError"
    assert error.message == "The bucket_name is invalid"
    assert not is_retryable(error)


def test_openapi_client_exception_prefers_the_plain_service_message() -> None:
    from alibabacloud_tea_openapi.exceptions import ClientException

    body = {
        "RequestId": "04F0F334-1335-436C-A1D7-6C044FE73368",
        "Code": "EntityNotExist.Role",
        "Message": "The role does not exist: x.",
    }
    exc = ClientException(
        status_code=404,
        code=body["Code"],
        message=f"code: 404, {body['Message']} request id: {body['RequestId']}",
        data=dict(body),
        request_id=body["RequestId"],
    )
    error = to_cloud_error(exc, "GetRole")
    assert error == CloudError(
        "EntityNotExist.Role",
        "The role does not exist: x.",
        "04F0F334-1335-436C-A1D7-6C044FE73368",
        404,
        "GetRole",
    )


def test_openapi_throttling_and_server_errors_are_retryable() -> None:
    from alibabacloud_tea_openapi.exceptions import ServerException, ThrottlingException

    throttled = ThrottlingException(
        status_code=400, code="Throttling.User", message="m", data={}, request_id="r"
    )
    server = ServerException(status_code=500, code="InternalError", message="m", data={})
    assert is_retryable(to_cloud_error(throttled))
    assert is_retryable(to_cloud_error(server))


def test_openapi_network_failure_unwraps_to_network_error() -> None:
    from darabonba.exceptions import RetryError
    from Tea.exceptions import UnretryableException

    exc = UnretryableException(None, RetryError("Connection refused"))
    error = to_cloud_error(exc, "CreateRole")
    assert (error.code, error.operation) == ("NetworkError", "CreateRole")
    assert is_retryable(error)


def test_openapi_unreadable_body_is_an_invalid_response() -> None:
    from Tea.exceptions import UnretryableException

    try:
        json.loads("<html>bad gateway</html>")
    except json.JSONDecodeError as decode_error:
        exc = UnretryableException(None, decode_error)
    error = to_cloud_error(exc, "GetRole")
    assert error.code == "InvalidResponse"


def test_cloud_error_passes_through_and_gains_an_operation() -> None:
    original = CloudError("NoSuchBucket", "gone", "rid", 404)
    assert to_cloud_error(original, "GetBucketInfo").operation == "GetBucketInfo"
    assert to_cloud_error(original, "GetBucketInfo").request_id == "rid"


def test_unknown_exception_keeps_its_type_name() -> None:
    error = to_cloud_error(ValueError("odd"), "op")
    assert (error.code, error.message) == ("ValueError", "odd")
    assert not is_retryable(error)
