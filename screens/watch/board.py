"""What the watch dashboard knows about each rule, and how a rule reads as a table row. Pure (no
Textual): the dashboard and the details screen share one ``WatchedRule`` per rule, so the
history (rate, ETA, sparkline) survives moving between them."""

from __future__ import annotations

from dataclasses import dataclass

from srrtui.cloud.rule_polls import RulePolls
from srrtui.domain.progress_history import short_duration
from srrtui.domain.rules import RuleConfig, RuleStatus
from srrtui.domain.words.translate import N_, _

# A shape and a word for each state, never a colour alone (colours degrade over SSH).
STATUS_MARKS = {
    RuleStatus.STARTING: "◔ starting",
    RuleStatus.DOING: "▶ doing",
    RuleStatus.CLOSING: "■ closing",
}
RETRYING_MARK = N_("⟳ retrying")
ERROR_MARK = N_("✗ error")
NOT_SHOWN = "—"

RuleKey = tuple[str, str]  # (bucket, rule id)


@dataclass
class WatchedRule(RulePolls):
    """One rule of the board: its polls (``record``, shared with the wizard's progress step)
    and how it reads as a row."""

    bucket: str
    rule: RuleConfig

    def __post_init__(self) -> None:
        if self.status is None:
            self.status = self.rule.status  # GetBucketReplication reports it too

    @property
    def key(self) -> RuleKey:
        return (self.bucket, self.rule.rule_id)

    def closing(self) -> None:
        """DeleteBucketReplication succeeded: OSS now reports the rule as closing."""
        self.status = RuleStatus.CLOSING

    def row(self) -> tuple[str, str, str, str, str]:
        """Rule (two lines), status, historical %, watermark lag, ETA."""
        rule = self.rule
        title = f"{self.bucket} → {rule.destination_bucket}\n  {rule.rule_id}"
        return (title, self.status_mark(), self.percent(), self.lag(), self.eta())

    def status_mark(self) -> str:
        if self.retrying:
            return _(RETRYING_MARK)
        if self.last_error and not self.gone:
            return _(ERROR_MARK)
        return STATUS_MARKS.get(self.status, "? unknown") if self.status else "…"

    def percent(self) -> str:
        if not self.rule.historical:
            return _("off")
        latest = self.history.latest
        if latest is None or latest.fraction is None:
            return NOT_SHOWN
        return "✓ 100 %" if latest.fraction >= 1 else f"{latest.fraction * 100:.0f} %"

    def lag(self) -> str:
        lag = self.history.lag()
        return short_duration(lag) if lag is not None else NOT_SHOWN

    def eta(self) -> str:
        latest = self.history.latest
        if not self.rule.historical or latest is None or latest.fraction is None:
            return NOT_SHOWN
        eta = self.history.eta()
        if eta is None:
            return _("measuring")
        return _("done") if not eta else short_duration(eta)


class Board:
    """The watched rules in the order they were found (stable rows: a poll never reorders)."""

    def __init__(self) -> None:
        self.rules: dict[RuleKey, WatchedRule] = {}

    def add(self, bucket: str, rules: list[RuleConfig]) -> list[WatchedRule]:
        """Rules found by GetBucketReplication; known ones keep their history. Returns the new."""
        added = []
        for rule in rules:
            key = (bucket, rule.rule_id)
            known = self.rules.get(key)
            if known is None:
                added.append(self.rules.setdefault(key, WatchedRule(bucket, rule)))
            else:
                known.rule = rule
        return added

    def live(self) -> list[WatchedRule]:
        return [w for w in self.rules.values() if not w.gone]

    def drop_gone(self) -> list[WatchedRule]:
        gone = [w for w in self.rules.values() if w.gone]
        for watched in gone:
            del self.rules[watched.key]
        return gone

    def find(self, rule_id: str, bucket: str = "") -> WatchedRule | None:
        for watched in self.rules.values():
            if watched.rule.rule_id == rule_id and (not bucket or watched.bucket == bucket):
                return watched
        return None


@dataclass(frozen=True)
class WatchTarget:
    """What ``srrtui watch [BUCKET [RULE_ID]]`` asked for; empty: every bucket's rules."""

    bucket: str = ""
    rule_id: str = ""


EVERYTHING = WatchTarget()
