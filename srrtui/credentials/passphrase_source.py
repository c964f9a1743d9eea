"""The encrypted-file store's passphrase for commands run without a terminal (apply, diff, watch
in scripts): from a file (``SRRTUI_PASSPHRASE_FILE``) or an inherited file descriptor
(``SRRTUI_PASSPHRASE_FD``, e.g. ``3< pass.txt`` or a pipe). Never from a command-line argument,
which every user of the machine can read in the process list.

The first line is the passphrase (its line ending dropped). A file that its group or others may
read is refused, as ssh refuses such a key file. Messages never quote the passphrase.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping

from srrtui.credentials.errors import CredentialsError
from srrtui.domain.words.translate import _, titled

FILE_ENV = "SRRTUI_PASSPHRASE_FILE"
FD_ENV = "SRRTUI_PASSPHRASE_FD"
_MAX_BYTES = 4096  # a passphrase, not a document


def passphrase_from_env(env: Mapping[str, str]) -> str | None:
    """The passphrase the environment points at, or None when it names none."""
    path, fd_text = env.get(FILE_ENV, ""), env.get(FD_ENV, "")
    if path and fd_text:
        raise CredentialsError(
            _("set {first} or {second}, not both").format(first=FILE_ENV, second=FD_ENV)
        )
    if path:
        return _first_line(_read_file(path), _where(FILE_ENV, path))
    if fd_text:
        if not (fd_text.isascii() and fd_text.isdigit()):
            raise CredentialsError(
                _("{variable} must be a file descriptor number, not {value}").format(
                    variable=FD_ENV, value=repr(fd_text)
                )
            )
        return _first_line(_read_fd(int(fd_text)), _where(FD_ENV, fd_text))
    return None


def _where(variable: str, value: str) -> str:
    return _("{variable} ({value})").format(variable=variable, value=value)


def _read_file(path: str) -> bytes:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError as exc:
        raise CredentialsError(titled(_where(FILE_ENV, path), exc.strerror or str(exc))) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise CredentialsError(
                _("{where} is not a regular file").format(where=_where(FILE_ENV, path))
            )
        if info.st_mode & 0o077:
            raise CredentialsError(
                _("{where} may be read by others (mode {mode}): run {command}").format(
                    where=_where(FILE_ENV, path),
                    mode=f"{stat.S_IMODE(info.st_mode):o}",
                    command=f"chmod 600 {path}",
                )
            )
        return os.read(fd, _MAX_BYTES + 1)
    finally:
        os.close(fd)


def _read_fd(fd: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    try:
        while size <= _MAX_BYTES and (chunk := os.read(fd, _MAX_BYTES + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise CredentialsError(titled(_where(FD_ENV, str(fd)), exc.strerror or str(exc))) from None
    return b"".join(chunks)


def _first_line(data: bytes, where: str) -> str:
    if len(data) > _MAX_BYTES:
        raise CredentialsError(
            _("{where} holds more than {count} bytes: not a passphrase").format(
                where=where, count=_MAX_BYTES
            )
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise CredentialsError(_("{where} is not UTF-8 text").format(where=where)) from None
    line = text.splitlines()[0] if text else ""
    if not line.strip():
        raise CredentialsError(
            _("{where} is empty: its first line should be the passphrase").format(where=where)
        )
    return line
