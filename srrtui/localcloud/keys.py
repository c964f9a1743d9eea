"""The keys a request may be signed with: the account's AccessKeys and the temporary keys STS
issued (srrtui.localcloud.sts), which OSS, RAM and KMS accept with their security token until
they expire. Below every service, so the configuration can hold them."""

from __future__ import annotations

import base64
import secrets
import string
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

_ALPHABET = string.ascii_letters + string.digits


@dataclass(frozen=True)
class TemporaryKey:
    access_key_id: str
    secret: str = field(repr=False)
    token: str = field(repr=False)
    expires_at: float  # unix seconds
    role_arn: str
    session: str = ""  # the RoleSessionName it was issued for

    def expired(self, now: float | None = None) -> bool:
        return (time.time() if now is None else now) >= self.expires_at


class TemporaryKeys:
    """The keys STS issued, by AccessKey ID (thread-safe; kept in memory: a restart is a new
    STS session, as expired keys would be anyway). Counts what tests of refreshing clients
    look at: which keys were issued, and how many requests came signed with an expired one."""

    def __init__(self) -> None:
        self._keys: dict[str, TemporaryKey] = {}
        self._lock = threading.Lock()
        self.expired_refusals = 0

    def issue(self, role_arn: str, seconds: float, session: str = "") -> TemporaryKey:
        key = TemporaryKey(
            access_key_id="STS." + "".join(secrets.choice(_ALPHABET) for _ in range(25)),
            secret="".join(secrets.choice(_ALPHABET) for _ in range(44)),
            token="CAIS" + base64.b64encode(secrets.token_bytes(96)).decode(),
            expires_at=time.time() + seconds,
            role_arn=role_arn,
            session=session,
        )
        with self._lock:
            now = time.time()  # forget keys long gone, so a long session does not grow
            self._keys = {k: v for k, v in self._keys.items() if v.expires_at > now - 3600}
            self._keys[key.access_key_id] = key
        return key

    def issued(self) -> list[TemporaryKey]:
        """The keys issued in the last hour, oldest first."""
        with self._lock:
            return list(self._keys.values())

    def refuse_expired(self) -> None:
        """A service refused a request signed with an expired key (counted, then refused)."""
        with self._lock:
            self.expired_refusals += 1

    def get(self, access_key_id: str) -> TemporaryKey | None:
        with self._lock:
            return self._keys.get(access_key_id)


class SigningKeys(Mapping[str, str]):
    """AccessKey ID -> secret for signature checks: the account's keys, then live STS keys
    (an expired one still verifies, so its refusal can say it expired)."""

    def __init__(self, permanent: Mapping[str, str], temporary: TemporaryKeys) -> None:
        self._permanent = permanent
        self._temporary = temporary

    def __getitem__(self, access_key_id: str) -> str:
        if access_key_id in self._permanent:
            return self._permanent[access_key_id]
        found = self._temporary.get(access_key_id)
        if found is None:
            raise KeyError(access_key_id)
        return found.secret

    def __iter__(self) -> Iterator[str]:
        return iter(self._permanent)

    def __len__(self) -> int:
        return len(self._permanent)
