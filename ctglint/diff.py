"""Word-level diff of a draft section against its template section, aware of slots.

Both sides become token sequences (``fr.word_tokens``: cosmetic differences already
folded away). A template slot is one opaque token; an instruction too. The
diff-match-patch algorithm runs on the token sequences (each distinct token mapped
to one character), then every changed region is read with the slots in mind:
draft words facing a slot are its filling, not a change.
"""
from __future__ import annotations

from functools import cache, lru_cache, partial
from typing import NamedTuple

from diff_match_patch import diff_match_patch
from rapidfuzz.distance import Indel

from ctglint.fr import normalize_for_compare, word_tokens
from ctglint.model import Document, Section
from ctglint.templates import Segment, Template

_SUPERSCRIPTS = str.maketrans("", "", "¹²³⁴⁵⁶⁷⁸⁹⁰")
#: Elided and full forms compare equal: the template writes « de {{commune}} », a draft « d'Armentières ».
_ELISIONS = {"d'": "de", "qu'": "que", "j'": "je", "n'": "ne", "s'": "se"}


class DraftToken(NamedTuple):
    """A draft word: a tuple, since a section diff makes thousands of them."""

    text: str
    key: str
    block: int
    start: int
    end: int


_new_draft_token = partial(tuple.__new__, DraftToken)


class TemplateToken(NamedTuple):
    text: str
    key: str
    slot: Segment | None = None  # a slot or an instruction stands as one token
    #: Where the token stands in the template document (``block`` -1 when unknown);
    #: a slot's span covers its model text.
    block: int = -1
    start: int = 0
    end: int = 0

    @property
    def is_fixed(self) -> bool:
        return self.slot is None


_new_template_token = partial(tuple.__new__, TemplateToken)


class Op(NamedTuple):
    """``equal``, ``slot`` (a slot and its filling), ``delete`` (template words missing), ``insert`` (draft words added)."""

    kind: str
    template: tuple[TemplateToken, ...] = ()
    draft: tuple[DraftToken, ...] = ()


class SectionDiff(NamedTuple):
    template: Section | None
    draft: Section | None
    ops: "list[Op] | tuple[()]" = ()

    @property
    def status(self) -> str:
        """identical | slots-only | modified | missing | added."""
        if self.draft is None:
            return "missing"
        if self.template is None:
            return "added"
        if any(op.kind in ("delete", "insert") for op in self.ops):
            return "modified"
        if any(op.kind == "slot" for op in self.ops):
            return "slots-only"
        return "identical"

    @property
    def changes(self) -> list[tuple[Op, ...]]:
        """Runs of adjacent delete/insert operations: one change each."""
        out: list[tuple[Op, ...]] = []
        run: list[Op] = []
        for op in self.ops:
            if op.kind in ("delete", "insert"):
                run.append(op)
            elif run:
                out.append(tuple(run))
                run = []
        if run:
            out.append(tuple(run))
        return out


@cache
def _key(text: str, norm: str) -> str:
    """Comparison key of a token; footnote call marks (« N-1¹ ») are not wording."""
    stripped = text.translate(_SUPERSCRIPTS)
    if stripped != text:
        norm = normalize_for_compare(stripped) if stripped else ""
    return _ELISIONS.get(norm, norm)


def draft_tokens(doc: Document, section: Section) -> list[tuple[DraftToken, ...]]:
    """The section's draft tokens, one list per paragraph (heading and stamps left out)."""
    return [tokens for _, tokens in _draft_paragraphs(doc, section)]


def _draft_paragraphs(doc: Document, section: Section) -> list[tuple[str, tuple[DraftToken, ...]]]:
    """(comparison key, tokens) of each of the section's paragraphs that has words."""
    out = []
    for i in section.blocks:
        b = doc.blocks[i]
        if not b.is_content or i == section.heading:
            continue
        key, words = _paragraph_words(b.text)
        if words:
            out.append((key, _block_draft_tokens(b.text, i)))
    return out


@lru_cache(maxsize=16384)
def _block_draft_tokens(text: str, block: int) -> tuple[DraftToken, ...]:
    """Cached: drafts of one model mostly hold the same paragraph at the same place."""
    return tuple(_new_draft_token((word, key, block, start, end)) for word, key, start, end in _paragraph_words(text)[1])


#: Paragraph text → (paragraph key, its words as (text, key, start, end)). Drafts of one model
#: share most of their paragraphs with it and with each other: each is tokenized once a process,
#: and a template's own come ready-made from its cached form (:func:`template_words`).
_WORDS: dict[str, tuple[str, tuple[tuple[str, str, int, int], ...]]] = {}
_WORDS_MAX = 50_000


