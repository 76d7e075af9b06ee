"""Blank fields: slots left empty in running text, labelled fields with no value,
the template's forms left unfilled."""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from ctglint import rx
from ctglint.findings import Hit, Msg, Severity
from ctglint.model import Block, Document, Section
from ctglint.rule import Context, Rule
from ctglint.templates import Template, derived

# --------------------------------------------------------------------------- shared helpers

_BULLETS = "●•▪►➔■◦○◆♦❖➢➤"
_FOLD_TABLE = str.maketrans("àâäáãéèêëíîïìóôöòõúùûüçÿñ", "aaaaaeeeeiiiiooooouuuucyn")
_WORD_RUN = rx.compile(r"[^\W_]+")
#: Longer blocks are not a label alone.
_LABEL_MAX = 160
_CELL_SPLIT = rx.compile(r"\t| {3,}")
_LEAD = rx.compile(r"[\s" + _BULLETS + r"\-–—*]*")
_BULLET_SPLIT = rx.compile(r"[" + _BULLETS + r"]")
#: A field label: a few words (no sentence) ending with a colon, then its value.
_LABELLED = rx.compile(
    r"(?P<label>[^\W\d_][\w’'()/-]*(?:[ \t\u00a0]+[\w’'()/-]+){0,5}?)[ \t\u00a0]*:(?P<value>.*)$", re.DOTALL)
#: A value that says nothing: spaces, dots, ellipses, rules of underscores or dashes.
_EMPTY_VALUE = rx.compile(r"^[\s.…_\-–—]*$")
_LONE_BULLET = rx.compile(r"^\s*[" + _BULLETS + r"\-–—*]\s*$")
_TAIL_LABEL = rx.compile(r"(?:^|[" + _BULLETS + r"\t.;])\s*[\-–—]?\s*(?P<label>[^\W\d_][^" + _BULLETS + r"\t.;:]{0,60}?)\s*:?\s*$")

_SLOT_WORDS = {
    "commune": ("le nom de la commune", "the commune's name"),
    "epci": ("le nom de l'intercommunalité", "the intercommunality's name"),
    "collectivite": ("le nom de la collectivité", "the local authority's name"),
    "personne": ("le nom de la personne", "the person's name"),
    "fonction": ("la fonction", "the position"),
    "date": ("la date", "the date"),
    "periode": ("la période", "the period"),
    "annee": ("l'année", "the year"),
    "nombre": ("le nombre", "the number"),
    "montant": ("le montant", "the amount"),
    "texte": ("le texte attendu", "the expected text"),
}


def label_key(text: str) -> str:
    """Comparison key of a field label: its words; bullets, case, accents, punctuation ignored."""
    return " ".join(_WORD_RUN.findall(text.lower().translate(_FOLD_TABLE)))


class _Form(NamedTuple):
    first: str  # key of the form's first label
    keys: frozenset[str]  # keys of all its labels


class _TemplateFields(NamedTuple):
    #: label key → slot types that follow that label in the template.
    labels: dict[str, frozenset[str]]
    forms: tuple[_Form, ...]
    #: Keys of the fixed text of blocks (or table rows) that end with one required slot
    #: (« LA COMMUNE DE {{commune}} », « Le Maire {{personne}} »): that text alone is a field left empty.
    bare: dict[str, bool]  # key → found in a table cell
    bare_first: frozenset[str] = frozenset()  # their first words (a cheap prefilter)
    #: First words of the template's paragraphs: a paragraph starting so is the model's text, not a value.
    starts: frozenset[str] = frozenset()


def template_fields(template: Template | None) -> _TemplateFields | None:
    """The template's field labels and blank forms (computed once per template)."""
    if template is None:
        return None
    return derived(template, "blanks.fields", _template_fields)


