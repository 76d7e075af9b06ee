"""Reader for published PDF conventions (optional extra: ``pip install 'ctglint[pdf]'``).

A PDF has no paragraphs, only glyphs at positions. This reader rebuilds the text in the
file's own reading order (content-stream order) in the shape of the seed ``.txt`` files —
one line per paragraph, list item or heading, a blank line between blocks, one
TAB-separated line per table row — and hands it to :func:`ctglint.ingest.text.read_text`,
so blocks are decided by the same code for every format. ``line`` in a finding is a line
of that text (``python -m ctglint.ingest.pdf FILE`` prints it); each block records its page.

- **Fragments**: pypdf's plain extraction (``visitor_text``: text, position, size), its
  word spacing kept. Fragments on one baseline form a line; a jump of two ems past a
  generous width estimate starts a new cell (tab stops, borderless tables).
- **Ruled tables** from the border lines (``visitor_operand_before``: ``m``/``l``/``re``):
  rows between horizontal rules, cells between the vertical rules present in each row
  (merged cells stay merged). A cell's text is its fragments in stream order, so a cell
  wrapping over several lines stays one cell; each paragraph of a cell is one TAB cell
  (as the text reader does for HTML units); a nested table is text of its cell; empty
  cells keep their column. A table going on across a page break stays one table, and a
  row cut by the break is one row again when its text visibly goes on. pypdf's layout
  mode (columns as runs of spaces) was measured too: it splits every wrapped cell into
  one row per printed line and is 2–3 times slower.
- **Paragraphs**: vertical gaps, in font sizes, over the whole document; when they are
  bimodal (leading vs paragraph spacing) a gap past the valley ends a paragraph. With no
  paragraph spacing, a line narrower than 75 % of a full line ends one. A list marker or
  an ARTICLE/ANNEXE heading (the text reader's patterns), a font-size change, a table or
  a stamp starts a block. A paragraph goes on across a page break when the page's last
  line is full and does not end a sentence.
- **Running headers and footers**: a line in the top or bottom 12 % of a page whose text,
  digits masked, is there on half of the pages (two at least) is dropped, as is a lone
  page number (« 3 », « page 3/12 », « - 3 - »). Prefecture stamps are kept (the
  outline marks them as non-content), moved after the paragraph they interrupt.
- **Characters**: ligatures (ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ) expanded; U+FFFE/U+FFFF, form feeds,
  zero-width and control characters removed; Symbol/Wingdings private-use bullets mapped
  to • ▪ □ ■ ► ➔ ✓. **Hyphenation** at a line end is undone conservatively: a soft hyphen
  always joins; a ``-`` between lowercase halves is dropped only when the joined word
  occurs elsewhere in the document and the hyphenated one does not (« conven-/tion »);
  otherwise the hyphen stays and the halves are joined without a space (« celles-/ci »,
  « Lys-lez-/Lannoy », « 2020-/2022 »). Word and LibreOffice do not hyphenate unless
  asked to: a wrong join would damage a name, a wrong keep only leaves a hyphen.

Refusals (:class:`InputError`): ``pdf-needs-extra``, ``corrupt``, ``encrypted`` (an empty
user password is tried first: « protected » PDFs often only restrict printing),
``too-large`` (:data:`MAX_PAGES`; the size limit is the readers' common one), ``ocr-needed`` (no text layer), ``timeout``
(:data:`DEFAULT_TIMEOUT` s per file, or ``CTGLINT_PDF_TIMEOUT``). A page pypdf cannot
read is skipped with a note.
"""
from __future__ import annotations

import io
import logging
import math
import os
import re
import signal
import threading
import time
import warnings
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field

from ctglint import rx
from ctglint.errors import InputError
from ctglint.ingest.text import LIST_MARKER, read_text, starts_block
from ctglint.model import Document
from ctglint.outline import STAMP

#: Seconds for the whole extraction of one file; ``CTGLINT_PDF_TIMEOUT`` overrides it.
DEFAULT_TIMEOUT = 30.0
TIMEOUT_ENV = "CTGLINT_PDF_TIMEOUT"
#: No convention comes near this; more pages is a mistake (or an attack on the extractor).
MAX_PAGES = 500

# --------------------------------------------------------------------------- characters

