"""Pair each template section with the draft section that plays its part.

Fixed parts (cover, parties, visas, preamble, signature) pair by kind. Articles and
annexes pair by an order-preserving alignment over a similarity of titles and
content, so a missing, extra or renumbered article does not shift every pair after it.
"""
from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from ctglint.model import Document, Section
from ctglint.textsim import blocks_words, dice, shingles_of, words

FIXED_KINDS = ("cover", "parties", "visas", "preamble", "signature", "footnote")
#: Below this similarity two sections are never paired.
MIN_PAIR_SCORE = 0.2


class Pair(NamedTuple):
    template: Section | None
    draft: Section | None
    score: float


class Alignment(NamedTuple):
    pairs: tuple[Pair, ...]

    def draft_for(self, template_label: str) -> Section | None:
        for p in self.pairs:
            if p.template is not None and p.template.label == template_label:
                return p.draft
        return None

    def template_for(self, draft: Section) -> Section | None:
        for p in self.pairs:
            if p.draft is draft:
                return p.template
        return None


def align(template_doc: Document, draft: Document) -> Alignment:
    pairs: list[Pair] = []
    for kind in FIXED_KINDS:
        t = template_doc.sections_of(kind)
        d = draft.sections_of(kind)
        if t or d:
            pairs.append(Pair(t[0] if t else None, d[0] if d else None, 1.0 if t and d else 0.0))
    for kind in ("article", "annex"):
        pairs.extend(_align_numbered(template_doc, template_doc.sections_of(kind), draft, draft.sections_of(kind)))
    return Alignment(tuple(pairs))


def _profile(doc: Document, s: Section) -> tuple[frozenset, frozenset]:
    return _profile_of(s.title, tuple(doc.blocks[i].text for i in s.blocks
                                      if i != s.heading and doc.blocks[i].is_content))


@lru_cache(maxsize=1024)
def _profile_of(title: str, texts: tuple[str, ...]) -> tuple[frozenset, frozenset]:
    # Keyed by text: a template's sections, and the sections drafts copy unchanged, are profiled once.
    return frozenset(words(title)), shingles_of(blocks_words(texts))


def section_similarity(t: tuple[frozenset, frozenset], d: tuple[frozenset, frozenset], same_number: bool) -> float:
    title = dice(t[0], d[0]) if t[0] and d[0] else 0.0
    body = dice(t[1], d[1])
    score = 0.45 * title + 0.55 * body
    if not t[1] and not d[1]:
        score = title
    return score + (0.05 if same_number else 0.0)


def _align_numbered(tdoc: Document, ts: list[Section], ddoc: Document, ds: list[Section]) -> list[Pair]:
    """Needleman–Wunsch with free gaps: maximise the summed similarity of ordered pairs."""
    tp = [_profile(tdoc, s) for s in ts]
    dp = [_profile(ddoc, s) for s in ds]
    n, m = len(ts), len(ds)
    sim = [[section_similarity(tp[i], dp[j], ts[i].number == ds[j].number) for j in range(m)] for i in range(n)]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            take = sim[i][j] + best[i + 1][j + 1] if sim[i][j] >= MIN_PAIR_SCORE else -1.0
            best[i][j] = max(take, best[i + 1][j], best[i][j + 1])
    pairs: list[Pair] = []
    i = j = 0
    while i < n and j < m:
        if sim[i][j] >= MIN_PAIR_SCORE and best[i][j] == sim[i][j] + best[i + 1][j + 1]:
            pairs.append(Pair(ts[i], ds[j], round(sim[i][j], 3)))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            pairs.append(Pair(ts[i], None, 0.0))
            i += 1
        else:
            pairs.append(Pair(None, ds[j], 0.0))
            j += 1
    pairs.extend(Pair(ts[k], None, 0.0) for k in range(i, n))
    pairs.extend(Pair(None, ds[k], 0.0) for k in range(j, m))
    return pairs
