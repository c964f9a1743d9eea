"""Stand-ins for the ``aliyun`` and ``ossutil`` executables: they accept exactly the documented
command lines the shell export uses (anything else is refused, exit 2) and turn them into SDK
calls, so a test runs the export as a user would, against the local cloud only.

- ``aliyun ram <Action> --<Param> <value> ... [--region R] [--endpoint HOST]`` (aliyun-cli's
  RPC form and global flags, ``openapi/flags.go``); credentials from ALIBABA_CLOUD_ACCESS_KEY_ID /
  _SECRET / ALIBABA_CLOUD_SECURITY_TOKEN; a server error prints ``ErrorCode: <code>`` on stderr and
  exits 1, as aliyun-cli does.
- ``ossutil replication --method put oss://<bucket> <local_xml_file> [--endpoint E]`` (ossutil
  1.x ``lib/bucket_replication.go``): the file's text is sent unchanged, V1-signed, credentials from
  the config file (``--config-file``, default ``~/.ossutilconfig``, section ``[Credentials]``).
- ``ossutil api put-bucket-replication --bucket B --replication-configuration file://X --region R
  [--endpoint E]`` (ossutil 2.x reference): V4-signed, credentials from OSS_ACCESS_KEY_ID /
  OSS_ACCESS_KEY_SECRET / OSS_SESSION_TOKEN. The document is read into the fields ossutil 2.x
  documents (no UserTaggings), as its model does, and sent again.
Endpoints other than loopback are refused: tests never reach the internet.
"""

from __future__ import annotations

import base64
import configparser
import hashlib
import json
import os
import sys
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlparse

RAM_ACTIONS: dict[str, tuple[set[str], set[str]]] = {
    # action: (required params, optional params)
    "GetRole": ({"RoleName"}, set()),
    "CreateRole": ({"RoleName", "AssumeRolePolicyDocument"}, {"Description"}),
    "CreatePolicy": ({"PolicyName", "PolicyDocument"}, {"Description"}),
    "AttachPolicyToRole": ({"PolicyType", "PolicyName", "RoleName"}, set()),
}
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def _refuse(message: str) -> int:
    print(f"stand-in: {message}", file=sys.stderr)
    return 2


def _pairs(args: list[str]) -> dict[str, str] | None:
    """``--Name value`` pairs; None when the line is not of that form."""
    if len(args) % 2:
        return None
    pairs: dict[str, str] = {}
    for flag, value in zip(args[::2], args[1::2], strict=True):
        if not flag.startswith("--") or flag[2:] in pairs:
            return None
        pairs[flag[2:]] = value
    return pairs


def _loopback(endpoint: str) -> tuple[str, str] | None:
    """(host:port, scheme) of a loopback endpoint, else None."""
    parsed = urlparse(endpoint if "//" in endpoint else f"http://{endpoint}")
    if parsed.hostname not in LOOPBACK:
        return None
    return parsed.netloc, parsed.scheme or "http"


def _snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")


def aliyun_main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] != "ram" or argv[1] not in RAM_ACTIONS:
        return _refuse(f"unsupported aliyun command line {argv!r}")
    action = argv[1]
    pairs = _pairs(argv[2:])
    if pairs is None:
        return _refuse(f"not '--Param value' pairs: {argv[2:]!r}")
    region = pairs.pop("region", "")
    target = _loopback(pairs.pop("endpoint", "ram.aliyuncs.com"))
    if target is None:
        return _refuse("only a loopback --endpoint is served")
    required, optional = RAM_ACTIONS[action]
    if not required <= set(pairs) <= required | optional:
        return _refuse(
            f"{action} takes {sorted(required)} (+{sorted(optional)}), got {sorted(pairs)}"
        )
    from alibabacloud_ram20150501 import models
    from alibabacloud_ram20150501.client import Client
    from alibabacloud_tea_openapi.models import Config

    client = Client(
        Config(
            access_key_id=os.environ["ALIBABA_CLOUD_ACCESS_KEY_ID"],
            access_key_secret=os.environ["ALIBABA_CLOUD_ACCESS_KEY_SECRET"],
            security_token=os.environ.get("ALIBABA_CLOUD_SECURITY_TOKEN") or None,
            endpoint=target[0],
            protocol=target[1],
            region_id=region or None,
        )
    )
    request = getattr(models, f"{action}Request")(**{_snake(k): v for k, v in pairs.items()})
    try:
        response = getattr(client, _snake(action))(request)
    except Exception as error:  # the Tea SDK's exception, with .code and .message
        print("ERROR: SDK.ServerError", file=sys.stderr)
        print(f"ErrorCode: {getattr(error, 'code', type(error).__name__)}", file=sys.stderr)
        print(f"Message: {getattr(error, 'message', error)}", file=sys.stderr)
        return 1
    print(json.dumps(response.body.to_map(), indent=2))
    return 0


def ossutil_main(argv: list[str]) -> int:
    if argv[:2] == ["api", "put-bucket-replication"]:
        return _ossutil2(argv[2:])
    if argv[:1] == ["replication"]:
        return _ossutil1(argv[1:])
    return _refuse(f"unsupported ossutil command line {argv!r}")


