"""The EC ("error center") codes OSS puts in ``x-oss-ec`` and ``<EC>`` of an error.

Each value was read on its own troubleshooting page, https://help.aliyun.com/en/oss/user-guide/<EC>
(or .../support/<EC>), or in an error sample of the API reference; docs/reference-notes.md lists
them with the page. OSS gives one code several ECs by cause (MalformedXML in replication is
0031-00000001, elsewhere another), so ``EC_BY_CODE`` holds only codes raised for one cause here;
the rest pass their EC where they are raised. A code with no documented EC carries none rather
than a guessed one.
"""

from __future__ import annotations

# code -> EC, for codes this service raises for one documented cause only.
EC_BY_CODE = {
    # GetBucketVersioning / DeleteBucket error samples in the API reference.
    "NoSuchBucket": "0015-00000101",
    # Real NoSuchKey responses of GetObject carry it (error responses seen in public buckets).
    "NoSuchKey": "0026-00000001",
    "SignatureDoesNotMatch": "0002-00000040",
    # The MissingArgument example on the "Error responses" page.
    "MissingArgument": "0016-00000502",
    # Replication.
    "BucketReplicationAlreadyExist": "0031-00000044",
    # Multipart upload (0042 = multipart): NoSuchUpload, InvalidPartOrder, EntityTooSmall.
    "NoSuchUpload": "0042-00000002",
    "InvalidPartOrder": "0042-00000209",
    "EntityTooSmall": "0042-00000213",
}

# Cause-specific ECs, passed as ``OssError(..., ec=...)``.
REPLICATION_MALFORMED_XML = "0031-00000001"
REPLICATION_DELETE_WITHOUT_ID = "0031-00000008"
REPLICATION_INVALID_DESTINATION_NAME = "0031-00000101"
REPLICATION_OVERLAPPING_PREFIXES = "0031-00000019"
REPLICATION_VERSIONING_DIFFERS = "0031-00000053"
VERSIONING_STATUS_EMPTY = "0012-00000003"
VERSIONING_STATUS_INVALID = "0012-00000004"
PART_NUMBER_INVALID = "0017-00000220"
# The copy source (x-oss-copy-source) of CopyObject: invalid (0016-00000305), a versionId that
# does not exist (0012-00000203), a versionId naming a delete marker (0016-00000307); of
# UploadPartCopy: invalid (0042-00000301).
COPY_SOURCE_INVALID = "0016-00000305"
COPY_SOURCE_NO_SUCH_VERSION = "0012-00000203"
COPY_SOURCE_DELETE_MARKER = "0016-00000307"
PART_COPY_SOURCE_INVALID = "0042-00000301"
