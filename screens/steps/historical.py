"""Step 7: copy the objects that exist already? Shows both buckets' versioning, offers to
enable it (historical replication overwrites same-name objects in the destination), unless a
bucket it would change has a replication rule: OSS refuses to change versioning then."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Button, Label, Static

from srrtui.cloud.types import BucketDetails, CloudError
from srrtui.cloud.versioning import EnableOutcome, VersioningLock, enable_pair, versioning_locks
from srrtui.domain.plan import ReplicationPlan
from srrtui.domain.words.translate import N_, _, all_of, listing, titled
from srrtui.screens.modals.confirm import ConfirmModal
from srrtui.screens.steps.base import StepContext, StepPanel
from srrtui.screens.widgets.choice import Choice, Pick

ENABLE_BODY = N_(
    "Versioning will be enabled on {names}. Once enabled it can be suspended but never turned "
    "off, and while a replication rule exists it cannot be changed at all. Both buckets must "
    "be in the same versioning state for the rule to be created."
)

# OSS console, "Replicate historical data" (Important): same-name objects are overwritten.
OVERWRITE_WARNING = N_(
    "Objects with the same name in the destination are overwritten by the source's copies."
)


def versioning_states(details: Iterable[BucketDetails]) -> list[str]:
    """Each bucket's versioning ("demo-photos: never enabled"), in the language shown."""
    return [titled(d.name, versioning_word(d.versioning)) for d in details]


@dataclass
class VersioningLoaded(Message):
    details: list[BucketDetails]
    error: str = ""
    # Of the buckets not versioned, those whose versioning cannot change, and why.
    locks: tuple[VersioningLock, ...] = ()
    # What an enable did (None: this load only read).
    outcome: EnableOutcome | None = None


def versioning_word(status: str) -> str:
    never = N_("never enabled")
    words = {"Enabled": N_("enabled"), "Suspended": N_("suspended")}
    return _(words.get(status, never))


def locked_lines(locks: tuple[VersioningLock, ...]) -> list[str]:
    """E.g. 'Versioning cannot be changed on demo-photos-backup: it is the destination of
    demo-photos' replication rule.' One line per bucket."""
    changed = _("Versioning cannot be changed on {bucket}: {reason}.")
    return [changed.format(bucket=lock.bucket, reason=lock.reason) for lock in locks]


def outcome_lines(outcome: EnableOutcome) -> list[str]:
    """What an enable changed and what is left, in so many words."""
    lines = [
        _("✓ Versioning is now enabled on {name} (it cannot be turned off).").format(name=name)
        for name in outcome.enabled
    ]
    refused = _("✗ {name} refused: {error}")
    lines += [refused.format(name=name, error=error) for name, error in outcome.refused]
    if (outcome.refused or outcome.locks) and not outcome.enabled:
        lines.append(_("Nothing was changed."))
    return lines


