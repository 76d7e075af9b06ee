"""French text helpers: accent folding, name keys, comparison tokens, numbers.

Dates and periods live in :mod:`ctglint.frdates`; their public names (``find_dates``,
``find_month_years``, ``find_periods``, ``is_legal_reference``, ``legal_reference_kind``,
``DateMatch``, ``PeriodMatch``) can also be imported from here.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache, partial
from itertools import accumulate, chain
from operator import itemgetter
from typing import NamedTuple

from ctglint import rx

__all__ = [
    "fold", "name_key",
    "Token", "word_tokens", "tokens_equal", "normalize_for_compare",
    "parse_french_int", "ordinal_article",
    # re-exported from ctglint.frdates
    "DateMatch", "PeriodMatch", "find_dates", "find_month_years", "find_periods",
    "is_legal_reference", "legal_reference_kind",
]

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE"})


_COMBINING = rx.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Lower-case, accent-free form of ``text`` (``Œuvre`` → ``oeuvre``), same length not guaranteed.

    Cached: rules fold the same paragraphs, and drafts of one model share most of them."""
    if text.isascii():
        return text.lower()
    if any(lig in text for lig in "œŒæÆ"):  # a scan per ligature is far cheaper than translate()
        text = text.translate(_LIGATURES)
    # A regex over the combining-mark blocks runs in C; a per-character filter was the hot spot.
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text)).lower()


_NAME_SEPARATORS = rx.compile(r"[\s\-‐‑–'’`]+")


def name_key(name: str) -> str:
    """Key under which spelling variants of a place name compare equal.

    « Lys Lez Lannoy », « Lys-lez-Lannoy » and « LYS-LEZ-LANNOY » share one key;
    so do « Armentières » and « ARMENTIERES ».
    """
    return _NAME_SEPARATORS.sub(" ", fold(name)).strip()


# --------------------------------------------------------------------------- comparison tokens

class Token(NamedTuple):
    """One word or punctuation mark of a text: ``text[start:end] == text``; ``norm`` compares."""

    text: str
    norm: str
    start: int
    end: int


# Invisible characters that Word and PDF extraction sprinkle inside words.
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_H = r"[ \t\u00a0\u202f\u2007\u2009]"  # horizontal whitespace
# Glyphs that only ever mark list items: dropped wherever they stand.
_GLYPH_BULLETS = "•●▪►➔◦▫■□✓✔➢➤➜→‣⁃○◆◊▸▹♦❖✗"
# Dash-like marks are bullets only at an item start (line start or after a tab) before a space.
_DASH_BULLETS = "\\-–—‐‑‒*·"
_APOSTROPHES = "'’‘`´ʼ′"

_WS = r"\s" + _INVISIBLE
# One match = (the layout before a token: whitespace, bullets) + (the token). Matches tile the
# text, so offsets are running sums of lengths. The layout part is possessive: no backtracking.
_TOKEN_RE = rx.compile(
    rf"((?:(?:^|(?<=\t)){_H}*+(?:[{_DASH_BULLETS}{_GLYPH_BULLETS}]{_H}+)++"
    rf"|[{_WS}{_GLYPH_BULLETS}])*+)"
    rf"([^\W_]+(?:[{_INVISIBLE}]+[^\W_]+)*(?:[{_APOSTROPHES}](?={_H}?[^\W\d_]))?"
    r"|\.{3}|[^\w\s]|_+)",
    re.MULTILINE,
)
_SKIPPED = frozenset(_GLYPH_BULLETS + _INVISIBLE)
_new_token = partial(tuple.__new__, Token)
_second = itemgetter(1)

_PUNCT_TABLE = str.maketrans(
    {**{c: "'" for c in _APOSTROPHES}, **{c: '"' for c in "«»“”„‟″〝〞"},
     **{c: "-" for c in "–—‐‑‒−―"}, **{c: None for c in _INVISIBLE}}
)


@lru_cache(maxsize=16384)
def _norm(token: str) -> str:
    token = token.translate(_PUNCT_TABLE)
    if token.isascii():
        return token.lower()
    return fold(token)


def word_tokens(text: str) -> list[Token]:
    """Split ``text`` into word and punctuation tokens for the word diff and the drift rule.

    A word is a run of letters/digits (invisible soft hyphens and zero-width spaces inside it are
    ignored) plus a trailing elision apostrophe (« l' », « d’ »); every other non-space character
    is a token of its own, so « Caf ; » and « Caf; » give the same tokens, and so do
    « 2023–2026 » and « 2023 – 2026 ». List bullets (« - », « • », « ➔ »… at an item start, glyph
    bullets anywhere) are dropped: they are layout, not wording.

    ``norm`` is the comparison form (see :func:`normalize_for_compare`); two tokens are equal
    when their ``norm`` are (:func:`tokens_equal`).
    """
    end = len(text)  # trailing layout would make the scan quadratic: stop before it
    while end and (text[end - 1].isspace() or text[end - 1] in _SKIPPED):
        end -= 1
    pairs = _TOKEN_RE.findall(text, 0, end)  # C loops only from here on: whole documents
    offsets = list(accumulate(map(len, chain.from_iterable(pairs)), initial=0))
    if offsets[-1] != end:  # cannot happen (every character is layout or token); stay safe
        raise AssertionError("word_tokens: the token pattern skipped characters")
    texts = list(map(_second, pairs))
    return list(map(_new_token, zip(texts, map(_norm, texts), offsets[1::2], offsets[2::2])))


