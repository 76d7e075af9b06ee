"""Baselines: accept the findings an old document already has, report only new ones.

A baseline file lists, per file, the fingerprints of accepted findings. A fingerprint is
made of the rule, the section and the normalised excerpt (never line numbers), so it
survives unrelated edits such as a paragraph added above.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from ctglint.atomic import write_atomic
from ctglint.check import RunResult

VERSION = 1


class BaselineError(Exception):
    pass


def _key(path: str, base: Path) -> str:
    return os.path.relpath(os.path.abspath(path), base).replace(os.sep, "/")


def write(run: RunResult, target: Path) -> int:
    base = target.resolve().parent
    entries = sorted(
        {(_key(f.path, base), x.code, x.fingerprint, x.excerpt) for f in run.files for x in f.findings}
    )
    data = {"ctglint-baseline": VERSION,
            "findings": [{"path": p, "code": c, "fingerprint": fp, "excerpt": e} for p, c, fp, e in entries]}
    write_atomic(target, (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return len(entries)


def load(source: Path) -> tuple[Path, frozenset[tuple[str, str]]]:
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
        if data.get("ctglint-baseline") != VERSION:
            raise BaselineError(f"{source}: not a ctglint baseline (version {VERSION})")
        return source.resolve().parent, frozenset((e["path"], e["fingerprint"]) for e in data["findings"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise BaselineError(f"{source}: cannot read the baseline ({exc})") from None


def accepted(path: str, fingerprint: str, baseline: tuple[Path, frozenset[tuple[str, str]]]) -> bool:
    base, entries = baseline
    return (_key(path, base), fingerprint) in entries
