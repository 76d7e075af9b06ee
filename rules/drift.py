from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from ctglint.diff import DraftToken, Op, SectionDiff
from ctglint.findings import Hit, Msg, Severity
from ctglint.model import Document
from ctglint.rule import Context, Rule
from ctglint.textsim import document_shingles, shingles

#: A deleted run at least this long that the draft holds elsewhere was moved, not removed.
MOVED_MIN_WORDS = 12
MOVED_MIN_SHARE = 0.8


class DriftOptions(NamedTuple):
    #: Severity of a change inside a clause the template's manifest locks (« error » to be strict).
    locked_severity: str = "warning"


class TemplateDrift(Rule):
    """Ce qu'elle fait
    Compare chaque clause du projet à la clause correspondante du modèle de
    référence, mot à mot, en dehors des champs à remplir et des zones libres : un mot
    changé (« chaque personnel » pour « chaque personne »), une phrase supprimée ou
    ajoutée, une mention manquante (« Ci-après dénommée « la Commune » »). Les
    différences de forme ne comptent pas : casse, apostrophes, espaces insécables,
    puces, retours à la ligne, « Ctg » / « CTG ».

    Pourquoi
    Le texte national de la convention ne se négocie pas commune par commune ; une
    clause modifiée, même d'un mot, change l'engagement des signataires et doit être
    validée par la Caf.

    Exemple
    ```
    ARTICLE 11 – DUREE DE LA CONVENTION

    La présente convention est conclue à compter du 01/01/2023 jusqu'au 31 décembre 2026.

    La présente convention ne peut être reconduite que par expresse reconduction.
    ```

    À la place
    ```
    ARTICLE 11 – DUREE DE LA CONVENTION

    La présente convention est conclue à compter du 01/01/2023 jusqu'au 31 décembre 2026.

    La présente convention ne peut être reconduite que par accord explicite.
    ```
    """

    code = "T001"
    name = "template-drift"
    category = "template-drift"
    severity = Severity.WARNING
    Options = DriftOptions
    needs_template = True

    def validate(self) -> None:
        if self.options.locked_severity not in ("error", "warning", "info"):
            raise ValueError(f"locked-severity: {self.options.locked_severity!r} is not error, warning or info")

    def check(self, ctx: Context) -> Iterator[Hit]:
        template, doc = ctx.template, ctx.document
        if template is None or ctx.alignment is None:
            return
        draft_shingles = document_shingles(doc)
        for sd in ctx.section_diffs():
            if sd.template is None or sd.draft is None or sd.template.label in template.editable:
                continue
            locked = sd.template.label in template.locked
            severity = Severity(self.options.locked_severity) if locked else None
            for change in sd.changes:
                hit = _hit(change, sd, doc, draft_shingles, locked, severity)
                if hit is not None:
                    yield hit


def _hit(change: tuple[Op, ...], sd: SectionDiff, doc: Document, draft_shingles: set, locked: bool,
         severity: Severity | None) -> Hit | None:
    removed = [t for op in change for t in op.template]
    added = [t for op in change for t in op.draft]
    if not _wording(removed) and not _wording(added):
        return None  # punctuation only
    old = _join(t.text for t in removed)
    new = _join(t.text for t in added)
    old_quote, new_quote = _quote(old), _quote(new)
    if not added and len(removed) >= MOVED_MIN_WORDS and _share(old, draft_shingles) >= MOVED_MIN_SHARE:
        return None  # the passage stands elsewhere in the draft (moved, or split off by extraction)
    if added and not removed and _repeats(added, sd, doc):
        return None  # a repetition: the duplicate-text rule reports it
    clause = Msg(" (clause verrouillée du texte national)", " (locked clause of the national text)") if locked else Msg("", "")
    if added:
        anchor = added
        if removed:
            msg = Msg(f"Texte du modèle modifié : « {new_quote} » au lieu de « {old_quote} »{clause.fr}",
                      f"Template text changed: “{new_quote}” instead of “{old_quote}”{clause.en}")
        else:
            msg = Msg(f"Texte ajouté au texte du modèle : « {new_quote} »{clause.fr}",
                      f"Text added to the template text: “{new_quote}”{clause.en}")
    else:
        anchor = _neighbour(change, sd)
        if anchor is None:
            return None
        msg = Msg(f"Texte du modèle supprimé : « {old_quote} »{clause.fr}",
                  f"Template text deleted: “{old_quote}”{clause.en}")
    first, last = anchor[0], anchor[-1]
    end = last.end if last.block == first.block else len(doc.blocks[first.block].text)
    return Hit(first.block, first.start, end, msg, expected=old or None,
               suggestion=Msg("Reprendre le texte du modèle.", "Restore the template text."), severity=severity)


NEIGHBOUR_WORDS = 4


def _neighbour(change: tuple[Op, ...], sd: SectionDiff) -> list[DraftToken] | None:
    """For a pure deletion: the few draft words just before it (just after, at a section start)."""
    ops = sd.ops
    at = ops.index(change[0])
    before = [t for op in ops[:at] for t in op.draft]
    if before:
        tail = [t for t in before if t.block == before[-1].block]
        return _last_words(tail, NEIGHBOUR_WORDS)
    end = ops.index(change[-1])
    after = [t for op in ops[end + 1:] for t in op.draft]
    if after:
        head = [t for t in after if t.block == after[0].block]
        return head[:NEIGHBOUR_WORDS]
    return None


def _last_words(tokens: list[DraftToken], n: int) -> list[DraftToken]:
    """The last ``n`` words of ``tokens``, with the punctuation between and after them."""
    words = 0
    for i in range(len(tokens) - 1, -1, -1):
        if any(c.isalnum() for c in tokens[i].key):
            words += 1
            if words == n:
                return tokens[i:]
    return tokens


def _wording(tokens) -> bool:
    return any(any(c.isalnum() for c in t.key) for t in tokens)


def _share(text: str, draft_shingles: set) -> float:
    own = shingles(text)
    return len(own & draft_shingles) / len(own) if own else 0.0


def _repeats(added: list[DraftToken], sd: SectionDiff, doc: Document) -> bool:
    """Whether the added words repeat words the section already has right before or after."""
    keys = [t.key for t in added]
    n = len(keys)
    if n < 4:
        return False
    section_keys: list[str] = []
    for op in sd.ops:
        section_keys.extend(t.key for t in op.draft)
    hits = sum(1 for i in range(len(section_keys) - n + 1) if section_keys[i:i + n] == keys)
    return hits >= 2


QUOTE_MAX = 160


def _quote(text: str) -> str:
    """A message quotes at most :data:`QUOTE_MAX` characters (a deleted annex would fill a page)."""
    return text if len(text) <= QUOTE_MAX else text[:QUOTE_MAX - 1].rstrip() + "…"


_NO_SPACE_BEFORE = {".", ",", ")", "’", "'", "-"}


def _join(texts) -> str:
    out = ""
    for t in texts:
        if out and t not in _NO_SPACE_BEFORE and not out.endswith(("'", "’", "(", "-")):
            out += " "
        out += t
    return out
