"""The Python export: a runnable script on public SDK APIs only.

- OSS: alibabacloud-oss-v2's ``Client.invoke_operation`` with an ``OperationInput`` (the SDK's
  own PutBucketReplication is built the same way in ``operations/bucket_replication.py``:
  ``POST ?replication&comp=add``, sub-resources ``replication`` and ``comp``, Content-MD5). The
  SDK's ``ReplicationRule`` model has no ``UserTaggings``, so the body is srrtui's XML.
- RAM: alibabacloud-ram20150501 (CreateRole / CreatePolicy / AttachPolicyToRole), each one
  idempotent: ``EntityAlreadyExists.*`` means it is there already.
- Credentials: ``OSS_ACCESS_KEY_ID`` / ``OSS_ACCESS_KEY_SECRET`` / ``OSS_SESSION_TOKEN`` when
  set (alibabacloud-oss-v2's EnvironmentVariableCredentialsProvider names), else the
  alibabacloud-credentials default chain (``ALIBABA_CLOUD_ACCESS_KEY_ID`` /
  ``ALIBABA_CLOUD_ACCESS_KEY_SECRET`` / ``ALIBABA_CLOUD_SECURITY_TOKEN``, OIDC, the aliyun CLI
  profile, the ECS instance role: its ``Client()`` without arguments).
"""

from __future__ import annotations

from srrtui.domain.exports.result import ExportText
from srrtui.domain.plan import ReplicationPlan, RoleKind
from srrtui.domain.policies import (
    policy_description,
    policy_json,
    role_description,
    trust_policy_json,
)
from srrtui.domain.replication_xml import render_put_replication

REQUIREMENTS = "alibabacloud-oss-v2 alibabacloud-ram20150501 alibabacloud-credentials"


def python_script(plan: ReplicationPlan) -> ExportText:
    new_role = plan.role.kind is RoleKind.NEW
    constants = [
        f"REGION = {plan.source_region!r}",
        f"SOURCE_BUCKET = {plan.source_bucket!r}",
        f"DESTINATION_BUCKET = {plan.destination_bucket!r}",
        f"ROLE_NAME = {plan.sync_role_name!r}",
        f"CREATE_ROLE = {new_role!r}",
    ]
    if new_role:
        constants += [
            f"ROLE_DESCRIPTION = {role_description(plan)!r}",
            f"TRUST_POLICY = {trust_policy_json(indent=None)!r}",
            f"POLICY_NAME = {plan.new_policy_name!r}",
            f"POLICY_DESCRIPTION = {policy_description(plan)!r}",
            f"POLICY_DOCUMENT = {policy_json(plan, indent=None)!r}",
        ]
    xml = render_put_replication(plan)
    body = "\n".join(f"    {line!r}" for line in xml.splitlines(keepends=True))
    head = f'''#!/usr/bin/env python3
"""Create the same-region replication rule {plan.source_bucket} -> {plan.destination_bucket}
({plan.source_region}) planned with srrtui{", with its RAM role and policy" if new_role else ""}.

Needs: pip install {REQUIREMENTS}
Credentials: OSS_ACCESS_KEY_ID / OSS_ACCESS_KEY_SECRET (/ OSS_SESSION_TOKEN) when set, else the
Alibaba Cloud default chain (ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET /
ALIBABA_CLOUD_SECURITY_TOKEN, OIDC, the aliyun CLI profile, the ECS role). None are written here.
Options: --region, --endpoint (OSS, default the region's public endpoint), --ram-endpoint.
Runs again safely: what exists is kept. Prints the rule id; on failure exits 1 with the error code.
"""

import argparse
import base64
import hashlib
import os
import sys
from urllib.parse import urlparse

'''
    return ExportText(head + "\n".join(constants) + f"\nBODY = (\n{body}\n)\n" + _SCRIPT_BODY)


