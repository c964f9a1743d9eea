"""Step 2: the source bucket, from a live list (all regions, paged), filtered as you type."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from srrtui.cloud.types import BucketPage, BucketSummary, CloudError
from srrtui.domain.plan import ReplicationPlan
from srrtui.screens.steps.base import StepPanel
from srrtui.screens.widgets.field_error import FieldError

PAGE_SIZE = 100


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
    BINDINGS = [Binding("down", "focus_list", "List", show=False)]
    fields = ("source",)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.buckets: list[BucketSummary] = []
        self.next_marker = ""
        self.loading = False

    def compose(self) -> ComposeResult:
        yield Label("Which bucket should be copied from?", classes="question")
        yield Input(placeholder="type to filter", id="bucket-filter")
        yield Static("", id="bucket-state", classes="hint", markup=False)
        yield OptionList(id="bucket-list")
        yield FieldError("source")

    def enter(self, plan: ReplicationPlan) -> None:
        super().enter(plan)
        if not self.buckets and not self.loading:
            self.cloud_ready()
        self._show()

    def cloud_ready(self) -> None:
        if self.ctx.cloud is None:
            self.query_one("#bucket-state", Static).update("Connecting…")
        elif not self.buckets and not self.loading:
            self.loading = True
            self.query_one("#bucket-state", Static).update("Listing buckets…")
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
            self.query_one("#bucket-state", Static).update(
                f"✗ Could not list buckets: {message.error}"
            )
            return
        self.buckets.extend(message.page.buckets)
        self.next_marker = message.page.next_marker
        self._show()

    def _visible(self) -> list[BucketSummary]:
        text = self.query_one("#bucket-filter", Input).value.strip().lower()
        return [b for b in self.buckets if text in b.name.lower()]

    def _show(self) -> None:
        listing = self.query_one("#bucket-list", OptionList)
        visible = self._visible()
        listing.clear_options()
        listing.add_options(Option(bucket_label(b), id=b.name) for b in visible)
        if self.next_marker:
            listing.add_option(Option("… load more buckets", id="\0more"))
        names = [b.name for b in visible]
        if self.plan.source_bucket in names:
            listing.highlighted = names.index(self.plan.source_bucket)
        if self.ctx.cloud is None:
            return
        more = " (more to load)" if self.next_marker else ""
        chosen = f"; chosen: {self.plan.source_bucket}" if self.plan.source_bucket else ""
        self.query_one("#bucket-state", Static).update(
            f"{len(visible)} of {len(self.buckets)} buckets{more}{chosen}. Enter picks one."
        )

    @on(Input.Changed, "#bucket-filter")
    def _filter(self) -> None:
        self._show()

    @on(Input.Submitted, "#bucket-filter")
    def _submit_filter(self, event: Input.Submitted) -> None:
        # With exactly one match, Enter in the filter picks it; otherwise move to the list.
        visible = self._visible()
        if len(visible) == 1:
            event.stop()
            self._choose(visible[0])
        elif visible and not self.plan.source_bucket:
            event.stop()
            self.action_focus_list()

    @on(OptionList.OptionSelected, "#bucket-list")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id == "\0more":
            if not self.loading:
                self.loading = True
                self.query_one("#bucket-state", Static).update("Loading more buckets…")
                self.load_page(self.next_marker)
            return
        bucket = next(b for b in self.buckets if b.name == event.option.id)
        self._choose(bucket)

    def _choose(self, bucket: BucketSummary) -> None:
        self.plan = self.collect_for(bucket)
        self.changed()
        self.post_message(self.Advance())

    def collect_for(self, bucket: BucketSummary) -> ReplicationPlan:
        changes: dict[str, object] = {"source_bucket": bucket.name, "source_region": bucket.region}
        if bucket.name != self.plan.source_bucket:
            # Another source invalidates the destination chosen for the old one.
            changes["destination_bucket"] = ""
            changes["destination_region"] = ""
        return self.plan.with_changes(**changes)

    def action_focus_list(self) -> None:
        listing = self.query_one("#bucket-list", OptionList)
        if listing.highlighted is None and listing.option_count:
            listing.highlighted = 0
        listing.focus()

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
