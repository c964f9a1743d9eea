"""Where srrtui keeps its own files, and how it writes them: private directory (0700),
private files (0600) replaced atomically so a crash never leaves half a file."""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from pathlib import Path

CONFIG_DIR_ENV = "SRRTUI_CONFIG_DIR"


def config_dir(env: Mapping[str, str] | None = None) -> Path:
    """``$SRRTUI_CONFIG_DIR`` if set (tests, portable setups), else the platform's user config
    dir for srrtui (``~/.config/srrtui`` on Linux)."""
    env = os.environ if env is None else env
    override = env.get(CONFIG_DIR_ENV, "")
    if override:
        return Path(override).expanduser()
    import platformdirs  # small, but only needed once a path is asked for

    return Path(platformdirs.user_config_dir("srrtui", appauthor=False))


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) if needed; srrtui's own directory is made owner-only."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    # mkdir's mode is filtered by the umask, and an existing dir keeps its mode: set it.
    if stat.S_IMODE(path.stat().st_mode) != 0o700:
        path.chmod(0o700)
    return path


def write_private_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` with mode 0600, atomically.

    The temporary file is created by ``os.open(..., 0o600)`` so the data is never readable by
    others, not even for a moment (a later chmod would leave a window); ``os.replace`` then swaps
    it in, which is atomic on POSIX within one directory."""
    ensure_private_dir(path.parent)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)  # left over by a crash of this same pid number: O_EXCL would fail
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def display_path(path: Path, env: Mapping[str, str] | None = None) -> str:
    """``path`` with the home directory shown as ``~``, as users write it."""
    env = os.environ if env is None else env
    home = env.get("HOME", "")
    text = str(path)
    if home and (text == home or text.startswith(home.rstrip("/") + "/")):
        return "~" + text[len(home.rstrip("/")) :]
    return text
