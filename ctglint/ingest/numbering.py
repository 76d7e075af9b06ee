"""Word paragraph styles and automatic numbering labels ("ARTICLE 4 –", "2.1", "•").

Word does not store list numbers in the text: a paragraph carries ``w:numPr``
(directly, or inherited from its paragraph style through ``w:basedOn``), which
points to a ``w:num`` in numbering.xml, which points to a ``w:abstractNum`` whose
``w:lvl`` elements say how each level is counted and written. :class:`Numbering`
replays that counting in reading order: call :meth:`Numbering.label` once per
paragraph, in order, including empty ones (Word counts them too).
"""
from __future__ import annotations

import re
from typing import NamedTuple

from lxml import etree

from ctglint import rx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W_VAL = f"{W}val"
_HEADING_NAME = rx.compile(r"^(?:heading|titre)\s*([1-9])$", re.IGNORECASE)
_PLACEHOLDER = rx.compile(r"%([1-9])")
_MAX_LINK_HOPS = 4
#: Fonts whose letters are pictograms: LibreOffice writes its round bullet as a
#: Wingdings "l", Word as a Symbol U+F0B7.
_SYMBOL_FONTS = {"symbol", "wingdings", "wingdings 2", "wingdings 3", "webdings", "zapfdingbats", "opensymbol"}


def _val(el: etree._Element | None, path: str) -> str | None:
    if el is None:
        return None
    found = el.find(path)
    return None if found is None else found.get(W_VAL)


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


class WordStyles:
    """styles.xml: names, ``basedOn`` chains, inherited numbering and outline levels."""

    def __init__(self, root: etree._Element | None) -> None:
        self._styles: dict[str, etree._Element] = {}
        self.default_paragraph: str | None = None
        # Asked once per paragraph, answered per style: cache the answers.
        self._levels: dict[str | None, int | None] = {}
        self._num_prs: dict[str | None, tuple[str | None, int | None] | None] = {}
        if root is None:
            return
        for style in root.iterchildren(f"{W}style"):
            style_id = style.get(f"{W}styleId")
            if style_id is None:
                continue
            self._styles.setdefault(style_id, style)
            if style.get(f"{W}type") == "paragraph" and style.get(f"{W}default") in ("1", "true", "on"):
                self.default_paragraph = style_id

    def name(self, style_id: str | None) -> str | None:
        style = self._styles.get(style_id or "")
        return _val(style, f"{W}name") if style is not None else None

    def chain(self, style_id: str | None) -> list[etree._Element]:
        """The style and its ``basedOn`` ancestors, nearest first (cycles cut)."""
        out: list[etree._Element] = []
        seen: set[str] = set()
        while style_id and style_id not in seen and style_id in self._styles:
            seen.add(style_id)
            style = self._styles[style_id]
            out.append(style)
            style_id = _val(style, f"{W}basedOn")
        return out

    def heading_level(self, style_id: str | None) -> int | None:
        """1-based heading level from the style chain: a "heading N"/"Titre N" name
        or a ``w:outlineLvl`` (9 means body text), nearest style first."""
        if style_id not in self._levels:
            self._levels[style_id] = self._heading_level(style_id)
        return self._levels[style_id]

    def _heading_level(self, style_id: str | None) -> int | None:
        for style in self.chain(style_id):
            match = _HEADING_NAME.match(_val(style, f"{W}name") or "")
            if match:
                return int(match.group(1))
            outline = _int(_val(style, f"{W}pPr/{W}outlineLvl"))
            if outline is not None:
                return outline + 1 if 0 <= outline < 9 else None
        # Some generators reference built-in heading styles without defining them.
        match = _HEADING_NAME.match(re.sub(r"(?<=\D)(?=\d)", " ", style_id or ""))
        return int(match.group(1)) if match and style_id not in self._styles else None

    def num_pr(self, style_id: str | None) -> tuple[str | None, int | None] | None:
        """(numId, ilvl) of the nearest style in the chain that has a ``w:numPr``."""
        if style_id not in self._num_prs:
            self._num_prs[style_id] = None
            for style in self.chain(style_id):
                num_pr = style.find(f"{W}pPr/{W}numPr")
                if num_pr is not None:
                    self._num_prs[style_id] = _val(num_pr, f"{W}numId"), _int(_val(num_pr, f"{W}ilvl"))
                    break
        return self._num_prs[style_id]


