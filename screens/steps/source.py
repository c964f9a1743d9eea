"""Step 2: the source bucket, from a live list (all regions, paged), filtered as you type."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import Input, Label

from srrtui.cloud.types import BucketPage, BucketSummary, CloudError
from srrtui.domain.plan import ReplicationPlan
from srrtui.screens.steps.base import StepPanel
from srrtui.screens.widgets.bucket_picker import BucketPicker
from srrtui.screens.widgets.field_error import FieldError

PAGE_SIZE = 100
MORE = "\0more"


@dataclass
class BucketsPage(Message):
    page: BucketPage
    first: bool
    error: str = ""


def bucket_label(bucket: BucketSummary, width: int = 34) -> str:
    return f"{bucket.name:<{width}} {bucket.region}"


class SourceStep(StepPanel):
    key = "source"
    title = "Source bucket"
    fields = ("source",)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.buckets: list[BucketSummary] = []
        self.next_marker = ""
        self.loading = False

    def compose(self) -> ComposeResult:
        yield Label("Which bucket should be copied from?", classes="question")
        yield BucketPicker(prefix="bucket")
        yield FieldError("source")

    def enter(self, plan: ReplicationPlan) -> None:
        super().enter(plan)
        if not self.buckets and not self.loading:
            self.cloud_ready()
        self._show()

    @property
    def picker(self) -> BucketPicker:
        return self.query_one(BucketPicker)

    def cloud_ready(self) -> None:
        if self.ctx.cloud is None:
            self.picker.state("Connecting…")
        elif not self.buckets and not self.loading:
            self.loading = True
            self.picker.state("Listing buckets…")
            self.load_page("")

    @work(thread=True, exclusive=True, group="buckets", exit_on_error=False)
    def load_page(self, marker: str) -> None:
        assert self.ctx.cloud is not None
        try:
            page = self.ctx.cloud.list_buckets(marker=marker, max_keys=PAGE_SIZE)
        except CloudError as error:
            self.post_message(BucketsPage(BucketPage(()), not marker, str(error)))
            return
        self.post_message(BucketsPage(page, not marker))

    def on_buckets_page(self, message: BucketsPage) -> None:
        self.loading = False
        if message.error:
            self.picker.state(f"✗ Could not list buckets: {message.error}")
            return
        self.buckets.extend(message.page.buckets)
        self.next_marker = message.page.next_marker
        self._show()

    def _visible(self) -> list[BucketSummary]:
        text = self.picker.filter_text
        return [b for b in self.buckets if text in b.name.lower()]

    def _show(self) -> None:
        picker = self.picker
        visible = self._visible()
        rows = [(b.name, bucket_label(b)) for b in visible]
        if self.next_marker:
            rows.append((MORE, "… load more buckets"))
        picker.show(rows, self.plan.source_bucket)
        plan = self.plan
        picker.selected(
            f"{plan.source_bucket} ({plan.source_region})" if plan.source_bucket else ""
        )
        if self.ctx.cloud is None:
            return
        more = " (more to load)" if self.next_marker else ""
        if visible or not self.picker.filter_text:
            picker.state(
                f"{len(visible)} of {len(self.buckets)} buckets{more}. Enter picks the › row."
            )
        else:
            picker.state(f"✗ No bucket name contains {self.picker.filter_text!r}{more}.")

    @on(Input.Changed, "#bucket-filter")
    def _filter(self) -> None:
        self._show()

    @on(BucketPicker.Picked)
    def _picked(self, event: BucketPicker.Picked) -> None:
        event.stop()
        if event.option_id == MORE:
            if not self.loading:
                self.loading = True
                self.picker.state("Loading more buckets…")
                self.load_page(self.next_marker)
            return
        bucket = next(b for b in self.buckets if b.name == event.option_id)
        self._choose(bucket)

    def _choose(self, bucket: BucketSummary) -> None:
        self.plan = self.collect_for(bucket)
        self.picker.selected(f"{bucket.name} ({bucket.region})")
        self.changed()
        self.post_message(self.Advance())

    def collect_for(self, bucket: BucketSummary) -> ReplicationPlan:
        changes: dict[str, object] = {"source_bucket": bucket.name, "source_region": bucket.region}
        if bucket.name != self.plan.source_bucket:
            # Another source invalidates the destination chosen for the old one.
            changes["destination_bucket"] = ""
            changes["destination_region"] = ""
        return self.plan.with_changes(**changes)

    def blocked(self) -> str | None:
        if self.ctx.cloud is None:
            return "Still connecting to the cloud…"
        return None

    def help_text(self) -> str:
        text = (
            "The source is where objects are written today; the rule is created on it. "
            "Buckets from every region are listed with their region: the destination must be "
            "in the same region."
        )
        if self.plan.source_bucket:
            text += f"\n\nChosen: {self.plan.source_bucket} in {self.plan.source_region}."
        return text
