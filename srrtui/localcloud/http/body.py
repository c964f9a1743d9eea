"""A request body, read from the connection only when a handler asks for it.

The server builds a ``Body`` from the request head and hands it to the service unread, so a
request can be authenticated from its headers before a byte of its body is taken off the wire.
A handler then either

- ``read()``s it into memory (XML documents, RPC forms, admin JSON: at most ``memory_limit``
  bytes), or
- ``spool()``s it to a file under the data directory's spool folder, hashing it on the way
  (MD5, SHA-256, CRC-64), and may ``take()`` that file to move it into the blob store: a large
  object never sits in memory whole.

A body that ends before its Content-Length, a chunked body cut off before its last chunk, or a
client that stops sending for ``idle_timeout`` seconds raise ``BodyError`` (OSS's IncompleteBody
or RequestTimeout, 400) and leave nothing behind; the connection is then closed, since what follows
on it cannot be framed. OSS documents a body shorter than its Content-Length as RequestTimeout,
EC 0017-00000704 (https://help.aliyun.com/zh/oss/support/0017-00000704).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import socket
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

from srrtui.localcloud.crc64 import crc64ecma

CHUNK = 64 * 1024
MAX_CHUNK_LINE = 1024  # a chunk-size line with extensions; far longer ones are hostile
MEMORY_LIMIT = 8 * 1024 * 1024 + 1  # above any XML document or form the APIs take


class BodyError(Exception):
    """A body that cannot be read whole: answered with ``status``/``code``, then the server
    closes the connection."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def incomplete() -> BodyError:
    return BodyError(
        400,
        "IncompleteBody",
        "You did not provide the number of bytes specified by the Content-Length HTTP header.",
    )


def timed_out() -> BodyError:
    return BodyError(
        400,
        "RequestTimeout",
        "Your socket connection to the server was not read from or written to within the "
        "timeout period.",
    )


def too_large(limit: int) -> BodyError:
    return BodyError(
        400, "EntityTooLarge", f"Your proposed upload exceeds the maximum allowed size ({limit})."
    )


@dataclass
class Spooled:
    """A whole body on disk with its digests; ``take()`` hands the file to a new owner."""

    path: Path | None
    size: int
    md5: bytes
    sha256_hex: str
    crc64: int

    def take(self) -> Path:
        if self.path is None:
            raise RuntimeError("the spooled body was already taken")
        path, self.path = self.path, None
        return path

    def open(self) -> BinaryIO:
        if self.path is None:
            raise RuntimeError("the spooled body was already taken")
        return self.path.open("rb")

    def discard(self) -> None:
        if self.path is not None:
            self.path.unlink(missing_ok=True)
            self.path = None


class Wire(Protocol):
    """What a body is read from: the connection's buffered reader (or a file, in tests)."""

    def read(self, size: int = ..., /) -> bytes: ...

    def readline(self, size: int = ..., /) -> bytes: ...