class Level(NamedTuple):
    start: int = 0  # ECMA-376: an omitted w:start means 0
    fmt: str = "decimal"
    text: str = ""
    suffix: str = " "
    restart: int | None = None
    legal: bool = False
    style: str | None = None
    symbol_font: bool = False

    @classmethod
    def parse(cls, lvl: etree._Element) -> Level:
        suff = _val(lvl, f"{W}suff")
        is_lgl = lvl.find(f"{W}isLgl")
        fonts = lvl.find(f"{W}rPr/{W}rFonts")
        font = (fonts.get(f"{W}ascii") or fonts.get(f"{W}hAnsi") or "") if fonts is not None else ""
        return cls(
            start=_int(_val(lvl, f"{W}start")) or 0,
            fmt=_val(lvl, f"{W}numFmt") or "decimal",
            text=_val(lvl, f"{W}lvlText") or "",
            # Word's default suffix is a tab; a label reads best followed by one space.
            suffix="" if suff == "nothing" else " ",
            restart=_int(_val(lvl, f"{W}lvlRestart")),
            legal=is_lgl is not None and is_lgl.get(W_VAL, "1") not in ("0", "false", "off"),
            style=_val(lvl, f"{W}pStyle"),
            symbol_font=font.lower() in _SYMBOL_FONTS,
        )


class Label(NamedTuple):
    """A rendered numbering label, suffix included (``"ARTICLE 4 – "``)."""

    text: str
    bullet: bool


class _List:
    """One numbering instance: its levels and the counters shared by its paragraphs."""

    __slots__ = ("levels", "counter_key")

    def __init__(self, levels: dict[int, Level], counter_key: str) -> None:
        self.levels = levels
        self.counter_key = counter_key