def _template_fields(template: Template) -> _TemplateFields:
    labels: dict[str, set[str]] = {}
    tables: dict[int, list[tuple[str, bool]]] = {}
    bare: dict[str, bool] = {}
    starts: set[str] = set()
    previous_label: str | None = None
    previous_cell: tuple[tuple[int, int] | None, str] = (None, "")
    for block in template.document.blocks:
        segs = template.segments.get(block.index, [])
        slots = [s for s in segs if s.kind == "slot"]
        kept = [s for s in segs if s.kind != "text" or s.text.strip()]
        if kept and kept[0].kind == "text":
            start = _start_key(kept[0].text)
            if start:
                starts.add(start)
        if len(slots) == 1 and slots[0].type != "libre" and kept and kept[-1] is slots[0]:
            fixed = "".join(s.text for s in kept[:-1] if s.kind == "text")
            if len(kept) > 1 and all(s.kind == "text" for s in kept[:-1]) and 1 <= len(fixed.split()) <= 8:
                bare[label_key(fixed)] = block.cell is not None  # « Le Maire {{personne}} »
            elif len(kept) == 1 and block.cell is not None and previous_cell[0] == block.cell[:2] and previous_cell[1]:
                bare[label_key(previous_cell[1])] = True  # « Calendrier prévisionnel » | « {{periode}} »
        previous_cell = (block.cell[:2] if block.cell else None,
                         "".join(s.text for s in segs) if not slots and len(block.text.split()) <= 8 else "")
        # « - Pour l'Etat : » then a paragraph « {{libre}} »: the label of a whole-paragraph slot.
        if previous_label and slots and all(s.kind == "slot" or not s.text.strip() for s in segs):
            for s in slots:
                labels.setdefault(previous_label, set()).add(s.type)
        previous_label = None
        text_only = "".join(s.text for s in segs if s.kind == "text").strip()
        m = _LABELLED.match(text_only[_LEAD.match(text_only).end():]) if not slots else None
        if m and not m.group("value").strip():
            previous_label = label_key(m.group("label"))
        for i, seg in enumerate(segs):
            if seg.kind != "slot" or i == 0 or segs[i - 1].kind != "text":
                continue
            tail = _TAIL_LABEL.search(segs[i - 1].text)
            if tail and len(tail.group("label").split()) <= 6:
                labels.setdefault(label_key(tail.group("label")), set()).add(seg.type)
        if block.cell is not None:
            label_then_slot = (
                len(slots) == 1 and slots[0].type != "libre"
                and all(s.kind == "slot" or s.kind == "text" for s in segs)
                and bool(text_only) and len(text_only.split()) <= 8
            )
            tables.setdefault(block.cell[0], []).append((label_key(text_only), label_then_slot))
    forms = tuple(
        _Form(cells[0][0], frozenset(k for k, _ in cells))
        for cells in tables.values()
        if len(cells) >= 3 and all(ok for _, ok in cells)
    )
    result = _TemplateFields({k: frozenset(v) for k, v in labels.items()}, forms,
                             {k: v for k, v in bare.items() if k}, frozenset(k.split()[0] for k in bare if k),
                             frozenset(starts))
    return result


def _start_key(text: str) -> str:
    """The first four words of ``text`` (folded), or "" when it has fewer."""
    words = label_key(text[:80]).split()[:4]
    return " ".join(words) if len(words) == 4 else ""


def fields_for(ctx: Context) -> _TemplateFields | None:
    """The chosen template's fields; with no template, the forms of every installed template
    (a draft too short or too far from any model still holds their empty forms)."""
    if ctx.template is not None:
        return template_fields(ctx.template)
    from ctglint import templates

    installed = [template_fields(t) for t in templates.builtin()]
    return _TemplateFields({}, tuple(f for fields in installed for f in fields.forms), {})


def _content(doc: Document, section: Section) -> list[Block]:
    return [doc.blocks[i] for i in section.blocks if i != section.heading and doc.blocks[i].is_content]


# --------------------------------------------------------------------------- B001

#: « la commune de , représentée » : a preposition with nothing before the punctuation.
_PUNCT_GAP = rx.compile(r"(?<![\w’'])(?P<prep>de|du|des|à|au|aux|par)[ \t\u00a0\u202f]+(?=[,;)]|\.(?![.\w]))",
                        re.IGNORECASE)
