"""The local cloud's configuration and its documented demo identity."""

from __future__ import annotations

from dataclasses import dataclass, field

from srrtui.localcloud.keys import SigningKeys, TemporaryKeys

# A documented, obviously fake key pair for `srrtui --demo` and `srrtui local-cloud` without key
# options. The ID deliberately does not match the real AccessKey ID shape LTAI[0-9A-Za-z]{12,}
# (the hyphen breaks it), so secret scanners and people never mistake it for a real key.
DEMO_ACCESS_KEY_ID = "LTAI-DEMO-LOCAL-CLOUD"
DEMO_ACCESS_KEY_SECRET = "demo-secret-not-a-real-key"
# A 16-digit account UID, the shape of a real Alibaba Cloud account ID; used in RAM ARNs
# (acs:ram::<uid>:role/<name>) and as the OSS bucket owner.
DEMO_ACCOUNT_UID = "1000000000000001"
DEFAULT_REGION = "cn-hangzhou"


@dataclass(frozen=True)
class CloudConfig:
    region: str = DEFAULT_REGION
    account_uid: str = DEMO_ACCOUNT_UID
    # AccessKey ID -> secret. Every key belongs to the account (the root identity).
    access_keys: dict[str, str] = field(
        default_factory=lambda: {DEMO_ACCESS_KEY_ID: DEMO_ACCESS_KEY_SECRET}
    )
    # Accepted STS tokens (x-oss-security-token); empty = any token is refused.
    security_tokens: frozenset[str] = frozenset()
    # Seconds a replication rule stays "starting" (real OSS: 3-5 minutes).
    start_delay: float = 3.0
    # Objects per second the replication engine copies per rule (watchable in the demo);
    # 0 copies as fast as it can.
    replication_rate: float = 20.0
    # The largest object CopyObject copies (OSS: 1 GB; above it, UploadPartCopy). Tests lower it.
    copy_object_max: int = 1024**3
    # Multipart limits (CompleteMultipartUpload / UploadPart references): every part but the
    # last at least 100 KB; parts numbered 1-10000; a part at most 5 GB.
    min_part_size: int = 100 * 1024
    max_part_size: int = 5 * 1024**3
    # Maximum clock skew accepted in a signed request (OSS: 15 minutes).
    max_skew_seconds: float = 15 * 60
    # The longest life of a key STS issues, seconds (tests shorten it to watch keys expire).
    sts_max_duration: float = 3600.0
    # The temporary keys STS issued (srrtui.localcloud.keys): checked by OSS, RAM and KMS.
    temporary_keys: TemporaryKeys = field(default_factory=TemporaryKeys, compare=False, repr=False)

    @property
    def signing_keys(self) -> SigningKeys:
        """AccessKey ID -> secret for signature checks: the account's keys and STS's."""
        return SigningKeys(self.access_keys, self.temporary_keys)

    @property
    def location(self) -> str:
        """The OSS location id of the region, e.g. oss-cn-hangzhou."""
        return f"oss-{self.region}"

    @property
    def extranet_endpoint(self) -> str:
        return f"oss-{self.region}.aliyuncs.com"

    @property
    def intranet_endpoint(self) -> str:
        return f"oss-{self.region}-internal.aliyuncs.com"
