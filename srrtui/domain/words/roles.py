"""The RAM role in the console's words: the system policies the OSS console attaches for
replication, and the RAM permissions a RAM user needs for the role srrtui creates (the calls
``srrtui.cloud.ram`` makes). Source: OSS "Same-region replication" (console: "create a RAM role
... AliyunOSSFullAccess; with KMS, AliyunKMSCryptoUserAccess") and the RAM API reference;
docs/reference-notes.md."""

from __future__ import annotations

from srrtui.domain.words.translate import _, all_of, listing, ngettext

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
    return _(
        "Creating it needs these RAM permissions: {actions}. Review checks them against "
        "your own RAM policies before anything is written."
    ).format(actions=listing(NEW_ROLE_PERMISSIONS))


def custom_role_needs(kms: bool) -> str:
    policies = CUSTOM_ROLE_POLICIES if kms else CUSTOM_ROLE_POLICIES[:1]
    return _(
        "It must trust oss.aliyuncs.com and carry {policies} (the console's choice) or a "
        "narrower policy allowing the replication actions; listing roles needs {list}."
    ).format(policies=all_of(policies), list=LIST_ROLES_PERMISSION)


# --- preflight: the caller's own RAM permissions (srrtui.cloud.caller_check) -------------------


def caller_is_account() -> tuple[str, str]:
    return (
        _("you use the account's own AccessKey"),
        _("it may make every RAM call; no permission check is needed"),
    )


def caller_allowed(user: str, count: int) -> tuple[str, str]:
    return (
        _("RAM user {user} may make the RAM calls this role needs").format(user=user),
        ngettext(
            "{count} permission checked against its policies",
            "{count} permissions checked against its policies",
            count,
        ).format(count=count),
    )


def caller_missing(user: str, missing: list[str]) -> tuple[str, str]:
    return (
        _("RAM user {user} lacks {missing}").format(user=user, missing=listing(missing)),
        _(
            "enabling would stop half-way; grant them (e.g. in a custom policy) first. "
            "Nothing has been created."
        ),
    )


def caller_unchecked(why: str, needs: list[str]) -> tuple[str, str]:
    return (
        _("your RAM permissions could not be checked"),
        _("{why}; enabling may still work. It needs: {needs}").format(
            why=why, needs=listing(needs)
        ),
    )


def unchecked_identity() -> str:
    return _("who you are could not be read (STS GetCallerIdentity)")


def unchecked_assumed_role(role: str) -> str:
    return _("you act as the assumed role {role}, whose session may be narrower").format(role=role)


def unchecked_policies(user: str, error: str) -> str:
    return _("RAM user {user}'s own policies could not be read ({error})").format(
        user=user, error=error
    )
