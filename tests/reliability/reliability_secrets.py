"""The values the secrets checks plant, and the check itself.

They are assembled at run time, so a file holding one can only have been written by a test run.
Each is looked for plain, URL-encoded (both ways), base64 (both alphabets) and hex.
"""

from __future__ import annotations

import base64
from urllib.parse import quote, quote_plus

# "+", "/" and "=" make the URL-encoded and the plain forms differ.
SECRET = "-".join(("SRRTUI", "TEST", "SECRET", "9f3b6c2e+81d4/a7f0="))
TOKEN = "-".join(("SRRTUI", "TEST", "TOKEN", "5ad07e91+c3b2/e64f="))
WRONG = "-".join(("SRRTUI", "TEST", "WRONG", "0c1d2e3f+4a5b/6c7d="))


def forms(value: str) -> set[str]:
    raw = value.encode()
    return {
        value,
        quote(value),  # as a path or a query value is usually written: "/" kept
        quote(value, safe=""),
        quote_plus(value),
        quote_plus(value, safe="/"),
        base64.b64encode(raw).decode(),
        base64.urlsafe_b64encode(raw).decode(),
        raw.hex(),
        raw.hex().upper(),
    }


def assert_clean(text: str, *values: str) -> None:
    for value in values or (SECRET, TOKEN, WRONG):
        leaked = sorted(form for form in forms(value) if form in text)
        assert not leaked, f"a secret leaked (as {len(leaked)} form(s)) into: {text[:2000]}"
