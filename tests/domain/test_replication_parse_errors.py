"""Bodies OSS refuses are refused with its error code, and hostile XML never gets parsed."""

from __future__ import annotations

import pytest
from srr_domain_samples import PLANS

from srrtui.domain.replication_parse import MAX_REQUEST_BYTES
from srrtui.domain.replication_xml import (
    ReplicationXmlError,
    parse_gmt,
    parse_put_replication,
    parse_replication_config,
    parse_replication_progress,
    render_put_replication,
)

DESTINATION = "<Destination><Bucket>dst</Bucket><Location>oss-cn-hangzhou</Location></Destination>"


def rule_body(inner: str, *, destination: str = DESTINATION) -> str:
    return f"<ReplicationConfiguration><Rule>{inner}{destination}</Rule></ReplicationConfiguration>"


def tags_xml(count: int, filter_type: str = "AND") -> str:
    tags = "".join(
        f"<UserTagging><Key>k{i}</Key><Value>v</Value></UserTagging>" for i in range(count)
    )
    return f"<UserTaggings><FilterType>{filter_type}</FilterType>{tags}</UserTaggings>"


KMS_ON = "<SourceSelectionCriteria><SseKmsEncryptedObjects><Status>Enabled</Status></SseKmsEncryptedObjects></SourceSelectionCriteria>"

MALFORMED = {
    "empty": "",
    "whitespace": "  \n ",
    "not xml": "replication please",
    "unclosed": "<ReplicationConfiguration><Rule>",
    "wrong root": "<ReplicationRules><ID>x</ID></ReplicationRules>",
    "no rule": "<ReplicationConfiguration></ReplicationConfiguration>",
    "no destination": rule_body("<Action>PUT</Action>", destination=""),
    "no location": rule_body("", destination="<Destination><Bucket>d</Bucket></Destination>"),
    "empty bucket": rule_body(
        "", destination="<Destination><Bucket></Bucket><Location>oss-x</Location></Destination>"
    ),
    "two destinations": rule_body(DESTINATION),
    "undefined entity": rule_body("<ID>&nope;</ID>"),
    "internal entity": '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "b">]>'
    + rule_body("<ID>&a;</ID>"),
    "external entity (XXE)": '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    + rule_body("<ID>&x;</ID>"),
    "parameter entity": '<!DOCTYPE r [<!ENTITY % p SYSTEM "http://example.invalid/x.dtd"> %p;]>'
    + rule_body(""),
    "billion laughs": '<!DOCTYPE r [<!ENTITY l "lol"><!ENTITY l2 "&l;&l;&l;&l;&l;&l;">]>'
    + rule_body("<ID>&l2;</ID>"),
    "bare doctype": "<!DOCTYPE ReplicationConfiguration>" + rule_body(""),
    "oversized": rule_body("<ID>" + "x" * (MAX_REQUEST_BYTES + 1) + "</ID>"),
}

INVALID = {
    "unknown action": rule_body("<Action>COPY</Action>"),
    "abort only": rule_body("<Action>ABORT</Action>"),
    "historical yes": rule_body("<HistoricalObjectReplication>yes</HistoricalObjectReplication>"),
    "sse status": rule_body(
        "<SourceSelectionCriteria><SseKmsEncryptedObjects><Status>On</Status>"
        "</SseKmsEncryptedObjects></SourceSelectionCriteria>"
    ),
    "kms without key": rule_body(KMS_ON + "<SyncRole>role</SyncRole>"),
    "kms without role": rule_body(
        KMS_ON
        + "<EncryptionConfiguration><ReplicaKmsKeyID>k</ReplicaKmsKeyID></EncryptionConfiguration>"
    ),
    "transfer type": rule_body(
        "",
        destination="<Destination><Bucket>d</Bucket><Location>oss-x</Location>"
        "<TransferType>carrier_pigeon</TransferType></Destination>",
    ),
    "tags with ALL": rule_body("<Action>ALL</Action>" + tags_xml(1)),
    "tags with default action": rule_body(tags_xml(1)),
    "eleven tags": rule_body("<Action>PUT</Action>" + tags_xml(11)),
    "no tags": rule_body("<Action>PUT</Action>" + tags_xml(0)),
    "filter type": rule_body("<Action>PUT</Action>" + tags_xml(1, "XOR")),
    "missing filter type": rule_body(
        "<Action>PUT</Action><UserTaggings><UserTagging><Key>k</Key><Value>v</Value>"
        "</UserTagging></UserTaggings>"
    ),
    "empty tag key": rule_body(
        "<Action>PUT</Action><UserTaggings><FilterType>OR</FilterType><UserTagging><Key></Key>"
        "<Value>v</Value></UserTagging></UserTaggings>"
    ),
    "empty prefix": rule_body("<PrefixSet><Prefix></Prefix></PrefixSet>"),
    "duplicate prefix": rule_body("<PrefixSet><Prefix>a/</Prefix><Prefix>a/</Prefix></PrefixSet>"),
    "prefix too long": rule_body(f"<PrefixSet><Prefix>{'é' * 512}</Prefix></PrefixSet>"),
    "101 prefixes": rule_body(
        "<PrefixSet>" + "".join(f"<Prefix>p{i}/</Prefix>" for i in range(101)) + "</PrefixSet>"
    ),
}


