"""A service error (OSS, RAM, KMS, STS) in words: its Code, Message and RequestId, the three
things support asks for. The one formatter for the error modal, the enable step, the credential
check and the commands' ``error:`` lines and JSON."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from srrtui.domain.words.translate import _


@runtime_checkable
class ServiceError(Protocol):
    """What ``srrtui.cloud.types.CloudError`` carries (the domain cannot import it)."""

    @property
    def code(self) -> str: ...
    @property
    def message(self) -> str: ...
    @property
    def request_id(self) -> str: ...


def request_id_note(request_id: str) -> str:
    """`` (RequestId X)`` to append to a sentence; "" without one."""
    return _(" (RequestId {request_id})").format(request_id=request_id) if request_id else ""


def error_line(code: str, message: str, request_id: str = "") -> str:
    """``Code: message (RequestId X)`` on one line (the commands' ``error:`` lines)."""
    return f"{code}: {message}{request_id_note(request_id)}"


def error_block(error: ServiceError, indent: str = "") -> str:
    """Code, Message and RequestId on their own lines ("-" for a missing RequestId)."""
    lines = [
        _("Code: {code}").format(code=error.code),
        _("Message: {message}").format(message=error.message),
        _("RequestId: {request_id}").format(request_id=error.request_id or "-"),
    ]
    return "\n".join(indent + line for line in lines)


def brief(error: BaseException) -> str:
    """Code and message of a service error, without the RequestId: for hints next to optional
    lists (suggestions, pickers), where the user simply types the value instead."""
    code, message = getattr(error, "code", ""), getattr(error, "message", "")
    return f"{code}: {message}" if code else str(error)