# The part of the script that does not depend on the plan. Kept in one string so the export is
# one self-contained file; tests run it against the local cloud.
_SCRIPT_BODY = '''

class Failure(Exception):
    def __init__(self, code, message):
        super().__init__(f"{code}: {message}")
        self.code = code


def credentials():
    """(access key id, secret, security token or None) from OSS_* or the default chain."""
    if os.environ.get("OSS_ACCESS_KEY_ID"):
        return (
            os.environ["OSS_ACCESS_KEY_ID"],
            os.environ.get("OSS_ACCESS_KEY_SECRET", ""),
            os.environ.get("OSS_SESSION_TOKEN") or None,
        )
    from alibabacloud_credentials.client import Client as CredentialClient

    found = CredentialClient().get_credential()
    return found.access_key_id, found.access_key_secret, found.security_token or None


def ram_client(endpoint, keys):
    from alibabacloud_ram20150501.client import Client
    from alibabacloud_tea_openapi.models import Config

    parsed = urlparse(endpoint if "//" in endpoint else "https://" + endpoint)
    return Client(
        Config(
            access_key_id=keys[0],
            access_key_secret=keys[1],
            security_token=keys[2],
            endpoint=parsed.netloc,
            protocol=parsed.scheme,
        )
    )


def ram_call(name, call, exists_code=None):
    """One RAM call; an answer naming exists_code means it is there already (True)."""
    try:
        call()
    except Exception as error:  # the Tea SDK raises its own exception type with .code
        code = getattr(error, "code", None) or type(error).__name__
        if exists_code and code == exists_code:
            print(f"{name}: exists already, kept")
            return True
        raise Failure(code, getattr(error, "message", None) or str(error)) from None
    print(f"{name}: done")
    return False


def ensure_role(ram):
    from alibabacloud_ram20150501 import models

    if not CREATE_ROLE:
        ram_call(f"check role {ROLE_NAME}", lambda: ram.get_role(models.GetRoleRequest(role_name=ROLE_NAME)))
        return
    ram_call(
        f"create role {ROLE_NAME}",
        lambda: ram.create_role(
            models.CreateRoleRequest(
                role_name=ROLE_NAME,
                assume_role_policy_document=TRUST_POLICY,
                description=ROLE_DESCRIPTION,
            )
        ),
        "EntityAlreadyExists.Role",
    )
    ram_call(
        f"create policy {POLICY_NAME}",
        lambda: ram.create_policy(
            models.CreatePolicyRequest(
                policy_name=POLICY_NAME,
                policy_document=POLICY_DOCUMENT,
                description=POLICY_DESCRIPTION,
            )
        ),
        "EntityAlreadyExists.Policy",
    )
    ram_call(
        f"attach {POLICY_NAME} to {ROLE_NAME}",
        lambda: ram.attach_policy_to_role(
            models.AttachPolicyToRoleRequest(
                policy_type="Custom", policy_name=POLICY_NAME, role_name=ROLE_NAME
            )
        ),
        "EntityAlreadyExists.Role.Policy",
    )


def put_rule(endpoint, region, keys):
    import alibabacloud_oss_v2 as oss

    config = oss.config.load_default()
    config.credentials_provider = oss.credentials.StaticCredentialsProvider(*keys)
    config.region = region
    config.endpoint = endpoint
    client = oss.Client(config)
    data = BODY.encode("utf-8")
    request = oss.OperationInput(
        op_name="PutBucketReplication",
        method="POST",
        headers={
            "Content-Type": "application/xml",
            "Content-MD5": base64.b64encode(hashlib.md5(data).digest()).decode("ascii"),
        },
        parameters={"replication": "", "comp": "add"},
        body=data,
        bucket=SOURCE_BUCKET,
        op_metadata={"sub-resource": ["replication", "comp"]},
    )
    try:
        result = client.invoke_operation(request)
    except Exception as error:
        detail = error.unwrap() if hasattr(error, "unwrap") else error
        code = getattr(detail, "code", None) or type(detail).__name__
        raise Failure(code, getattr(detail, "message", None) or str(detail)) from None
    return result.headers.get("x-oss-replication-rule-id", "")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--region", default=REGION)
    parser.add_argument("--endpoint", help="OSS endpoint (default: the region's public one)")
    parser.add_argument("--ram-endpoint", default="https://ram.aliyuncs.com")
    args = parser.parse_args(argv)
    endpoint = args.endpoint or f"https://oss-{args.region}.aliyuncs.com"
    try:
        keys = credentials()
        ensure_role(ram_client(args.ram_endpoint, keys))
        rule_id = put_rule(endpoint, args.region, keys)
    except Failure as failure:
        print(f"error: {failure}", file=sys.stderr)
        return 1
    print(f"rule id: {rule_id or '(read it with GetBucketReplication)'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
'''
