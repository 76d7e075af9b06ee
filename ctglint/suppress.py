"""Suppressions: directives in the draft, and the baseline of accepted findings.

- ``.txt``/``.md``: ``<!-- ctglint: ignore CODE[,CODE] -->`` silences those rules in the
  next block; ``<!-- ctglint: disable-file CODE -->`` in the whole file.
- ``.docx``/``.odt``: a comment whose text starts with ``ctglint: ignore CODE`` silences
  those rules inside the commented range.

Codes are matched like ``--select`` (code, prefix, name or category); ``ALL`` matches
every rule. A directive that silences nothing is reported by the unused-suppression rule.
"""
from __future__ import annotations

import re
from typing import NamedTuple

from ctglint import rx
from ctglint.findings import Finding
from ctglint.model import Document

_SYNTAX = rx.compile(r"^\s*ctglint\s*:\s*(?P<kind>ignore|disable-file)\s+(?P<codes>[\w\-]+(?:\s*,\s*[\w\-]+)*)",
                     re.IGNORECASE)


class Directive(NamedTuple):
    kind: str  # "ignore" (next block or a comment's range) | "disable-file"
    codes: tuple[str, ...]
    #: Where the directive itself stands (a finding about it anchors here).
    block: int
    #: The range it covers: (first block, start offset, last block, end offset); None for the whole file.
    scope: tuple[int, int, int, int] | None

    def covers(self, f: Finding) -> bool:
        if self.scope is None:
            return True
        b0, s0, b1, s1 = self.scope
        return (b0, s0) <= (f.block, f.start) and (f.block, f.end) <= (b1, s1)


def parse(text: str) -> tuple[str, tuple[str, ...]] | None:
    m = _SYNTAX.match(text)
    if not m:
        return None
    return m.group("kind").lower(), tuple(c.strip() for c in m.group("codes").split(","))


def directives(doc: Document) -> list[Directive]:
    out: list[Directive] = []
    for b in doc.blocks:
        if b.kind != "directive" or (parsed := parse(b.text)) is None:
            continue
        kind, codes = parsed
        if kind == "disable-file":
            out.append(Directive(kind, codes, b.index, None))
            continue
        nxt = next((n for n in doc.blocks[b.index + 1:] if n.kind != "directive"), None)
        if nxt is not None:
            out.append(Directive(kind, codes, b.index, (nxt.index, 0, nxt.index, len(nxt.text))))
    for c in doc.comments:
        parsed = parse(c.text)
        if parsed is None or c.block is None:
            continue
        kind, codes = parsed
        end_block = c.end_block if c.end_block is not None else c.block
        end = c.end if (c.end_block is not None and (end_block, c.end) > (c.block, c.start)) \
            else len(doc.blocks[end_block].text)
        scope = None if kind == "disable-file" else (c.block, c.start, end_block, end)
        out.append(Directive(kind, codes, c.block, scope))
    return out


def apply(findings: list[Finding], found: list[Directive]) -> tuple[list[Finding], list[tuple[Directive, str]]]:
    """Findings left after the directives, and the (directive, code) pairs that silenced nothing."""
    from ctglint.engine import find_rule, matches

    used: set[tuple[int, str]] = set()
    kept: list[Finding] = []
    for f in findings:
        rule = find_rule(f.code)
        silenced = False
        for i, d in enumerate(found):
            for code in d.codes:
                if rule is not None and matches(rule, code) and d.covers(f):
                    used.add((i, code))
                    silenced = True
        if not silenced:
            kept.append(f)
    unused = [(d, code) for i, d in enumerate(found) for code in d.codes if (i, code) not in used]
    return kept, unused