@pytest.mark.parametrize("body", MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_bodies(body: str) -> None:
    with pytest.raises(ReplicationXmlError) as caught:
        parse_put_replication(body)
    assert caught.value.code == "MalformedXML"
    assert caught.value.message


def test_two_rules_are_too_many() -> None:
    # PutBucketReplication error table (Alibaba Cloud document 181408): one rule per request.
    body = (
        "<ReplicationConfiguration>"
        f"<Rule>{DESTINATION}</Rule><Rule>{DESTINATION}</Rule></ReplicationConfiguration>"
    )
    with pytest.raises(ReplicationXmlError) as caught:
        parse_put_replication(body)
    assert caught.value.code == "TooManyReplicationRules"


@pytest.mark.parametrize("body", INVALID.values(), ids=INVALID.keys())
def test_invalid_arguments(body: str) -> None:
    with pytest.raises(ReplicationXmlError) as caught:
        parse_put_replication(body)
    assert caught.value.code == "InvalidArgument"


def test_entities_are_refused_not_expanded() -> None:
    with pytest.raises(ReplicationXmlError, match="DTD"):
        parse_put_replication(MALFORMED["external entity (XXE)"])


def test_ill_formed_xml_reports_where() -> None:
    with pytest.raises(ReplicationXmlError, match=r"line 2, column \d+"):
        parse_put_replication("<ReplicationConfiguration>\n<Rule></Bad></ReplicationConfiguration>")


def test_prefix_limit_is_the_callers_quota() -> None:
    ten = PLANS["defaults"].with_changes(prefixes=tuple(f"p{i}/" for i in range(10)))
    eleven = ten.with_changes(prefixes=(*ten.prefixes, "p10/"))
    assert len(parse_put_replication(render_put_replication(ten), prefix_limit=10).prefixes) == 10
    with pytest.raises(ReplicationXmlError, match="at most 10 prefixes"):
        parse_put_replication(render_put_replication(eleven), prefix_limit=10)
    assert len(parse_put_replication(render_put_replication(eleven)).prefixes) == 11


def test_a_1023_byte_prefix_is_accepted() -> None:
    prefix = "é" * 511 + "x"  # 1023 bytes
    body = rule_body(f"<PrefixSet><Prefix>{prefix}</Prefix></PrefixSet>")
    assert parse_put_replication(body).prefixes == (prefix,)


def test_response_parsers_refuse_hostile_xml_too() -> None:
    hostile = '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><ReplicationConfiguration/>'
    with pytest.raises(ReplicationXmlError, match="MalformedXML"):
        parse_replication_config(hostile)


def test_response_parser_keeps_unknown_status_as_none() -> None:
    body = rule_body("<Status>paused</Status>")
    (rule,) = parse_replication_config(body)
    assert rule.status is None


@pytest.mark.parametrize(
    "progress",
    [
        "<HistoricalObject>most</HistoricalObject>",
        "<HistoricalObject>nan</HistoricalObject>",
        "<NewObject>yesterday</NewObject>",
    ],
)
def test_bad_progress_values_are_malformed(progress: str) -> None:
    body = (
        f"<ReplicationProgress><Rule><ID>r</ID>{DESTINATION}<Status>doing</Status>"
        f"<Progress>{progress}</Progress></Rule></ReplicationProgress>"
    )
    with pytest.raises(ReplicationXmlError, match="MalformedXML"):
        parse_replication_progress(body)


def test_progress_without_rule_is_malformed() -> None:
    with pytest.raises(ReplicationXmlError, match="no Rule"):
        parse_replication_progress("<ReplicationProgress></ReplicationProgress>")


def test_bad_gmt_date() -> None:
    with pytest.raises(ReplicationXmlError):
        parse_gmt("24/09/2015")
