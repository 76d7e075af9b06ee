"""Atomic output: write to a temporary file beside the target, then rename over it."""
from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

_MODE: list[int] = []


def _file_mode() -> int:
    """The permissions ``open`` would give a new file (0666 less the umask), read once."""
    if not _MODE:
        umask = os.umask(0)
        os.umask(umask)
        _MODE.append(0o666 & ~umask)
    return _MODE[0]


@contextmanager
def atomic_stream(path: str | os.PathLike):
    """A binary file written piece by piece, renamed over ``path`` only once complete.

    mkstemp creates the temporary file 0600; a report is an ordinary file, so it gets the
    usual permissions. On any error the temporary file is removed and ``path`` is untouched.
    """
    import tempfile

    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    try:
        os.fchmod(fd, _file_mode())
        with os.fdopen(fd, "wb") as out:
            yield out
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def write_atomic(path: str | os.PathLike, data: bytes) -> None:
    with atomic_stream(path) as out:
        out.write(data)