_PUNCT_GAP_HINT = rx.compile(r"[ \t\u00a0\u202f][,;).]")  # what every gap holds: one scan tells
#: « de la commune de Les instances » : the name is missing and the next sentence runs on.
_RUN_ON = rx.compile(
    r"(?i:\b(?P<noun>commune|ville|mairie|maire|collectivit[ée]|territoire|CCAS|conseil\s+municipal))"
    r"[ \t\u00a0]+(?i:de)[ \t\u00a0]+"
    r"(?P<word>Les|La|Le|Ce|Cette|Ces|Cet|Il|Elle|Ils|Elles|Un|Une|Des|Dans|Pour|Afin|Chaque|Tout|Toute|Tous|Toutes"
    r"|Par|Sur|Si|Lorsque|Nous|On|Son|Sa|Ses|Leur|Leurs)"
    r"(?=[ \t\u00a0]+[a-zà-ÿ])"
)
#: Words after which a paragraph cannot end: a slot left empty at its end.
_DANGLING = frozenset("de du des d à au aux par le la les l son sa ses en".split())
#: The end of a field label (« ● Indicateur 2 : », « - Nom : »): a short text after a bullet, a tab or
#: the start of the paragraph, ending with a colon.
_FIELD_LABEL = rx.compile(r"(?:^|[" + _BULLETS + r"\t])\s*[-–—]?\s*(?:[^\s" + _BULLETS + r"\t.;:]+\s+){0,5}[^\s"
                          + _BULLETS + r"\t.;:]+\s*:\s*$")
#: Fixed words taken on each side of a slot to recognise it left empty.
_CONTEXT_WORDS = 3


def _word_line(text: str) -> str:
    """`` w1 w2 … `` : the lower-cased words of ``text`` between single spaces (a needle or a haystack)."""
    return " " + " ".join(_WORD_RUN.findall(text.lower())) + " "


class _Gap(NamedTuple):
    """A slot of the template with the fixed words around it: found side by side, the slot is empty."""

    section: str  # template section label
    type: str  # slot type
    needles: tuple[str, ...]  # `` before… after… `` in the form of :func:`_word_line`, accented and not
    before: int  # how many of the needle's words stand before the slot


_GAPS_CACHE: dict[int, tuple[Template, tuple[_Gap, ...]]] = {}


def template_gaps(template: Template) -> tuple[_Gap, ...]:
    """For every required slot written inside a sentence, the words around it."""
    cached = _GAPS_CACHE.get(id(template))
    if cached is not None and cached[0] is template:
        return cached[1]
    doc = template.document
    gaps: list[_Gap] = []
    # The template's own text with every slot standing as a word: a context found there is ambiguous.
    filled = _word_line("\n".join("".join(s.text if s.kind == "text" else " slot " for s in template.segments.get(b.index, []))
                                  for b in doc.blocks))
    for section in doc.sections:
        blocks = [i for i in section.blocks if i != section.heading and doc.blocks[i].is_content]
        for n, i in enumerate(blocks):
            segs = template.segments.get(i, [])
            for k, seg in enumerate(segs):
                if seg.kind != "slot" or seg.type == "libre" or k == 0 or segs[k - 1].kind != "text":
                    continue
                before = _word_line(segs[k - 1].text).split()[-_CONTEXT_WORDS:]
                if not before or _FIELD_LABEL.search(segs[k - 1].text):
                    continue  # « Nom : {{texte}} » is a labelled field: the empty-field rule's
                rest = segs[k + 1] if k + 1 < len(segs) else None
                if rest is not None and rest.kind != "text":
                    continue
                after = _word_line(rest.text).split()[:_CONTEXT_WORDS] if rest is not None else []
                ends_block = k + 2 >= len(segs) and (rest is None or not rest.text.strip(" .;,\t"))
                if not after and ends_block and n + 1 < len(blocks):
                    nxt = template.segments.get(blocks[n + 1], [])
                    if nxt and nxt[0].kind == "text":
                        after = _word_line(nxt[0].text).split()[:_CONTEXT_WORDS]
                if ends_block and len(before) >= 2 and before[-1].translate(_FOLD_TABLE) in _DANGLING:
                    # « LA COMMUNE DE {{commune}} », « Fait à Lille le {{date}} »: the paragraph ends on
                    # a word no paragraph can end on.
                    needle = " " + " ".join(before) + " "
                    needles = dict.fromkeys((needle, needle.translate(_FOLD_TABLE)))
                    gaps.append(_Gap(section.label, seg.type, tuple(needles), len(before)))
                if not after or len(before) + len(after) < 4:
                    continue
                needle = " " + " ".join(before + after) + " "
                if needle not in filled:
                    needles = dict.fromkeys((needle, needle.translate(_FOLD_TABLE)))
                    gaps.append(_Gap(section.label, seg.type, tuple(needles), len(before)))
    result = tuple(gaps)
    _GAPS_CACHE[id(template)] = (template, result)
    return result


