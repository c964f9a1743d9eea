"""Step 5: the object-tag filter: key=value rows, matched all or any."""

from __future__ import annotations

import re

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static

from srrtui.domain import limits
from srrtui.domain.plan import ReplicationPlan, Tag, TagFilter, TagMatch
from srrtui.domain.validation import Code, tag_filter_blockers, validate
from srrtui.domain.words.translate import N_, _
from srrtui.screens.steps.base import StepPanel
from srrtui.screens.widgets.choice import Choice, Pick
from srrtui.screens.widgets.field_error import FieldError, describe, matches
from srrtui.screens.widgets.tag_row import TagRow

# The reading of the console's "match all" that srrtui implements (the reference allows two).
MATCH_ALL_MEANS = N_(
    "Match all: an object is replicated when it carries every tag in this list "
    "(it may carry other tags too)."
)
MATCH_ANY_MEANS = N_(
    "Match any: an object is replicated when it carries at least one of these tags."
)
# The console's warning on the tag filter (OSS: not with delete replication, Action ALL).
NO_DELETES_WARNING = N_(
    "With a tag filter, deletions are not replicated: delete mode must be PUT only."
)


def match_means(match: TagMatch) -> str:
    return _(MATCH_ANY_MEANS if match is TagMatch.ANY else MATCH_ALL_MEANS)


def unavailable_reason(plan: ReplicationPlan) -> str:
    """Why the tag filter cannot be used with this plan (the domain's first reason), and what
    to change in the wizard; "" when it can."""
    blockers = tag_filter_blockers(plan)
    if not blockers:
        return ""
    if blockers[0] is Code.TAGS_WITH_DELETES:
        return _(
            "Unavailable: a tag filter cannot be combined with delete replication (ALL). "
            "To filter by tags, go to the Delete mode step and choose PUT only."
        )
    return _(
        "Unavailable: OSS does not offer the tag filter in {region}. "
        "Use prefixes on the Objects step to narrow the rule instead."
    ).format(region=plan.source_region)


