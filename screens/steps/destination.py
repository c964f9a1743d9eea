"""Step 3: the destination: only buckets in the source's region, other than the source. Says
how many buckets were hidden and why, and which buckets the source already replicates to (OSS
allows one rule per source and destination pair)."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import Input, Label, Static

from srrtui.cloud.types import BucketSummary, CloudError
from srrtui.domain.plan import ReplicationPlan
from srrtui.domain.rules import RuleConfig
from srrtui.domain.words.translate import N_, _, ngettext
from srrtui.screens.messages import Listed
from srrtui.screens.steps.base import StepContext, StepPanel
from srrtui.screens.steps.source import bucket_label, name_column
from srrtui.screens.type_ahead import ReleaseKeys
from srrtui.screens.widgets.bucket_picker import BucketPicker
from srrtui.screens.widgets.field_error import FieldError

MAX_PAGES = 100  # 10,000 buckets: far beyond an account's default quota


@dataclass
class AllBuckets(Message):
    buckets: list[BucketSummary]
    error: str = ""


def hidden_reason(buckets: list[BucketSummary], source: str, region: str) -> str:
    other_region = sum(1 for b in buckets if b.region != region)
    is_source = sum(1 for b in buckets if b.name == source)
    parts = []
    if other_region:
        parts.append(
            _("{count} in other regions (that would be cross-region replication)").format(
                count=other_region
            )
        )
    if is_source:
        parts.append(_("the source itself"))
    if not parts:
        return _("No buckets hidden.")
    return _("Hidden: {what}.").format(what=_(" and ").join(parts))


def existing_rule_text(source: str, rule: RuleConfig) -> str:
    status = f", {rule.status.value}" if rule.status is not None else ""
    return _(
        "ⓘ {source} already replicates to {destination} (rule {rule}{status}). OSS allows one "
        "rule per pair: the review compares your choices with it, and enabling is refused "
        "unless they match."
    ).format(source=source, destination=rule.destination_bucket, rule=rule.rule_id, status=status)


class DestinationStep(StepPanel):
    key = "destination"
    title = N_("Destination")
    fields = ("destination",)

    def __init__(self, ctx: StepContext, plan: ReplicationPlan) -> None:
        super().__init__(ctx, plan)
        self.buckets: list[BucketSummary] | None = None
        self.rules_of = ""  # the source whose rules ``targets`` holds (or is loading)
        self.targets: dict[str, RuleConfig] = {}  # destination bucket -> the source's rule

    def compose(self) -> ComposeResult:
        yield Label(_("Which bucket should receive the copies?"), classes="question")
        yield BucketPicker(prefix="dest")
        yield Static("", id="dest-existing", classes="notice", markup=False)
        yield Static("", id="dest-hidden", classes="hint", markup=False)
        yield FieldError("destination")

    def enter(self, plan: ReplicationPlan) -> None:
        super().enter(plan)
        self.cloud_ready()  # the buckets once; the source's rules whenever the source changed
        self._show()

    def cloud_ready(self) -> None:
        if self.ctx.cloud is None:
            return
        if self.buckets is None:
            self.buckets = []
            self.query_one(BucketPicker).state(_("Listing buckets…"))
            self.load_all()
        source = self.plan.source_bucket
        if source and source != self.rules_of:
            self.rules_of, self.targets = source, {}
            self.load_list("source-rules", lambda cloud: cloud.list_rules(source))

    def on_listed(self, message: Listed) -> None:
        # A failure leaves no marks: the review's preflight checks the pair again anyway.
        message.stop()
        rules: list[RuleConfig] = message.items
        self.targets = {rule.destination_bucket: rule for rule in rules}
        self._show()

    @work(thread=True, exclusive=True, group="dest-buckets", exit_on_error=False)
    def load_all(self) -> None:
        assert self.ctx.cloud is not None
        found: list[BucketSummary] = []
        marker = ""
        try:
            for _ in range(MAX_PAGES):
                page = self.ctx.cloud.list_buckets(marker=marker, max_keys=100)
                found.extend(page.buckets)
                marker = page.next_marker
                if not marker:
                    break
        except CloudError as error:
            self.post_message(AllBuckets(found, str(error)))
            return
        self.post_message(AllBuckets(found))

    def on_all_buckets(self, message: AllBuckets) -> None:
        self.buckets = message.buckets
        if message.error:
            self.buckets = None
            self.query_one(BucketPicker).state(
                _("✗ Could not list buckets: {error}").format(error=message.error)
            )
            return
        self._show()

    def _candidates(self) -> list[BucketSummary]:
        source, region = self.plan.source_bucket, self.plan.source_region
        return [b for b in self.buckets or [] if b.region == region and b.name != source]

    def _show(self) -> None:
        if not self.buckets:
            return
        picker = self.query_one(BucketPicker)
        text = picker.filter_text
        candidates = self._candidates()
        visible = [b for b in candidates if text in b.name.lower()]
        column = name_column(candidates)  # not the filtered ones: columns hold while typing
        rows = [(b.name, self._label(b, column)) for b in visible]
        picker.show(rows, self.plan.destination_bucket)
        picker.selected(self.plan.destination_bucket)
        region = self.plan.source_region
        if not candidates:
            picker.state(
                _("✗ No other bucket in {region}: create one there first.").format(region=region)
            )
        elif not visible:
            picker.state(
                _("✗ No bucket in {region} contains {text!r}: change the filter.").format(
                    region=region, text=text
                )
            )
        else:
            marked = any(b.name in self.targets for b in visible)
            legend = (
                _(" ↺: {source} replicates there already.").format(source=self.plan.source_bucket)
                if marked
                else ""
            )
            shown = ngettext(
                "{count} bucket in {region}. Enter picks the › row.",
                "{count} buckets in {region}. Enter picks the › row.",
                len(visible),
            )
            picker.state(shown.format(count=f"{len(visible):,}", region=region) + legend)
        self.query_one("#dest-hidden", Static).update(
            hidden_reason(self.buckets, self.plan.source_bucket, region)
        )
        self._show_existing()

    def _label(self, bucket: BucketSummary, column: int) -> str:
        return bucket_label(bucket, column, mark="↺" if bucket.name in self.targets else "")

    def _show_existing(self) -> None:
        notice = self.query_one("#dest-existing", Static)
        rule = self.targets.get(self.plan.destination_bucket)
        notice.display = rule is not None
        if rule is not None:
            notice.update(existing_rule_text(self.plan.source_bucket, rule))
            # At 80x24 it lands below the list: bring it into view once laid out.
            self.call_after_refresh(notice.scroll_visible, animate=False)

    @on(Input.Changed, "#dest-filter")
    def _filter(self) -> None:
        self._show()

    @on(BucketPicker.Picked)
    def _picked(self, event: BucketPicker.Picked) -> None:
        event.stop()
        bucket = next(b for b in self._candidates() if b.name == event.option_id)
        self._choose(bucket)

    def _choose(self, bucket: BucketSummary) -> None:
        again = self.plan.destination_bucket == bucket.name
        self.plan = self.plan.with_changes(destination_bucket=bucket.name, destination_region="")
        self.query_one(BucketPicker).selected(bucket.name)
        self._show_existing()
        self.changed()
        if bucket.name not in self.targets or again:
            # A bucket with a rule from the source stops here once, so its notice is read.
            self.post_message(self.Advance())
        else:
            self.app.post_message(ReleaseKeys())  # the step stays: typing goes on in it

    def blocked(self) -> str | None:
        return _("Still connecting to the cloud…") if self.ctx.cloud is None else None

    def help_text(self) -> str:
        text = _(
            "Same-region replication copies into another bucket of the same account in the "
            "same region ({region}). Objects with the same names in the destination may be "
            "overwritten."
        ).format(region=self.plan.source_region or _("the source region"))
        if self.plan.destination_bucket:
            text += "\n\n" + _("Chosen: {bucket}.").format(bucket=self.plan.destination_bucket)
        return text
