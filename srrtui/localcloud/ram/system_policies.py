"""The system policies every account has, and the AliyunOSSRole service role.

Documents as published in the RAM console's system-policy pages (AliyunOSSFullAccess: ``oss:*`` on
``*``; AliyunOSSReadOnlyAccess: ``oss:Get*`` + ``oss:List*``; AliyunKMSFullAccess: ``kms:*``;
AliyunKMSCryptoUserAccess: the key-usage actions). The OSS replication guides name the last three
as what the console attaches to a replication role (OSS "Same-region replication within the same
account": AliyunOSSRole gets AliyunOSSFullAccess; KMS replication adds AliyunKMSFullAccess or
AliyunKMSCryptoUserAccess).
"""

from __future__ import annotations

import json
from typing import Any


def _doc(statements: list[dict[str, Any]]) -> str:
    return json.dumps({"Version": "1", "Statement": statements}, indent=2)


SYSTEM_POLICIES: dict[str, tuple[str, str]] = {
    # name: (description, document)
    "AliyunOSSFullAccess": (
        "Provides full access to Object Storage Service(OSS) via Management Console.",
        _doc([{"Action": "oss:*", "Effect": "Allow", "Resource": "*"}]),
    ),
    "AliyunOSSReadOnlyAccess": (
        "Provides read-only access to Object Storage Service(OSS) via Management Console.",
        _doc([{"Action": ["oss:Get*", "oss:List*"], "Effect": "Allow", "Resource": "*"}]),
    ),
    "AliyunKMSFullAccess": (
        "Provides full access to Key Management Service(KMS) via Management Console.",
        _doc([{"Action": "kms:*", "Effect": "Allow", "Resource": "*"}]),
    ),
    "AliyunKMSCryptoUserAccess": (
        "Provides the permissions to use the keys of Key Management Service(KMS) for "
        "cryptographic operations.",
        _doc(
            [
                {
                    "Action": [
                        "kms:List*",
                        "kms:Describe*",
                        "kms:Encrypt",
                        "kms:Decrypt",
                        "kms:ReEncrypt",
                        "kms:GenerateDataKey",
                        "kms:GenerateAndExportDataKey",
                        "kms:GenerateDataKeyWithoutPlaintext",
                        "kms:ExportDataKey",
                        "kms:AsymmetricEncrypt",
                        "kms:AsymmetricDecrypt",
                        "kms:AsymmetricSign",
                        "kms:AsymmetricVerify",
                        "kms:GetPublicKey",
                    ],
                    "Effect": "Allow",
                    "Resource": "*",
                }
            ]
        ),
    ),
}

OSS_SERVICE = "oss.aliyuncs.com"
OSS_TRUST_POLICY = _doc(
    [{"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"Service": [OSS_SERVICE]}}]
)
ALIYUN_OSS_ROLE = "AliyunOSSRole"
ALIYUN_OSS_ROLE_DESCRIPTION = (
    "OSS will use this role to access your resources in other services by default."
)
ALIYUN_OSS_ROLE_POLICIES = ("AliyunOSSFullAccess",)
