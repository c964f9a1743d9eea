"""Step 4: which objects: all of them, or those under up to 10 prefixes (suggested from the
source bucket's real first-level "folders")."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Label, SelectionList, Static

from srrtui.cloud.types import CloudError
from srrtui.domain.plan import ReplicationPlan
from srrtui.domain.validation import Issue, validate
from srrtui.domain.words.errors import brief
from srrtui.domain.words.translate import N_, _, ngettext, titled
from srrtui.screens.steps.base import StepContext, StepPanel
from srrtui.screens.type_ahead import ReleaseKeys
from srrtui.screens.widgets.choice import Choice, Pick
from srrtui.screens.widgets.field_error import FieldError
from srrtui.screens.widgets.marked_list import MarkedSelectionList


@dataclass
class PrefixesLoaded(Message):
    bucket: str
    prefixes: list[str]
    error: str = ""


class ObjectsStep(StepPanel):
    key = "objects"
    title = N_("Objects")
    fields = ("objects.prefixes",)

    def __init__(self, ctx: StepContext, plan: ReplicationPlan) -> None:
        super().__init__(ctx, plan)
        self._suggested_for = ""  # the bucket the suggestions came from
        self._suggested: set[str] = set()  # rows that are suggestions, not typed by the user

    def compose(self) -> ComposeResult:
        yield Label(_("Which objects should be replicated?"), classes="question")
        with Choice(id="scope"):
            yield Pick(_("All objects in the bucket"), id="all", value=self.plan.all_objects)
            yield Pick(
                _("Only objects under these prefixes"),
                id="prefixes",
                value=not self.plan.all_objects,
            )
        yield Static("", id="prefix-count", classes="hint")
        yield MarkedSelectionList(id="prefix-list")
        yield Static("", id="suggest-state", classes="hint", markup=False)
        yield Input(
            placeholder=_("type a prefix, e.g. logs/2024/, then Enter to add"), id="new-prefix"
        )
        yield FieldError("objects.prefixes")

    def enter(self, plan: ReplicationPlan) -> None:
        super().enter(plan)
        selection = self.query_one("#prefix-list", SelectionList)
        existing = set(self._options())
        for prefix in plan.prefixes:
            if prefix not in existing:
                selection.add_option((prefix, prefix, True))
        for prefix in plan.prefixes:
            selection.select(prefix)
        self._sync()
        if plan.source_bucket != self._suggested_for:
            self._forget_suggestions()
            self.cloud_ready()

    def _forget_suggestions(self) -> None:
        """The source changed: folders suggested for the old one go, unless they were ticked."""
        selection = self.query_one("#prefix-list", SelectionList)
        chosen = set(selection.selected)
        options = self._options()
        keep = [p for p in options if p in chosen or p not in self._suggested]
        self._suggested.clear()
        if len(keep) == len(options):
            return
        selection.clear_options()
        selection.add_options([(p, p, p in chosen) for p in keep])
        self._sync()

    def cloud_ready(self) -> None:
        if self.ctx.cloud is not None and self.plan.source_bucket:
            self._suggested_for = self.plan.source_bucket
            self.query_one("#suggest-state", Static).update(
                _("Looking for folders in the source bucket…")
            )
            self.load_prefixes(self.plan.source_bucket)

    @work(thread=True, exclusive=True, group="prefixes", exit_on_error=False)
    def load_prefixes(self, bucket: str) -> None:
        assert self.ctx.cloud is not None
        try:
            found = self.ctx.cloud.first_level_prefixes(bucket)
        except CloudError as error:
            self.post_message(PrefixesLoaded(bucket, [], brief(error)))
            return
        self.post_message(PrefixesLoaded(bucket, found))

    def on_prefixes_loaded(self, message: PrefixesLoaded) -> None:
        state = self.query_one("#suggest-state", Static)
        if message.bucket != self.plan.source_bucket:
            return
        if message.error:
            state.update(
                _("Could not list folders ({error}); type prefixes instead.").format(
                    error=message.error
                )
            )
            return
        selection = self.query_one("#prefix-list", SelectionList)
        existing = set(self._options())
        for prefix in message.prefixes:
            if prefix not in existing:
                selection.add_option((prefix, prefix, False))
                self._suggested.add(prefix)
        self._sync()
        found = len(message.prefixes)
        state.update(
            ngettext(
                "{count} folder found in {bucket}; space selects.",
                "{count} folders found in {bucket}; space selects.",
                found,
            ).format(count=found, bucket=message.bucket)
            if found
            else _("{bucket} has no folders; type prefixes below.").format(bucket=message.bucket)
        )

    def _options(self) -> list[str]:
        selection = self.query_one("#prefix-list", SelectionList)
        return [selection.get_option_at_index(i).value for i in range(selection.option_count)]

    def _chosen(self) -> tuple[str, ...]:
        selected = set(self.query_one("#prefix-list", SelectionList).selected)
        return tuple(p for p in self._options() if p in selected)

    def _relabel(self) -> None:
        # SelectionList shows selection by colour only; a "✓" keeps it visible without colour.
        selection = self.query_one("#prefix-list", SelectionList)
        chosen = set(selection.selected)
        for index, value in enumerate(self._options()):
            mark = "✓" if value in chosen else " "
            selection.replace_option_prompt_at_index(index, Content(f"{mark} {value}"))

    def _sync(self) -> None:
        self._relabel()
        every = self.query_one("#scope", Choice).chosen != "prefixes"
        # Hidden, not greyed out: a list of ticked prefixes next to "All objects" would read
        # as if those prefixes applied (and greyed text is another colour-only state).
        for widget_id in ("#prefix-list", "#new-prefix", "#suggest-state"):
            self.query_one(widget_id).display = not every
        limit = self.ctx.quotas.prefix_limit
        count = len(self._chosen())
        marker = _("✗ too many: ") if count > limit else ""
        self.query_one("#prefix-count", Static).update(
            _("All objects: no prefixes apply. Choose the second option to pick prefixes.")
            if every
            else marker
            + _("{count} of at most {limit} prefixes chosen; space ticks ✓").format(
                count=count, limit=limit
            )
        )

    def field_for(self, error: FieldError) -> Widget | None:
        # Too many ticked: the fix is unticking one in the list, not typing.
        if len(self._chosen()) > self.ctx.quotas.prefix_limit:
            return self.query_one("#prefix-list", SelectionList)
        return super().field_for(error)

    @on(Input.Submitted, "#new-prefix")
    def add_prefix(self, event: Input.Submitted) -> None:
        text = event.value
        if not text:
            return  # an empty field: Enter goes on to the next step
        event.stop()
        self.app.post_message(ReleaseKeys())  # the step stays: typing goes on in it
        problem = self._refusal(text)
        if problem:
            # Said under the field, and the text stays in it to be corrected.
            self.show_problems((Issue("objects.prefixes", problem),))
            return
        self.show_problems(())
        selection = self.query_one("#prefix-list", SelectionList)
        if text not in self._options():
            selection.add_option((text, text, True))
        selection.select(text)
        event.input.value = ""
        self._sync()
        self.changed()

    def _refusal(self, text: str) -> str:
        """Why ``text`` cannot be added as one more prefix ("" when it can): checked as it is
        typed, so a bad prefix never joins the list to be reported only on Next."""
        chosen = self._chosen()
        if text in chosen:
            return ""
        limit = self.ctx.quotas.prefix_limit
        if len(chosen) >= limit:
            return _("a rule takes at most {limit} prefixes: untick one to add {text!r}").format(
                limit=limit, text=text
            )
        candidate = self.plan.with_changes(prefixes=(*chosen, text))
        mine = f"objects.prefixes[{len(chosen)}]"
        report = validate(candidate, self.ctx.quotas)
        return next((titled(repr(text), i.message) for i in report.problems if i.field == mine), "")

    @on(Choice.Changed)
    @on(SelectionList.SelectedChanged)
    def _changed(self) -> None:
        self._sync()
        self.changed()

    def collect(self) -> ReplicationPlan:
        every = self.query_one("#scope", Choice).chosen != "prefixes"
        return self.plan.with_changes(prefixes=() if every else self._chosen())

    def blocked(self) -> str | None:
        if self.query_one("#scope", Choice).chosen == "prefixes" and not self._chosen():
            return _("Choose at least one prefix, or replicate all objects.")
        return None

    def help_text(self) -> str:
        # The choice, not the plan: "only these prefixes" with none ticked yet is a plan with
        # no prefixes, which reads as "all objects".
        if self.query_one("#scope", Choice).chosen != "prefixes":
            return _(
                "Every object in the source bucket is replicated, including objects written "
                "later under any name."
            )
        return _(
            "Only objects whose names start with one of the chosen prefixes are replicated. "
            "A rule takes up to {limit} prefixes; a prefix is matched literally, so 'logs' "
            "also matches 'logs-old/'. End folder prefixes with '/'."
        ).format(limit=self.ctx.quotas.prefix_limit)
