"""Cheap text similarity for picking templates and pairing sections (word shingles)."""
from __future__ import annotations

import re
from functools import lru_cache

from ctglint import rx
from ctglint.fr import fold

_WORD = rx.compile(r"\w+")


@lru_cache(maxsize=8192)
def words(text: str) -> tuple[str, ...]:
    """Folded words of ``text`` (case, accents and punctuation ignored)."""
    return tuple(_WORD.findall(fold(text)))


def shingles(text: str, n: int = 3) -> frozenset[tuple[str, ...]]:
    """Runs of ``n`` consecutive words of ``text``."""
    return shingles_of(words(text), n)


def shingles_of(w: "tuple[str, ...] | list[str]", n: int = 3) -> frozenset[tuple[str, ...]]:
    if len(w) < n:
        return frozenset({tuple(w)} if w else ())
    return frozenset(zip(*(w[i:] for i in range(n))))


def document_shingles(doc) -> frozenset[tuple[str, ...]]:
    """Shingles of a document's content paragraphs read in a row (template matching and the
    drift rule both need the draft's: computed once)."""
    return _texts_shingles(tuple(b.text for b in doc.blocks if b.is_content))


@lru_cache(maxsize=4)
def _texts_shingles(texts: tuple[str, ...]) -> frozenset[tuple[str, ...]]:
    return shingles_of(blocks_words(texts))


def blocks_words(texts) -> list[str]:
    """The words of several paragraphs in a row, each paragraph's words computed once per process
    (drafts of one model share most paragraphs; a batch reads them again and again)."""
    out: list[str] = []
    for text in texts:
        out.extend(words(text))
    return out


def dice(a: set | frozenset, b: set | frozenset) -> float:
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


_FOLD_CHAR: dict[str, str] = {}


@lru_cache(maxsize=8192)
def fold_with_map(text: str) -> tuple[str, "tuple[int, ...] | range"]:
    """``fold(text)`` and, for each folded character, the index of its source character."""
    folded = fold(text)
    if len(folded) == len(text):
        # Only one-to-one folds (accents dropped), the usual case: offsets are unchanged.
        return folded, range(len(text))
    parts: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        f = _FOLD_CHAR.get(ch)
        if f is None:
            f = _FOLD_CHAR[ch] = fold(ch)
        parts.append(f)
        index.extend([i] * len(f))
    return "".join(parts), tuple(index)


def loose_pattern(needle: str) -> re.Pattern | None:
    """A regex finding ``needle`` in folded text, whatever the spacing and punctuation between words.

    Needles come from template files (instructions, model texts of slots), a bounded set: their
    patterns are kept compiled across runs (:mod:`ctglint.rx`). Not for text read from drafts."""
    w = words(needle)
    if not w:
        return None
    return rx.compile(r"\b" + r"\W+".join(map(re.escape, w)) + r"\b")


def find_loose(pattern: re.Pattern, text: str, folded: tuple[str, list[int]] | None = None) -> list[tuple[int, int]]:
    """Spans of ``text`` (source offsets) where ``pattern`` (from :func:`loose_pattern`) matches."""
    f, index = folded or fold_with_map(text)
    spans = []
    for m in pattern.finditer(f):
        if m.end() > m.start():
            spans.append((index[m.start()], index[m.end() - 1] + 1))
    return spans



def widen_to_needle(text: str, span: tuple[int, int], needle: str) -> tuple[int, int]:
    """Widen a :func:`find_loose` span over the marks that ``needle`` has around its words.

    ``(… Situer le territoire …)`` found from its words alone would leave its brackets
    and ellipsis out of the span; so would the final stop of a sentence.
    """
    chars = [i for i, c in enumerate(needle) if c.isalnum()]
    if not chars:
        return span
    lead = set(needle[:chars[0]]) - {" "}
    tail = set(needle[chars[-1] + 1:]) - {" "}
    start, end = span
    i = start
    while i > 0 and (text[i - 1] in lead or (text[i - 1] == " " and lead)):
        i -= 1
    while i < start and text[i] == " ":
        i += 1
    j = end
    while j < len(text) and (text[j] in tail or (text[j] == " " and tail)):
        j += 1
    while j > end and text[j - 1] == " ":
        j -= 1
    return i, j