class EmptySlot(Rule):
    """Ce qu'elle fait
    Signale un champ du modèle (nom de commune, date, personne, nombre…) resté vide
    au milieu d'une phrase, si bien que le texte enchaîne sur la suite : « la commune
    de , représentée par… », « de la commune de Les instances et modalités… ». Avec
    le modèle de référence, tout champ obligatoire (hors zones libres et champs
    étiquetés) dont les mots du modèle qui l'entourent se suivent dans le projet sans
    rien entre eux est signalé, ainsi qu'un paragraphe qui s'arrête là où le champ
    devait venir (« LA COMMUNE DE », « Fait à Lille le ») ; sans modèle, les formes
    ci-dessus.

    Pourquoi
    Un nom de commune ou une date manquant dans une clause la rend inapplicable ou
    ambiguë ; le texte qui enchaîne montre aussi qu'une phrase a été tronquée.

    Exemple
    ```
    ARTICLE 6 – MODALITES DE COLLABORATION

    Ce comité est composé, à parité, de représentants de la Caf et de la commune de Les instances et modalités de gouvernance seront potentiellement amenées à évoluer.
    ```

    À la place
    ```
    ARTICLE 6 – MODALITES DE COLLABORATION

    Ce comité est composé, à parité, de représentants de la Caf et de la commune de Lys-lez-Lannoy.

    Les instances et modalités de gouvernance seront potentiellement amenées à évoluer.
    ```
    """

    code = "B001"
    name = "empty-slot"
    category = "blank-field"
    severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Hit]:
        taken: dict[int, list[int]] = {}
        if ctx.template is not None and ctx.alignment is not None:
            for hit in _template_gaps(ctx):
                taken.setdefault(hit.block, []).append(hit.start)
                yield hit
        for block in ctx.blocks(drafted_only=True):
            yield from _textual_gaps(block, taken.get(block.index, ()))


def _template_gaps(ctx: Context) -> Iterator[Hit]:
    doc = ctx.document
    by_section: dict[str, list[_Gap]] = {}
    for gap in template_gaps(ctx.template):
        by_section.setdefault(gap.section, []).append(gap)
    for pair in ctx.alignment.pairs:
        if pair.template is None or pair.draft is None or pair.template.label not in by_section:
            continue
        blocks = [doc.blocks[i] for i in pair.draft.blocks if i != pair.draft.heading and doc.blocks[i].is_content]
        joined = "\n".join(b.text for b in blocks)
        lower = joined.lower()
        if len(lower) != len(joined):
            continue  # a letter whose lower case is longer would shift every offset (never in French)
        line = _word_line(joined)
        spans = None
        seen: set[tuple[int, int]] = set()
        for gap in by_section[pair.template.label]:
            for needle in gap.needles:
                at = line.find(needle)
                while at >= 0:
                    if spans is None:  # word spans in ``joined``, computed only when needed
                        spans = [m.span() for m in _WORD_RUN.finditer(lower)]
                    first = line.count(" ", 0, at)  # index of the needle's first word
                    last = spans[first + gap.before - 1]
                    if gap.before == needle.count(" ") - 1:  # no word after the slot: it ended its paragraph
                        rest = joined[last[1]:].split("\n", 1)[0]
                        hit = None if rest.strip(" \t.;,:") else _gap_hit(gap, last, None, joined, blocks)
                        if hit is not None and _value_on_next_line(gap.type, _next_text(doc, hit.block)):
                            hit = None
                    else:
                        hit = _gap_hit(gap, last, spans[first + gap.before], joined, blocks)
                    if hit is not None and (hit.block, hit.start) not in seen:
                        seen.add((hit.block, hit.start))
                        yield hit
                    at = line.find(needle, at + 1)


