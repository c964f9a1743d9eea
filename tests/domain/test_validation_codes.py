"""Every issue validation reports carries a stable code and concerns the field its code names
(or an entry or child of it), so steps and scripts act on codes, never on message text."""

from __future__ import annotations

from hypothesis import given, settings
from srr_domain_samples import plans

from srrtui.domain.plan import DeleteMode, ReplicationPlan, Tag, TagFilter
from srrtui.domain.validation import FIELD_OF, WARNING_CODES, Code, tag_filter_blockers, validate


def _concerns(field: str, root: str) -> bool:
    return field == root or field.startswith((f"{root}.", f"{root}["))


@settings(max_examples=200, deadline=None)
@given(plans())
def test_every_issue_has_a_code_and_its_field(plan: ReplicationPlan) -> None:
    report = validate(plan)
    for issue in report.problems:
        assert isinstance(issue.code, Code) and issue.code not in WARNING_CODES
        assert _concerns(issue.field, FIELD_OF[issue.code]), issue
    for issue in report.warnings:
        assert issue.code in WARNING_CODES
        assert _concerns(issue.field, FIELD_OF[issue.code]), issue


def test_every_code_names_a_field() -> None:
    assert set(FIELD_OF) == set(Code)
    assert len({code.value for code in Code}) == len(Code)


def test_the_domain_says_why_no_tag_filter_is_available() -> None:
    plan = ReplicationPlan(source_bucket="a-src", source_region="cn-hangzhou")
    assert tag_filter_blockers(plan) == ()
    both = plan.with_changes(delete_mode=DeleteMode.ALL, source_region="cn-zhangjiakou")
    assert tag_filter_blockers(both) == (Code.TAGS_WITH_DELETES, Code.TAGS_NOT_IN_REGION)
    tagged = both.with_changes(tag_filter=TagFilter(tags=(Tag("env", "prod"),), enabled=True))
    codes = {issue.code for issue in validate(tagged).problems}
    assert {Code.TAGS_WITH_DELETES, Code.TAGS_NOT_IN_REGION} <= codes