def _ossutil1(args: list[str]) -> int:
    positional: list[str] = []
    options: dict[str, str] = {}
    rest = list(args)
    while rest:
        arg = rest.pop(0)
        if arg.startswith("-"):
            if not rest:
                return _refuse(f"{arg} needs a value")
            name = {"-e": "endpoint", "-i": "access-key-id", "-k": "access-key-secret"}.get(
                arg, arg.lstrip("-")
            )
            options[name] = rest.pop(0)
        else:
            positional.append(arg)
    if set(options) - {"method", "endpoint", "config-file", "access-key-id", "access-key-secret"}:
        return _refuse(f"options not in ossutil 1.x replication's list: {sorted(options)}")
    if options.get("method") != "put" or len(positional) != 2:
        return _refuse("expected: replication --method put oss://<bucket> <local_xml_file>")
    url, xml_file = positional
    if not url.startswith("oss://"):
        return _refuse(f"{url!r} is not oss://<bucket>")
    config = configparser.ConfigParser()
    config.read(options.get("config-file", str(Path.home() / ".ossutilconfig")))
    section = config["Credentials"] if config.has_section("Credentials") else {}
    keys = (
        options.get("access-key-id") or section.get("accessKeyID", ""),
        options.get("access-key-secret") or section.get("accessKeySecret", ""),
        section.get("stsToken") or None,
    )
    endpoint = options.get("endpoint") or section.get("endpoint", "")
    body = Path(xml_file).read_bytes()  # sent unchanged, as ossutil 1.x does
    return _put(url.removeprefix("oss://").strip("/"), body, endpoint, "", keys, "v1")


def _ossutil2(args: list[str]) -> int:
    rest = ["--endpoint" if arg == "-e" else arg for arg in args]
    pairs = _pairs(rest)
    if pairs is None or not {"bucket", "replication-configuration"} <= set(pairs):
        return _refuse("expected: --bucket B --replication-configuration file://X [flags]")
    if set(pairs) - {"bucket", "replication-configuration", "region", "endpoint"}:
        return _refuse(f"flags the stand-in does not know: {sorted(pairs)}")
    source = pairs["replication-configuration"]
    if not source.startswith("file://"):
        return _refuse("the stand-in reads the configuration from file:// only")
    from srrtui.domain.plan import TagFilter
    from srrtui.domain.replication_xml import parse_put_replication, render_rule

    rule = parse_put_replication(Path(source.removeprefix("file://")).read_bytes())
    # ossutil 2.x's documented fields hold no UserTaggings: the filter does not survive.
    body = render_rule(replace(rule, tag_filter=TagFilter())).encode("utf-8")
    keys = (
        os.environ.get("OSS_ACCESS_KEY_ID", ""),
        os.environ.get("OSS_ACCESS_KEY_SECRET", ""),
        os.environ.get("OSS_SESSION_TOKEN") or None,
    )
    region = pairs.get("region") or os.environ.get("OSS_REGION", "")
    if not region:
        return _refuse("ossutil 2.x signs V4 and needs --region")
    endpoint = pairs.get("endpoint") or os.environ.get("OSS_ENDPOINT", "")
    return _put(pairs["bucket"], body, endpoint, region, keys, "v4")


def _put(
    bucket: str,
    body: bytes,
    endpoint: str,
    region: str,
    keys: tuple[str, str, str | None],
    signature: str,
) -> int:
    target = _loopback(endpoint)
    if target is None:
        return _refuse("only a loopback --endpoint is served")
    import alibabacloud_oss_v2 as oss

    config = oss.config.load_default()
    config.credentials_provider = oss.credentials.StaticCredentialsProvider(*keys)
    config.region = region or "cn-hangzhou"
    config.endpoint = f"{target[1]}://{target[0]}"
    config.signature_version = signature
    client = oss.Client(config)
    request = oss.OperationInput(
        op_name="PutBucketReplication",
        method="POST",
        headers={
            "Content-Type": "application/xml",
            "Content-MD5": base64.b64encode(hashlib.md5(body).digest()).decode("ascii"),
        },
        parameters={"replication": "", "comp": "add"},
        body=body,
        bucket=bucket,
        op_metadata={"sub-resource": ["replication", "comp"]},
    )
    try:
        client.invoke_operation(request)
    except Exception as error:
        detail = error.unwrap() if hasattr(error, "unwrap") else error
        print(
            f"Error: oss: service returned error: StatusCode={getattr(detail, 'status_code', 0)}, "
            f"ErrorCode={getattr(detail, 'code', type(detail).__name__)}, "
            f'ErrorMessage="{getattr(detail, "message", detail)}"',
            file=sys.stderr,
        )
        return 1
    return 0


def write_standins(bin_dir: Path) -> None:
    """``aliyun`` and ``ossutil`` executables in ``bin_dir`` running this module."""
    bin_dir.mkdir(parents=True, exist_ok=True)
    here = Path(__file__).resolve().parent
    repo = here.parents[1]
    for name, entry in (("aliyun", "aliyun_main"), ("ossutil", "ossutil_main")):
        path = bin_dir / name
        path.write_text(
            f"#!{sys.executable}\n"
            "import sys\n"
            f"sys.path[:0] = [{str(here)!r}, {str(repo)!r}]\n"
            f"from export_standins import {entry}\n"
            f"sys.exit({entry}(sys.argv[1:]))\n",
            encoding="utf-8",
        )
        path.chmod(0o755)
