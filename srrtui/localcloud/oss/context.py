"""What every OSS handler is given (``OssContext``) and the handler type the router maps to."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from srrtui.localcloud.config import CloudConfig
from srrtui.localcloud.http.types import Request, Response
from srrtui.localcloud.oss import auth
from srrtui.localcloud.oss.records import Bucket
from srrtui.localcloud.oss.store import OssStore


@dataclass(frozen=True)
class OssContext:
    request: Request
    bucket: str
    key: str
    operation: str
    caller: auth.Caller
    store: OssStore
    config: CloudConfig
    request_id: str

    def bucket_record(self) -> Bucket:
        return self.store.bucket(self.bucket)


Handler = Callable[[OssContext], Response]
