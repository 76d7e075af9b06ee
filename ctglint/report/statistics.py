"""``--statistics``: how many findings each rule gave, most frequent first."""
from __future__ import annotations

from collections import Counter
from typing import TextIO

from ctglint.check import RunResult


def render(run: RunResult, out: TextIO, *, lang: str, color: bool | None = None, quiet: bool = False) -> None:
    counts = Counter((x.code, x.name, x.severity.value) for f in run.files for x in f.findings)
    width = max((len(str(n)) for n in counts.values()), default=1)
    for (code, name, severity), n in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        out.write(f"{n:>{width}}\t{code}\t{name}\t{severity}\n")