_PUA_BULLETS = {0xF0B7: "•", 0xF076: "•", 0xF0A7: "▪", 0xF0A8: "□", 0xF071: "□", 0xF06E: "■",
                0xF0D8: "►", 0xF0E0: "➔", 0xF0E8: "➔", 0xF0FC: "✓"}
_CHARS = str.maketrans({
    "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
    "\ufb05": "st", "\ufb06": "st", "\u2010": "-", "\u2011": "-",
    "\ufffe": None, "\uffff": None, "\u200b": None, "\ufeff": None, "\u2060": None,
    "\t": " ", "\n": " ", "\r": " ", "\f": None,
    **{chr(k): v for k, v in _PUA_BULLETS.items()},
})
_CONTROLS = rx.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
SOFT_HYPHEN = "\u00ad"


def normalise(text: str) -> str:
    """One fragment's text: ligatures, controls, odd hyphens and symbol-font bullets."""
    return _CONTROLS.sub("", text.translate(_CHARS))


# --------------------------------------------------------------------------- page model

@dataclass(slots=True)
class _Frag:
    x: float
    y: float
    size: float
    text: str
    space_before: bool = False


@dataclass(slots=True)
class _Line:
    """Fragments on one baseline; ``cells`` has more than one item across a wide gap."""

    x: float
    y: float
    size: float
    cells: list[str]
    end: float  # generous estimate of the right end of the last fragment
    page: int = 0
    trail: bool = False  # the last fragment ended with white space
    frag_x: float = 0.0  # where the last fragment starts: x, offset in the last cell, length
    frag_start: int = 0
    frag_len: int = 0

    @property
    def text(self) -> str:
        return " ".join(c for c in self.cells if c)

    @property
    def width(self) -> float:
        """Estimated printed width in points (see :func:`_ems`)."""
        return _ems(self.text) * self.size


@dataclass(slots=True)
class _Table:
    rows: list[list[list[_Line]]]  # row -> cell -> lines
    page: int = 0


@dataclass(slots=True)
class _Page:
    number: int
    top: float
    bottom: float
    items: list[_Line | _Table] = field(default_factory=list)


_WIDE = 1.3  # how much wider than :func:`_ems` a run may be (a wide font)


def _ems(text: str) -> float:
    """Rough printed width of ``text`` in ems (serif proportions), for comparing lines."""
    return sum(0.25 if c == " " else 0.7 if c.isupper() else 0.48 if c.isalpha() else 0.5 if c.isdigit()
               else 0.4 for c in text)


def _lines(frags: list[_Frag], page: int, split_cells: bool = True) -> list[_Line]:
    """Printed lines from fragments in stream order (see the module doc)."""
    lines: list[_Line] = []
    for f in frags:
        cur = lines[-1] if lines else None
        text = f.text.strip()
        if cur is not None and abs(f.y - cur.y) <= 0.5 * max(f.size, cur.size) and f.x >= cur.x - 0.5:
            if _insert(cur, f, text):
                continue
            if split_cells and f.x - cur.end > 2 * max(f.size, cur.size):
                cur.cells.append(text)
                cur.frag_start = 0
            else:
                last = cur.cells[-1]
                glue = " " if last and (f.space_before or f.text[:1].isspace() or cur.trail) else ""
                cur.frag_start = len(last) + len(glue)
                cur.cells[-1] = last + glue + text
            cur.frag_x, cur.frag_len = f.x, len(text)
            cur.trail = f.text[-1:].isspace()
            cur.end = max(cur.end, f.x + _ems(f.text) * _WIDE * f.size)
            cur.size = max(cur.size, f.size) if abs(f.y - cur.y) < 0.15 * f.size else cur.size
            continue
        lines.append(_Line(f.x, f.y, f.size, [text], f.x + _ems(f.text) * _WIDE * f.size, page,
                           f.text[-1:].isspace(), f.x, 0, len(text)))
    for line in lines:
        line.cells = [" ".join(c.split()) for c in line.cells]
    return [line for line in lines if any(line.cells)]


def _insert(line: _Line, f: _Frag, text: str) -> bool:
    """Put a glyph drawn after its line back in place, if it falls inside the last fragment.

    LibreOffice draws a glyph missing from the main font (« ➔ » in DejaVu) after the
    run, leaving a double space where it belongs: « -  ALSH » + « ➔ » → « - ➔ ALSH ».
    """
    if not (line.frag_x < f.x < line.frag_x + line.frag_len * 0.35 * f.size):
        return False
    cell = line.cells[-1]
    guess = line.frag_start + (f.x - line.frag_x) / (0.5 * f.size)
    holes = [m.start() for m in re.finditer(r"  ", cell[line.frag_start:])]
    if not holes:
        return False
    at = line.frag_start + min(holes, key=lambda h: abs(line.frag_start + h - guess)) + 1
    if abs(at - guess) > 6:
        return False
    line.cells[-1] = cell[:at] + text + cell[at:]
    return True