def _gap_hit(gap: _Gap, before: tuple[int, int], after: tuple[int, int] | None, joined: str,
             blocks: list[Block]) -> Hit | None:
    """The hit for an empty slot between the words at spans ``before`` and ``after`` of ``joined``."""
    offset = 0
    for block in blocks:
        if before[0] < offset + len(block.text) + 1:
            break
        offset += len(block.text) + 1
    if after is None and block.cell is not None:
        return None  # a table cell holding only its label: the empty-field rule's
    between = joined[before[1]:after[0]] if after is not None else ""
    crosses = "\n" in between
    if crosses and (block.cell is not None or (
            ":" not in between and joined[before[0]:before[1]].lower().translate(_FOLD_TABLE) not in _DANGLING)):
        # The template's words meet across paragraphs or cells: a paragraph break, a form's label
        # (the empty-field rules' business), not a sentence cut short.
        return None
    text = block.text
    start, end = before[0] - offset, before[1] - offset
    what = _SLOT_WORDS.get(gap.type, _SLOT_WORDS["texte"])
    lead = _words_before(text, start, 30) + text[start:end]
    trail = "" if crosses or after is None else joined[after[0]:after[0] + 20].split("\n")[0].rstrip()
    shown = f"…{lead} ▢ {trail}…" if trail else f"…{lead} ▢"
    return Hit(
        block.index, start, end,
        Msg(f"Champ du modèle laissé vide ({what[0]}) : « {shown} »",
            f"Template field left empty ({what[1]}): “{shown}”"),
        expected=what[0],
        suggestion=Msg(f"Compléter {what[0]}.", f"Fill in {what[1]}."),
    )


def _next_text(doc: Document, index: int) -> str:
    """The text of the first content block after block ``index`` (whatever its section)."""
    for block in doc.blocks[index + 1:]:
        if block.is_content and block.part == "body" and block.text.strip():
            return block.text
    return ""


_NUMERIC_SLOTS = frozenset(("date", "periode", "annee", "nombre", "montant"))


def _value_on_next_line(slot_type: str, following: str) -> bool:
    """Whether the paragraph after « LA COMMUNE DE » is the value itself, set on a line of its own."""
    words = following.split()
    if not words or len(words) > 6:
        return False
    if slot_type == "commune":
        from ctglint import communes

        start = len(following) - len(following.lstrip())
        return communes.longest_commune_at(following, start) is not None
    if slot_type in _NUMERIC_SLOTS:
        return words[0][0].isdigit()
    return words[0][0].isupper() and not following.rstrip().endswith((".", ":", ";"))


def _words_before(text: str, pos: int, width: int) -> str:
    """Up to ``width`` characters of ``text`` before ``pos``, starting at a word."""
    start = max(0, pos - width)
    if start > 0:
        space = text.find(" ", start, pos)
        start = space + 1 if space >= 0 else pos
    return text[start:pos]


def _textual_gaps(block: Block, taken) -> Iterator[Hit]:
    """The template-free forms; ``taken`` holds offsets already reported from the template."""
    text = block.text
    if _PUNCT_GAP_HINT.search(text):
        for m in _PUNCT_GAP.finditer(text):
            if any(abs(m.start() - t) < 40 for t in taken):
                continue
            shown = (_words_before(text, m.start(), 30) + text[m.start():m.end() + 2]).strip()
            yield Hit(
                block.index, m.start("prep"), m.end("prep"),
                Msg(f"Champ laissé vide : rien ne suit « {m.group('prep')} » dans « …{shown}… »",
                    f"Field left empty: nothing follows “{m.group('prep')}” in “…{shown}…”"),
                suggestion=Msg("Compléter le nom ou la date manquant.", "Fill in the missing name or date."),
            )
    if " de " not in text:
        return
    for m in _RUN_ON.finditer(text):
        if any(abs(m.start("word") - t) < 40 for t in taken) or _is_place_name(text, m.start("word")):
            continue
        shown = text[m.start():m.end("word") + 20].strip()
        yield Hit(
            block.index, m.start(), m.end("word"),
            Msg(f"Nom manquant : « {shown}… » enchaîne sur une nouvelle phrase",
                f"Missing name: “{shown}…” runs into a new sentence"),
            suggestion=Msg("Compléter le nom manquant et terminer la phrase par un point.",
                           "Fill in the missing name and end the sentence with a full stop."),
        )


