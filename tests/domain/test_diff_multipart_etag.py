"""The multipart ETag form and how ``compare`` treats it (CompleteMultipartUpload reference:
a multipart object's ETag is not the MD5 of its bytes)."""

from __future__ import annotations

from srrtui.domain.replication_scope import Difference, compare, is_multipart_etag

MULTI = "3858F62230AC3C915F300C664312C63F-2"
PLAIN = "5D41402ABC4B2A76B9719D911017C592"


def test_multipart_etag_form() -> None:
    assert is_multipart_etag(MULTI) and is_multipart_etag(f'"{MULTI.lower()}"')
    assert not is_multipart_etag(PLAIN) and not is_multipart_etag("abc-2")


def test_other_etag_forms_fall_back_on_crc64() -> None:
    assert compare(10, MULTI, 10, PLAIN, "123", "123") is None
    assert compare(10, MULTI, 10, PLAIN, "123", "456") is Difference.DIFFERENT
    assert compare(10, MULTI, 10, PLAIN) is Difference.DIFFERENT  # CRCs unknown: different
    assert compare(10, PLAIN, 10, PLAIN.lower()) is None
    assert compare(10, PLAIN, 11, PLAIN) is Difference.DIFFERENT
    assert compare(10, PLAIN, None, "") is Difference.MISSING
