"""The ossutil, Terraform and oss2 exports do what they say, with nothing secret inside."""

from __future__ import annotations

import ast
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import oss2
import pytest
from srr_domain_samples import PLANS

from srrtui.domain.exports import ossutil_command, python_snippet, terraform_resource
from srrtui.domain.replication_xml import parse_put_replication, render_put_replication

BASH = shutil.which("bash")


# -- ossutil ------------------------------------------------------------------------------------
@pytest.mark.skipif(BASH is None, reason="needs bash")
@pytest.mark.parametrize("name", sorted(PLANS))
def test_ossutil_script_writes_the_exact_xml_and_quotes_arguments(
    name: str, tmp_path: Path
) -> None:
    plan = PLANS[name]
    # A stub ossutil records its argv, one per line, instead of calling OSS.
    stub = 'ossutil() { for arg in "$@"; do printf "%s\\n" "$arg"; done > argv.txt; }\n'
    subprocess.run(
        [BASH, "-euc", stub + ossutil_command(plan)], cwd=tmp_path, check=True, timeout=10
    )
    assert (tmp_path / "replication.xml").read_text(encoding="utf-8") == render_put_replication(
        plan
    )
    assert (tmp_path / "argv.txt").read_text().splitlines() == [
        "api",
        "put-bucket-replication",
        "--bucket",
        plan.source_bucket,
        "--region",
        plan.source_region,
        "--replication-configuration",
        "file://replication.xml",
    ]


@pytest.mark.skipif(BASH is None, reason="needs bash")
def test_ossutil_script_survives_hostile_names(tmp_path: Path) -> None:
    plan = PLANS["special_characters"].with_changes(source_bucket="a b;touch pwned $(id)`x`")
    stub = 'ossutil() { printf "%s\\n" "$@" > argv.txt; }\n'
    subprocess.run([BASH, "-euc", stub + ossutil_command(plan)], cwd=tmp_path, check=True)
    assert not (tmp_path / "pwned").exists()
    assert "a b;touch pwned $(id)`x`" in (tmp_path / "argv.txt").read_text().splitlines()
    assert parse_put_replication((tmp_path / "replication.xml").read_bytes()).prefixes == (
        PLANS["special_characters"].prefixes
    )


# -- Terraform ------------------------------------------------------------------------------
def test_terraform_sets_every_argument_for_kms() -> None:
    text = terraform_resource(PLANS["all_kms_custom_role"])
    assert (
        'resource "alicloud_oss_bucket_replication" "replication_ledger_primary_to_ledger_replica" {'
        in text
    )
    for line in (
        'bucket                        = "ledger-primary"',
        'action                        = "ALL"',
        'historical_object_replication = "enabled"',
        'sync_role                     = "ledger-replication.v2"',
        'bucket        = "ledger-replica"',
        'location      = "oss-cn-shanghai"',
        'transfer_type = "internal"',
        'status = "Enabled"',
        'replica_kms_key_id = "0b2d3f8e-1a2b-4c5d-9e8f-1234567890ab"',
    ):
        assert line in text, line
    assert "prefix_set" not in text.replace("No prefix_set", "")
    assert text.count("{") == text.count("}")


def test_terraform_without_kms_or_tags() -> None:
    text = terraform_resource(PLANS["defaults"])
    assert "encryption_configuration" not in text
    assert 'status = "Disabled"' in text
    assert "WARNING" not in text


def test_terraform_warns_that_the_tag_filter_is_not_modelled() -> None:
    text = terraform_resource(PLANS["prefixes_tags_any"])
    assert "WARNING" in text and "env=prod, team=media" in text
    assert 'prefixes = ["images/", "video/2024/"]' in text


def test_terraform_strings_are_escaped_and_never_interpolate() -> None:
    text = terraform_resource(PLANS["special_characters"])
    assert r'"quote\"' + "'$x`$${y}/\"" in text
    plan = PLANS["defaults"].with_changes(prefixes=("back\\slash/", "new\nline/", "%{if}/"))
    text = terraform_resource(plan)
    assert r'["back\\slash/", "new\nline/", "%%{if}/"]' in text


# -- Python ---------------------------------------------------------------------------------
def snippet_body(code: str) -> str:
    for node in ast.parse(code).body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "BODY":
            return ast.literal_eval(node.value)
    raise AssertionError("no BODY assignment")


@pytest.mark.parametrize("name", sorted(PLANS))
def test_python_snippet_compiles_and_carries_the_exact_body(name: str) -> None:
    code = python_snippet(PLANS[name])
    compile(code, f"{name}.py", "exec")
    assert snippet_body(code) == render_put_replication(PLANS[name])
    assert "EnvironmentVariableCredentialsProvider" in code
    assert 'ACCESS_KEY_SECRET"' not in code and "LTAI" not in code


def test_python_snippet_sends_a_signed_put_replication_through_oss2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Run the snippet against oss2 with the HTTP session replaced: the request oss2 would
    send is captured after signing, so nothing leaves the process."""
    monkeypatch.setenv("OSS_ACCESS_KEY_ID", "test-id")
    monkeypatch.setenv("OSS_ACCESS_KEY_SECRET", "test-secret")
    sent: list[oss2.http.Request] = []

    def fake_do_request(self: object, req: oss2.http.Request, timeout: float) -> SimpleNamespace:
        sent.append(req)
        headers = {"x-oss-request-id": "req-1", "x-oss-replication-rule-id": "rule-1"}
        return SimpleNamespace(status=200, headers=headers, request_id="req-1", read=lambda: b"")

    monkeypatch.setattr(oss2.http.Session, "do_request", fake_do_request)
    plan = PLANS["special_characters"]
    namespace: dict[str, object] = {"__name__": "srrtui_snippet"}
    exec(compile(python_snippet(plan), "snippet.py", "exec"), namespace)  # noqa: S102
    namespace["main"]()  # type: ignore[operator]

    (request,) = sent
    body = render_put_replication(plan).encode("utf-8")
    assert request.method == "POST"
    assert request.url == "https://docs-src.oss-eu-central-1.aliyuncs.com/"
    assert request.params == {"replication": "", "comp": "add"}
    assert request.data == body
    assert request.headers["Content-MD5"] == oss2.utils.content_md5(body)
    assert request.headers["Authorization"].startswith("OSS4-HMAC-SHA256 Credential=test-id/")
    assert "test-secret" not in str(request.headers)
    assert "rule id: rule-1" in capsys.readouterr().out
