"""The RAM role in the console's words: the system policies the OSS console attaches for
replication, and the RAM permissions a RAM user needs for the role srrtui creates (the calls
``srrtui.cloud.ram`` makes). Source: OSS "Same-region replication" (console: "create a RAM role
... AliyunOSSFullAccess; with KMS, AliyunKMSCryptoUserAccess") and the RAM API reference;
docs/reference-notes.md."""

from __future__ import annotations

from srrtui.domain.words.translate import _

# What the console attaches to the role it creates for replication.
CONSOLE_ROLE_POLICY = "AliyunOSSFullAccess"
CONSOLE_KMS_POLICY = "AliyunKMSCryptoUserAccess"
# What a custom role needs at least, in system policies (or a narrower custom policy).
CUSTOM_ROLE_POLICIES = ("AliyunOSSFullAccess", "AliyunKMSFullAccess")

# The RAM actions the user running srrtui needs to create the new role and its policy, in the
# order srrtui calls them (srrtui.cloud.ram), and to list roles for the custom-role route.
NEW_ROLE_PERMISSIONS = (
    "ram:GetRole",
    "ram:CreateRole",
    "ram:GetPolicy",
    "ram:CreatePolicy",
    "ram:ListPoliciesForRole",
    "ram:AttachPolicyToRole",
)
LIST_ROLES_PERMISSION = "ram:ListRoles"


def console_policies(kms: bool) -> str:
    """The console's route, for comparison with srrtui's least-privilege policy."""
    if kms:
        return _("The console attaches the system policies {oss} and {kms} instead.").format(
            oss=CONSOLE_ROLE_POLICY, kms=CONSOLE_KMS_POLICY
        )
    return _("The console attaches the system policy {oss} instead.").format(
        oss=CONSOLE_ROLE_POLICY
    )


def new_role_permissions() -> str:
    return _("Creating it needs these RAM permissions: {actions}.").format(
        actions=", ".join(NEW_ROLE_PERMISSIONS)
    )


def custom_role_needs(kms: bool) -> str:
    policies = CUSTOM_ROLE_POLICIES if kms else CUSTOM_ROLE_POLICIES[:1]
    return _(
        "It must trust oss.aliyuncs.com and carry {policies} (the console's choice) or a "
        "narrower policy allowing the replication actions; listing roles needs {list}."
    ).format(policies=" and ".join(policies), list=LIST_ROLES_PERMISSION)