def _paragraph_words(text: str) -> tuple[str, tuple[tuple[str, str, int, int], ...]]:
    found = _WORDS.get(text)
    if found is None:
        if len(_WORDS) >= _WORDS_MAX:
            _WORDS.clear()
        words = tuple((t.text, key, t.start, t.end) for t in word_tokens(text) if (key := _key(t.text, t.norm)))
        found = _WORDS[text] = (" ".join(w[1] for w in words), words)
    return found


#: Where a template keeps :func:`template_words` (``templates.derived``), written with its cached form.
WORDS_KEY = "diff.words"


def template_words(template: Template) -> bytes:
    """The words of every paragraph of ``template``, marshalled: kept with its cached form."""
    import marshal

    return marshal.dumps({b.text: _paragraph_words(b.text) for b in template.document.blocks if b.is_content})


def _use_template_words(template: Template) -> None:
    words = template.derived.get(WORDS_KEY)
    if words and not template.token_cache:
        import marshal

        try:
            _WORDS.update(marshal.loads(words))
        except (EOFError, ValueError, TypeError):
            pass  # computed again as needed


def template_tokens(template: Template, section: Section) -> list[list[TemplateToken]]:
    """The section's template tokens, one list per paragraph."""
    return [tokens for _, tokens in _template_paragraphs(template, section)]


def _template_paragraphs(template: Template, section: Section) -> list[tuple[str, list[TemplateToken]]]:
    """(comparison key, tokens) of each paragraph, kept on the template: they never change.
    A paragraph holding a slot has a key of its own, which no draft paragraph equals."""
    cache_key = (section.label, section.blocks[0] if section.blocks else -1)
    cached = template.token_cache.get(cache_key)
    if cached is None:
        _use_template_words(template)
        cached = template.token_cache[cache_key] = []
        for i in section.blocks:
            if i == section.heading or not template.document.blocks[i].is_content:
                continue
            text = template.document.blocks[i].text
            if template.is_fixed(i):  # its words, as a draft's
                key, words = _paragraph_words(text)
                if words:
                    cached.append((key, [_new_template_token((w, k, None, i, start, end))
                                         for w, k, start, end in words]))
                continue
            para = _block_template_tokens(text, template.segments[i], i)
            if para:
                cached.append((f"\0slot{i}", para))
    return cached


def _block_template_tokens(text: str, segments, block: int = -1) -> list[TemplateToken]:
    """Tokenize the whole block (so bullets and elisions read as in a draft), then
    fold every token that falls inside a slot or an instruction into one opaque token."""
    ranges: list[tuple[int, int, Segment]] = []
    pos = 0
    for seg in segments:
        if seg.kind != "text":
            ranges.append((pos, pos + len(seg.text), seg))
        pos += len(seg.text)
    out: list[TemplateToken] = []
    pending = list(ranges)
    for word, key, start, end in _paragraph_words(text)[1]:
        while pending and pending[0][1] <= start and (pending[0][1] > pending[0][0] or pending[0][0] <= start):
            out.append(_opaque(pending.pop(0), block))
        if pending and pending[0][0] <= start < pending[0][1]:
            continue  # inside the slot at the head of ``pending``: emitted when passed
        out.append(_new_template_token((word, key, None, block, start, end)))
    out.extend(_opaque(r, block) for r in pending)
    return out


def _opaque(r: tuple[int, int, Segment], block: int) -> TemplateToken:
    start, end, seg = r
    return TemplateToken(seg.text, f"\0{id(seg)}", seg, block, start, end)


def diff_section(template: Template, tsec: Section | None, doc: Document, dsec: Section | None) -> SectionDiff:
    if tsec is None or dsec is None:
        return SectionDiff(tsec, dsec)
    return SectionDiff(tsec, dsec, _diff_paragraphs(_template_paragraphs(template, tsec), _draft_paragraphs(doc, dsec)))


def _diff_paragraphs(tp: list[tuple[str, list[TemplateToken]]], dp: list[tuple[str, list[DraftToken]]]) -> list[Op]:
    """Paragraphs first (by their keys), then words inside the changed stretches only.

    A word diff over a whole section would spend its time on long unchanged passages;
    whole unchanged paragraphs are found much faster first.
    """
    ops: list[Op] = []
    i = j = 0
    pending_t: list[TemplateToken] = []
    pending_d: list[DraftToken] = []

    def flush() -> None:
        if pending_t or pending_d:
            words = _diff_keys(tuple(x.key for x in pending_t), tuple(x.key for x in pending_d))
            ops.extend(_read_regions(pending_t, pending_d, words))
            pending_t.clear()
            pending_d.clear()

    for op, n in _diff_keys(tuple(k for k, _ in tp), tuple(k for k, _ in dp)):
        if op == 0:
            flush()
            for k in range(n):
                ops.append(Op("equal", tuple(tp[i + k][1]), tuple(dp[j + k][1])))
            i, j = i + n, j + n
        elif op == -1:
            pending_t.extend(x for _, p in tp[i:i + n] for x in p)
            i += n
        else:
            pending_d.extend(x for _, p in dp[j:j + n] for x in p)
            j += n
    flush()
    return ops