# --------------------------------------------------------------------------- ruled tables

_TOL = 2.0  # points


def _cluster(values: list[float], tol: float = 3.0) -> list[float]:
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(c) / len(c) for c in out]


@dataclass(slots=True)
class _Grid:
    x0: float
    y0: float
    x1: float
    y1: float
    ys: list[float]  # row rules, top to bottom
    cols: list[list[float]]  # per row: cell boundaries, left to right

    def contains(self, x: float, y: float) -> bool:
        return self.x0 - 0.5 <= x <= self.x1 + 0.5 and self.y0 - 0.5 <= y <= self.y1 + 0.5

    def cell(self, x: float, y: float) -> tuple[int, int] | None:
        for r in range(len(self.ys) - 1):
            if self.ys[r + 1] - 0.5 <= y <= self.ys[r] + 0.5:
                bounds = self.cols[r]
                for c in range(len(bounds) - 1):
                    if bounds[c] - 0.5 <= x <= bounds[c + 1] + 0.5:
                        return r, c
                return r, max(0, len(bounds) - 2)
        return None


def _grids(hs: list[tuple[float, float, float]], vs: list[tuple[float, float, float]]) -> list[_Grid]:
    """Tables from ruling lines. ``hs``: (y, x0, x1); ``vs``: (x, y0, y1)."""
    if not hs or not vs or len(hs) + len(vs) > 4000:
        return []
    n_h = len(hs)
    parent = list(range(n_h + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (y, x0, x1) in enumerate(hs):
        for j, (x, y0, y1) in enumerate(vs):
            if x0 - _TOL <= x <= x1 + _TOL and y0 - _TOL <= y <= y1 + _TOL:
                parent[find(i)] = find(n_h + j)
    groups: dict[int, tuple[list, list]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(find(n_h + j), ([], []))[1].append(v)
    grids: list[_Grid] = []
    for g_h, g_v in groups.values():
        if len(g_h) < 2 or len(g_v) < 2:
            continue
        ys = sorted(_cluster([h[0] for h in g_h]), reverse=True)
        xs = _cluster([v[0] for v in g_v])
        if len(ys) < 2 or len(xs) < 2:
            continue
        cols = []
        for r in range(len(ys) - 1):
            mid = (ys[r] + ys[r + 1]) / 2
            present = [x for x in xs if any(abs(v[0] - x) <= 3 and v[1] - _TOL <= mid <= v[2] + _TOL for v in g_v)]
            cols.append(present if len(present) >= 2 else [xs[0], xs[-1]])
        if len(ys) - 1 == 1 and all(len(c) == 2 for c in cols):
            continue  # a frame around text, not a table
        grids.append(_Grid(xs[0], ys[-1], xs[-1], ys[0], ys, cols))
    # A table nested in a cell is read as that cell's text.
    return [g for g in grids if not any(o is not g and o.x0 - 1 <= g.x0 and g.x1 <= o.x1 + 1
                                        and o.y0 - 1 <= g.y0 and g.y1 <= o.y1 + 1 for o in grids)]


# --------------------------------------------------------------------------- one page

def _mult(tm: list[float], cm: list[float]) -> tuple[float, ...]:
    return (tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3],
            tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3],
            tm[4] * cm[0] + tm[5] * cm[2] + cm[4], tm[4] * cm[1] + tm[5] * cm[3] + cm[5])


#: Turns that make text of each pypdf orientation upright: (x, y) -> (a x + b y, c x + d y).
_TURNS = {0: (1, 0, 0, 1), 90: (0, 1, -1, 0), 270: (0, -1, 1, 0), 180: (-1, 0, 0, -1)}


def _read_page(page, number: int) -> _Page:
    # Upright text first; a page with none is read in the orientation its text has (a
    # landscape annex drawn sideways on a portrait page, a page turned by /Rotate).
    for orientation in _TURNS:
        frags, hs, vs = _collect(page, orientation)
        if frags:
            break
    a, b, c, d = _TURNS[orientation]
    box = page.mediabox
    ys = [c * x + d * y for x in (float(box.left), float(box.right)) for y in (float(box.bottom), float(box.top))]
    result = _Page(number, max(ys), min(ys))
    grids = _grids(hs, vs)
    # Walk the fragments in stream order: body runs become lines, table fragments go to
    # their cell; a table takes the place of its first fragment.
    found: dict[int, tuple[_Table, dict[tuple[int, int], list[_Frag]]]] = {}
    run: list[_Frag] = []
    for f in frags:
        x, y = f.x + 0.5, f.y + 0.3 * f.size  # a point inside the first glyph
        grid = next((i for i, g in enumerate(grids) if g.contains(x, y)), None)
        slot = grids[grid].cell(x, y) if grid is not None else None
        if slot is None:
            run.append(f)
            continue
        if grid not in found:
            result.items.extend(_lines(run, number))
            run = []
            found[grid] = (_Table([], number), {})
            result.items.append(found[grid][0])
        found[grid][1].setdefault(slot, []).append(f)
    result.items.extend(_lines(run, number))
    for grid, (table, cells) in found.items():
        g = grids[grid]
        table.rows = [[_lines(cells.get((r, c), []), number, split_cells=False) for c in range(len(g.cols[r]) - 1)]
                      for r in range(len(g.ys) - 1)]
    return result


def _collect(page, orientation: int = 0) -> tuple[list[_Frag], list[tuple[float, float, float]],
                                                  list[tuple[float, float, float]]]:
    """Text fragments of one ``orientation`` and ruling lines (horizontal, vertical), in a
    frame turned so that this text is upright."""
    ta, tb, tc, td = _TURNS[orientation]
    frags: list[_Frag] = []
    hs: list[tuple[float, float, float]] = []
    vs: list[tuple[float, float, float]] = []
    path: list[tuple[float, float, float, float]] = []
    state = {"cur": None, "start": None, "space": False}

    def on_text(text, cm, tm, font, size) -> None:
        if not text:
            return
        if not text.strip():
            state["space"] = state["space"] or " " in text
            return
        a, b, c, d, x, y = _mult(tm, cm)
        x, y = ta * x + tb * y, tc * x + td * y
        height = abs(size) * (math.hypot(c, d) or 1.0) or 1.0
        clean = normalise(text)
        if clean.strip():
            frags.append(_Frag(x, y, height, clean, state["space"]))
        state["space"] = False

    def on_op(op, args, cm, tm) -> None:
        if op == b"m" and len(args) == 2:
            state["cur"] = state["start"] = (float(args[0]), float(args[1]))
        elif op == b"l" and len(args) == 2 and state["cur"] is not None:
            end = (float(args[0]), float(args[1]))
            path.append((*state["cur"], *end))
            state["cur"] = end
        elif op == b"h" and state["cur"] is not None and state["start"] is not None:
            path.append((*state["cur"], *state["start"]))
            state["cur"] = state["start"]
        elif op == b"re" and len(args) == 4:
            x, y, w, h = (float(v) for v in args)
            if abs(h) < 2.5 and abs(w) >= 2:
                path.append((x, y + h / 2, x + w, y + h / 2))
            elif abs(w) < 2.5 and abs(h) >= 2:
                path.append((x + w / 2, y, x + w / 2, y + h))
            else:
                path.extend([(x, y, x + w, y), (x + w, y, x + w, y + h), (x, y + h, x + w, y + h), (x, y, x, y + h)])
        elif op in (b"S", b"s", b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"):
            for x0, y0, x1, y1 in path:
                ux0, uy0 = cm[0] * x0 + cm[2] * y0 + cm[4], cm[1] * x0 + cm[3] * y0 + cm[5]
                ux1, uy1 = cm[0] * x1 + cm[2] * y1 + cm[4], cm[1] * x1 + cm[3] * y1 + cm[5]
                px0, py0 = ta * ux0 + tb * uy0, tc * ux0 + td * uy0
                px1, py1 = ta * ux1 + tb * uy1, tc * ux1 + td * uy1
                if abs(py0 - py1) < 1 and abs(px0 - px1) >= 2:
                    hs.append(((py0 + py1) / 2, min(px0, px1), max(px0, px1)))
                elif abs(px0 - px1) < 1 and abs(py0 - py1) >= 2:
                    vs.append(((px0 + px1) / 2, min(py0, py1), max(py0, py1)))
            path.clear()
            state["cur"] = None
        elif op == b"n":
            path.clear()
            state["cur"] = None

    # One orientation only: a vertical note in the margin would break the lines it crosses.
    page.extract_text(orientations=(orientation,), visitor_text=on_text, visitor_operand_before=on_op)
    return frags, hs, vs


# --------------------------------------------------------------------------- reading

def read_pdf(path: str, data: bytes) -> Document:
    notes: list[str] = []
    pages = _pages(data, notes)
    text, page_of_line = layout(pages)
    if not text.strip():
        raise InputError("ocr-needed", "PDF without a text layer (scanned): OCR needed",
                         "PDF sans couche texte (numérisé) : OCR nécessaire")
    doc = read_text(path, text.encode("utf-8"))
    doc.format = "pdf"
    doc.page_count = len(pages)
    for block in doc.blocks:
        block.page = page_of_line[block.line - 1]
    doc.notes.extend(notes)
    return doc


def _pages(data: bytes, notes: list[str]) -> list[_Page]:
    with _quiet(notes):
        pages = _extract(_open(data), notes)
    textless = [str(p.number) for p in pages if not p.items]
    if textless and len(textless) < len(pages):
        notes.append(f"no text on page(s) {', '.join(textless[:20])}: scanned? (OCR needed to lint them)")
    return pages


def _open(data: bytes):
    try:  # imported here only: start-up time matters, and pypdf is an extra
        from pypdf import PdfReader
        from pypdf.errors import DependencyError, FileNotDecryptedError
    except ImportError:
        raise InputError("pdf-needs-extra", "Reading PDF needs the pdf extra: pip install 'ctglint[pdf]'",
                         "lecture des PDF : installer ctglint[pdf] (pip install 'ctglint[pdf]')") from None

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                decrypted = reader.decrypt("")
            except DependencyError:
                raise InputError(
                    "encrypted", "Encrypted PDF (AES): decrypting it needs the cryptography package.",
                    "PDF chiffré (AES) : le déchiffrer demande le module cryptography "
                    "(pip install 'pypdf[crypto]')") from None
            if not decrypted:
                raise InputError("encrypted", "Password-protected PDF: remove the password and export it again.",
                                 "PDF protégé par mot de passe : retirez le mot de passe puis exportez-le à nouveau.")
        count = len(reader.pages)
    except InputError:
        raise
    except FileNotDecryptedError:
        raise InputError("encrypted", "Password-protected PDF.", "PDF protégé par mot de passe.") from None
    except Exception as exc:  # pypdf raises many types on broken files
        raise InputError("corrupt", f"Damaged PDF: {type(exc).__name__}.",
                         f"PDF endommagé ({type(exc).__name__}).") from None
    if count == 0:
        raise InputError("corrupt", "Damaged PDF: no page.", "PDF endommagé : aucune page.")
    if count > MAX_PAGES:
        raise InputError("too-large", f"The PDF has {count} pages (more than {MAX_PAGES}).",
                         f"Le PDF a {count} pages (plus de {MAX_PAGES}).")
    return reader


class _Timeout(BaseException):
    """Raised by the alarm; a BaseException so that pypdf's ``except Exception`` lets it pass."""


def timeout_seconds() -> float:
    """The extraction deadline: ``CTGLINT_PDF_TIMEOUT`` (seconds, > 0) or :data:`DEFAULT_TIMEOUT`."""
    raw = os.environ.get(TIMEOUT_ENV, "").strip()
    try:
        value = float(raw)
    except ValueError:
        return DEFAULT_TIMEOUT
    return value if value > 0 and math.isfinite(value) else DEFAULT_TIMEOUT


def _extract(reader, notes: list[str]) -> list[_Page]:
    limit = timeout_seconds()
    deadline = time.monotonic() + limit
    pages: list[_Page] = []
    try:
        with _alarm(limit):
            for number, page in enumerate(reader.pages, start=1):
                if time.monotonic() >= deadline:
                    raise _Timeout
                try:
                    pages.append(_read_page(page, number))
                except Exception as exc:  # one bad page must not lose the document
                    notes.append(f"page {number} skipped: {type(exc).__name__}: {str(exc)[:120]}")
                    pages.append(_Page(number, 0.0, 0.0))
    except _Timeout:
        raise InputError("timeout", f"PDF text extraction took more than {limit:g} s ({TIMEOUT_ENV}).",
                         f"extraction du texte du PDF interrompue après {limit:g} s ({TIMEOUT_ENV}).") from None
    return pages


@contextmanager
def _alarm(seconds: float):
    """A hard deadline (SIGALRM) in the main thread when nobody else uses the timer.

    Elsewhere the deadline is only checked between pages.
    """
    usable = (hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
              and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, None)
              and signal.getitimer(signal.ITIMER_REAL)[0] == 0)
    if not usable or seconds <= 0:
        yield
        return

    def fire(signum, frame):
        raise _Timeout

    previous = signal.signal(signal.SIGALRM, fire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def _quiet(notes: list[str]):
    """pypdf warns through ``logging`` (stderr by default): turn its warnings into notes."""
    logger = logging.getLogger("pypdf")
    handler = logging.Handler(logging.WARNING)
    handler.emit = lambda record: None if len(notes) >= 20 else notes.append(f"pypdf: {record.getMessage()}"[:200])
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


# --------------------------------------------------------------------------- layout

_PAGE_NUMBER = rx.compile(r"^(?:page|p\.)?\s*#\s*(?:(?:/|sur|de|of)\s*#)?$|^[-–—]\s*#\s*[-–—]$", re.IGNORECASE)
_DIGITS = rx.compile(r"\d+")
_SENTENCE_END = rx.compile(r"[.!?:;»][\s\"”’)\]*_]*$")
_WORD = rx.compile(r"[^\W\d_]+")
#: A paragraph ending with a word and a hyphen (« conven- »), or any word character and a hyphen.
_HYPHENATED_END = rx.compile(r"([^\W\d_]+)-$")
_CUT_END = rx.compile(r"\w-$")
#: Letters a hyphenated word may have before its line end (no real word comes near).
_LONGEST_WORD = 80
_WORDS = rx.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*-?")  # « porte-parole » is one word
_ZONE = 0.12


def _mask(text: str) -> str:
    return " ".join(_DIGITS.sub("#", text.lower()).split())


def _drop_running(pages: list[_Page]) -> None:
    """Remove running headers/footers and page numbers (never a prefecture stamp)."""
    def zoned(page: _Page):
        height = page.top - page.bottom
        for item in page.items:
            if isinstance(item, _Line) and height > 0 and (
                    item.y > page.top - _ZONE * height or item.y < page.bottom + _ZONE * height):
                yield item

    seen: Counter[str] = Counter()
    for page in pages:
        seen.update({_mask(line.text) for line in zoned(page)})
    need = max(2, math.ceil(len(pages) / 2))
    for page in pages:
        drop = {id(line) for line in zoned(page)
                if not STAMP.match(line.text) and (seen[_mask(line.text)] >= need or _PAGE_NUMBER.match(_mask(line.text)))}
        page.items = [i for i in page.items if id(i) not in drop]


def _threshold(gaps: list[float]) -> float | None:
    """The gap (in font sizes) above which a new paragraph starts, if gaps are bimodal."""
    gaps = [g for g in gaps if 0.6 < g < 4.0]
    if len(gaps) < 4:
        return None
    step = 0.05
    bins = Counter(int(g / step) for g in gaps)
    total = len(gaps)
    significant = [b for b, n in bins.items() if n >= max(2, 0.1 * total)]
    if not significant:
        return None
    b = min(significant)
    sparse = max(1, 0.02 * total)
    while bins.get(b, 0) > sparse:
        b += 1
    following = [k for k, n in bins.items() if k > b and n > sparse]
    if not following or sum(n for k, n in bins.items() if k > b) < max(2, 0.02 * total):
        return None
    return (b + min(following)) / 2 * step


def _gap(prev: _Line, line: _Line) -> float:
    return (prev.y - line.y) / (line.size or 1.0)


def _join(lines: list[str], words: set[str]) -> str:
    """Join the printed lines of one paragraph, undoing line-end hyphenation (see module doc)."""
    out = ""
    for line in lines:
        if not out:
            out = line
            continue
        if out.endswith(SOFT_HYPHEN):
            out = out[:-1] + line
            continue
        # Only the end of the paragraph so far is looked at: searching all of it at every line
        # made long table cells quadratic.
        end = out[-_LONGEST_WORD:] if out.endswith("-") else ""
        head, tail = _HYPHENATED_END.search(end), _WORD.match(line)
        if head and tail:
            first, second = head.group(1), tail.group(0)
            joined = first.islower() and second[:1].islower() and (first + second).lower() in words \
                and f"{first}-{second}".lower() not in words
            out = out[:-1] + line if joined else out + line
        elif _CUT_END.search(end) and line[:1].isalnum():
            out += line
        elif out.endswith(("(", "[")) or line.startswith((")", "]", ",", ".")):
            out += line  # a word too long for its column, cut without a hyphen
        else:
            out += " " + line
    return out.replace(SOFT_HYPHEN, "")


def _vocabulary(pages: list[_Page]) -> set[str]:
    words: set[str] = set()

    def add(text: str) -> None:  # a half cut at a line end (« conven- ») is no word
        words.update(w.lower() for w in _WORDS.findall(text) if not w.endswith("-"))

    for page in pages:
        for item in page.items:
            if isinstance(item, _Line):
                add(item.text)
            else:
                for row in item.rows:
                    for cell in row:
                        for line in cell:
                            add(line.text)
    return words


def _caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and not any(c.islower() for c in letters)


def _paragraphs(lines: list[_Line], threshold: float | None, typical: dict[int, float], *,
                short_rule: bool, markers: bool) -> list[list[_Line]]:
    """Group consecutive printed lines into paragraphs (the rules in the module doc).

    ``typical``: page → estimated width of a full line; ``short_rule``: a line narrower
    than 75 % of it ends a paragraph; ``markers``: a list marker or a heading starts a
    paragraph. Table cells go without both: their lines are as short as their column,
    and a bullet inside a cell's text often lands at the start of a line.
    """
    paras: list[list[_Line]] = []
    for line in lines:
        prev = paras[-1][-1] if paras else None
        text = line.text
        new = (
            prev is None
            or len(line.cells) > 1 or len(prev.cells) > 1
            or (markers and starts_block(text))
            or STAMP.match(text) or STAMP.match(prev.text)
            or abs(line.size - prev.size) > 0.15 * prev.size
        )
        if not new and prev.page != line.page and not markers:
            # A cell cut by the page break (_row_goes_on): a list item after it is its own.
            new = starts_block(text)
        elif not new and prev.page != line.page:
            full = prev.width >= 0.8 * typical.get(prev.page, 0)
            new = not full or bool(_SENTENCE_END.search(prev.text))
        elif not new:
            gap = _gap(prev, line)
            if gap < -0.5 or gap > 4.0:
                new = True
            elif threshold is not None and gap > threshold:
                new = True
            elif short_rule:
                full = typical.get(prev.page, 0)
                # A wrapped capitals heading (« ARTICLE 12 – EXECUTION FORMELLE DE LA » /
                # « CONVENTION »): capitals are wider than :func:`_ems` can know.
                wrapped_caps = _caps(prev.text) and _caps(text) and prev.width >= 0.5 * full
                new = prev.width < 0.75 * full and not wrapped_caps
        if new:
            paras.append([line])
        else:
            paras[-1].append(line)
    return paras


def layout(pages: list[_Page]) -> tuple[str, list[int]]:
    """The normalised text of ``pages`` and, for each of its lines, the page it comes from."""
    _drop_running(pages)
    words = _vocabulary(pages)
    body_gaps: list[float] = []
    cell_gaps: list[float] = []
    typical: dict[int, float] = {}
    every = sorted(i.width for page in pages for i in page.items if isinstance(i, _Line))
    overall = every[int(0.9 * (len(every) - 1))] if every else 0.0
    for page in pages:
        # A full line: the 90th percentile of the page's widths (of the document's when
        # the page has few lines; landscape pages have longer lines).
        widths = sorted(i.width for i in page.items if isinstance(i, _Line))
        typical[page.number] = widths[int(0.9 * (len(widths) - 1))] if len(widths) >= 8 else overall
        for a, b in zip(page.items, page.items[1:]):
            if isinstance(a, _Line) and isinstance(b, _Line) and abs(a.size - b.size) <= 0.15 * a.size:
                body_gaps.append(_gap(a, b))
        for item in page.items:
            if isinstance(item, _Table):
                cell_gaps.extend(_gap(a, b) for row in item.rows for cell in row for a, b in zip(cell, cell[1:]))
    body_break = _threshold(body_gaps)
    cell_break = _threshold(cell_gaps)
    # Paragraph spacing on a few lines only (headings) is no paragraph signal: then a
    # short line ends a paragraph too.
    spaced = body_break is not None and sum(g > body_break for g in body_gaps) >= 0.1 * len(body_gaps)

    # Prefecture stamps (often on every page) leave the flow and come back after the
    # paragraph or table they interrupt, so that a paragraph or a table row goes on
    # across the page break under them.
    flow: list[_Line | _Table] = []
    stamps: dict[int, list[_Line]] = {}
    for page in pages:
        for item in page.items:
            if isinstance(item, _Line) and STAMP.match(item.text):
                stamps.setdefault(id(flow[-1]) if flow else 0, []).append(item)
            elif isinstance(item, _Table) and flow and isinstance(flow[-1], _Table) \
                    and flow[-1].page == item.page - 1 and item.rows:
                _append_table(flow[-1], item, stamps)
            else:
                flow.append(item)

    out: list[str] = []
    page_of: list[int] = []

    def emit(text: str, page: int) -> None:
        out.append(text)
        page_of.append(page)

    def blank() -> None:
        if out and out[-1] != "":
            emit("", page_of[-1])

    def emit_stamps(key: int) -> None:
        for stamp in stamps.pop(key, []):
            blank()
            emit(stamp.text, stamp.page)

    emit_stamps(0)
    pending: list[_Line] = []

    def flush_body() -> None:
        for para in _paragraphs(pending, body_break, typical, short_rule=not spaced, markers=True):
            blank()
            if len(para[0].cells) > 1:  # a borderless table row
                emit("\t".join(para[0].cells), para[0].page)
            else:
                emit(_join([line.text for line in para], words), para[0].page)
            for line in para:
                emit_stamps(id(line))
        pending.clear()

    for item in flow:
        if isinstance(item, _Line):
            pending.append(item)
            continue
        flush_body()
        blank()
        for row in item.rows:
            slots: list[str] = []
            for cell in row:
                paras = _paragraphs(cell, cell_break, typical, short_rule=False, markers=False)
                slots.extend(_join([line.text for line in para], words) for para in paras)
                if not paras:
                    slots.append("")
            first = next((line for cell in row for line in cell), None)
            if first is not None and any(slots):
                emit("\t".join(slots), first.page)
        emit_stamps(id(item))
    flush_body()
    for key in list(stamps):
        emit_stamps(key)
    return "\n".join(out) + "\n", page_of


def _append_table(table: _Table, more: _Table, stamps: dict[int, list[_Line]]) -> None:
    """A table going on from the previous page stays one table; a row cut by the page
    break is one row again when its text visibly goes on (see :func:`_row_goes_on`)."""
    rows = more.rows
    if table.rows and _row_goes_on(table.rows[-1], rows[0]):
        table.rows[-1] = [a + b for a, b in zip(table.rows[-1], rows[0])]
        rows = rows[1:]
    table.rows.extend(rows)
    table.page = more.page
    stamps.setdefault(id(table), []).extend(stamps.pop(id(more), []))


def _row_goes_on(last: list[list[_Line]], first: list[list[_Line]]) -> bool:
    """Whether ``first`` (top of a page) is the rest of ``last`` (bottom of the previous one):
    same cells, and every cell written in ``first`` continues its cell in ``last`` — a
    lowercase word after an unfinished sentence, or a list item after a colon, a
    semicolon or a comma (an enumeration going on)."""
    if len(last) != len(first) or not any(first):
        return False
    for above, below in zip(last, first):
        if not below:
            continue
        if not above:
            return False
        end, start = above[-1].text, below[0].text
        if not ((start[:1].islower() and not _SENTENCE_END.search(end))
                or (end.endswith((":", ";", ",")) and LIST_MARKER.match(start))):
            return False
    return True


def extract_text(path: str) -> str:
    """The normalised text ctglint lints for the PDF at ``path`` (its lines are ``line``)."""
    with open(path, "rb") as handle:
        return layout(_pages(handle.read(), []))[0]


if __name__ == "__main__":  # python -m ctglint.ingest.pdf FILE.pdf
    import sys

    if len(sys.argv) != 2:
        sys.exit("usage: python -m ctglint.ingest.pdf FILE.pdf")
    try:
        sys.stdout.write(extract_text(sys.argv[1]))
    except InputError as exc:
        sys.exit(f"{sys.argv[1]}: {exc.message_fr}")
