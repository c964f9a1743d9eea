"""What the watch screens' workers post (dataclasses of plain values)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

from srrtui.cloud.discovery import BucketRules, DiscoveryEnd, DiscoveryProgress
from srrtui.cloud.rule_search import PollResult

if TYPE_CHECKING:
    from srrtui.cloud.diff import DiffPage
    from srrtui.cloud.types import CloudError


@dataclass
class RulesFound(Message):
    found: BucketRules


@dataclass
class DiscoveryProgressed(Message):
    progress: DiscoveryProgress

    def can_replace(self, message: Message) -> bool:
        # Thousands of buckets: only the latest count matters, so the queue never backs up.
        return isinstance(message, DiscoveryProgressed)


@dataclass
class SearchDone(Message):
    end: DiscoveryEnd


@dataclass
class SearchFailed(Message):
    error: CloudError


@dataclass
class ProgressPolled(Message):
    results: list[PollResult]


@dataclass
class RuleStopped(Message):
    """DeleteBucketReplication answered: ``error`` None means the rule is now closing."""

    bucket: str
    rule_id: str
    error: CloudError | None = None


@dataclass
class DiffLoaded(Message):
    page: DiffPage | None
    error: CloudError | None = None
