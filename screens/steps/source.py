"""Step 2: the source bucket, from a live list (all regions, paged), filtered as you type: the
loaded pages at once, and the whole account by name prefix in a debounced worker."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, Label
from textual.worker import get_current_worker

from srrtui.cloud.types import BucketPage, BucketSummary, CloudError
from srrtui.domain.plan import ReplicationPlan
from srrtui.domain.words.translate import N_, _
from srrtui.screens.steps.base import StepContext, StepPanel
from srrtui.screens.steps.bucket_search import BucketIndex, PrefixSearch
from srrtui.screens.type_ahead import ReleaseKeys
from srrtui.screens.widgets.bucket_picker import MORE, BucketPicker
from srrtui.screens.widgets.field_error import FieldError

PAGE_SIZE = 100
# Typing pauses this long before the server is asked: "b", "b0", "b09" typed quickly send one
# request, not three, and an older request still running is cancelled by the newer one.
SEARCH_DELAY = 0.15


@dataclass
class BucketsPage(Message):
    page: BucketPage
    first: bool
    error: str = ""


@dataclass
class BucketsFound(Message):
    """A page of the server-side search for names starting with ``prefix``."""

    prefix: str
    page: BucketPage
    error: str = ""


def bucket_label(bucket: BucketSummary, width: int = 34, mark: str = "") -> str:
    """Name and region in columns; a one-cell ``mark`` takes the place of padding, so a marked
    row is no wider (a wider one wrapped at 80 columns)."""
    return f"{bucket.name:<{width - len(mark)}}{mark} {bucket.region}"


def name_column(buckets: Iterable[BucketSummary]) -> int:
    """The name column's width: the longest name listed and two spaces, at most 34. A fixed 34
    made every row 47 cells, which wrapped the region onto a row of its own (reading like
    another bucket) wherever the list is narrower: at 100 and at 60 columns."""
    return min(34, max((len(b.name) for b in buckets), default=0) + 2)


class SourceStep(StepPanel):
    key = "source"
    title = N_("Source bucket")
    fields = ("source",)

    def __init__(self, ctx: StepContext, plan: ReplicationPlan) -> None:
        super().__init__(ctx, plan)
        self.index = BucketIndex()
        self.fetching = False
        self._search_timer: Timer | None = None
        # The filter text the list shows now (None: not built yet): a page that arrives while
        # the list is unfiltered is appended to it rather than rebuilding it.
        self._shown_text: str | None = None
        self._labels: dict[str, str] = {}
        self._column = 0  # the name column's width, from the first page of buckets

    @property
    def buckets(self) -> list[BucketSummary]:
        """The buckets of the pages loaded so far, in name order."""
        return self.index.loaded

    @property
    def next_marker(self) -> str:
        return self.index.next_marker

    def compose(self) -> ComposeResult:
        yield Label(_("Which bucket should be copied from?"), classes="question")
        yield BucketPicker(prefix="bucket")
        yield FieldError("source")

    def enter(self, plan: ReplicationPlan) -> None:
        super().enter(plan)
        if not self.buckets and not self.fetching:
            self.cloud_ready()
        self._show()

    @property
    def picker(self) -> BucketPicker:
        return self.query_one(BucketPicker)

    def cloud_ready(self) -> None:
        if self.ctx.cloud is None:
            self.picker.state(_("Connecting…"))
        elif not self.buckets and not self.fetching:
            self.fetching = True
            self.picker.state(_("Listing buckets…"))
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
        self.fetching = False
        if message.error:
            self.picker.state(_("✗ Could not list buckets: {error}").format(error=message.error))
            return
        self.index.add_page(message.page.buckets, message.page.next_marker)
        if not message.first and self._shown_text == "" == self.picker.filter_text:
            self.picker.append(self._rows(message.page.buckets), more=self._more_label(""))
            self._describe(len(self.buckets))
        else:
            self._show(keep=True)

    # -- the server-side search by name prefix -------------------------------------------------
    @work(thread=True, exclusive=True, group="bucket-search", exit_on_error=False)
    def search_buckets(self, prefix: str, marker: str) -> None:
        assert self.ctx.cloud is not None
        try:
            page = self.ctx.cloud.list_buckets(prefix=prefix, marker=marker, max_keys=PAGE_SIZE)
        except CloudError as error:
            self.post_message(BucketsFound(prefix, BucketPage(()), str(error)))
            return
        if not get_current_worker().is_cancelled:  # a newer search replaced this one
            self.post_message(BucketsFound(prefix, page))

    def _start_search(self, prefix: str) -> None:
        self._search_timer = None
        search = self.index.search
        if search is not None and search.prefix == prefix == self.picker.filter_text:
            self.search_buckets(prefix, "")

    def on_buckets_found(self, message: BucketsFound) -> None:
        search = self.index.search
        if search is None or search.prefix != message.prefix:
            return  # the text changed since: a newer search is on its way
        search.done = True
        search.error = message.error
        search.marker = message.page.next_marker
        self.index.add_found(message.page.buckets)
        self._show(keep=True)

    @on(Input.Changed, "#bucket-filter")
    def _filter(self) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
            self._search_timer = None
        text = self.picker.filter_text
        if self.ctx.cloud is not None and self.index.needs_search(text):
            self.index.search = PrefixSearch(text)
            self._search_timer = self.set_timer(SEARCH_DELAY, lambda: self._start_search(text))
        elif not text:
            self.index.search = None
        self._show()

    # -- the list -------------------------------------------------------------------------------
    def _rows(
        self, buckets: tuple[BucketSummary, ...] | list[BucketSummary]
    ) -> list[tuple[str, str]]:
        # Labels are kept: a key over 10,000 loaded buckets would format thousands again.
        labels = self._labels
        # Set by the first page (kept: later pages must not shift the columns of earlier ones).
        if not self._column and buckets:
            self._column = name_column(buckets)
        column = self._column or 34
        return [
            (b.name, labels.get(b.name) or labels.setdefault(b.name, bucket_label(b, column)))
            for b in buckets
        ]

    def _more_label(self, text: str) -> str:
        search = self.index.search
        if text and search is not None and search.marker and text.startswith(search.prefix):
            return _("… more names starting with {prefix!r}").format(prefix=search.prefix)
        return _("… load more buckets") if self.next_marker else ""

    def _show(self, keep: bool = False) -> None:
        picker = self.picker
        text = picker.filter_text
        visible = self.index.matches(text) if text else self.buckets
        picker.show(
            self._rows(visible),
            self.plan.source_bucket,
            more=self._more_label(text),
            keep=keep,
            default=self._first_nearby(visible),
        )
        self._shown_text = text
        plan = self.plan
        picker.selected(
            f"{plan.source_bucket} ({plan.source_region})" if plan.source_bucket else ""
        )
        self._describe(len(visible))

    def _first_nearby(self, visible: list[BucketSummary]) -> str:
        """The first listed bucket in the session's region: the marker's place before a source
        is chosen. The alphabetically first bucket may sit alone in another region, and picking
        it would end at an empty destination list."""
        region = self.ctx.cloud.region if self.ctx.cloud is not None else ""
        return next((b.name for b in visible if b.region == region), "") if region else ""

    def _describe(self, shown: int) -> None:
        if self.ctx.cloud is None:
            return  # "Connecting…" stays
        if self.fetching and not self.buckets:
            self.picker.state(_("Listing buckets…"))
        else:
            self.picker.state(self.index.describe(self.picker.filter_text, shown))

    @on(BucketPicker.Picked)
    def _picked(self, event: BucketPicker.Picked) -> None:
        event.stop()
        bucket = self.index.get(event.option_id)
        if bucket is not None:
            self._choose(bucket)
            return
        if event.option_id == MORE:
            self._more()
        self.app.post_message(ReleaseKeys())  # the step stays: typing goes on in it

    def _more(self) -> None:
        text = self.picker.filter_text
        search = self.index.search
        if self._more_label(text).startswith("… more names") and search is not None:
            search.done = False
            self._describe(len(self.index.matches(text)))
            self.search_buckets(search.prefix, search.marker)
        elif not self.fetching and self.next_marker:
            self.fetching = True
            self.picker.state(_("Loading more buckets…"))
            self.load_page(self.next_marker)

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
            return _("Still connecting to the cloud…")
        return None

    def help_text(self) -> str:
        text = _(
            "The source is where objects are written today; the rule is created on it. "
            "Buckets from every region are listed with their region: the destination must be "
            "in the same region."
        )
        if self.plan.source_bucket:
            chosen = _("Chosen: {bucket} in {region}.")
            text += "\n\n" + chosen.format(
                bucket=self.plan.source_bucket, region=self.plan.source_region
            )
        return text
