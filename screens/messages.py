"""Messages that workers post (dataclasses: plain values in, nothing else)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.message import Message

if TYPE_CHECKING:
    from srrtui.cloud.api import CloudApi


@dataclass
class CloudOpened(Message):
    """A cloud session is ready. ``label`` says where it points, without secrets or ports."""

    cloud: CloudApi
    label: str


@dataclass
class CloudFailed(Message):
    """Opening the session failed in an expected way (bad credentials, network)."""

    message: str


@dataclass
class Listed(Message):
    """A list a step asked the cloud for (KMS keys, roles): the items, or why there are none."""

    what: str
    items: list[Any]
    error: str = ""
