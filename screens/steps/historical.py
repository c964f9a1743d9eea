"""Step 7: copy the objects that exist already? Shows both buckets' versioning, offers to
enable it (historical replication overwrites same-name objects in the destination)."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Button, Label, Static

from srrtui.cloud.types import BucketDetails, CloudError
from srrtui.domain.plan import ReplicationPlan
from srrtui.screens.modals.confirm import ConfirmModal
from srrtui.screens.steps.base import StepPanel
from srrtui.screens.widgets.choice import Choice, Pick

ENABLE_BODY = (
    "Versioning will be enabled on {names}. Once enabled it can be suspended but never turned "
    "off, and while a replication rule exists it cannot be changed at all. Both buckets must "
    "be in the same versioning state for the rule to be created."
)


@dataclass
class VersioningLoaded(Message):
    details: list[BucketDetails]
    error: str = ""


def versioning_word(status: str) -> str:
    return {"Enabled": "enabled", "Suspended": "suspended"}.get(status, "never enabled")


class HistoricalStep(StepPanel):
    key = "historical"
    title = "Historical data"
    fields = ("sync.historical",)
    BINDINGS = [Binding("v", "enable_versioning", "Enable versioning")]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.details: list[BucketDetails] = []

    def compose(self) -> ComposeResult:
        yield Label("Copy the objects that are in the source already?", classes="question")
        with Choice(id="historical"):
            yield Pick(
                "Yes: copy existing objects, then keep up", id="yes", value=self.plan.historical
            )
            yield Pick(
                "No: only objects written from now on", id="no", value=not self.plan.historical
            )
        yield Label("Versioning", classes="subheading")
        yield Static("Checking both buckets…", id="versioning", markup=False)
        yield Button("Enable versioning on both buckets (v)", id="enable-versioning", compact=True)

    def enter(self, plan: ReplicationPlan) -> None:
        super().enter(plan)
        self.query_one("#enable-versioning").display = False
        self.cloud_ready()

    def cloud_ready(self) -> None:
        if self.ctx.cloud is not None and self.plan.source_bucket and self.plan.destination_bucket:
            self.details = []  # stale until the new states arrive: blocked() waits for them
            self.load_versioning(
                self.plan.source_bucket, self.plan.destination_bucket, enable=False
            )

    @work(thread=True, exclusive=True, group="versioning", exit_on_error=False)
    def load_versioning(self, source: str, destination: str, enable: bool) -> None:
        cloud = self.ctx.cloud
        assert cloud is not None
        doing = "enable"
        try:
            if enable:
                for bucket in (source, destination):
                    if cloud.bucket_details(bucket).versioning != "Enabled":
                        cloud.enable_versioning(bucket)
            doing = "read"
            details = [cloud.bucket_details(source), cloud.bucket_details(destination)]
        except CloudError as error:
            self.post_message(VersioningLoaded([], f"Could not {doing} versioning: {error}"))
            return
        self.post_message(VersioningLoaded(details))

    def on_versioning_loaded(self, message: VersioningLoaded) -> None:
        self.details = message.details
        text = self.query_one("#versioning", Static)
        button = self.query_one("#enable-versioning", Button)
        if message.error:
            text.update(f"✗ {message.error}")
            return
        lines = [f"{d.name}: {versioning_word(d.versioning)}" for d in message.details]
        states = {d.versioning or "" for d in message.details}
        if len(states) > 1:
            lines.append("✗ The states differ: OSS refuses a rule until they match.")
        elif states == {"Enabled"}:
            lines.append("✓ Both buckets keep old versions of overwritten objects.")
        text.update("\n".join(lines))
        button.display = states != {"Enabled"}
        self.changed()

    @on(Button.Pressed, "#enable-versioning")
    def action_enable_versioning(self) -> None:
        if not self.query_one("#enable-versioning").display:
            return
        names = (
            " and ".join(d.name for d in self.details if d.versioning != "Enabled")
            or "both buckets"
        )

        def answer(yes: bool | None) -> None:
            if yes:
                self.query_one("#versioning", Static).update("Enabling versioning…")
                self.details = []
                self.load_versioning(
                    self.plan.source_bucket, self.plan.destination_bucket, enable=True
                )

        self.app.push_screen(
            ConfirmModal(
                "Enable versioning?", ENABLE_BODY.format(names=names), yes="Enable", no="Cancel"
            ),
            answer,
        )

    @on(Choice.Changed)
    def _changed(self) -> None:
        self.changed()

    def collect(self) -> ReplicationPlan:
        return self.plan.with_changes(
            historical=self.query_one("#historical", Choice).chosen != "no"
        )

    def blocked(self) -> str | None:
        # Same rule as the ✗ shown above: OSS refuses the rule whatever the historical
        # choice. Unknown states (still loading, or unreadable) do not block; preflight
        # checks again on the review.
        states = {d.versioning or "" for d in self.details}
        if len(states) < 2:
            return None
        which = ", ".join(f"{d.name}: {versioning_word(d.versioning)}" for d in self.details)
        return (
            f"The buckets' versioning states differ ({which}). Press v to enable versioning "
            "on both, or go back and choose other buckets."
        )

    def help_text(self) -> str:
        if not self.collect().historical:
            return (
                "Only objects written after the rule starts (3 to 5 minutes after it is "
                "enabled) are replicated; what is in the source today stays where it is."
            )
        versioned = bool(self.details) and all(d.versioning == "Enabled" for d in self.details)
        return "\n\n".join(
            [
                "Every object already in the source (within the chosen prefixes and tags) is "
                "copied; this can take minutes to hours and is billed as replication traffic.",
                "Objects with the same name in the destination are overwritten."
                + (
                    " Versioning keeps the overwritten versions."
                    if versioned
                    else " Enable versioning on both buckets to keep the overwritten versions."
                ),
            ]
        )
