"""The Python and shell exports, run as a user runs them, from an empty local cloud, create what
``srrtui apply`` creates from the same plan: the rule, the role, the policy and the attachment,
read back and compared field by field. Scripts reach the local cloud only through their
documented overrides (``--endpoint`` / ``--ram-endpoint``; ``OSS_ENDPOINT`` / ``RAM_ENDPOINT``),
the shell export through stand-in ``aliyun`` and ``ossutil`` executables (export_standins.py).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from export_standins import write_standins

from srrtui.cli import main
from srrtui.cloud.oss import OssAdapter
from srrtui.cloud.ram import RamAdapter
from srrtui.demo import connection_to
from srrtui.domain.exports import python_script, shell_script
from srrtui.domain.plan import (
    KmsChoice,
    ReplicationPlan,
    RoleChoice,
    RoleKind,
    Tag,
    TagFilter,
    TagMatch,
)
from srrtui.domain.planfile import dump_plan
from srrtui.domain.policies import trust_policy_json
from srrtui.localcloud import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, LocalCloud

SH = shutil.which("sh")
BASE = ReplicationPlan(
    source_bucket="export-src", source_region="cn-hangzhou", destination_bucket="export-dst"
)
KMS_TAGS = {
    "kms": KmsChoice(replicate=True, cmk_id="key-export-0000000000000001"),
    "prefixes": ("docs/", "img/"),
    "tag_filter": TagFilter(tags=(Tag("env", "prod"), Tag("team", "web")), match=TagMatch.ANY),
}
ROLES = {
    "new": RoleChoice(RoleKind.NEW),
    "aliyun-oss-role": RoleChoice(RoleKind.ALIYUN_OSS_ROLE),
    "custom": RoleChoice(RoleKind.CUSTOM, "team.replicator-1"),
}
CUSTOM_POLICY = json.dumps(
    {
        "Version": "1",
        "Statement": [{"Effect": "Allow", "Action": ["oss:*", "kms:*"], "Resource": "*"}],
    }
)


def make_plan(role: str, extras: bool) -> ReplicationPlan:
    plan = replace(BASE, role=ROLES[role])
    return replace(plan, **KMS_TAGS) if extras else plan


def _prepare(cloud: LocalCloud, plan: ReplicationPlan) -> None:
    """What the account holds before: the two buckets, the replica CMK, and the role the plan
    names when it is not srrtui's to create."""
    import oss2

    auth = oss2.Auth(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)
    for name in (plan.source_bucket, plan.destination_bucket):
        oss2.Bucket(auth, cloud.endpoint, name).create_bucket()
    assert cloud.ram is not None and cloud.kms is not None
    if plan.kms.replicate:
        cloud.kms.add_key(plan.kms.cmk_id, description="replicas")
    if plan.role.kind is RoleKind.ALIYUN_OSS_ROLE:
        cloud.ram.seed(with_aliyun_oss_role=True)
    ram = RamAdapter(connection_to(cloud))
    if plan.role.kind is RoleKind.ALIYUN_OSS_ROLE and plan.kms.replicate:
        # As the console does for KMS replication with AliyunOSSRole.
        ram.attach_policy(plan.sync_role_name, "AliyunKMSCryptoUserAccess", "System")
    elif plan.role.kind is RoleKind.CUSTOM:
        ram.create_role(plan.role.name, trust_policy_json(indent=None), "the team's own role")
        ram.create_policy("team-replication", CUSTOM_POLICY, "")
        ram.attach_policy(plan.role.name, "team-replication", "Custom")


def _snapshot(cloud: LocalCloud, plan: ReplicationPlan) -> dict[str, object]:
    """Everything the plan touches, without ids and dates that differ between two clouds."""
    connection = connection_to(cloud)
    ram = RamAdapter(connection)
    (rule,) = OssAdapter(connection).list_rules(plan.source_bucket)
    role = ram.get_role(plan.sync_role_name)
    assert role is not None
    attached = sorted((a.name, a.policy_type) for a in ram.policies_for_role(role.name))
    policies = {}
    for name, kind in attached:
        document = ram.get_policy_document(name, kind)
        policies[name] = json.loads(document or "null")
    return {
        "rule": replace(rule, rule_id="", status=None),
        "role": replace(role, trust_policy=json.loads(role.trust_policy)),
        "attached": attached,
        "policy documents": policies,
        "policy descriptions": {
            name: _policy_description(cloud, name, kind) for name, kind in attached
        },
    }


def _policy_description(cloud: LocalCloud, name: str, kind: str) -> str:
    from alibabacloud_ram20150501 import models

    ram = RamAdapter(connection_to(cloud))._ram()
    body = ram.get_policy(models.GetPolicyRequest(policy_name=name, policy_type=kind)).body
    return body.policy.description or ""


