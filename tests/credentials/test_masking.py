"""Nothing that holds a secret prints it: reprs, strs, exceptions."""

from __future__ import annotations

from pathlib import Path

from credentials_helpers import KEY_ID, SECRET, aliyun_profile, write_aliyun_config

from srrtui.credentials import Profile, ResolvedCredentials, mask_id, mask_secret
from srrtui.credentials.aliyun_cli import from_aliyun_cli
from srrtui.credentials.filestores import MemoryStore


def test_mask_shapes() -> None:
    assert mask_id(KEY_ID) == "LTAI****abcd"
    assert mask_id("short") == "****" and mask_id("") == ""
    assert mask_secret(SECRET) == "********" and mask_secret("x") == "********"


def test_resolved_credentials_never_show_the_secret() -> None:
    creds = ResolvedCredentials(
        KEY_ID, SECRET, "token-secret", source="environment (OSS_ACCESS_KEY_ID)"
    )
    for text in (repr(creds), str(creds), f"{creds}", str([creds]), repr({"c": creds})):
        assert SECRET not in text and "token-secret" not in text and KEY_ID not in text
    assert "LTAI****abcd" in repr(creds) and "********" in repr(creds)
    assert str(creds) == "AccessKey LTAI****abcd from environment (OSS_ACCESS_KEY_ID)"
    conn = creds.to_connection(region="cn-hangzhou")
    assert SECRET not in repr(conn) and "token-secret" not in repr(conn)


def test_profiles_and_cli_profiles_mask_ids(isolated: Path) -> None:
    profile = Profile("prod", "cn-hangzhou", access_key_id=KEY_ID)
    assert KEY_ID not in repr(profile) and "LTAI****abcd" in str(profile)
    write_aliyun_config(isolated, {"current": "default", "profiles": [aliyun_profile("default")]})
    cli = from_aliyun_cli({"HOME": str(isolated)})
    assert SECRET not in repr(cli) and SECRET not in str(cli) and KEY_ID not in repr(cli)


def test_memory_store_repr_lists_names_only() -> None:
    store = MemoryStore()
    store.set("prod", SECRET)
    assert repr(store) == "MemoryStore(profiles=['prod'])"