def _is_place_name(text: str, start: int) -> bool:
    from ctglint import communes

    return communes.longest_commune_at(text, start) is not None


# --------------------------------------------------------------------------- B002

class EmptyField(Rule):
    """Ce qu'elle fait
    Signale un champ étiqueté resté sans valeur : l'étiquette suivante vient
    directement après les deux-points (« ● Indicateur 2 : ● Indicateur 3 »), une
    ligne « Nom : » n'est suivie de rien (ou du champ suivant, ou du texte du modèle
    qui la suit), une case de tableau ne porte que l'intitulé d'un champ du modèle
    (« La présidente du conseil d'administration » sans nom). Une étiquette qui
    introduit une liste n'est pas signalée. Un dernier champ facultatif resté vide
    (« ● Indicateur 3 : » en fin de liste, zone libre du modèle) et une puce seule
    sont signalés pour information.

    Pourquoi
    Un indicateur ou un nom annoncé mais absent laisse la convention incomplète :
    l'évaluation prévue ne pourra pas s'appuyer dessus.

    Exemple
    ```
    ANNEXE 6 – PLAN D'ACTION ET FICHES ACTIONS

    Indicateurs retenus : ● Indicateur 1 : nombre de familles accueillies ● Indicateur 2 : ● Indicateur 3 : taux d'occupation
    ```

    À la place
    ```
    ANNEXE 6 – PLAN D'ACTION ET FICHES ACTIONS

    Indicateurs retenus : ● Indicateur 1 : nombre de familles accueillies ● Indicateur 2 : délai d'attente ● Indicateur 3 : taux d'occupation
    ```
    """

    code = "B002"
    name = "empty-field"
    category = "blank-field"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Hit]:
        doc = ctx.document
        fields = template_fields(ctx.template)
        labels = fields.labels if fields else {}
        starts = fields.starts if fields else frozenset()
        in_forms = {b for run, _, _ in _unfilled_forms(ctx, fields_for(ctx)) for b in run}
        for section in doc.sections:
            if section.kind == "footnote":
                continue
            blocks = _content(doc, section)
            for n, block in enumerate(blocks):
                if block.part != "body" or block.index in in_forms:
                    continue
                if len(block.text) <= 3 and _LONE_BULLET.match(block.text):
                    yield Hit(
                        block.index, 0, len(block.text),
                        Msg("Élément de liste vide : une puce sans texte",
                            "Empty list item: a bullet with no text"),
                        suggestion=Msg("Compléter l'élément ou supprimer la puce.",
                                       "Fill in the item or delete the bullet."),
                        severity=Severity.INFO,
                    )
                    continue
                following = blocks[n + 1] if n + 1 < len(blocks) else None
                hits = list(_empty_labels(block, following, labels, starts)) if ":" in block.text else []
                yield from hits
                first = _WORD_RUN.search(block.text) if not hits and fields and len(block.text) <= _LABEL_MAX else None
                if first and first.group().lower().translate(_FOLD_TABLE) in fields.bare_first \
                        and block.cell is not None and fields.bare.get(label_key(block.text)) \
                        and _bare_is_empty(block, following, fields.bare):
                    shown = block.text.strip()
                    start = block.text.index(shown)
                    yield Hit(
                        block.index, start, start + len(shown),
                        Msg(f"Champ sans valeur : rien ne suit « {shown} »",
                            f"Field with no value: nothing follows “{shown}”"),
                        suggestion=Msg("Renseigner la valeur attendue par le modèle.",
                                       "Fill in the value the template expects."),
                    )


def _items(text: str) -> list[tuple[int, int]]:
    """Spans of the bullet-separated items of ``text`` (the text before the first bullet included)."""
    cuts = [m.start() for m in _BULLET_SPLIT.finditer(text)]
    bounds = [0] + cuts + [len(text)]
    return [(a, b) for a, b in zip(bounds, bounds[1:]) if text[a:b].strip(_BULLETS + " \t")]