def tokens_equal(a: Token, b: Token) -> bool:
    """True when two tokens differ only cosmetically."""
    return a.norm == b.norm


def normalize_for_compare(text: str) -> str:
    """Comparison key of ``text``: equal keys mean the texts differ only cosmetically.

    It is the ``norm`` of every :func:`word_tokens` token joined by single spaces, so it ignores:
    case (« Ctg » / « CTG »); every kind of whitespace (tabs, line breaks, NBSP U+00A0, narrow
    NBSP U+202F) and where it stands next to punctuation (« Caf ; » / « Caf; », « « la Caf » »
    / « "la Caf" »); apostrophes ’ ‘ ` ´ → '; quotes « » “ ” → "; dashes – — ‐ ‑ → -; list bullets;
    ligatures (« œuvre » / « oeuvre »); soft hyphens and zero-width spaces.

    Accents are folded too. They are not cosmetic in general, but French text set in capitals
    routinely drops them (« DUREE » for « Durée », « MODALITES »), and the template mixes both
    styles, so a comparison that kept them would report drift on every heading. The price is that
    a real accent change (« a » / « à ») is invisible to template conformance.
    """
    return " ".join(t.norm for t in word_tokens(text))


# --------------------------------------------------------------------------- numbers

_CARDINALS = (
    "zero", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix",
    "onze", "douze", "treize", "quatorze", "quinze", "seize", "dix-sept", "dix-huit", "dix-neuf",
    "vingt",
)
_CARDINAL_VALUES = {w: i for i, w in enumerate(_CARDINALS)} | {"une": 1}


def _ordinal_word(cardinal: str) -> str:
    stem = cardinal[:-1] if cardinal.endswith("e") else cardinal
    stem = {"cinq": "cinqu", "neuf": "neuv", "dix-neuf": "dix-neuv"}.get(stem, stem)
    return stem + "ieme"


_ORDINAL_VALUES = {_ordinal_word(w): i for i, w in enumerate(_CARDINALS) if i >= 2} | {
    "premier": 1, "premiere": 1, "second": 2, "seconde": 2,
}
_WORD_SEP = rx.compile(r"[\s\-‐‑–]+")
_GROUPED_INT = rx.compile(r"\d{1,3}(?:([ \u00a0\u202f\u2009.'’])\d{3})?(?:\1\d{3})*")
_ORDINAL_NUM = rx.compile(r"(\d{1,3})\s?(?:er|ere|re|e|eme|em|nd|nde|°|o)?")
_ROMAN = rx.compile(r"(X{0,2})(IX|IV|V?I{0,3})")
_ROMAN_VALUES = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9}


def _word_key(s: str) -> str:
    return _WORD_SEP.sub("-", fold(s.strip()))


def parse_french_int(s: str) -> int | None:
    """Integer written the French way, or ``None``.

    Digits with thousands grouped by a space, NBSP, narrow NBSP, thin space, dot or apostrophe
    (« 24 882 », « 7 410 », « 1.428.395 »; one separator kind per number, groups of three), or a
    number word from « zéro » to « vingt » (« quatre », « Dix-sept », « dix sept », « une »).
    Decimals and amounts with a currency are not integers: « 1 428 395.63€ » → ``None``.
    """
    s = s.strip()
    if _GROUPED_INT.fullmatch(s):
        return int(re.sub(r"\D", "", s))
    return _CARDINAL_VALUES.get(_word_key(s))


def ordinal_article(s: str) -> int | None:
    """Number of an article or annex label, or ``None``.

    « 1er », « 1ᵉʳ », « 1ère », « premier », « 2ème », « 2e », « 3° », « deuxième », « vingtième »,
    plain digits (« 4 »), Roman numerals I to XX in capitals (« IV »; lower case is refused: « vi »
    and « x » are words or placeholders more often than numbers).
    """
    s = s.strip()
    if not s:
        return None
    m = _ROMAN.fullmatch(s)
    if m:
        tens, units = m.groups()
        value = 10 * len(tens) + _ROMAN_VALUES.get(units, 0)
        return value if 0 < value <= 20 else None
    key = _word_key(s)
    m = _ORDINAL_NUM.fullmatch(key)
    if m:
        return int(m.group(1))
    return _ORDINAL_VALUES.get(key)


def __getattr__(name: str):  # PEP 562: lazy re-export of the date API (no import cycle)
    if name in ("DateMatch", "PeriodMatch", "find_dates", "find_month_years", "find_periods",
                "is_legal_reference", "legal_reference_kind"):
        from ctglint import frdates

        return getattr(frdates, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
