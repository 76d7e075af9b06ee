"""Where ctglint keeps its on-disk caches (parsed templates, compiled regular expressions)."""
from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path | None:
    """The cache folder, or None when caching is off or there is nowhere to put it.

    ``CTGLINT_NO_CACHE=1`` turns every cache off; ``CTGLINT_CACHE_DIR`` moves the folder;
    otherwise ``$XDG_CACHE_HOME/ctglint``, by default ``~/.cache/ctglint``. The folder may
    not exist yet, and may not be writable: callers create it, and ignore an ``OSError``.
    """
    if os.environ.get("CTGLINT_NO_CACHE"):
        return None
    base = os.environ.get("CTGLINT_CACHE_DIR")
    if not base:
        xdg = os.environ.get("XDG_CACHE_HOME")
        if xdg:
            base = os.path.join(xdg, "ctglint")
        else:
            home = os.path.expanduser("~")
            if home == "~":  # no home at all: never scatter a "~" folder in the working directory
                return None
            base = os.path.join(home, ".cache", "ctglint")
    return Path(base)
