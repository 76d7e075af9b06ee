"""Atomic output: write to a temporary file beside the target, then rename over it."""
from __future__ import annotations

import os
from contextlib import contextmanager
from functools import cache
from pathlib import Path

@cache
def new_file_mode() -> int:
    """The permissions ``open`` would give a new file (0666 less the umask), read once."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


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
        with os.fdopen(fd, "wb") as out:
            yield out
        os.chmod(tmp, new_file_mode())  # by name: os.fchmod is POSIX-only before Python 3.13
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