def _empty_labels(block: Block, following: Block | None, labels: dict[str, frozenset[str]],
                  starts: frozenset[str]) -> Iterator[Hit]:
    text = block.text
    items = _items(text)
    for n, (a, b) in enumerate(items):
        lead = _LEAD.match(text, a).end()
        m = _LABELLED.match(text, lead, b)
        if m is None or not _EMPTY_VALUE.match(m.group("value")):
            continue
        key = label_key(m.group("label"))
        types = labels.get(key)
        optional = bool(types) and types <= {"libre"}
        required = bool(types) and not optional
        if n + 1 < len(items):
            # The next item follows the colon: a field left empty when it is a sibling label
            # (« ● Indicateur 2 : ● Indicateur 3 »), an introducer of a list otherwise.
            nxt = text[_LEAD.match(text, items[n + 1][0]).end():items[n + 1][1]]
            if not (required or _siblings(key, label_key(nxt.split(":")[0]))):
                continue
            severity = Severity.INFO if optional else None
        elif len(items) > 1:
            severity = None if required else Severity.INFO  # a trailing field, often optional
        else:
            severity = _lone_label_severity(key, following, required, optional, labels, starts)
            if severity is False:
                continue
        end = m.start("value")
        shown = text[lead:end].strip()
        yield Hit(
            block.index, lead, lead + len(text[lead:end].rstrip()),
            Msg(f"Champ sans valeur : rien ne suit « {shown} »",
                f"Field with no value: nothing follows “{shown}”"),
            suggestion=Msg("Renseigner la valeur ou supprimer le champ.", "Fill in the value or delete the field."),
            severity=severity,
        )


def _bare_is_empty(block: Block, following: Block | None, bare: dict[str, bool]) -> bool:
    """Whether a table cell holding only the fixed text before a template slot has lost its value
    (it may stand in the next cell of its row). Paragraphs are the empty-slot rule's."""
    if following is None or following.cell is None or following.cell[:2] != block.cell[:2]:
        return True
    nxt = label_key(following.text)
    # The next cell of the row is another field of the template (« Public cible … »), or its value.
    return any(nxt == k or nxt.startswith(k + " ") for k in bare)


def _siblings(key: str, other: str) -> bool:
    """Labels of one series: same first word (« Indicateur 2 » / « Indicateur 3 », « Pour la CAF » / « Pour l'Etat »)."""
    return bool(key) and key.split()[0] == other.split()[0] if other else False


def _lone_label_severity(key: str, following: Block | None, required: bool, optional: bool,
                         labels: dict[str, frozenset[str]], starts: frozenset[str]):
    """A block that is a label alone (« Nom : »): a blank field, or the introducer of what follows?

    Returns a severity override (None = the rule's), or False for « not a blank field ».
    """
    if optional:
        return False  # a free zone of the template: it may stay empty
    if following is None:
        return None  # nothing follows in its section
    text = following.text
    if required and _start_key(text) in starts:
        return None  # the template's next paragraph right after the label: its value is missing
    m = _LABELLED.match(text, _LEAD.match(text).end())
    if m is not None and len(_items(text)) == 1:
        next_key = label_key(m.group("label"))  # another field, filled or not
    elif label_key(text) in labels:
        next_key = label_key(text)  # a label of the template's form, written without its colon
    else:
        return False  # what follows is its value, or the list it introduces
    if required:
        return None  # a field of the template with the next field right after it
    # Two labels in a row: siblings (« Pour la CAF : » / « Pour l'Etat : ») or a heading and its sub-heading.
    return Severity.INFO if _siblings(key, next_key) else False


# --------------------------------------------------------------------------- B003

