"""Values and files the credentials tests plant."""

from __future__ import annotations

import json
from pathlib import Path

# Values the tests plant and then look for in output that must not contain them.
SECRET = "s3cr3t-Value-That-Must-Never-Print"
KEY_ID = "LTAI5tExampleKey1234abcd"
OTHER_SECRET = "an0ther-Secret-Never-Printed"
OTHER_ID = "LTAI5tOtherKey98765wxyz"


def write_aliyun_config(home: Path, data: dict) -> Path:
    path = home / ".aliyun" / "config.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


def aliyun_profile(name: str, mode: str = "AK", **fields: str) -> dict:
    entry = {
        "name": name,
        "mode": mode,
        "access_key_id": KEY_ID,
        "access_key_secret": SECRET,
        "sts_token": "",
        "region_id": "cn-shanghai",
        "output_format": "json",
        "language": "en",
    }
    entry.update(fields)
    return entry