class HistoricalStep(StepPanel):
    key = "historical"
    title = N_("Historical data")
    fields = ("sync.historical",)
    BINDINGS = [Binding("v", "enable_versioning", N_("Enable versioning"))]

    def __init__(self, ctx: StepContext, plan: ReplicationPlan) -> None:
        super().__init__(ctx, plan)
        self.details: list[BucketDetails] = []
        self.locks: tuple[VersioningLock, ...] = ()

    def compose(self) -> ComposeResult:
        yield Label(_("Copy the objects that are in the source already?"), classes="question")
        with Choice(id="historical"):
            yield Pick(
                _("Yes: copy existing objects, then keep up"), id="yes", value=self.plan.historical
            )
            yield Pick(
                _("No: only objects written from now on"), id="no", value=not self.plan.historical
            )
        # The console's Important note, next to the choice it concerns (not only in the help).
        yield Static("", id="historical-warning", classes="step-warning", markup=False)
        yield Label(_("Versioning"), classes="subheading")
        yield Static(_("Checking both buckets…"), id="versioning", markup=False)
        yield Button(
            _("Enable versioning on both buckets (v)"), id="enable-versioning", compact=True
        )

    def enter(self, plan: ReplicationPlan) -> None:
        super().enter(plan)
        self._warn()
        self.forget_versioning()
        self.cloud_ready()

    def _warn(self) -> None:
        warning = self.query_one("#historical-warning", Static)
        warning.update(f"⚠ {_(OVERWRITE_WARNING)}")
        warning.display = self.query_one("#historical", Choice).chosen != "no"

    def cloud_ready(self) -> None:
        if self.ctx.cloud is not None and self.plan.source_bucket and self.plan.destination_bucket:
            self.forget_versioning()
            self.load_versioning(
                self.plan.source_bucket, self.plan.destination_bucket, enable=False
            )

    def forget_versioning(self) -> None:
        # Stale until the new states arrive: blocked() waits for them, and v is not offered.
        self.details, self.locks = [], ()
        self.query_one("#enable-versioning").display = False
        self.refresh_bindings()

    @work(thread=True, exclusive=True, group="versioning", exit_on_error=False)
    def load_versioning(self, source: str, destination: str, enable: bool) -> None:
        cloud = self.ctx.cloud
        assert cloud is not None
        outcome: EnableOutcome | None = None
        error = ""
        if enable:
            try:
                outcome = enable_pair(cloud, source, destination)
            except CloudError as failure:  # reading the states before changing anything
                error = _("Could not check the buckets, nothing was changed: {error}").format(
                    error=failure
                )
        # Read also after a refused enable: one bucket may have changed, and blocked() must
        # judge the states as they are now, not as unknown.
        try:
            details = [cloud.bucket_details(source), cloud.bucket_details(destination)]
        except CloudError as failure:
            error = _("Could not read versioning: {error}").format(error=failure)
            self.post_message(VersioningLoaded([], error, outcome=outcome))
            return
        locks = versioning_locks(cloud, details)
        if outcome is not None:
            unversioned = {d.name for d in details if d.versioning != "Enabled"}
            known = {lock.bucket for lock in locks}
            locks += tuple(
                lock
                for lock in outcome.lasting_refusals()
                if lock.bucket in unversioned and lock.bucket not in known
            )
        self.post_message(VersioningLoaded(details, error, locks, outcome))

    def on_versioning_loaded(self, message: VersioningLoaded) -> None:
        self.details, self.locks = message.details, message.locks
        outcome = message.outcome
        if outcome is not None and outcome.enabled:
            # Cannot be undone: the review, the quit question and the exit summary name it.
            self.ctx.changes.append(
                _("versioning enabled on {names} (it can be suspended, not turned off)").format(
                    names=all_of(outcome.enabled)
                )
            )
        lines = [f"✗ {message.error}"] if message.error else []
        lines += outcome_lines(outcome) if outcome is not None else []
        lines += versioning_states(message.details)
        states = {d.versioning or "" for d in message.details}
        differ = len(states) > 1
        if differ:
            lines.append(_("✗ The states differ: OSS refuses a rule until they match."))
        elif states == {"Enabled"}:
            lines.append(_("✓ Both buckets keep old versions of overwritten objects."))
        mark = "✗" if differ else "•"
        lines += [f"{mark} {line}" for line in locked_lines(self.locks)]
        if self.locks and differ:
            lines.append(_("✗ Go back and choose other buckets."))
        self.query_one("#versioning", Static).update("\n".join(lines))
        self.query_one("#enable-versioning").display = self.offers_enable()
        self.refresh_bindings()
        self.changed()

    def locked_names(self) -> str:
        return _(" and ").join(lock.bucket for lock in self.locks)

    def offers_enable(self) -> bool:
        """v can succeed: a bucket is not versioned yet, and none of those is locked."""
        unversioned = any(d.versioning != "Enabled" for d in self.details)
        return unversioned and not self.locks

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "enable_versioning":
            return self.offers_enable()  # False hides it from the footer
        return True

    @on(Button.Pressed, "#enable-versioning")
    def action_enable_versioning(self) -> None:
        if not self.offers_enable():
            return
        names = _(" and ").join(d.name for d in self.details if d.versioning != "Enabled") or _(
            "both buckets"
        )

        def answer(yes: bool | None) -> None:
            if yes:
                self.query_one("#versioning", Static).update(_("Enabling versioning…"))
                self.forget_versioning()
                self.load_versioning(
                    self.plan.source_bucket, self.plan.destination_bucket, enable=True
                )

        self.app.push_screen(
            ConfirmModal(
                _("Enable versioning?"),
                _(ENABLE_BODY).format(names=names),
                yes=_("Enable"),
                no=_("Cancel"),
            ),
            answer,
        )

    @on(Choice.Changed)
    def _changed(self) -> None:
        self._warn()
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
        which = listing(versioning_states(self.details))
        if self.locks:
            return _(
                "The buckets' versioning states differ ({which}), and versioning cannot be "
                "changed on {names}. Go back and choose other buckets."
            ).format(which=which, names=self.locked_names())
        return _(
            "The buckets' versioning states differ ({which}). Press v to enable versioning "
            "on both, or go back and choose other buckets."
        ).format(which=which)

    def help_text(self) -> str:
        if not self.collect().historical:
            return _(
                "Only objects written after the rule starts (3 to 5 minutes after it is "
                "enabled) are replicated; what is in the source today stays where it is."
            )
        versioned = bool(self.details) and all(d.versioning == "Enabled" for d in self.details)
        if versioned:
            keep = _(" Versioning keeps the overwritten versions.")
        elif self.locks:  # not "enable it": OSS would refuse
            keep = _(
                " Versioning would keep the overwritten versions, but it cannot be enabled on "
                "{names}."
            ).format(names=self.locked_names())
        else:
            keep = _(" Enable versioning on both buckets to keep the overwritten versions.")
        return "\n\n".join(
            [
                _(
                    "Every object already in the source (within the chosen prefixes and tags) "
                    "is copied; this can take minutes to hours and is billed as replication "
                    "traffic."
                ),
                _(OVERWRITE_WARNING) + keep,
            ]
        )