def _unfilled_forms(ctx: Context, fields: _TemplateFields | None) -> list[tuple[list[int], int, bool]]:
    """Runs of draft blocks that are the template's form labels and nothing else: (block indices,
    number of distinct empty fields, whether the run is a whole form, from its first label on)."""
    if not fields or not fields.forms:
        return []
    doc = ctx.document
    runs: list[tuple[list[int], int, bool]] = []
    for section in doc.sections:
        blocks = _content(doc, section)
        # A row of a form written as one line (« Titre action :   Public cible ») holds several labels.
        keys = [[label_key(p) for p in _CELL_SPLIT.split(b.text) if p.strip()] if len(b.text) <= _LABEL_MAX else []
                for b in blocks]
        if not any(k in form.keys for form in fields.forms for ks in keys for k in ks):
            continue
        for form in fields.forms:
            run: list[int] = []
            seen: set[str] = set()
            whole = False
            for block, ks in zip(blocks + [None], keys + [[]]):
                labels_only = bool(ks) and all(k in form.keys for k in ks)
                if labels_only and not (ks[0] == form.first and run):
                    whole = whole or not run and ks[0] == form.first
                    run.append(block.index)
                    seen.update(ks)
                    continue
                if len(run) >= 2 and len(seen) >= max(3, len(form.keys) // 2):
                    runs.append((run, len(seen), whole))
                run, seen, whole = [], set(), False
                if labels_only:  # a new form starts with its first label
                    run, seen, whole = [block.index], set(ks), True
    return runs


class UnfilledForm(Rule):
    """Ce qu'elle fait
    Signale les fiches du modèle recopiées sans être remplies : un tableau (ou une
    suite de lignes) dont toutes les cases ne portent que les intitulés d'une fiche du
    modèle de référence (« Titre action : », « Public cible », « Objectifs
    opérationnels »…) ; sans modèle reconnu, les fiches des modèles installés. Une
    seule remarque par fiche vide (ou par fiche dont seul le titre est rempli), ou une
    seule pour l'annexe quand elle ne contient que des fiches vides.

    Pourquoi
    Le plan d'actions est le cœur opérationnel de la convention : une annexe faite
    de fiches vides signifie qu'aucune action n'est définie, et l'évaluation prévue
    par la convention n'aura rien à mesurer.

    Exemple
    ```
    ANNEXE 4 – PLAN D’ACTIONS

    Titre action :    Public cible

    Objectifs opérationnels    Modalités de mise en œuvre

    Echéances de réalisation

    Services mobilisés et responsables de l’action    Résultats attendus

    Partenaires sollicités    Indicateurs d’évaluation
    ```

    À la place
    ```
    ANNEXE 4 – PLAN D’ACTIONS

    Titre action : accueil des adolescents le mercredi    Public cible : les 11-17 ans

    Objectifs opérationnels : ouvrir un accueil de loisirs    Modalités de mise en œuvre : avec le centre social

    Echéances de réalisation : septembre 2024

    Services mobilisés et responsables de l’action : service jeunesse    Résultats attendus : 40 jeunes

    Partenaires sollicités : centre social    Indicateurs d’évaluation : fréquentation
    ```
    """

    code = "B003"
    name = "unfilled-form"
    category = "blank-field"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Hit]:
        runs = _unfilled_forms(ctx, fields_for(ctx))
        if not runs:
            return
        doc = ctx.document
        by_section: dict[str, list[tuple[list[int], int, bool]]] = {}
        for run in sorted(runs):
            by_section.setdefault(doc.blocks[run[0][0]].section, []).append(run)
        for label, section_runs in by_section.items():
            section = doc.section(label)
            covered = {i for run, _, _ in section_runs for i in run}
            whole = section is not None and section.kind == "annex" and all(
                b.index in covered for b in _content(doc, section))
            if whole:
                first = doc.blocks[section_runs[0][0][0]]
                n = len(section_runs)
                yield Hit(
                    first.index, 0, len(first.text),
                    Msg(f"L'annexe ne contient que {n} fiche{'s' if n > 1 else ''} vide{'s' if n > 1 else ''} "
                        f"du modèle (« {first.text.strip()} » …) : aucun champ n'est rempli",
                        f"The annex holds only {n} empty form{'s' if n > 1 else ''} of the template "
                        f"(“{first.text.strip()}” …): no field is filled in"),
                    suggestion=Msg("Rédiger les fiches (une par action) ou retirer l'annexe.",
                                   "Write the forms (one per action) or remove the annex."),
                )
                continue
            for run, fields, complete in section_runs:
                first = doc.blocks[run[0]]
                shown = first.text.strip()
                if complete:
                    msg = Msg(f"Fiche du modèle laissée vide (« {shown} » …) : aucun champ n'est rempli",
                              f"Template form left empty (“{shown}” …): no field is filled in")
                else:
                    msg = Msg(f"Fiche du modèle incomplète : {fields} champs sans valeur (« {shown} » …)",
                              f"Template form incomplete: {fields} fields with no value (“{shown}” …)")
                yield Hit(first.index, 0, len(first.text), msg,
                          suggestion=Msg("Remplir la fiche ou la supprimer.", "Fill in the form or delete it."))
