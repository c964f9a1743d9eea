"""RAM / POP-gateway errors and their JSON rendering.

The body and request ids are the gateway's, shared with every RPC product of the local cloud
(``srrtui.localcloud.pop.rpc``, sources cited there); RAM's errors name ``ram.aliyuncs.com`` as
``HostId`` and ``product=Ram`` in ``Recommend``.
"""

from __future__ import annotations

from srrtui.localcloud.http.types import Response
from srrtui.localcloud.pop.rpc import PopError, json_response, missing, new_request_id
from srrtui.localcloud.pop.rpc import error_response as pop_error_response

HOST_ID = "ram.aliyuncs.com"
# One error type for every product: authentication (pop/acs3.py) raises it for KMS calls too.
RamError = PopError

__all__ = [
    "HOST_ID",
    "RamError",
    "error_response",
    "json_response",
    "malformed_policy",
    "missing",
    "new_request_id",
    "policy_not_found",
    "role_not_found",
]


def error_response(error: RamError, request_id: str) -> Response:
    return pop_error_response(error, request_id, host_id=HOST_ID, product="Ram")


# --- constructors for the codes used in more than one place ---------------------------------


def role_not_found() -> RamError:
    # Source: RAM DeleteRole/GetRole API reference, error table (404 EntityNotExist.Role).
    return RamError(404, "EntityNotExist.Role", "The role does not exist.")


def policy_not_found() -> RamError:
    return RamError(404, "EntityNotExist.Policy", "The policy does not exist.")


def malformed_policy(detail: str) -> RamError:
    return RamError(400, "MalformedPolicyDocument", f"The policy document is malformed: {detail}")
