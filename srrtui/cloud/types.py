"""Values the cloud layer returns. Plain dataclasses: screens and commands consume them."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from srrtui.domain.words.errors import error_line


@dataclass(frozen=True)
class CloudError(Exception):
    """A failed OSS / RAM call, with what the service said about it."""

    code: str
    message: str
    request_id: str = ""
    status: int = 0
    operation: str = ""

    def __str__(self) -> str:
        where = f"{self.operation}: " if self.operation else ""
        return where + error_line(self.code, self.message, self.request_id)


@dataclass(frozen=True)
class BucketSummary:
    name: str
    region: str  # e.g. cn-hangzhou
    creation_date: str = ""
    storage_class: str = ""


@dataclass(frozen=True)
class BucketPage:
    buckets: tuple[BucketSummary, ...]
    next_marker: str = ""  # empty: this was the last page


@dataclass(frozen=True)
class BucketDetails:
    name: str
    region: str
    versioning: str = ""  # "" (never enabled), "Enabled" or "Suspended"
    sse_algorithm: str = ""  # "", "AES256", "KMS", "SM4"


@dataclass(frozen=True)
class RoleSummary:
    name: str
    arn: str
    description: str = ""


@dataclass(frozen=True)
class KmsKey:
    key_id: str
    state: str = ""
    description: str = ""


class CheckStatus(str, Enum):
    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"


@dataclass(frozen=True)
class CheckLine:
    status: CheckStatus
    title: str
    detail: str = ""


@dataclass(frozen=True)
class Scope:
    """What historical replication would copy now: a bounded count."""

    objects: int
    bytes: int
    capped: bool = False  # True: the listing stopped at its cap, so these are lower bounds


@dataclass(frozen=True)
class PreflightReport:
    lines: tuple[CheckLine, ...]
    scope: Scope | None = None

    @property
    def ok(self) -> bool:
        return all(line.status is not CheckStatus.FAIL for line in self.lines)


class StepState(str, Enum):
    PENDING = "pending"
    RUNNING = "running"
    DONE = "done"  # this run did it
    EXISTED = "existed"  # found already in place (resumed)
    FAILED = "failed"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class EnableStep:
    """One step of enabling a plan: create role, create policy, attach, put rule."""

    key: str  # "create-role" | "create-policy" | "attach-policy" | "check-role" | "put-rule"
    title: str
    state: StepState = StepState.PENDING
    detail: str = ""
    error: CloudError | None = None


@dataclass(frozen=True)
class EnableResult:
    steps: tuple[EnableStep, ...]
    rule_id: str = ""

    @property
    def ok(self) -> bool:
        return bool(self.rule_id) and all(s.state is not StepState.FAILED for s in self.steps)


@dataclass(frozen=True)
class Connection:
    """Where and as whom to call: what a profile resolves to. The secret is never printed."""

    endpoint: str  # e.g. https://oss-cn-hangzhou.aliyuncs.com or http://127.0.0.1:PORT
    region: str
    access_key_id: str
    access_key_secret: str = field(repr=False)
    security_token: str = field(default="", repr=False)
    ram_endpoint: str = ""  # empty: ram.aliyuncs.com, or the endpoint for a local cloud
    # An alibabacloud-credentials provider whose keys change (STS and the like): asked before
    # each request, so refreshed keys are used; None: the fixed keys above.
    provider: Any = field(default=None, repr=False, compare=False)
