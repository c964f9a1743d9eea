"""The OSS service: routing (routing.py), authentication, faults, then the operation's handler
(buckets.py, objects.py, listing.py, acl.py, copy.py, multipart.py). ``register`` lets later
parts (the replication APIs) plug in handlers without touching the router.
"""

from __future__ import annotations

import time

from srrtui.localcloud.config import CloudConfig
from srrtui.localcloud.faults import ERROR_KINDS, Faults
from srrtui.localcloud.http.body import BodyError
from srrtui.localcloud.http.types import Request, ResetConnection, Response
from srrtui.localcloud.oss import acl, auth, buckets, copy, listing, multipart, objects
from srrtui.localcloud.oss.context import Handler, OssContext
from srrtui.localcloud.oss.responses import OssError, error_response, new_request_id
from srrtui.localcloud.oss.routing import (
    CROSS_REGION_OK,
    address,
    classify,
    validate_bucket_name,
)
from srrtui.localcloud.oss.store import OssStore


class OssService:
    def __init__(self, store: OssStore, config: CloudConfig, faults: Faults) -> None:
        self.store = store
        self.config = config
        self.faults = faults
        self.handlers: dict[str, Handler] = {}
        for module in (buckets, objects, listing, acl, copy, multipart):
            self.handlers.update(module.HANDLERS)

    def register(self, operation: str, handler: Handler) -> None:
        """Add or replace the handler of an operation (e.g. the replication APIs)."""
        self.handlers[operation] = handler

    def handle(self, request: Request) -> Response:
        request_id = new_request_id()
        head = request.method == "HEAD"
        try:
            bucket, key = address(request.header("host"), request.path)
        except (UnicodeDecodeError, OssError) as problem:  # a key not UTF-8; path style on OSS
            error = (
                problem
                if isinstance(problem, OssError)
                else OssError(400, "InvalidObjectName", "The specified object is not valid.")
            )
            host_id = self.config.extranet_endpoint
            return self._finish(error_response(error, request_id, host_id, head=head), request_id)
        operation = classify(request.method, bucket, key, request.query)
        if request.header("x-oss-copy-source") and operation in ("PutObject", "UploadPart"):
            operation = "CopyObject" if operation == "PutObject" else "UploadPartCopy"
        # HostId as real OSS writes it: the virtual-hosted name of what was addressed.
        endpoint = self.config.extranet_endpoint
        host_id = f"{bucket}.{endpoint}" if bucket else endpoint
        try:
            response = self._run(request, bucket, key, operation, request_id)
        except OssError as error:
            response = error_response(error, request_id, host_id, head=head)
        except BodyError as error:  # cut short or silent: nothing was stored
            response = error_response(
                OssError(error.status, error.code, error.message), request_id, host_id, head=head
            )
        return self._finish(response, request_id)

    @staticmethod
    def _finish(response: Response, request_id: str) -> Response:
        response.headers["x-oss-request-id"] = request_id
        response.headers.setdefault("x-oss-server-time", "0")
        return response

    def _run(
        self, request: Request, bucket: str, key: str, operation: str, request_id: str
    ) -> Response:
        fault = self.faults.take(operation)
        if fault is not None:
            if fault.kind == "reset":
                raise ResetConnection(operation)
            if fault.kind == "latency":
                time.sleep(fault.delay)
            else:
                status, code, _, message = ERROR_KINDS[fault.kind]
                raise OssError(status, code, message)
        caller = auth.verify(request, bucket, key, self.config)
        handler = self.handlers.get(operation)
        if handler is None:
            raise OssError(
                501,
                "NotImplemented",
                f"{operation} is not implemented by the local cloud."
                if operation != "NotImplemented"
                else "A header you provided implies functionality that is not implemented.",
            )
        if bucket:
            validate_bucket_name(bucket)
        if bucket and operation != "PutBucket":
            record = self.store.bucket(bucket)  # NoSuchBucket before anything else
            if record.region != self.config.region and operation not in CROSS_REGION_OK:
                raise OssError(
                    403,
                    "AccessDenied",
                    "The bucket you are attempting to access must be addressed using the "
                    "specified endpoint. Please send all future requests to this endpoint.",
                    Bucket=bucket,
                    Endpoint=f"oss-{record.region}.aliyuncs.com",
                )
        if len(key.encode("utf-8")) > 1023 or key.startswith(("/", "\\")):
            raise OssError(400, "InvalidObjectName", "The specified object is not valid.", Key=key)
        ctx = OssContext(
            request, bucket, key, operation, caller, self.store, self.config, request_id
        )
        return handler(ctx)