@lru_cache(maxsize=4096)
def _diff_keys(a_keys: tuple[str, ...], b_keys: tuple[str, ...]) -> tuple[tuple[int, int], ...]:
    """Shortest edit script between two sequences of hashable keys: (op, count) pairs, op in -1/0/1.

    Cached: drafts of one model meet the same sequences again and again (a section's
    paragraph keys; the words of a changed stretch around a commune's name).

    rapidfuzz finds the longest common subsequence in compiled code (pure-Python
    diff-match-patch bisection cost most of a run on a reworded section); diff-match-patch
    then merges the edits and applies its semantic cleanup, so that a short run of equal
    words inside a rewritten passage reads as part of the change, not as a coincidence.
    """
    if not a_keys or not b_keys:
        return tuple((op, len(keys)) for op, keys in ((-1, a_keys), (1, b_keys)) if keys)
    if a_keys == b_keys:
        return ((0, len(a_keys)),)
    alphabet: dict[str, str] = {}

    def encode(keys) -> str:
        return "".join(alphabet.setdefault(k, chr(0x100 + len(alphabet))) for k in keys)

    a, b = encode(a_keys), encode(b_keys)
    diffs = []
    for tag, i1, i2, j1, j2 in Indel.opcodes(a, b):
        if tag == "equal":
            diffs.append((0, a[i1:i2]))
            continue
        if i2 > i1:
            diffs.append((-1, a[i1:i2]))
        if j2 > j1:
            diffs.append((1, b[j1:j2]))
    dmp = diff_match_patch()
    dmp.diff_cleanupMerge(diffs)
    dmp.diff_cleanupSemantic(diffs)
    return tuple((op, len(text)) for op, text in diffs)


def _read_regions(t: list[TemplateToken], d: list[DraftToken], diffs: tuple[tuple[int, int], ...]) -> list[Op]:
    ops: list[Op] = []
    i = j = 0
    k = 0
    while k < len(diffs):
        op, n = diffs[k]
        if op == 0:
            ops.append(Op("equal", tuple(t[i:i + n]), tuple(d[j:j + n])))
            i, j, k = i + n, j + n, k + 1
            continue
        ti, dj = i, j
        while k < len(diffs) and diffs[k][0] != 0:
            op, n = diffs[k]
            if op == -1:
                i += n
            else:
                j += n
            k += 1
        ops.extend(_region(t[ti:i], d[dj:j]))
    return ops


def _region(t: list[TemplateToken], d: list[DraftToken]) -> list[Op]:
    """One changed region: template tokens ``t`` face draft tokens ``d``."""
    slots = [x for x in t if not x.is_fixed]
    if not slots:
        out = []
        if t:
            out.append(Op("delete", tuple(t)))
        if d:
            out.append(Op("insert", (), tuple(d)))
        return out
    fixed = [x for x in t if x.is_fixed]
    if not fixed:
        return [Op("slot", tuple(t), tuple(d))]
    # Fixed template words beside a slot: those the draft has are the slot's edges;
    # the others are missing from the draft. Everything else in the draft is filling.
    draft_keys = {x.key for x in d}
    missing = tuple(x for x in fixed if x.key not in draft_keys)
    out = [Op("slot", tuple(slots), tuple(d))]
    if missing:
        out.insert(0, Op("delete", missing))
    return out


def diff_document(template: Template, doc: Document, alignment) -> list[SectionDiff]:
    return [diff_section(template, p.template, doc, p.draft) for p in alignment.pairs]


def diff_documents(old: Document, new: Document, alignment) -> list[SectionDiff]:
    """Two versions of one draft, section by section (``alignment = align(old, new)``).

    The same word diff as against a template, with no slots: the old version stands
    on the template side (its tokens are :class:`TemplateToken` with ``slot=None``
    and their position in ``old``), the new version on the draft side.
    """
    out = []
    for p in alignment.pairs:
        result = SectionDiff(p.template, p.draft)
        if p.template is not None and p.draft is not None:
            old_paras = [(key, [TemplateToken(t.text, t.key, None, t.block, t.start, t.end) for t in para])
                         for key, para in _draft_paragraphs(old, p.template)]
            result = result._replace(ops=_diff_paragraphs(old_paras, _draft_paragraphs(new, p.draft)))
        out.append(result)
    return out