class AppliedSnapshots:
    """What ``srrtui apply`` creates for each plan, computed once per plan for the module: each
    in its own empty local cloud, with the CLI as a user runs it (credentials from OSS_*)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.cache: dict[ReplicationPlan, dict[str, object]] = {}

    def __call__(self, plan: ReplicationPlan) -> dict[str, object]:
        if plan not in self.cache:
            self.cache[plan] = self._apply(plan, Path(tempfile.mkdtemp(dir=self.root)))
        return self.cache[plan]

    @staticmethod
    def _apply(plan: ReplicationPlan, root: Path) -> dict[str, object]:
        with (
            LocalCloud(root / "cloud", start_delay=0.05) as cloud,
            pytest.MonkeyPatch.context() as mp,
        ):
            _prepare(cloud, plan)
            for name in ("ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET"):
                mp.delenv(name, raising=False)
            mp.setenv("OSS_ACCESS_KEY_ID", DEMO_ACCESS_KEY_ID)
            mp.setenv("OSS_ACCESS_KEY_SECRET", DEMO_ACCESS_KEY_SECRET)
            mp.setenv("SRRTUI_CONFIG_DIR", str(root / "config"))
            mp.setenv("HOME", str(root / "home"))
            plan_file = root / "plan.toml"
            plan_file.write_text(dump_plan(plan), encoding="utf-8")
            args = ["apply", str(plan_file), "--endpoint", cloud.endpoint, "--region"]
            assert main([*args, "cn-hangzhou", "--yes", "--json"]) == 0
            return _snapshot(cloud, plan)


@pytest.fixture(scope="module")
def applied(tmp_path_factory: pytest.TempPathFactory) -> AppliedSnapshots:
    return AppliedSnapshots(tmp_path_factory.mktemp("applied"))


@pytest.fixture
def cloud(tmp_path: Path) -> Iterator[LocalCloud]:
    """The empty local cloud the export runs against, with the buckets the plan names."""
    with LocalCloud(tmp_path / "cloud", start_delay=0.05) as started:
        yield started


def _clean_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OSS_", "ALIBABA_CLOUD_"))}
    env["HOME"] = str(home)
    home.mkdir(parents=True, exist_ok=True)
    return env


GRID = [(role, extras) for role in ROLES for extras in (False, True)]
IDS = [f"{role}-{'kms-tags' if extras else 'plain'}" for role, extras in GRID]
# Runs twice to show it is idempotent: the plan with everything, where every step has state.
RERUN = ("new", True)


@pytest.mark.parametrize(("role", "extras"), GRID, ids=IDS)
def test_python_export_creates_what_apply_creates(
    role: str, extras: bool, applied: AppliedSnapshots, cloud: LocalCloud, tmp_path: Path
) -> None:
    plan = make_plan(role, extras)
    _prepare(cloud, plan)
    done = _run_python(plan, cloud, tmp_path)
    assert done.returncode == 0, done.stderr
    (rule,) = OssAdapter(connection_to(cloud)).list_rules(plan.source_bucket)
    assert f"rule id: {rule.rule_id}" in done.stdout
    assert _snapshot(cloud, plan) == applied(plan)
    if (role, extras) == RERUN:
        again = _run_python(plan, cloud, tmp_path)
        assert again.stdout.count("exists already, kept") == 3, again.stdout
        # A rule cannot be edited: the second put is refused, with OSS's code.
        assert again.returncode == 1
        assert "error: BucketReplicationAlreadyExist" in again.stderr
        assert _snapshot(cloud, plan) == applied(plan)


def test_python_export_exits_with_the_oss_error_code(tmp_path: Path, cloud: LocalCloud) -> None:
    plan = make_plan("new", False)  # no buckets: PutBucketReplication answers NoSuchBucket
    done = _run_python(plan, cloud, tmp_path, oss_variables=True)
    assert done.returncode == 1
    assert "error: NoSuchBucket" in done.stderr


def _run_python(
    plan: ReplicationPlan, cloud: LocalCloud, tmp_path: Path, *, oss_variables: bool = False
) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "replicate.py"
    script.write_text(python_script(plan).text, encoding="utf-8")
    env = _clean_env(tmp_path / "py-home")
    # OSS_* when given, else the standard chain's ALIBABA_CLOUD_* variables.
    prefix = "OSS_" if oss_variables else "ALIBABA_CLOUD_"
    env[f"{prefix}ACCESS_KEY_ID"] = DEMO_ACCESS_KEY_ID
    env[f"{prefix}ACCESS_KEY_SECRET"] = DEMO_ACCESS_KEY_SECRET
    args = [sys.executable, str(script), "--endpoint", cloud.endpoint]
    args += ["--ram-endpoint", cloud.endpoint]
    return subprocess.run(args, env=env, capture_output=True, text=True, timeout=60)


# Every plan with ossutil 1.x (which carries the tag filter); the 2.x form for one plan (its role
# steps are the same script lines) and for the tag-filter caveat below.
SHELL_GRID = [(role, extras, 1) for role, extras in GRID] + [("custom", False, 2)]


@pytest.mark.skipif(SH is None, reason="needs sh")
@pytest.mark.parametrize(
    ("role", "extras", "form"),
    SHELL_GRID,
    ids=[f"ossutil{form}-{role}-{'kms-tags' if e else 'plain'}" for role, e, form in SHELL_GRID],
)
def test_shell_export_creates_what_apply_creates(
    role: str,
    extras: bool,
    form: int,
    applied: AppliedSnapshots,
    cloud: LocalCloud,
    tmp_path: Path,
) -> None:
    plan = make_plan(role, extras)
    _prepare(cloud, plan)
    done = _run_shell(plan, form, cloud, tmp_path)
    assert done.returncode == 0, done.stderr
    assert _snapshot(cloud, plan) == applied(plan)
    if (role, extras) == RERUN:
        again = _run_shell(plan, form, cloud, tmp_path)  # idempotent: everything is kept
        assert again.returncode == 0, again.stderr
        assert again.stdout.count("exists already, kept") == 4, again.stdout
        assert _snapshot(cloud, plan) == applied(plan)
    # The temporary XML file is gone; nothing was written in the working directory.
    assert list((tmp_path / "tmp").iterdir()) == []
    assert sorted(p.name for p in (tmp_path / "work").iterdir()) == ["replicate.sh"]


@pytest.mark.skipif(SH is None, reason="needs sh")
def test_ossutil2_form_says_and_shows_that_the_tag_filter_is_lost(
    applied: AppliedSnapshots, cloud: LocalCloud, tmp_path: Path
) -> None:
    plan = make_plan("new", True)
    _prepare(cloud, plan)
    export = shell_script(plan, ossutil=2)
    assert export.caveats and "# CAVEAT: ossutil 2.x documents no UserTaggings" in export.text
    done = _run_shell(plan, 2, cloud, tmp_path)
    assert done.returncode == 0, done.stderr
    assert "warning: ossutil 2.x documents no UserTaggings" in done.stderr
    expected = applied(plan)
    assert _snapshot(cloud, plan) == {
        **expected,
        "rule": replace(expected["rule"], tag_filter=TagFilter()),  # type: ignore[type-var]
    }


def _run_shell(
    plan: ReplicationPlan, form: int, cloud: LocalCloud, tmp_path: Path
) -> subprocess.CompletedProcess[str]:
    bin_dir = tmp_path / "bin"
    write_standins(bin_dir)
    work = tmp_path / "work"
    work.mkdir(exist_ok=True)
    (tmp_path / "tmp").mkdir(exist_ok=True)
    script = work / "replicate.sh"
    script.write_text(shell_script(plan, ossutil=form).text, encoding="utf-8")
    home = tmp_path / "sh-home"
    env = _clean_env(home)
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    env["TMPDIR"] = str(tmp_path / "tmp")
    env["RAM_ENDPOINT"] = cloud.endpoint.removeprefix("http://")
    env["OSS_ENDPOINT"] = cloud.endpoint
    env["ALIBABA_CLOUD_ACCESS_KEY_ID"] = DEMO_ACCESS_KEY_ID
    env["ALIBABA_CLOUD_ACCESS_KEY_SECRET"] = DEMO_ACCESS_KEY_SECRET
    if form == 2:
        env["OSS_ACCESS_KEY_ID"] = DEMO_ACCESS_KEY_ID
        env["OSS_ACCESS_KEY_SECRET"] = DEMO_ACCESS_KEY_SECRET
    else:  # ossutil 1.x reads its config file (what `ossutil config` writes)
        (home / ".ossutilconfig").write_text(
            "[Credentials]\n"
            f"language=EN\nendpoint={cloud.endpoint}\n"
            f"accessKeyID={DEMO_ACCESS_KEY_ID}\naccessKeySecret={DEMO_ACCESS_KEY_SECRET}\n",
            encoding="utf-8",
        )
    assert SH is not None
    return subprocess.run(
        [SH, str(script)], cwd=work, env=env, capture_output=True, text=True, timeout=60
    )
