"""What resolving credentials gives: the key pair, where it came from, and where to connect."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from srrtui.cloud.types import Connection
from srrtui.credentials.errors import CredentialsError
from srrtui.credentials.masking import mask_id, mask_secret
from srrtui.credentials.profiles import public_endpoint
from srrtui.domain.words.translate import _


@dataclass(frozen=True)
class ResolvedCredentials:
    access_key_id: str
    access_key_secret: str = field(repr=False)
    security_token: str = field(default="", repr=False)
    # Plain words for the UI, in the language shown when resolved, e.g. "profile 'prod'
    # (secret from the system keyring)". Never taken apart: ``origin`` is the name alone.
    source: str = ""
    # Which link of the chain won: "profile" | "env" | "aliyun-cli" | "default-profile" |
    # "oidc" | "credentials-file" | "credentials-uri" | "ecs-ram-role".
    kind: str = ""
    profile: str = ""  # the srrtui profile name, when a profile was used
    cli_profile: str = ""  # the aliyun CLI profile's name, when one was used
    region: str = ""
    endpoint: str = ""
    ram_endpoint: str = ""
    # The source's name without its details, for a sentence that names it ("aliyun CLI profile
    # 'work'"); "" where ``source`` is that name already.
    origin: str = ""
    # The credential library's provider for sources whose keys change (STS, OIDC, metadata,
    # URI): the cloud layer asks it before each request and gets refreshed keys; None for a
    # fixed key pair.
    provider: Any = field(default=None, repr=False, compare=False)

    def __repr__(self) -> str:
        token = (
            f", security_token={mask_secret(self.security_token)!r}" if self.security_token else ""
        )
        return (
            f"ResolvedCredentials(access_key_id={mask_id(self.access_key_id)!r}, "
            f"access_key_secret={mask_secret(self.access_key_secret)!r}{token}, "
            f"source={self.source!r}, region={self.region!r}, endpoint={self.endpoint!r})"
        )

    def __str__(self) -> str:
        return _("AccessKey {key} from {source}").format(
            key=mask_id(self.access_key_id), source=self.source
        )

    def to_connection(
        self, *, region: str = "", endpoint: str = "", ram_endpoint: str = ""
    ) -> Connection:
        """A :class:`Connection` for the cloud layer; arguments override what the source said."""
        region = region or self.region
        if not region:
            raise CredentialsError(
                _(
                    "no region is known for credentials from {source}: choose one (or set "
                    "{variable})"
                ).format(source=self.source, variable="ALIBABA_CLOUD_REGION_ID")
            )
        return Connection(
            endpoint=endpoint or self.endpoint or public_endpoint(region),
            region=region,
            access_key_id=self.access_key_id,
            access_key_secret=self.access_key_secret,
            security_token=self.security_token,
            ram_endpoint=ram_endpoint or self.ram_endpoint,
            provider=self.provider,
        )
