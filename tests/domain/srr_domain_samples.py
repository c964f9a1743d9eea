"""Representative plans and hypothesis strategies shared by the rendering tests."""

from __future__ import annotations

from datetime import datetime, timezone

from hypothesis import strategies as st

from srrtui.domain.plan import (
    DeleteMode,
    KmsChoice,
    ReplicationPlan,
    RoleChoice,
    RoleKind,
    Tag,
    TagFilter,
    TagMatch,
)
from srrtui.domain.rules import (
    LocationTransferTypes,
    ReplicationLocations,
    RuleConfig,
    RuleProgress,
    RuleStatus,
)

DEFAULTS = ReplicationPlan(
    source_bucket="photos-src", source_region="cn-hangzhou", destination_bucket="photos-dr"
)
PREFIXES_TAGS_ANY = ReplicationPlan(
    source_bucket="media-prod",
    source_region="ap-southeast-1",
    destination_bucket="media-share",
    prefixes=("images/", "video/2024/"),
    tag_filter=TagFilter(tags=(Tag("env", "prod"), Tag("team", "media")), match=TagMatch.ANY),
    historical=False,
    role=RoleChoice(kind=RoleKind.ALIYUN_OSS_ROLE),
)
ALL_KMS_CUSTOM_ROLE = ReplicationPlan(
    source_bucket="ledger-primary",
    source_region="cn-shanghai",
    destination_bucket="ledger-replica",
    delete_mode=DeleteMode.ALL,
    kms=KmsChoice(replicate=True, cmk_id="0b2d3f8e-1a2b-4c5d-9e8f-1234567890ab"),
    role=RoleChoice(kind=RoleKind.CUSTOM, name="ledger-replication.v2"),
    rule_id="ledger-kms-rule",
)
SPECIAL_CHARACTERS = ReplicationPlan(
    source_bucket="docs-src",
    source_region="eu-central-1",
    destination_bucket="docs-dst",
    prefixes=("R&D/<draft>/", "données/été/", "日本語/", "quote\"'$x`${y}/"),
    tag_filter=TagFilter(tags=(Tag("path", "a/b:c=d+e"), Tag("owner", "")), match=TagMatch.ALL),
    rule_id="id & <weird> 'one'",
)
PLANS: dict[str, ReplicationPlan] = {
    "defaults": DEFAULTS,
    "prefixes_tags_any": PREFIXES_TAGS_ANY,
    "all_kms_custom_role": ALL_KMS_CUSTOM_ROLE,
    "special_characters": SPECIAL_CHARACTERS,
}

# A rule as OSS reports it, used by the response renderings.
DOING_RULE = RuleConfig(
    rule_id="b7a6c0e2-rule",
    prefixes=("images/",),
    action=DeleteMode.PUT_ONLY,
    destination_bucket="photos-dr",
    destination_location="oss-cn-hangzhou",
    sync_role="oss-replication-role",
    status=RuleStatus.DOING,
)
DOING_PROGRESS = RuleProgress(
    rule=DOING_RULE,
    historical_fraction=0.85,
    new_object_time=datetime(2015, 9, 24, 15, 39, 18, tzinfo=timezone.utc),
)
LOCATIONS = ReplicationLocations(
    locations=("oss-cn-beijing", "oss-cn-hangzhou", "oss-cn-hongkong"),
    transfer_types=(LocationTransferTypes("oss-cn-hongkong", ("oss_acc",)),),
    rtc_locations=("oss-cn-beijing", "oss-cn-hangzhou"),
)

# -- hypothesis ---------------------------------------------------------------------------------
# Any text XML 1.0 can carry, weighted towards the characters that need escaping.
_chars = st.one_of(
    st.characters(blacklist_categories=("Cs", "Cc", "Cn")),
    st.sampled_from("&<>\"' \t\n\r"),
)


def xml_text(min_size: int = 0, max_size: int = 24) -> st.SearchStrategy[str]:
    return st.text(_chars, min_size=min_size, max_size=max_size)