class TagsStep(StepPanel):
    key = "tags"
    title = N_("Tags")
    fields = ("objects.tags",)
    # "+" types into a tag field (it is a valid tag character); elsewhere on the step it adds.
    BINDINGS = [Binding("plus", "add_tag", N_("Add tag"))]

    def compose(self) -> ComposeResult:
        on_ = self.plan.tag_filter.active
        yield Static("", id="tags-unavailable", classes="notice", markup=False)
        yield Label(_("Filter objects by their tags?"), classes="question")
        with Choice(id="tag-filter"):
            yield Pick(_("No: objects are replicated whatever their tags"), id="off", value=not on_)
            yield Pick(_("Yes: only objects with these tags"), id="on", value=on_)
        with Choice(id="tag-match"):
            all_ = self.plan.tag_filter.match is TagMatch.ALL
            # The meaning is on the choice itself: at 80x24 a separate line would push the
            # tag rows out of view (the help pane says it in full).
            yield Pick(_("Match all: an object needs every tag listed"), id="all", value=all_)
            yield Pick(
                _("Match any: an object needs at least one of them"), id="any", value=not all_
            )
        yield Static(f"⚠ {_(NO_DELETES_WARNING)}", id="tags-no-deletes", classes="step-warning")
        yield Vertical(id="tag-rows")
        yield Button(_("Add tag (+)"), id="add-tag", compact=True)
        yield Static("", id="tag-count", classes="hint")
        yield FieldError("objects.tags")
        # Warnings do not block Next; shown as typed so a slip is seen before the review.
        warnings = Static("", id="tag-warnings", classes="notice", markup=False)
        warnings.display = False  # until there is one: an empty notice would still take rows
        yield warnings

    async def on_mount(self) -> None:
        rows = [
            TagRow(t.key, t.value, blink=self.ctx.services.cursor_blink)
            for t in self.plan.tag_filter.tags
        ]
        await self.query_one("#tag-rows").mount_all(rows or [self._row()])
        self._sync()

    def _row(self, key: str = "", value: str = "") -> TagRow:
        return TagRow(key, value, blink=self.ctx.services.cursor_blink)

    def enter(self, plan: ReplicationPlan) -> None:
        super().enter(plan)
        self._sync()

    def _rows(self) -> list[TagRow]:
        return list(self.query(TagRow))

    def _sync(self) -> None:
        reason = unavailable_reason(self.plan)
        notice = self.query_one("#tags-unavailable", Static)
        notice.update(f"ⓘ {reason}" if reason else "")
        notice.display = bool(reason)
        filtering = self.query_one("#tag-filter", Choice).chosen == "on"
        if reason and not self.plan.tag_filter.active:
            self.query_one("#tag-filter", Choice).disabled = True
        off = not filtering or bool(reason)
        for widget in (
            "#tag-match",
            "#tags-no-deletes",
            "#tag-rows",
            "#add-tag",
        ):
            self.query_one(widget).display = not off
        count = len([r for r in self._rows() if any(r.pair)])
        self.query_one("#tag-count", Static).update(
            ""
            if off
            else _("{count} of at most {limit} tags; + adds a row (outside a field)").format(
                count=count, limit=limits.TAG_LIMIT
            )
        )
        self._show_warnings()
        self.refresh_bindings()

    def _show_warnings(self) -> None:
        plan = self.collect()
        report = validate(plan, self.ctx.quotas)
        # The domain's words also serve the command line; only here is there a value box.
        lines = [
            f"⚠ {describe(w, 'objects.tags')}"
            + (_(" (type the value in the value box)") if w.code is Code.TAG_KEY_HOLDS_PAIR else "")
            for w in report.warnings
            if matches("objects.tags", w.field)
        ]
        shown = self.query_one("#tag-warnings", Static)
        shown.update("\n".join(lines))
        shown.display = bool(lines)

    def field_for(self, error: FieldError) -> Widget | None:
        """The key or value box of the first tag with a problem (#1 is the first filled row)."""
        filled = [row for row in self._rows() if any(row.pair)]
        for issue in self.problems(validate(self.collect(), self.ctx.quotas)):
            found = re.match(r"objects\.tags\[(\d+)\](?:\.(key|value))?", issue.field)
            if found and int(found.group(1)) < len(filled):
                box = ".tag-value" if found.group(2) == "value" else ".tag-key"
                return filled[int(found.group(1))].query_one(box, Input)
            if not found:  # no tag at all: the keys go into the first row's key box
                rows = self._rows()
                return rows[0].query_one(".tag-key", Input) if rows else None
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "add_tag":
            # Only while tags are being entered, and not in a tag field (+ is typed there).
            in_field = isinstance(self.app.focused, Input)
            return self.query_one("#add-tag").display and not in_field
        return True

    async def action_add_tag(self) -> None:
        await self.add_tag()

    @on(Button.Pressed, "#add-tag")
    async def add_tag(self) -> None:
        if len(self._rows()) >= limits.TAG_LIMIT:
            self.notify(
                _("A rule takes at most {limit} tags.").format(limit=limits.TAG_LIMIT),
                severity="warning",
            )
            return
        row = self._row()
        await self.query_one("#tag-rows").mount(row)
        row.query_one(Input).focus()
        self._sync()

    async def on_tag_row_remove(self, message: TagRow.Remove) -> None:
        await message.row.remove()
        if not self._rows():
            await self.query_one("#tag-rows").mount(self._row())
        self._sync()
        self.changed()

    @on(Choice.Changed)
    @on(Input.Changed)
    def _changed(self) -> None:
        self._sync()
        self.changed()

    def collect(self) -> ReplicationPlan:
        filtering = self.query_one("#tag-filter", Choice).chosen == "on"
        match = (
            TagMatch.ANY if self.query_one("#tag-match", Choice).chosen == "any" else TagMatch.ALL
        )
        if not filtering:
            return self.plan.with_changes(tag_filter=TagFilter(match=match))
        # Rows left completely empty are ignored; half-filled ones are validated.
        tags = tuple(Tag(k, v) for k, v in (r.pair for r in self._rows()) if k or v)
        return self.plan.with_changes(tag_filter=TagFilter(tags=tags, match=match, enabled=True))

    def help_text(self) -> str:
        reason = unavailable_reason(self.plan)
        lines = [reason] if reason else []
        lines += [
            _("Without a filter every chosen object is replicated."),
            match_means(self.collect().tag_filter.match),
            _(
                "Up to {limit} tags; keys and values are case sensitive. "
                "A tag filter rules out delete replication (ALL)."
            ).format(limit=limits.TAG_LIMIT),
        ]
        return "\n\n".join(lines)
