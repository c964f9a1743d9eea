"""One polling model for a replication rule, shared by the wizard's progress step and ``srrtui
watch``: what the last GetBucketReplicationProgress calls said, with the history that rates,
ETAs and sparklines are computed from."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from srrtui.cloud.errors import is_retryable
from srrtui.cloud.types import CloudError
from srrtui.domain.progress_history import ProgressHistory
from srrtui.domain.rules import RuleProgress, RuleStatus

# GetBucketReplicationProgress's answers once a rule (or the bucket's last rule) is removed.
GONE_CODES = frozenset({"NoSuchReplicationRule", "NoSuchReplicationConfiguration"})


@dataclass(kw_only=True)
class RulePolls:
    history: ProgressHistory = field(default_factory=ProgressHistory)
    status: RuleStatus | None = None
    last_error: str = ""
    retrying: bool = False
    checked_at: datetime | None = None
    gone: bool = False

    def record(self, at: datetime, progress: RuleProgress | None, error: CloudError | None) -> None:
        """One poll's outcome. A retryable failure keeps the last values: it is a blip."""
        self.checked_at = at
        if error is not None:
            if error.code in GONE_CODES:
                self.gone = True
            self.retrying = is_retryable(error)
            self.last_error = str(error)
            return
        assert progress is not None
        self.retrying, self.last_error = False, ""
        self.status = progress.rule.status or self.status
        self.history.add(at, progress)