tags = st.lists(
    st.builds(Tag, key=xml_text(min_size=1), value=xml_text()),
    max_size=10,
    unique_by=lambda tag: (tag.key, tag.value),
)


@st.composite
def rules(draw: st.DrawFn, *, with_status: bool = False) -> RuleConfig:
    """Valid rules in the normalised form parsing produces."""
    drawn_tags = tuple(draw(tags))
    replicate = draw(st.booleans())
    return RuleConfig(
        rule_id=draw(xml_text()),
        prefixes=tuple(draw(st.lists(xml_text(min_size=1), max_size=10, unique=True))),
        action=DeleteMode.PUT_ONLY if drawn_tags else draw(st.sampled_from(DeleteMode)),
        destination_bucket=draw(xml_text(min_size=1)),
        destination_location=draw(xml_text(min_size=1)),
        transfer_type=draw(st.sampled_from(["internal", "oss_acc"])),
        historical=draw(st.booleans()),
        sync_role=draw(xml_text(min_size=1 if replicate else 0)),
        replicate_sse_kms=replicate,
        replica_kms_key_id=draw(xml_text(min_size=1)) if replicate else draw(xml_text()),
        tag_filter=TagFilter(tags=drawn_tags, match=draw(st.sampled_from(TagMatch)), enabled=True)
        if drawn_tags
        else TagFilter(),
        status=draw(st.none() | st.sampled_from(RuleStatus)) if with_status else None,
    )


@st.composite
def plans(draw: st.DrawFn) -> ReplicationPlan:
    drawn_tags = tuple(draw(tags))
    kind = draw(st.sampled_from(RoleKind))
    role_name = draw(st.from_regex(r"[A-Za-z0-9.-]{1,64}", fullmatch=True))
    return ReplicationPlan(
        source_bucket=draw(st.from_regex(r"[a-z0-9][a-z0-9-]{1,61}[a-z0-9]", fullmatch=True)),
        source_region=draw(st.sampled_from(["cn-hangzhou", "cn-beijing", "ap-southeast-1"])),
        destination_bucket=draw(st.from_regex(r"[a-z0-9][a-z0-9-]{1,20}[a-z0-9]", fullmatch=True)),
        prefixes=tuple(draw(st.lists(xml_text(min_size=1), max_size=10, unique=True))),
        tag_filter=TagFilter(tags=drawn_tags, match=draw(st.sampled_from(TagMatch))),
        delete_mode=DeleteMode.PUT_ONLY if drawn_tags else draw(st.sampled_from(DeleteMode)),
        historical=draw(st.booleans()),
        kms=draw(
            st.builds(KmsChoice, replicate=st.just(True), cmk_id=xml_text(min_size=1))
            | st.just(KmsChoice())
        ),
        role=RoleChoice(kind=kind, name=role_name if kind is RoleKind.CUSTOM else ""),
        rule_id=draw(xml_text()),
    )


progress_values = st.builds(
    RuleProgress,
    rule=rules(with_status=True),
    historical_fraction=st.none() | st.floats(min_value=0.0, max_value=1.0),
    new_object_time=st.none()
    | st.datetimes(
        min_value=datetime(1970, 1, 1),
        max_value=datetime(2099, 12, 31),
        timezones=st.just(timezone.utc),
    ).map(lambda moment: moment.replace(microsecond=0)),
)

locations = st.builds(
    ReplicationLocations,
    locations=st.lists(xml_text(min_size=1), max_size=5).map(tuple),
    transfer_types=st.lists(
        st.builds(
            LocationTransferTypes,
            location=xml_text(min_size=1),
            types=st.lists(st.sampled_from(["internal", "oss_acc"]), max_size=2).map(tuple),
        ),
        max_size=3,
    ).map(tuple),
    rtc_locations=st.lists(xml_text(min_size=1), max_size=5).map(tuple),
)
