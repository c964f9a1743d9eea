"""A message under a field, shown when validation finds a problem with it."""

from __future__ import annotations

import re
from collections.abc import Iterable

from textual.content import Content
from textual.widgets import Static

from srrtui.domain.validation import Issue

_INDEX = re.compile(r"\[(\d+)\]")


def matches(field: str, issue_field: str) -> bool:
    """Same rule as ``Report.for_field``: a field covers its children."""
    return issue_field == field or issue_field.startswith((f"{field}.", f"{field}["))


def describe(issue: Issue, field: str) -> str:
    """The message, with "#2" when it is about one entry of a list (people count from 1)."""
    rest = issue.field[len(field) :]
    found = _INDEX.match(rest)
    where = f"#{int(found.group(1)) + 1}: " if found else ""
    return f"{where}{issue.message}"


class FieldError(Static):
    """Hidden when its field is fine. The "✗" marks the problem without relying on colour."""

    DEFAULT_CLASSES = "field-error"

    def __init__(self, field: str, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.field = field
        self.display = False

    def show_issues(self, issues: Iterable[Issue]) -> list[Issue]:
        mine = [issue for issue in issues if matches(self.field, issue.field)]
        lines = [f"✗ {describe(issue, self.field)}" for issue in mine]
        # Content(...) never parses markup: messages quote user input such as bucket names.
        self.update(Content("\n".join(lines)))
        self.display = bool(mine)
        return mine
