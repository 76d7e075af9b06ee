"""Paths as CI tools want them: relative to the current directory, with forward slashes.

Shared by the SARIF, GitHub and JUnit reporters (not an output format itself).
"""
from __future__ import annotations

import os
from pathlib import Path, PurePath
from urllib.parse import quote


def relative(path: str) -> str:
    """``path`` relative to the current directory with ``/`` separators.

    A path outside the current directory stays absolute (in POSIX form).
    """
    try:
        rel = os.path.relpath(os.path.abspath(path))
    except ValueError:  # another drive on Windows
        rel = os.path.abspath(path)
    if rel == os.pardir or rel.startswith(os.pardir + os.sep):
        return Path(os.path.abspath(path)).as_posix()
    return PurePath(rel).as_posix()


def artifact_location(path: str) -> dict:
    """A SARIF ``artifactLocation``: a percent-encoded URI relative to ``%SRCROOT%``,
    or an absolute ``file://`` URI for a file outside the current directory."""
    rel = relative(path)
    if os.path.isabs(rel) or PurePath(rel).is_absolute():
        return {"uri": Path(rel).as_uri()}
    return {"uri": quote(rel, safe="/"), "uriBaseId": "%SRCROOT%"}
