"""Views of section diffs (:class:`ctglint.diff.SectionDiff`) for people and for tools.

:func:`build` turns the operations of :mod:`ctglint.diff` into :class:`SectionView`
objects: paragraphs of pieces (``equal``, ``slot``, ``delete``, ``insert`` and the
``space`` between them) with the text as written on each side. Changes made only of
punctuation are cosmetic, like the differences the diff's keys already fold: they read
as unchanged text and do not make a section « modified » (the drift rule ignores them
too). Everything that renders a diff starts from these views:

- :func:`render_text` (inline or ``side_by_side``), :func:`summary_table` — rich, for ``ctglint diff``;
- :func:`paragraph_text` — one paragraph, for the clause under a T001 finding;
- :func:`to_json` — the documented structure (``ctglint/schema/diff.schema.json``);
- :func:`html_summary` / :func:`html_section` — HTML pieces (:mod:`ctglint.markup`) for the pages.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ctglint import rx
from ctglint.diff import Op, SectionDiff, draft_tokens, template_tokens
from ctglint.i18n import label, section_label
from ctglint.markup import Markup, el
from ctglint.model import Document, Section

STATUSES = ("identical", "slots-only", "modified", "missing", "added")
#: Statuses that are a substantive difference (``ctglint diff`` exits 1).
SUBSTANTIVE = frozenset({"modified", "missing", "added"})
SLOT_OPEN, SLOT_CLOSE = "⟦", "⟧"
_SPACES = rx.compile(r"\s+")


# --------------------------------------------------------------------------- the view


@dataclass(slots=True)
class Piece:
    """A run of text of one kind inside a paragraph.

    ``new``/``old`` are ``(first block, start, last block, end)`` in the new (draft)
    and old (template or old version) documents. A slot's filling may run over several
    paragraphs: ``opens``/``closes`` say whether this piece starts / ends the slot.
    """

    kind: str  # equal | slot | delete | insert | space
    text: str
    slots: tuple = ()  # the template Segments a slot piece fills
    opens: bool = True
    closes: bool = True
    new: list | None = None
    old: list | None = None
    op: int = -1  # index of the diff operation it comes from

    @property
    def empty_slot(self) -> bool:
        return self.kind == "slot" and not self.text


@dataclass(slots=True)
class Paragraph:
    pieces: list[Piece] = field(default_factory=list)
    has_new: bool = False
    has_old: bool = False

    @property
    def changed(self) -> bool:
        return any(p.kind in ("delete", "insert") for p in self.pieces)

    @property
    def has_slot(self) -> bool:
        return any(p.kind == "slot" for p in self.pieces)

    @property
    def new_blocks(self) -> set[int]:
        return {b for p in self.pieces if p.new for b in range(p.new[0], p.new[2] + 1)}


@dataclass(slots=True)
class SectionView:
    diff: SectionDiff
    status: str
    paragraphs: list[Paragraph]
    changes: int = 0
    words_deleted: int = 0
    words_inserted: int = 0
    #: True when the old side is an earlier version of the draft, not a template.
    versions: bool = False
    #: Line (or paragraph) where the section starts in the draft; None when missing.
    line: int | None = None

    @property
    def old(self) -> Section | None:
        return self.diff.template

    @property
    def new(self) -> Section | None:
        return self.diff.draft

    @property
    def label(self) -> str:
        return (self.new or self.old).label  # type: ignore[union-attr]

    @property
    def title(self) -> str:
        return (self.new.title if self.new and self.new.title else self.old.title if self.old else "") or ""

    def heading(self, lang: str) -> str:
        """« Article 5 – Les annexes »; « Annexe 4 (modèle : annexe 5) » when paired across numbers."""
        text = section_label(self.label, lang)
        if self.old is not None and self.new is not None and self.old.label != self.new.label:
            side = label("old-version" if self.versions else "template", lang)
            text += f" ({side} : {section_label(self.old.label, lang).lower()})"
        return f"{text} – {self.title}" if self.title else text


@dataclass(frozen=True)
class DiffInput:
    """What a diff compares: the old side (a template or an old version) and the new draft."""

    old: Document
    new: Document
    diffs: Sequence[SectionDiff]
    #: The template (``Template``) when the old side is one, else None (two versions).
    template: object | None = None


def build(data: DiffInput) -> list[SectionView]:
    return [_Builder(data, sd).run() for sd in data.diffs]


def _wording(tokens: Iterable) -> bool:
    return any(any(c.isalnum() for c in t.key) for t in tokens)


def _words(tokens: Iterable) -> int:
    return sum(1 for t in tokens if any(c.isalnum() for c in t.key))


class _Builder:
    def __init__(self, data: DiffInput, sd: SectionDiff):
        self.data, self.sd = data, sd
        self.paragraphs: list[Paragraph] = []
        self.cur: Paragraph | None = None
        self.last_new = None  # last token placed from the new side
        self.last_old = None  # last token seen on the old side

    # ---- the whole section
    def run(self) -> SectionView:
        sd = self.sd
        ops = list(sd.ops)
        if sd.draft is None and sd.template is not None:
            ops = [Op("delete", tuple(t for para in self._old_tokens(sd.template) for t in para))]
        elif sd.template is None and sd.draft is not None:
            ops = [Op("insert", (), tuple(t for para in draft_tokens(self.data.new, sd.draft) for t in para))]
        changes = deleted = inserted = 0
        slots = False
        k = 0
        while k < len(ops):
            op = ops[k]
            if op.kind not in ("delete", "insert"):
                slots = slots or op.kind == "slot"
                self._op(op, k)
                k += 1
                continue
            run = []
            while k < len(ops) and ops[k].kind in ("delete", "insert"):
                run.append((k, ops[k]))
                k += 1
            removed = [t for _, o in run for t in o.template]
            added = [t for _, o in run for t in o.draft]
            if not _wording(removed) and not _wording(added):  # punctuation only: cosmetic
                for i, o in run:
                    if o.draft:
                        self._op(Op("equal", (), o.draft), i)
                continue
            changes += 1
            deleted += _words(removed)
            inserted += _words(added)
            for i, o in run:
                self._op(o, i)
        if sd.draft is None:
            status = "missing"
        elif sd.template is None:
            status = "added"
        else:
            status = "modified" if changes else "slots-only" if slots else "identical"
        line = None
        if sd.draft is not None and sd.draft.blocks:
            first = sd.draft.heading if sd.draft.heading is not None else sd.draft.blocks[0]
            line = self.data.new.blocks[first].line
        return SectionView(sd, status, [p for p in self.paragraphs if p.pieces], changes, deleted, inserted,
                           versions=self.data.template is None, line=line)

    def _old_tokens(self, section: Section):
        if self.data.template is not None:
            return template_tokens(self.data.template, section)  # type: ignore[arg-type]
        return draft_tokens(self.data.old, section)

    # ---- one operation
    def _op(self, op: Op, index: int) -> None:
        if op.kind == "delete":
            for run in _runs(op.template, "delete"):
                self._run("delete", run, "old", index)
            return
        if op.kind == "slot":
            self._slot(op, index)
        else:
            for run in _runs(op.draft, op.kind):
                self._run(op.kind, run, "new", index)
        placed = [t for t in op.template if t.block >= 0]
        if placed:
            self.last_old = placed[-1]

    def _slot(self, op: Op, index: int) -> None:
        segments = tuple(t.slot for t in op.template if t.slot is not None)
        if not op.draft:
            para = self._para()
            if para.pieces:
                para.pieces.append(Piece("space", " "))
            para.pieces.append(Piece("slot", "", segments, op=index))
            return
        pieces: list[Piece] = []
        for run in _runs(op.draft, "slot"):
            piece = self._run("slot", run, "new", index)
            if not pieces or pieces[-1] is not piece:
                pieces.append(piece)
        # A filling over several paragraphs: the label opens on the first piece, the
        # bracket closes on the last one.
        for p in pieces:
            p.slots = segments
            p.opens = p is pieces[0]
            p.closes = p is pieces[-1]

    def _para(self) -> Paragraph:
        if self.cur is None:
            self.cur = Paragraph()
            self.paragraphs.append(self.cur)
        return self.cur

    def _break(self) -> Paragraph:
        if self.cur is None or self.cur.pieces:
            self.cur = Paragraph()
            self.paragraphs.append(self.cur)
        return self.cur

    def _run(self, kind: str, run: list, side: str, index: int) -> Piece:
        """Place ``run`` (consecutive tokens of one block) of ``side`` (« new »: the draft;
        « old »: the template or old version) as ``kind``; its text is the block's text
        from the first token to the last, whitespace folded.

        A paragraph break comes where the side's block changes, unless the current
        paragraph holds nothing of that side yet (a deleted paragraph followed by the
        draft's next one stays apart; words replaced at a paragraph start stay together).
        """
        doc = self.data.new if side == "new" else self.data.old
        last = self.last_new if side == "new" else self.last_old
        t, end = run[0], run[-1]
        same_block = last is not None and t.block >= 0 and last.block == t.block
        para = self.cur
        if para is None or (not same_block and (para.has_new if side == "new" else para.has_old)):
            para = self._break()
        if same_block:
            gap = _SPACES.sub(" ", doc.blocks[t.block].text[last.end:t.start])
        else:
            gap = " " if para.pieces else ""
        if side == "new":
            self.last_new = end
        else:
            self.last_old = end
        para.has_new = para.has_new or side == "new"
        para.has_old = para.has_old or side == "old" or kind in ("equal", "slot")
        if len(run) > 1:
            text = _SPACES.sub(" ", doc.blocks[t.block].text[t.start:end.end])
        else:
            text = _token_text(t, kind)
        span = [t.block, t.start, t.block, end.end] if t.block >= 0 else None
        prev = para.pieces[-1] if para.pieces else None
        if prev is not None and prev.kind == kind and (kind != "slot" or prev.op == index):
            prev.text += gap + text
            span_key = "new" if side == "new" else "old"
            if span is not None:
                old_span = getattr(prev, span_key)
                if old_span is None:
                    setattr(prev, span_key, span)
                else:
                    old_span[2], old_span[3] = span[2], span[3]
            return prev
        if gap:
            para.pieces.append(Piece("space", gap))
        piece = Piece(kind, text, op=index)
        if side == "new":
            piece.new = span
        else:
            piece.old = span
        para.pieces.append(piece)
        return piece


def _runs(tokens, kind: str):
    """Consecutive tokens of one block (a deleted slot of the template stands alone)."""
    run: list = []
    for t in tokens:
        if run and (t.block != run[-1].block or t.block < 0
                    or (kind == "delete" and (getattr(t, "slot", None) or getattr(run[-1], "slot", None)))):
            yield run
            run = []
        run.append(t)
    if run:
        yield run


def _token_text(t, kind: str) -> str:
    slot = getattr(t, "slot", None)
    if slot is not None and kind == "delete":
        return f"{SLOT_OPEN}{slot.name or slot.type or 'instruction'}{SLOT_CLOSE}"
    return t.text


def slot_label(segments: Sequence, lang: str) -> str:
    names = []
    for s in segments:
        names.append(label("instruction", lang) if s.kind == "instruction" else (s.name or s.type))
    return " + ".join(dict.fromkeys(names)) or "?"


def counts(views: Sequence[SectionView]) -> dict[str, int]:
    out = {s: 0 for s in STATUSES}
    for v in views:
        out[v.status] += 1
    return out


def has_substantive(views: Sequence[SectionView]) -> bool:
    return any(v.status in SUBSTANTIVE for v in views)


def select(views: Sequence[SectionView], wanted: Sequence[str]) -> list[SectionView]:
    """The views whose label (draft or old side) is one of ``wanted`` (« article 5 », « annexe 2 »…)."""
    keys = {section_key(w) for w in wanted}
    return [v for v in views if {section_key(s.label) for s in (v.old, v.new) if s is not None} & keys]


_SECTION_WORDS = {
    "annexe": "annex", "préambule": "preamble", "preambule": "preamble", "signatures": "signature",
    "page de garde": "cover", "art.": "article", "art": "article", "note de bas de page": "footnote",
    "en-tête": "header", "pied de page": "footer",
}


def section_key(text: str) -> str:
    """« Annexe 2 », « annex 2 », « ARTICLE 5 » → « annex 2 », « article 5 »."""
    text = _SPACES.sub(" ", text.strip().lower())
    text = re.sub(r"\s*n\s*°\s*", " ", text)
    m = re.match(r"^(.*?)\s*(\d+)\s*(?:er)?$", text)
    word, number = (m.group(1), m.group(2)) if m else (text, "")
    word = _SECTION_WORDS.get(word, word)
    return f"{word} {number}".strip()


def fold_context(paragraphs: Sequence[Paragraph], context: int, *, slots: bool = True) -> list[Paragraph | int]:
    """The paragraphs to show: changes (and filled slots, unless ``slots`` is false) with
    ``context`` paragraphs around them; each run of hidden paragraphs becomes its length
    (an int). ``context < 0`` shows all."""
    if context < 0:
        return list(paragraphs)
    keep = [False] * len(paragraphs)
    for i, p in enumerate(paragraphs):
        if p.changed or (slots and p.has_slot):
            for j in range(max(0, i - context), min(len(paragraphs), i + context + 1)):
                keep[j] = True
    out: list[Paragraph | int] = []
    for i, p in enumerate(paragraphs):
        if keep[i]:
            out.append(p)
        elif out and isinstance(out[-1], int):
            out[-1] += 1
        else:
            out.append(1)
    return out


def clause(view: SectionView, block: int) -> list[Paragraph]:
    """The changed paragraphs that a finding on draft ``block`` is about (for the reports)."""
    out: list[Paragraph] = []
    paras = view.paragraphs
    for i, p in enumerate(paras):
        if block in p.new_blocks:
            if p.changed:
                out.append(p)
            # a deletion right after the anchor words stands in a paragraph of its own
            if i + 1 < len(paras) and paras[i + 1].changed and not paras[i + 1].new_blocks:
                out.append(paras[i + 1])
            if not p.changed and i > 0 and paras[i - 1].changed and not paras[i - 1].new_blocks:
                out.insert(0, paras[i - 1])
    return out


def views_for_result(result, blocks: Iterable[int] | None = None, *,
                     substantive_only: bool = False) -> list[SectionView] | None:
    """The section views of a linted file (``check`` with ``keep_document=True``), or None;
    with ``blocks``, only those of the draft sections that hold one of these blocks; with
    ``substantive_only``, only the sections whose diff is substantive (their view may still
    read as identical: a punctuation-only change is cosmetic)."""
    doc, template, alignment = result.document, result.template, result.alignment
    if doc is None or template is None or alignment is None:
        return None
    from ctglint.rule import Context

    diffs = Context(doc, template, alignment, facts=result.facts if result.facts is not None else {}).section_diffs()
    if blocks is not None:
        wanted = set(blocks)
        diffs = [sd for sd in diffs if sd.draft is not None and not wanted.isdisjoint(sd.draft.blocks)]
    if substantive_only:
        diffs = [sd for sd in diffs if sd.status in SUBSTANTIVE]
    return build(DiffInput(template.document, doc, diffs, template))


def view_for_block(views: Sequence[SectionView], block: int) -> SectionView | None:
    for v in views:
        if v.new is not None and block in v.new.blocks:
            return v
    return None


# --------------------------------------------------------------------------- text (rich)

STYLE = {
    "delete": "red strike",
    "insert": "bold green",
    "slot": "cyan",
    "slot-mark": "dim cyan",
    "empty-slot": "bold magenta",
}
STATUS_STYLE = {"identical": "dim", "slots-only": "cyan", "modified": "bold yellow", "missing": "bold red",
                "added": "bold green"}


def plain(console) -> bool:
    """Whether ``console`` prints no colour: changes then need visible markers."""
    return console.no_color or console.color_system is None


def paragraph_text(para: Paragraph, lang: str, *, plain_text: bool, side: str = "both",
                   clip: int | None = None):
    """:func:`paragraph_spans` as a rich Text."""
    from rich.text import Text

    return Text.assemble(*paragraph_spans(para, lang, plain_text=plain_text, side=side, clip=clip))


def paragraph_spans(para: Paragraph, lang: str, *, plain_text: bool, side: str = "both",
                    clip: int | None = None) -> list[tuple[str, str | None]]:
    """One paragraph as (text, style) spans. ``side``: ``both`` (inline), ``old`` or ``new`` (side by side).

    In plain text deletions read ``[-old-]`` and insertions ``{+new+}``; slots always read
    ``⟦name : value⟧``. ``clip`` shortens unchanged runs longer than that many characters.
    """
    out: list[tuple[str, str | None]] = []
    last = ""  # the last character written

    def add(text: str, style: str | None = None) -> None:
        nonlocal last
        if text:
            out.append((text, style))
            last = text[-1]

    hidden = {"old": "insert", "new": "delete"}.get(side)
    pieces = para.pieces
    for i, p in enumerate(pieces):
        if p.kind == "space":
            # no space before what this side leaves out, nor twice in a row
            if last and not last.isspace() and (i + 1 == len(pieces) or pieces[i + 1].kind != hidden):
                add(p.text)
        elif p.kind == "equal":
            add(_clip(p.text, clip) if clip else p.text)
        elif p.kind == "delete":
            if side == "new":
                continue
            add(f"[-{p.text}-]" if plain_text else p.text, STYLE["delete"])
        elif p.kind == "insert":
            if side == "old":
                continue
            add(f"{{+{p.text}+}}" if plain_text else p.text, STYLE["insert"])
        elif p.kind == "slot":
            name = slot_label(p.slots, lang)
            if side == "old":
                if p.opens:
                    add(f"{SLOT_OPEN}{name}{SLOT_CLOSE}", STYLE["slot-mark"])
                continue
            if p.empty_slot:
                add(f"{SLOT_OPEN}{name} : {label('empty-slot', lang)}{SLOT_CLOSE}", STYLE["empty-slot"])
                continue
            if p.opens:
                add(f"{SLOT_OPEN}{name} : ", STYLE["slot-mark"])
            add(_clip(p.text, clip) if clip else p.text, STYLE["slot"])
            if p.closes:
                add(SLOT_CLOSE, STYLE["slot-mark"])
    return out


def _clip(text: str, n: int | None) -> str:
    if n is None or len(text) <= n:
        return text
    half = max(10, n // 2 - 2)
    head, tail = text[:half], text[-half:]
    if " " in head.strip():
        head = head.rstrip().rsplit(" ", 1)[0]  # cut between words
    if " " in tail.strip():
        tail = tail.lstrip().split(" ", 1)[1]
    return f"{head.rstrip()} … {tail.lstrip()}"


def status_text(view: SectionView, lang: str) -> str:
    text = label(f"status-{view.status}", lang)
    if view.status == "modified":
        text += f" (−{view.words_deleted} / +{view.words_inserted} {label('words', lang)})"
    return text


def summary_table(views: Sequence[SectionView], lang: str, width: int = 80):
    """One row per section: its heading (cut to fit ``width``) and its status."""
    from rich.table import Table
    from rich.text import Text

    texts = [status_text(v, lang) for v in views]
    status_width = max(map(len, texts), default=0)
    table = Table(show_edge=False, header_style="bold", pad_edge=False)
    table.add_column(label("line", lang).capitalize(), justify="right", no_wrap=True, style="dim")
    table.add_column(label("section", lang).capitalize(), no_wrap=True, overflow="ellipsis",
                     max_width=max(20, width - status_width - 12))
    table.add_column(label("status", lang).capitalize(), no_wrap=True, min_width=status_width)
    for v, text in zip(views, texts):
        table.add_row("" if v.line is None else str(v.line), Text(v.heading(lang)),
                      Text(text, style=STATUS_STYLE[v.status]))
    return table


def render_text(console, views: Sequence[SectionView], lang: str, *, context: int = 1,
                side_by_side: bool = False, old_name: str = "", new_name: str = "") -> None:
    """The summary table, then each section that is not identical, inline or side by side."""
    from rich.text import Text

    console.print(summary_table(views, lang, console.width))
    console.print()
    shown = [v for v in views if v.status != "identical"]
    if not has_substantive(views):
        console.print(Text(label("no-substantive-difference", lang), style="green"))
        if not shown:
            return
        console.print()
    is_plain = plain(console)
    for v in shown:
        console.print(Text(f"{v.heading(lang)}  [{status_text(v, lang)}]", style="bold underline"))
        if side_by_side:
            _side_by_side(console, v, lang, context, is_plain, old_name, new_name)
        else:
            body = Text()  # one print per section: rich's per-call cost dominates otherwise
            for item in fold_context(v.paragraphs, context):
                if isinstance(item, int):
                    body.append(f"  … {item} {label('unchanged-paragraphs', lang)} …\n", style="dim")
                else:
                    body.append("  ")
                    body.append_text(paragraph_text(item, lang, plain_text=is_plain))
                    body.append("\n")
            console.print(body, end="")
        console.print()


def _side_by_side(console, v: SectionView, lang: str, context: int, is_plain: bool, old_name: str,
                  new_name: str) -> None:
    from rich.table import Table
    from rich.text import Text

    table = Table(show_header=True, header_style="bold", expand=True, show_lines=False, box=None, padding=(0, 1))
    table.add_column(old_name or label("template", lang), ratio=1, overflow="fold")
    table.add_column(new_name or label("draft", lang), ratio=1, overflow="fold")
    for item in fold_context(v.paragraphs, context):
        if isinstance(item, int):
            note = Text(f"… {item} {label('unchanged-paragraphs', lang)} …", style="dim")
            table.add_row(note, note.copy())
        else:
            table.add_row(paragraph_text(item, lang, plain_text=is_plain, side="old"),
                          paragraph_text(item, lang, plain_text=is_plain, side="new"))
        table.add_row("", "")
    console.print(table)


# --------------------------------------------------------------------------- JSON


def to_json(views: Sequence[SectionView], data: DiffInput, *, version: str, old: dict, new: dict,
            lang: str) -> dict:
    """The ``ctglint diff --format json`` object (schema: ctglint/schema/diff.schema.json)."""
    summary = counts(views)
    summary.update({
        "sections": len(views),
        "words_deleted": sum(v.words_deleted for v in views),
        "words_inserted": sum(v.words_inserted for v in views),
        "substantive": has_substantive(views),
    })
    return {
        "tool": {"name": "ctglint", "version": version},
        "mode": "template" if data.template is not None else "versions",
        "old": old,
        "new": new,
        "summary": summary,
        "sections": [_section_json(v, data, lang) for v in views],
    }


def _section_json(v: SectionView, data: DiffInput, lang: str) -> dict:
    return {
        "label": v.label,
        "old": v.old.label if v.old else None,
        "new": v.new.label if v.new else None,
        "title": v.title,
        "heading": v.heading(lang),
        "line": v.line,
        "status": v.status,
        "changes": v.changes,
        "words_deleted": v.words_deleted,
        "words_inserted": v.words_inserted,
        "paragraphs": [{"operations": _ops_json(p, data)} for p in v.paragraphs],
    }


def _ops_json(para: Paragraph, data: DiffInput) -> list[dict]:
    """The paragraph's operations. Spaces join the unchanged text around them; the one
    between a deletion and an insertion is dropped, so that the texts of equal, insert
    and slot operations put end to end read as the draft, and those of equal and delete
    operations (slots aside) as the old side."""
    out: list[dict] = []
    pieces = para.pieces
    for i, p in enumerate(pieces):
        if p.kind == "space" and out and out[-1]["op"] != "equal":
            after = pieces[i + 1].kind if i + 1 < len(pieces) else "equal"
            if after != "equal" and "delete" in (out[-1]["op"], after):
                continue
        kind = "equal" if p.kind == "space" else p.kind
        if out and kind == "equal" and out[-1]["op"] == "equal":
            out[-1]["text"] += p.text
            if p.new is not None:
                out[-1]["new"] = _merge_span(out[-1]["new"], _span(data.new, p.new))
            continue
        item: dict = {"op": kind, "text": p.text}
        if kind == "slot":
            item["slot"] = [{"kind": s.kind, "type": s.type, "name": s.name, "model": s.text} for s in p.slots]
        item["new"] = _span(data.new, p.new) if p.new else None
        item["old"] = _span(data.old, p.old) if p.old and data.template is None else None
        out.append(item)
    return out


def _span(doc: Document, s: list) -> dict:
    line, column = doc.blocks[s[0]].position(s[1])
    end_line, end_column = doc.blocks[s[2]].position(max(s[1], s[3] - 1) if s[0] == s[2] else max(0, s[3] - 1))
    return {"line": line, "column": column, "end_line": end_line, "end_column": end_column + 1}


def _merge_span(a: dict | None, b: dict) -> dict:
    if a is None:
        return b
    return {"line": a["line"], "column": a["column"], "end_line": b["end_line"], "end_column": b["end_column"]}


# --------------------------------------------------------------------------- HTML fragments
# Escaped strings (ctglint.markup); the page and its CSS are in ctglint.report.html.


def html_paragraph(para: Paragraph, lang: str) -> Markup:
    """One paragraph of an inline diff: ``<del>``, ``<ins>``, ``<span class="slot">``."""
    out: list = []
    for p in para.pieces:
        if p.kind in ("space", "equal"):
            out.append(p.text)
        elif p.kind == "delete":
            out.append(el("del", None, p.text))
        elif p.kind == "insert":
            out.append(el("ins", None, p.text))
        elif p.kind == "slot":
            name = slot_label(p.slots, lang)
            if p.empty_slot:
                out.append(el("span", {"title": label("empty-slot", lang)},
                              f"{SLOT_OPEN}{name}{SLOT_CLOSE}", cls="slot slot-empty"))
                continue
            out.append(el("span", {"title": name},
                          el("span", None, f"{SLOT_OPEN}{name} : ", cls="slot-name") if p.opens else None,
                          p.text,
                          el("span", None, SLOT_CLOSE, cls="slot-name") if p.closes else None,
                          cls="slot"))
    return el("p", None, *out, cls="diff-para")


def html_summary(views: Sequence[SectionView], lang: str, anchor: str) -> Markup:
    """A table of the sections and their status; non-identical rows link to their diff."""
    head = el("thead", None, el("tr", None, el("th", None, label("line", lang).capitalize(), cls="num"),
                                el("th", None, label("section", lang).capitalize()),
                                el("th", None, label("status", lang).capitalize())))
    rows = []
    for i, v in enumerate(views):
        name = v.heading(lang)
        cell = el("td", None, el("a", {"href": f"#{anchor}-{i}"}, name)) if v.status != "identical" else \
            el("td", None, name)
        rows.append(el("tr", None, el("td", None, "" if v.line is None else str(v.line), cls="num"), cell,
                       el("td", None, status_text(v, lang), cls=f"status st-{v.status}"), cls=f"st-{v.status}"))
    return el("table", None, head, el("tbody", None, *rows), cls="diff-summary")


def html_section(view: SectionView, lang: str, anchor: str, index: int, *, context: int = 1,
                 slots: bool = True) -> Markup:
    """The inline diff of one section, with unchanged paragraphs folded (and paragraphs
    whose only difference is a filled slot, unless ``slots``)."""
    out = [el("h4", None, view.heading(lang), " ",
              el("span", None, status_text(view, lang), cls=f"status st-{view.status}"))]
    for item in fold_context(view.paragraphs, context, slots=slots):
        if isinstance(item, int):
            out.append(el("p", None, f"… {item} {label('unchanged-paragraphs', lang)} …", cls="fold"))
        else:
            out.append(html_paragraph(item, lang))
    return el("div", {"id": f"{anchor}-{index}"}, *out, cls=f"diff-section st-{view.status}")


def html_legend(lang: str) -> Markup:
    return el("p", None, label("legend", lang), " ", el("del", None, label("legend-deleted", lang)), " ",
              el("ins", None, label("legend-inserted", lang)), " ",
              el("span", None, f"{SLOT_OPEN}{label('legend-slot', lang)}{SLOT_CLOSE}", cls="slot"), cls="legend")
