"""Step 6: what is replicated: writes only (disaster recovery) or writes and deletions."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.widgets import Label, Static

from srrtui.domain.plan import DeleteMode, ReplicationPlan
from srrtui.domain.validation import Code, Issue, Report
from srrtui.domain.words.translate import N_, _
from srrtui.screens.steps.base import StepPanel
from srrtui.screens.widgets.choice import Choice, Pick
from srrtui.screens.widgets.field_error import FieldError

PUT_ONLY_MEANS = N_(
    "PUT only (disaster recovery): new and changed objects are copied; deleting an object in "
    "the source leaves its copy in the destination, so the destination keeps what the source "
    "loses."
)
ALL_MEANS = N_(
    "ALL (data sharing): writes and deletions are replicated. An object deleted in the source "
    "is deleted in the destination too, and cannot be recovered there (unless versioning "
    "keeps old versions). A tag filter cannot be used with ALL."
)

ALL_WARNING = N_(
    "An object deleted in the source is deleted in the destination too, and cannot be "
    "recovered there unless versioning keeps old versions."
)

VERSIONING_NOTE = N_(
    "With versioning on, a delete without a version id adds a delete marker, which is "
    "replicated in both modes; deleting a specific version is replicated only with ALL."
)


class DeleteModeStep(StepPanel):
    key = "deletes"
    title = N_("Delete mode")
    fields = ("sync.deletes",)

    def compose(self) -> ComposeResult:
        put = self.plan.delete_mode is DeleteMode.PUT_ONLY
        yield Label(_("Should deletions in the source be replicated?"), classes="question")
        with Choice(id="delete-mode"):
            yield Pick(_("PUT only: copy writes, never deletions"), id="put", value=put)
            yield Pick(_("ALL: copy writes and deletions"), id="all", value=not put)
        # The console's warning on ALL, next to the choice (the help pane may be scrolled).
        yield Static(f"⚠ {_(ALL_WARNING)}", id="deletes-warning", classes="step-warning")
        yield FieldError("sync.deletes")

    def on_mount(self) -> None:
        self._warn()

    def _warn(self) -> None:
        all_ = self.query_one("#delete-mode", Choice).chosen == "all"
        self.query_one("#deletes-warning").display = all_

    @on(Choice.Changed)
    def _changed(self) -> None:
        self._warn()
        self.changed()

    def collect(self) -> ReplicationPlan:
        chosen = self.query_one("#delete-mode", Choice).chosen
        mode = DeleteMode.ALL if chosen == "all" else DeleteMode.PUT_ONLY
        return self.plan.with_changes(delete_mode=mode)

    def problems(self, report: Report) -> tuple[Issue, ...]:
        # Validation files the tag/ALL conflict under objects.tags; here it is this choice that
        # causes it, so the message is shown at this step's field too.
        plan = self.collect()
        if plan.delete_mode is not DeleteMode.ALL or not plan.tag_filter.active:
            return ()
        return tuple(
            Issue("sync.deletes", issue.message, issue.code)
            for issue in report.with_code(Code.TAGS_WITH_DELETES)
        )

    def help_text(self) -> str:
        chosen = ALL_MEANS if self.collect().delete_mode is DeleteMode.ALL else PUT_ONLY_MEANS
        return f"{_(chosen)}\n\n{_(VERSIONING_NOTE)}"