class Body:
    """One request's body. ``length`` is the declared Content-Length (None: chunked)."""

    def __init__(
        self,
        rfile: Wire | None,
        length: int | None,
        *,
        spool_dir: Path | None = None,
        max_size: int = 5 * 1024**3,
        idle_timeout: float = 30.0,
        connection: socket.socket | None = None,
        on_first_read: Callable[[], object] | None = None,  # e.g. send "100 Continue"
    ) -> None:
        self._rfile = rfile
        self.length = length
        self._spool_dir = spool_dir
        self.max_size = max_size
        self._idle_timeout = idle_timeout
        self._connection = connection
        self._on_first_read = on_first_read
        self._remaining = length or 0  # of the current chunk, or of the whole body
        self._chunked_done = length is not None
        self.started = False
        self.finished = length == 0 or rfile is None
        self.broken = False
        self._memory: bytes | None = b"" if self.finished else None
        self._spooled: Spooled | None = None

    @classmethod
    def of(cls, data: bytes) -> Body:
        """A body already in memory (internal callers, tests)."""
        body = cls(None, len(data))
        body._memory = data
        return body

    # --- what handlers use ----------------------------------------------------------------
    @property
    def empty(self) -> bool:
        return self.length == 0

    def read(self, limit: int = MEMORY_LIMIT) -> bytes:
        """The whole body in memory; a larger one than ``limit`` gives its first ``limit`` bytes
        (callers' parsers refuse a document of that size) after spooling the rest to disk."""
        if self._memory is not None:
            return self._memory
        if self._spooled is None and self.length is not None and self.length <= limit:
            self._memory = self._read_all()
            return self._memory
        spooled = self.spool()
        with spooled.open() as f:
            return f.read(limit)

    def spool(self) -> Spooled:
        """The whole body in a file under the spool folder, with its digests."""
        if self._spooled is not None:
            return self._spooled
        if self._spool_dir is None:
            raise RuntimeError("this body has no spool folder")
        self._spool_dir.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=self._spool_dir, prefix="body-")
        path = Path(name)
        try:
            with os.fdopen(fd, "wb") as out:
                digests = _Digests()
                if self._memory is not None:
                    digests.update(self._memory)
                    out.write(self._memory)
                else:

                    def keep(piece: bytes) -> None:
                        digests.update(piece)
                        out.write(piece)

                    self._read_to(keep)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        self._spooled = Spooled(path, digests.size, *digests.final())
        return self._spooled

    def digests(self) -> tuple[bytes, str]:
        """(MD5 digest, SHA-256 hex) of the whole body, spooling it if it is still unread."""
        if self._memory is not None:
            return hashlib.md5(self._memory).digest(), hashlib.sha256(self._memory).hexdigest()
        spooled = self.spool()
        return spooled.md5, spooled.sha256_hex

    # --- what the server uses -------------------------------------------------------------
    def unread(self) -> int | None:
        """Bytes still on the wire (None: chunked, unknown)."""
        if self.finished:
            return 0
        if self.length is None:
            return None
        return self._remaining

    def drain(self, limit: int) -> bool:
        """Read and drop an unread body of at most ``limit`` bytes so the connection can carry
        the next request; False when it must close instead."""
        left = self.unread()
        if left == 0:
            return not self.broken
        if left is None or left > limit:
            return False
        try:
            self._read_to(lambda piece: None)
        except BodyError:
            return False
        return True

    def close(self) -> None:
        """Remove a spooled file nobody took."""
        if self._spooled is not None:
            self._spooled.discard()

    # --- reading --------------------------------------------------------------------------
    def _read_all(self) -> bytes:
        """Read the rest of the body into memory."""
        if self.broken:
            raise incomplete()
        if self.started and not self.finished:
            raise RuntimeError("a body is read once")
        pieces: list[bytes] = []
        self._read_to(pieces.append)
        return b"".join(pieces)

    def _read_to(self, keep: Callable[[bytes], object]) -> None:
        """Read the rest of the body, handing it to ``keep`` piece by piece."""
        if self.broken:
            raise incomplete()
        self.started = True
        if self._on_first_read is not None:
            self._on_first_read()
            self._on_first_read = None
        total = 0
        try:
            with self._idle():
                while True:
                    piece = self._next_piece()
                    if piece is None:
                        break
                    total += len(piece)
                    if total > self.max_size:
                        raise too_large(self.max_size)
                    keep(piece)
        except BodyError:
            self.broken = True
            raise
        self.finished = True

    def _next_piece(self) -> bytes | None:
        assert self._rfile is not None
        if self.length is not None:
            if self._remaining == 0:
                return None
            return self._read_some(min(self._remaining, CHUNK))
        while self._remaining == 0:
            if self._chunked_done:
                return None
            self._start_chunk()
        return self._read_some(min(self._remaining, CHUNK))

    def _read_some(self, size: int) -> bytes:
        assert self._rfile is not None
        read = getattr(self._rfile, "read1", self._rfile.read)  # read1: what has arrived
        piece: bytes = read(size)
        if not piece:
            raise incomplete()
        self._remaining -= len(piece)
        if self.length is None and self._remaining == 0:
            self._line()  # the CRLF after a chunk's data
        return piece

    def _line(self) -> bytes:
        assert self._rfile is not None
        line = self._rfile.readline(MAX_CHUNK_LINE + 1)
        if not line.endswith(b"\n"):
            if len(line) > MAX_CHUNK_LINE:
                raise BodyError(400, "InvalidArgument", "A chunk-size line is too long.")
            raise incomplete()
        return line

    def _start_chunk(self) -> None:
        text = self._line().split(b";", 1)[0].strip()
        if not text or len(text) > 16 or not all(c in b"0123456789abcdefABCDEF" for c in text):
            raise BodyError(400, "InvalidArgument", "A chunk size is not a hexadecimal number.")
        size = int(text, 16)
        if size == 0:
            while self._line() not in (b"\r\n", b"\n"):
                pass  # trailers
            self._chunked_done = True
        self._remaining = size

    @contextlib.contextmanager
    def _idle(self) -> Iterator[None]:
        """socket.timeout from a silent client becomes RequestTimeout; a reset, IncompleteBody."""
        previous = self._connection.gettimeout() if self._connection is not None else None
        if self._connection is not None:
            self._connection.settimeout(self._idle_timeout)
        try:
            yield
        except TimeoutError as exc:
            raise timed_out() from exc
        except OSError as exc:
            raise incomplete() from exc
        finally:
            if self._connection is not None:
                with contextlib.suppress(OSError):
                    self._connection.settimeout(previous)


class _Digests:
    def __init__(self) -> None:
        self.size = 0
        self._md5 = hashlib.md5()
        self._sha256 = hashlib.sha256()
        self._crc = 0

    def update(self, piece: bytes) -> None:
        self.size += len(piece)
        self._md5.update(piece)
        self._sha256.update(piece)
        self._crc = crc64ecma(piece, self._crc)

    def final(self) -> tuple[bytes, str, int]:
        return self._md5.digest(), self._sha256.hexdigest(), self._crc
