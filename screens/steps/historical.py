"""Step 7: copy the objects that exist already? Shows both buckets' versioning, offers to
enable it (historical replication overwrites same-name objects in the destination), unless a
bucket it would change has a replication rule: OSS refuses to change versioning then."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Button, Label, Static

from srrtui.cloud.rule_search import rules_in_the_way
from srrtui.cloud.types import BucketDetails, CloudError
from srrtui.domain.plan import ReplicationPlan
from srrtui.screens.modals.confirm import ConfirmModal
from srrtui.screens.steps.base import StepPanel
from srrtui.screens.widgets.choice import Choice, Pick

if TYPE_CHECKING:
    pass

ENABLE_BODY = (
    "Versioning will be enabled on {names}. Once enabled it can be suspended but never turned "
    "off, and while a replication rule exists it cannot be changed at all. Both buckets must "
    "be in the same versioning state for the rule to be created."
)


@dataclass
class VersioningLoaded(Message):
    details: list[BucketDetails]
    error: str = ""
    # Of the buckets not versioned, those with a replication rule of their own.
    ruled: frozenset[str] = frozenset()
    # The buckets this load enabled versioning on (also when a later one failed).
    enabled: tuple[str, ...] = ()


def versioning_word(status: str) -> str:
    return {"Enabled": "enabled", "Suspended": "suspended"}.get(status, "never enabled")


def names_have_rule(names: list[str]) -> str:
    """E.g. 'demo-photos while it has a replication rule' (for one or two names)."""
    if len(names) == 1:
        return f"{names[0]} while it has a replication rule"
    return f"{' and '.join(names)} while they have replication rules"


class HistoricalStep(StepPanel):
    key = "historical"
    title = "Historical data"
    fields = ("sync.historical",)
    BINDINGS = [Binding("v", "enable_versioning", "Enable versioning")]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.details: list[BucketDetails] = []
        self.ruled: frozenset[str] = frozenset()

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
        self.loading()
        self.cloud_ready()

    def cloud_ready(self) -> None:
        if self.ctx.cloud is not None and self.plan.source_bucket and self.plan.destination_bucket:
            self.loading()
            self.load_versioning(
                self.plan.source_bucket, self.plan.destination_bucket, enable=False
            )

    def loading(self) -> None:
        # Stale until the new states arrive: blocked() waits for them, and v is not offered.
        self.details, self.ruled = [], frozenset()
        self.query_one("#enable-versioning").display = False
        self.refresh_bindings()

    @work(thread=True, exclusive=True, group="versioning", exit_on_error=False)
    def load_versioning(self, source: str, destination: str, enable: bool) -> None:
        cloud = self.ctx.cloud
        assert cloud is not None
        errors: list[str] = []
        enabled: list[str] = []
        if enable:
            try:
                for bucket in (source, destination):
                    if cloud.bucket_details(bucket).versioning != "Enabled":
                        cloud.enable_versioning(bucket)
                        enabled.append(bucket)
            except CloudError as error:
                errors.append(f"Could not enable versioning: {error}")
        # Read also after a failed enable: one bucket may have changed, and blocked() must
        # judge the states as they are now, not as unknown.
        try:
            details = [cloud.bucket_details(source), cloud.bucket_details(destination)]
        except CloudError as error:
            errors.append(f"Could not read versioning: {error}")
            self.post_message(VersioningLoaded([], "\n✗ ".join(errors), enabled=tuple(enabled)))
            return
        ruled = rules_in_the_way(cloud, details)
        self.post_message(VersioningLoaded(details, "\n✗ ".join(errors), ruled, tuple(enabled)))

    def on_versioning_loaded(self, message: VersioningLoaded) -> None:
        self.details, self.ruled = message.details, message.ruled
        if message.enabled:
            # Cannot be undone: the quit question names it.
            self.ctx.changes.append(
                f"versioning enabled on {' and '.join(message.enabled)} "
                "(it can be suspended, not turned off)"
            )
        lines = [f"✗ {message.error}"] if message.error else []
        lines += [f"{d.name}: {versioning_word(d.versioning)}" for d in message.details]
        states = {d.versioning or "" for d in message.details}
        if len(states) > 1:
            lines.append("✗ The states differ: OSS refuses a rule until they match.")
        elif states == {"Enabled"}:
            lines.append("✓ Both buckets keep old versions of overwritten objects.")
        if self.ruled:
            lines.append(
                f"{'✗' if len(states) > 1 else '•'} Versioning cannot be changed on "
                f"{names_have_rule(self.ruled_names())}"
                + (": choose other buckets." if len(states) > 1 else ".")
            )
        self.query_one("#versioning", Static).update("\n".join(lines))
        self.query_one("#enable-versioning").display = self.offers_enable()
        self.refresh_bindings()
        self.changed()

    def ruled_names(self) -> list[str]:
        """The buckets with a rule in the way, source first."""
        return [d.name for d in self.details if d.name in self.ruled]

    def offers_enable(self) -> bool:
        """v can help: a bucket is not versioned yet, and none of those has a rule."""
        unversioned = any(d.versioning != "Enabled" for d in self.details)
        return unversioned and not self.ruled

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "enable_versioning":
            return self.offers_enable()  # False hides it from the footer
        return True

    @on(Button.Pressed, "#enable-versioning")
    def action_enable_versioning(self) -> None:
        if not self.offers_enable():
            return
        names = (
            " and ".join(d.name for d in self.details if d.versioning != "Enabled")
            or "both buckets"
        )

        def answer(yes: bool | None) -> None:
            if yes:
                self.query_one("#versioning", Static).update("Enabling versioning…")
                self.loading()
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
        if self.ruled:
            return (
                f"The buckets' versioning states differ ({which}), and versioning cannot be "
                f"changed on {names_have_rule(self.ruled_names())}. Go back and choose other "
                "buckets."
            )
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
        if versioned:
            keep = " Versioning keeps the overwritten versions."
        elif self.ruled:  # not "enable it": OSS would refuse
            keep = (
                " Versioning would keep the overwritten versions, but it cannot be enabled on "
                f"{names_have_rule(self.ruled_names())}."
            )
        else:
            keep = " Enable versioning on both buckets to keep the overwritten versions."
        return "\n\n".join(
            [
                "Every object already in the source (within the chosen prefixes and tags) is "
                "copied; this can take minutes to hours and is billed as replication traffic.",
                "Objects with the same name in the destination are overwritten." + keep,
            ]
        )
