"""Signature verification, driven by the real SDK and by hand-built requests."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import timedelta

import pytest
from alibabacloud_ram20150501 import models as ram_models
from alibabacloud_ram20150501.client import Client
from alibabacloud_tea_openapi.exceptions import ClientException, ServerException
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ram_helpers import ACCESS_KEY_ID, ACCESS_KEY_SECRET, OSS_TRUST
from ram_raw import acs_date, send
from Tea.exceptions import TeaException

from srrtui.localcloud.storage.db import Database


def _list_roles(client: Client) -> ram_models.ListRolesResponse:
    return client.list_roles(ram_models.ListRolesRequest())


def test_sdk_default_signature_is_accepted(client: Client) -> None:
    response = _list_roles(client)
    assert response.status_code == 200
    assert response.body.request_id
    assert response.headers["x-acs-request-id"] == response.body.request_id
    assert response.headers["content-type"] == "application/json;charset=utf-8"


def test_wrong_secret_is_signature_does_not_match(make_client: Callable[..., Client]) -> None:
    with pytest.raises(ClientException) as caught:
        _list_roles(make_client(access_key_secret="not-the-secret"))
    error = caught.value
    assert isinstance(error, TeaException)
    assert error.code == "SignatureDoesNotMatch"
    assert error.status_code == 400
    assert error.data["HostId"] == "ram.aliyuncs.com"
    assert "ACS3-HMAC-SHA256" in error.data["Message"]
    assert ACCESS_KEY_SECRET not in error.data["Message"]
    assert error.data["Recommend"].endswith(error.data["RequestId"])


def test_unknown_access_key_is_not_found(make_client: Callable[..., Client]) -> None:
    with pytest.raises(ClientException) as caught:
        _list_roles(make_client(access_key_id="LTAI-NOBODY"))
    assert caught.value.code == "InvalidAccessKeyId.NotFound"
    assert caught.value.status_code == 404


def test_rpc_hmac_sha1_signature_is_accepted(make_client: Callable[..., Client]) -> None:
    # signature_algorithm="v2" makes tea-openapi fall back to the RPC HMAC-SHA1 scheme.
    client = make_client(signature_algorithm="v2")
    created = client.create_role(
        ram_models.CreateRoleRequest(role_name="ViaSha1", assume_role_policy_document=OSS_TRUST)
    )
    assert created.body.role.role_name == "ViaSha1"


def test_rpc_hmac_sha1_wrong_secret(make_client: Callable[..., Client]) -> None:
    client = make_client(access_key_secret="wrong", signature_algorithm="v2")
    with pytest.raises(ClientException) as caught:
        _list_roles(client)
    assert caught.value.code == "SignatureDoesNotMatch"
    assert "server string to sign is:POST&%2F&AccessKeyId" in caught.value.data["Message"]


def _send(endpoint: str, action: str = "ListRoles", **kwargs: object):
    return send(endpoint, action, access_key_id=ACCESS_KEY_ID, secret=ACCESS_KEY_SECRET, **kwargs)


def test_hand_signed_request_is_accepted(endpoint: str) -> None:
    status, headers, body = _send(endpoint, query={"MaxItems": "5"})
    assert status == 200, body
    assert body["IsTruncated"] is False
    assert headers["x-acs-request-id"] == body["RequestId"]


def test_parameters_in_a_form_body(endpoint: str) -> None:
    status, _, body = _send(
        endpoint, "CreateRole", form={"RoleName": "FormRole", "AssumeRolePolicyDocument": OSS_TRUST}
    )
    assert status == 200, body
    assert body["Role"]["RoleName"] == "FormRole"


def test_missing_authorization(endpoint: str) -> None:
    status, _, body = _send(endpoint, sign=False)
    assert (status, body["Code"]) == (400, "MissingAccessKeyId")


@pytest.mark.parametrize(
    "authorization",
    [
        "ACS3-HMAC-SHA256 garbage",
        "ACS3-HMAC-SHA256 Credential=LTAI-TEST-RAM,Signature=00",
        "ACS3-HMAC-SM3 Credential=LTAI-TEST-RAM,SignedHeaders=host,Signature=00",
    ],
)
def test_malformed_authorization_is_incomplete(endpoint: str, authorization: str) -> None:
    def replace(headers: dict[str, str], query: dict[str, str]) -> None:
        headers["Authorization"] = authorization

    status, _, body = _send(endpoint, after_signing=replace)
    assert (status, body["Code"]) == (400, "IncompleteSignature")


def test_an_unsigned_acs_header_is_incomplete(endpoint: str) -> None:
    def add_header(headers: dict[str, str], query: dict[str, str]) -> None:
        headers["x-acs-extra"] = "sneaked in"

    status, _, body = _send(endpoint, after_signing=add_header)
    assert (status, body["Code"]) == (400, "IncompleteSignature")


def test_tampered_query_does_not_match(endpoint: str) -> None:
    def tamper(headers: dict[str, str], query: dict[str, str]) -> None:
        query["MaxItems"] = "7"

    status, _, body = _send(endpoint, query={"MaxItems": "5"}, after_signing=tamper)
    assert (status, body["Code"]) == (400, "SignatureDoesNotMatch")


def test_tampered_body_does_not_match(endpoint: str) -> None:
    status, _, body = _send(
        endpoint,
        "CreateRole",
        form={"RoleName": "Original", "AssumeRolePolicyDocument": OSS_TRUST},
        body_override=b"RoleName=Replaced",
    )
    assert (status, body["Code"]) == (400, "SignatureDoesNotMatch")
    assert "x-acs-content-sha256" in body["Message"]


@pytest.mark.parametrize("skew", [timedelta(minutes=-16), timedelta(minutes=16)])
def test_clock_skew_over_15_minutes_is_expired(endpoint: str, skew: timedelta) -> None:
    status, _, body = _send(endpoint, date=acs_date(skew))
    assert (status, body["Code"]) == (400, "InvalidTimeStamp.Expired")


def test_clock_skew_within_15_minutes_is_accepted(endpoint: str) -> None:
    status, _, body = _send(endpoint, date=acs_date(timedelta(minutes=-14)))
    assert status == 200, body


def test_badly_formatted_date(endpoint: str) -> None:
    status, _, body = _send(endpoint, date="Tue, 03 Mar 2026 10:00:00 GMT")
    assert (status, body["Code"]) == (400, "InvalidTimeStamp.Format")


def test_replayed_nonce_is_refused(endpoint: str) -> None:
    first = _send(endpoint, nonce="the-same-nonce")
    second = _send(endpoint, nonce="the-same-nonce")
    assert first[0] == 200
    assert (second[0], second[2]["Code"]) == (400, "SignatureNonceUsed")


def test_wrong_api_version(endpoint: str) -> None:
    status, _, body = _send(endpoint, version="2019-01-01")
    assert (status, body["Code"]) == (400, "InvalidVersion")


def test_unknown_action(endpoint: str) -> None:
    status, _, body = _send(endpoint, "CreateUniverse")
    assert (status, body["Code"]) == (404, "InvalidAction.NotFound")


def test_an_internal_failure_answers_like_the_service(
    make_client: Callable[..., Client], db: Database
) -> None:
    db.close()  # every store call now fails: the service must still answer with JSON
    with pytest.raises(ServerException) as caught:
        _list_roles(make_client())
    assert (caught.value.code, caught.value.status_code) == ("InternalError", 500)
    assert caught.value.data["RequestId"]


_names = itertools.count()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(description=st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=60))
def test_any_parameter_text_signs_and_round_trips(client: Client, description: str) -> None:
    # The canonical query must match the SDK's for every character it may percent-encode.
    name = f"Prop-{next(_names)}"
    client.create_role(
        ram_models.CreateRoleRequest(
            role_name=name, assume_role_policy_document=OSS_TRUST, description=description
        )
    )
    role = client.get_role(ram_models.GetRoleRequest(role_name=name)).body.role
    assert role.description == description
