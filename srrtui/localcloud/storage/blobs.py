"""Object bytes on disk, content-addressed: an object key never becomes a filesystem path.

A blob's name is the SHA-256 of its bytes; files are written to a temporary name in the same
directory tree and renamed into place, so a reader never sees a half-written blob and a crash
leaves at most a stray temporary file (swept on the next start).
"""

from __future__ import annotations

import base64
import hashlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from srrtui.localcloud.crc64 import crc64ecma

if TYPE_CHECKING:
    from srrtui.localcloud.http.body import Spooled

CHUNK = 1024 * 1024  # bytes per read when streaming a blob


_READ_CHUNK = 1024 * 1024


class BlobDamaged(Exception):
    """A blob whose file is missing or no longer holds the bytes it was stored with."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class BlobInfo:
    blob_id: str  # sha256 hex
    size: int
    md5_hex: str  # upper-case: OSS ETags of simple uploads are the upper-case MD5
    md5_b64: str
    crc64: str  # decimal, as in the x-oss-hash-crc64ecma header


def _info(blob_id: str, size: int, md5: bytes, crc: int) -> BlobInfo:
    return BlobInfo(
        blob_id=blob_id,
        size=size,
        md5_hex=md5.hex().upper(),
        md5_b64=base64.b64encode(md5).decode("ascii"),
        crc64=str(crc),
    )


class BlobStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)

    def _path(self, blob_id: str) -> Path:
        if len(blob_id) != 64 or any(c not in "0123456789abcdef" for c in blob_id):
            raise ValueError("not a blob id")
        return self.root / blob_id[:2] / blob_id

    def put(self, data: bytes | Spooled) -> BlobInfo:
        """Store bytes, or move a spooled request body into place (no copy in memory)."""
        if not isinstance(data, bytes | bytearray | memoryview):
            return self._adopt(data)
        blob_id = hashlib.sha256(data).hexdigest()
        md5 = hashlib.md5(data)
        info = _info(blob_id, len(data), md5.digest(), crc64ecma(data))
        path = self._path(blob_id)
        if not path.exists():
            path.parent.mkdir(exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(data)
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        return info

    def _adopt(self, spooled: Spooled) -> BlobInfo:
        info = _info(spooled.sha256_hex, spooled.size, spooled.md5, spooled.crc64)
        path = self._path(info.blob_id)
        path.parent.mkdir(exist_ok=True)
        if path.exists():
            spooled.discard()  # the same bytes are already stored
        else:
            os.replace(spooled.take(), path)  # the spool folder is on the same filesystem
        return info

    def read(self, blob_id: str, size: int, start: int = 0, end: int | None = None) -> bytes:
        """Bytes [start, end) of a blob of ``size`` bytes, after checking the whole blob still
        has the content it was stored with (its name is its SHA-256); BlobDamaged if not."""
        return b"".join(self.chunks(blob_id, size, start, end))

    def put_stream(self, chunks: Iterable[bytes]) -> BlobInfo:
        """Store bytes that arrive in chunks (the parts of a multipart upload, a copied range)
        without holding them whole: hashed and written as they come, then renamed to their
        SHA-256. A failing iterator leaves no blob behind."""
        sha, md5, crc, size = hashlib.sha256(), hashlib.md5(), 0, 0
        fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as out:
                for chunk in chunks:
                    sha.update(chunk)
                    md5.update(chunk)
                    crc = crc64ecma(chunk, crc)
                    size += len(chunk)
                    out.write(chunk)
            path = self._path(sha.hexdigest())
            path.parent.mkdir(exist_ok=True)
            if path.exists():  # content-addressed: the same bytes are already stored
                Path(tmp).unlink()
            else:
                os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return _info(sha.hexdigest(), size, md5.digest(), crc)

    def chunks(
        self, blob_id: str, size: int, start: int = 0, end: int | None = None
    ) -> Iterator[bytes]:
        """Bytes [start, end) of a blob of ``size`` bytes, a chunk at a time (never whole in
        memory). The whole blob is checked against its name (its SHA-256) as it streams, and
        BlobDamaged comes before the last chunk is handed over, so a consumer that stores what
        it gets (``put_stream``) stores nothing from a damaged blob."""
        try:
            f = self._path(blob_id).open("rb")
        except FileNotFoundError:
            raise BlobDamaged("its data file is missing") from None
        with f:
            if os.fstat(f.fileno()).st_size != size:
                raise BlobDamaged("its data file changed size")
            digest = hashlib.sha256()
            held = b""
            offset, stop = 0, size if end is None else end
            while piece := f.read(_READ_CHUNK):
                digest.update(piece)
                lo, hi = max(start - offset, 0), min(stop - offset, len(piece))
                offset += len(piece)
                if lo < hi:
                    if held:
                        yield held
                    held = piece[lo:hi]
        if digest.hexdigest() != blob_id:
            raise BlobDamaged("its data does not match the stored checksum")
        if held:
            yield held

    def exists(self, blob_id: str) -> bool:
        return self._path(blob_id).is_file()

    def delete(self, blob_id: str) -> None:
        self._path(blob_id).unlink(missing_ok=True)

    def count(self) -> int:
        """Blob files present (temporaries not counted)."""
        return sum(1 for p in self.root.glob("*/*") if not p.name.startswith(".tmp-"))

    def sweep_temporaries(self) -> int:
        """Delete half-written temporaries (a crash mid-write); returns how many went. Run only
        when no request is in flight (at open)."""
        removed = 0
        for path in [*self.root.glob("*/.tmp-*"), *self.root.glob(".tmp-*")]:
            path.unlink(missing_ok=True)
            removed += 1
        return removed
