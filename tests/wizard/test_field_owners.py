"""Every field a validation problem can name is owned by a wizard step, so the wizard shows
the problem at the field that caused it (and stops there), never only in the review."""

from __future__ import annotations

from srrtui.domain.validation import FIELD_OF, WARNING_CODES, Code
from srrtui.screens.steps import STEPS, step_class
from srrtui.screens.widgets.field_error import matches

# A plan file's key the wizard never sets before the rule exists (OSS then names the rule).
NOT_IN_THE_WIZARD = {Code.RULE_ID}


def test_a_step_owns_every_field_validation_can_name() -> None:
    steps = [step_class(index) for index in range(len(STEPS))]
    owned = [(cls.key, mine) for cls in steps if cls.form for mine in cls.fields]
    problems = set(Code) - WARNING_CODES - NOT_IN_THE_WIZARD
    unowned = {
        code: FIELD_OF[code]
        for code in problems
        if not any(matches(mine, FIELD_OF[code]) for _, mine in owned)
    }
    assert unowned == {}