class Numbering:
    """numbering.xml, replayed paragraph by paragraph in reading order."""

    def __init__(self, root: etree._Element | None, styles: WordStyles) -> None:
        self._styles = styles
        self._abstracts: dict[str, etree._Element] = {}
        self._nums: dict[str, etree._Element] = {}
        self._lists: dict[str, _List | None] = {}
        self._counters: dict[str, dict[int, int]] = {}
        if root is None:
            return
        for abstract in root.iterchildren(f"{W}abstractNum"):
            self._abstracts.setdefault(abstract.get(f"{W}abstractNumId", ""), abstract)
        for num in root.iterchildren(f"{W}num"):
            self._nums.setdefault(num.get(f"{W}numId", ""), num)

    def label(self, ppr: etree._Element | None, style_id: str | None) -> Label | None:
        """Count the paragraph with properties ``ppr`` and style ``style_id``; return
        its label, or ``None`` when the paragraph is not numbered."""
        num_id, ilvl = self._num_pr(ppr, style_id)
        if num_id is None or num_id == "0":
            return None
        lst = self._list(num_id)
        if lst is None or not lst.levels:
            return None
        if ilvl is None:
            ilvl = next((i for i, lvl in lst.levels.items() if style_id and lvl.style == style_id), 0)
        if ilvl not in lst.levels:
            return None
        counters = self._counters.setdefault(lst.counter_key, {})
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else lst.levels[ilvl].start
        for deeper in [d for d in counters if d > ilvl]:
            if _restarts(lst.levels.get(deeper), deeper, ilvl):
                del counters[deeper]
        return self._render(lst, counters, ilvl)

    def _num_pr(self, ppr: etree._Element | None, style_id: str | None) -> tuple[str | None, int | None]:
        direct = ppr.find(f"{W}numPr") if ppr is not None else None
        num_id = _val(direct, f"{W}numId")
        ilvl = _int(_val(direct, f"{W}ilvl"))
        if num_id is None:
            inherited = self._styles.num_pr(style_id)
            if inherited is not None:
                num_id = inherited[0]
                ilvl = ilvl if ilvl is not None else inherited[1]
        elif ilvl is None:
            ilvl = 0
        return num_id, ilvl

    def _list(self, num_id: str) -> _List | None:
        if num_id not in self._lists:
            self._lists[num_id] = self._build_list(num_id)
        return self._lists[num_id]

    def _build_list(self, num_id: str) -> _List | None:
        num = self._nums.get(num_id)
        if num is None:
            return None
        abstract_id = _val(num, f"{W}abstractNumId") or ""
        abstract = self._abstracts.get(abstract_id)
        # w:numStyleLink: the levels live in the abstractNum of a numbering style.
        for _ in range(_MAX_LINK_HOPS):
            link = _val(abstract, f"{W}numStyleLink")
            if link is None:
                break
            linked_num_pr = self._styles.num_pr(link)
            linked_num = self._nums.get(linked_num_pr[0] or "") if linked_num_pr else None
            abstract_id = _val(linked_num, f"{W}abstractNumId") or ""
            abstract = self._abstracts.get(abstract_id)
        if abstract is None:
            return None
        levels = {
            ilvl: Level.parse(lvl)
            for lvl in abstract.iterchildren(f"{W}lvl")
            if (ilvl := _int(lvl.get(f"{W}ilvl"))) is not None
        }
        overridden = False
        for override in num.iterchildren(f"{W}lvlOverride"):
            ilvl = _int(override.get(f"{W}ilvl"))
            if ilvl is None:
                continue
            lvl = override.find(f"{W}lvl")
            if lvl is not None:
                levels[ilvl] = Level.parse(lvl)
            start = _int(_val(override, f"{W}startOverride"))
            if start is not None and ilvl in levels:
                levels[ilvl] = levels[ilvl]._replace(start=start)
            overridden = True
        # Instances of one abstractNum continue each other's counting, unless an
        # instance overrides levels ("restart numbering"): then it counts on its own.
        key = f"num:{num_id}" if overridden else f"abstract:{abstract_id}"
        return _List(levels, key)

    @staticmethod
    def _render(lst: _List, counters: dict[int, int], ilvl: int) -> Label:
        level = lst.levels[ilvl]
        if level.fmt == "bullet":
            readable = level.text and not level.symbol_font and not _private_use(level.text)
            glyph = level.text if readable else "•"
            return Label(glyph + level.suffix, bullet=True)

        def placeholder(match: re.Match[str]) -> str:
            index = int(match.group(1)) - 1
            ref = lst.levels.get(index)
            if ref is None:
                return ""
            value = counters.get(index, ref.start)
            fmt = "decimal" if level.legal and index != ilvl else ref.fmt
            return format_number(value, fmt)

        text = _PLACEHOLDER.sub(placeholder, level.text)
        return Label(text + level.suffix if text.strip() else "", bullet=False)




def _restarts(level: Level | None, depth: int, used: int) -> bool:
    """Whether using level ``used`` restarts the counter of deeper level ``depth``.

    ``w:lvlRestart`` is 1-based: the level restarts when a level of 0-based index
    below it is used; 0 means never; absent (or not above ``depth``) means after
    any higher level.
    """
    restart = level.restart if level is not None else None
    if restart is None or restart > depth:
        restart = depth
    return restart != 0 and used < restart


def _private_use(text: str) -> bool:
    # Symbol/Wingdings bullets are stored as private-use code points (U+F0B7 ...).
    return any(0xE000 <= ord(c) <= 0xF8FF for c in text)


_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def format_number(value: int, fmt: str) -> str:
    """Write ``value`` in Word number format ``fmt`` (unknown formats fall back to decimal)."""
    if fmt == "none" or fmt == "bullet":
        return ""
    if fmt in ("upperRoman", "lowerRoman") and value > 0:
        out = []
        for amount, letters in _ROMAN:
            count, value = divmod(value, amount)
            out.append(letters * count)
        roman = "".join(out)
        return roman.upper() if fmt == "upperRoman" else roman
    if fmt in ("upperLetter", "lowerLetter") and value > 0:
        # Word's letters: A..Z, then AA, BB, ... ZZ, then AAA ...
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)
