"""What the shell and Python exports say and how they quote, without a cloud: hostile names stay
data, the XML goes to a new temporary file, credentials are never inside, and `--as policy`
names system policies for roles srrtui does not create."""

from __future__ import annotations

import ast
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from srrtui.commands.plan import render
from srrtui.domain.exports import python_script, shell_script, system_policy_text
from srrtui.domain.plan import KmsChoice, ReplicationPlan, RoleChoice, RoleKind, Tag, TagFilter
from srrtui.domain.replication_xml import parse_put_replication, render_put_replication

SH = shutil.which("sh")
PLAN = ReplicationPlan(
    source_bucket="text-src",
    source_region="cn-shenzhen",
    destination_bucket="text-dst",
    prefixes=("R&D/<x>/", "quote\"'$x`${y}/"),
    tag_filter=TagFilter(tags=(Tag("env", "prod"),)),
)

# Stub aliyun/ossutil as shell functions: each records its argv, one argument per line. The
# ossutil stub also copies the XML file it is given, to check the file's content.
STUBS = r"""
aliyun() { printf '%s\n' "$@" >> "$LOG/aliyun.txt"; printf -- '--\n' >> "$LOG/aliyun.txt"; }
ossutil() {
  printf '%s\n' "$@" > "$LOG/ossutil.txt"
  for arg in "$@"; do
    case $arg in
      file://*) cp "${arg#file://}" "$LOG/sent.xml" ;;
      */srrtui-replication.*) cp "$arg" "$LOG/sent.xml" ;;
    esac
  done
}
"""


def run_stubbed(
    plan: ReplicationPlan, form: int, tmp_path: Path
) -> subprocess.CompletedProcess[str]:
    script = shell_script(plan, ossutil=form).text
    # The stubs go after `set -eu`, replacing the real commands for this run only.
    script = script.replace("set -eu\n", "set -eu\n" + STUBS, 1)
    (tmp_path / "tmp").mkdir()
    env = {"PATH": "/usr/bin:/bin", "LOG": str(tmp_path), "TMPDIR": str(tmp_path / "tmp")}
    assert SH is not None
    return subprocess.run(
        [SH, "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=30
    )


@pytest.mark.skipif(SH is None, reason="needs sh")
@pytest.mark.parametrize("form", [1, 2])
def test_shell_script_passes_names_as_data_and_the_exact_xml(form: int, tmp_path: Path) -> None:
    plan = replace(PLAN, source_bucket="a b;touch pwned $(id)`x`")
    done = run_stubbed(plan, form, tmp_path)
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / "pwned").exists()
    argv = (tmp_path / "ossutil.txt").read_text().splitlines()
    if form == 1:
        assert argv[:4] == ["replication", "--method", "put", f"oss://{plan.source_bucket}"]
        assert argv[5:] == ["--endpoint", "oss-cn-shenzhen.aliyuncs.com"]
    else:
        assert argv[:4] == ["api", "put-bucket-replication", "--bucket", plan.source_bucket]
        assert argv[6:] == ["--region", "cn-shenzhen", "--endpoint", "oss-cn-shenzhen.aliyuncs.com"]
    sent = (tmp_path / "sent.xml").read_text(encoding="utf-8")
    assert sent == render_put_replication(plan)
    assert parse_put_replication(sent.encode()).prefixes == PLAN.prefixes
    # The temporary file is removed on exit; nothing else was written.
    assert list((tmp_path / "tmp").iterdir()) == []
    calls = (tmp_path / "aliyun.txt").read_text().split("--\n")
    actions = [call.splitlines()[1] for call in calls if call]
    assert actions == ["CreateRole", "CreatePolicy", "AttachPolicyToRole"]
    assert all("--region\ncn-shenzhen\n--endpoint\nram.aliyuncs.com" in c for c in calls if c)


@pytest.mark.skipif(SH is None, reason="needs sh")
def test_shell_script_checks_an_existing_role_instead_of_creating_one(tmp_path: Path) -> None:
    plan = replace(PLAN, role=RoleChoice(RoleKind.CUSTOM, "team.role"))
    done = run_stubbed(plan, 1, tmp_path)
    assert done.returncode == 0, done.stderr
    (call,) = [c for c in (tmp_path / "aliyun.txt").read_text().split("--\n") if c]
    assert call.splitlines()[:2] == ["ram", "GetRole"] and "team.role" in call.splitlines()


def test_shell_script_never_overwrites_a_file_and_is_strict() -> None:
    text = shell_script(PLAN).text
    assert text.startswith("#!/bin/sh\n") and "\nset -eu\n" in text
    assert 'XML_FILE=$(mktemp "${TMPDIR:-/tmp}/srrtui-replication.XXXXXX")' in text
    assert "replication.xml" not in text.replace("srrtui-replication.XXXXXX", "")


def test_only_the_ossutil2_form_carries_the_tag_caveat() -> None:
    assert shell_script(PLAN, ossutil=2).caveats
    assert "# CAVEAT:" in shell_script(PLAN, ossutil=2).text
    assert shell_script(PLAN, ossutil=1).caveats == ()
    assert shell_script(replace(PLAN, tag_filter=TagFilter()), ossutil=2).caveats == ()
    with pytest.raises(ValueError):
        shell_script(PLAN, ossutil=3)


def script_constant(code: str, name: str) -> object:
    for node in ast.parse(code).body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == name:
            return ast.literal_eval(node.value)
    raise AssertionError(f"no {name} assignment")


@pytest.mark.parametrize("kind", list(RoleKind))
def test_python_script_compiles_and_carries_the_exact_body(kind: RoleKind) -> None:
    plan = replace(PLAN, role=RoleChoice(kind, "team.role" if kind is RoleKind.CUSTOM else ""))
    code = python_script(plan).text
    compile(code, "replicate.py", "exec")
    assert script_constant(code, "BODY") == render_put_replication(plan)
    assert script_constant(code, "CREATE_ROLE") is (kind is RoleKind.NEW)
    assert "_do(" not in code and "import oss2" not in code  # public APIs only
    assert "OSS_ACCESS_KEY_ID" in code and "alibabacloud_credentials" in code
    assert "LTAI" not in code and "access_key_secret=" not in code.replace(
        "access_key_secret=keys", ""
    )


def test_policy_for_roles_srrtui_does_not_create_names_system_policies() -> None:
    oss_role = replace(PLAN, role=RoleChoice(RoleKind.ALIYUN_OSS_ROLE))
    text = render(oss_role, "policy").text
    assert "AliyunOSSFullAccess" in text and "Statement" not in text
    assert "AliyunKMS" not in text.split("Attach")[0].replace("no KMS policy", "")
    kms = replace(oss_role, kms=KmsChoice(True, "k-1"))
    assert "AliyunKMSCryptoUserAccess or AliyunKMSFullAccess" in system_policy_text(kms)
    custom = replace(PLAN, role=RoleChoice(RoleKind.CUSTOM, "team.role"))
    assert "your role team.role" in render(custom, "policy").text
    assert '"Statement"' in render(PLAN, "policy").text  # a new role gets srrtui's document
