"""Repeated text: a sentence or a paragraph written twice in a row."""
from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

from ctglint import rx
from ctglint.findings import Hit, Msg, Severity
from ctglint.model import Block
from ctglint.rule import Context, Rule
from ctglint.templates import Template, derived

#: A sentence ends at . ! ? (or an ellipsis) followed by a space and a capital, a digit, a quote or a bullet.
_SENTENCE_END = rx.compile(r"[.!?…]+(?=\s+[\"«(\[A-ZÀ-Ý0-9•●▪►➔–-])")
#: Abbreviations whose full stop does not end a sentence (« M. Dupont », « art. 3 », « L. 263-1 »).
_ABBREVIATION = rx.compile(r"(?:\b[A-Za-z]|\bMme|\bMlle|\bart|\bcf|\bp|\bn°|\bNo|\betc)$")
_WORD = rx.compile(r"[^\W_]+")


def compare_key(text: str) -> str:
    """Comparison key of a sentence: its words, lower-cased; spacing, punctuation, quotes,
    apostrophes and bullets ignored (as ``fr.normalize_for_compare`` does, and punctuation
    too: « concernés. » and « concernés » end the same sentence). Accents are kept: a
    sentence pasted twice has the same ones, and folding them costs more than the rest."""
    return " ".join(_WORD.findall(text.lower()))


class RepeatOptions(NamedTuple):
    #: A sentence shorter than this (in words) is never reported as repeated: short phrases
    #: (« Suivi et évaluation de la CTG », « Pour la CAF ») recur on purpose.
    min_words: int = 7


def sentences(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences of ``text`` (leading and trailing spaces excluded)."""
    spans = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m.group() == "." and _ABBREVIATION.search(text, max(0, m.start() - 4), m.start()):
            continue
        spans.append((start, m.end()))
        start = m.end()
    spans.append((start, len(text)))
    out = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            out.append((a, b))
    return out


def template_repeats(template: Template | None) -> frozenset[str]:
    """Keys of the sentences and paragraphs the template itself writes more than once."""
    if template is None:
        return frozenset()
    return derived(template, "duplicates.repeats", _template_repeats)


def _template_repeats(template: Template) -> frozenset[str]:
    seen: set[str] = set()
    repeated: set[str] = set()
    for block in template.document.blocks:
        keys = {compare_key(block.text)}
        keys.update(compare_key(block.text[a:b]) for a, b in sentences(block.text))
        for key in keys:
            if key in seen:
                repeated.add(key)
            seen.add(key)
    return frozenset(repeated)


class RepeatedText(Rule):
    """Ce qu'elle fait
    Signale une phrase ou un paragraphe écrit deux fois de suite : dans le même
    paragraphe, ou dans deux paragraphes qui se suivent. La comparaison ignore la
    casse, les accents, les espaces et la ponctuation typographique. Ne sont pas
    signalées les phrases courtes (moins de 7 mots) ni les répétitions que le modèle
    de référence fait lui-même (intitulés des fiches actions, cases « Indiquer ici… »).
    La remarque porte sur la seconde occurrence.

    Pourquoi
    Une phrase en double trahit un copier-coller mal relu ; dans un texte signé, elle
    fait douter de la version validée et peut masquer une phrase qui devait la
    remplacer.

    Exemple
    ```
    ANNEXE 2 – MODALITES DE PILOTAGE STRATEGIQUE ET OPERATIONNEL ET SUIVI DE LA CTG

    Les 2 comités s'appuieront sur des groupes techniques thématiques dont le nombre et la composition seront variables. Ces nouvelles instances devront remplacer toutes celles pré-existantes. Les 2 comités s'appuieront sur des groupes techniques thématiques dont le nombre et la composition seront variables.
    ```

    À la place
    ```
    ANNEXE 2 – MODALITES DE PILOTAGE STRATEGIQUE ET OPERATIONNEL ET SUIVI DE LA CTG

    Les 2 comités s'appuieront sur des groupes techniques thématiques dont le nombre et la composition seront variables. Ces nouvelles instances devront remplacer toutes celles pré-existantes.
    ```
    """

    code = "R001"
    name = "repeated-text"
    category = "duplicate-text"
    severity = Severity.WARNING
    Options = RepeatOptions

    def check(self, ctx: Context) -> Iterator[Hit]:
        doc = ctx.document
        allowed = template_repeats(ctx.template)
        for section in doc.sections:
            previous: tuple[Block, str, set[str]] | None = None
            for i in section.blocks:
                block = doc.blocks[i]
                if not block.is_content or block.part != "body" or i == section.heading:
                    continue
                current = self._keys(block)
                yield from self._repeats(block, current, previous, allowed)
                previous = (block, current[0], {k for k, _ in current[1]})

    def _keys(self, block: Block) -> tuple[str, tuple[tuple[str, tuple[int, int]], ...]]:
        """The block's key and its sentences' keys (sentences long enough to count)."""
        return _sentence_keys(block.text, self.options.min_words)

    def _repeats(self, block: Block, current, previous, allowed: frozenset[str]) -> Iterator[Hit]:
        key, sents = current
        # Table cells side by side repeat on purpose (one column per year); PDF extraction
        # also doubles cell text. Only a cell's own sentences are compared.
        adjacent = previous is not None and block.cell is None and previous[0].cell is None
        if adjacent and sents and key == previous[1] and key not in allowed:
            yield self._hit(block, (0, len(block.text)), block.text, "paragraph")
            return
        seen: set[str] = set()
        spans: list[tuple[int, int]] = []
        where = ""
        for k, span in sents:
            if k in allowed:
                seen.add(k)
                continue
            if k in seen:
                spans.append(span)
                where = where or "same"
            elif adjacent and k in previous[2]:
                spans.append(span)
                where = where or "previous"
            seen.add(k)
        for span in _merge(block.text, spans):
            yield self._hit(block, span, block.text[span[0]:span[1]], where)

    @staticmethod
    def _hit(block: Block, span: tuple[int, int], text: str, where: str) -> Hit:
        shown = text if len(text) <= 90 else text[:89].rstrip() + "…"
        fr, en = {
            "paragraph": ("Paragraphe répété : il reprend mot pour mot le paragraphe précédent",
                          "Repeated paragraph: it repeats the previous paragraph word for word"),
            "same": ("Phrase répétée dans le même paragraphe", "Sentence repeated within the same paragraph"),
            "previous": ("Phrase répétée : elle figure déjà dans le paragraphe précédent",
                         "Repeated sentence: it already stands in the previous paragraph"),
        }[where]
        return Hit(
            block.index, span[0], span[1],
            Msg(f"{fr} : « {shown} »", f"{en}: “{shown}”"),
            suggestion=Msg("Supprimer la répétition.", "Delete the repetition."),
        )


@lru_cache(maxsize=8192)
def _sentence_keys(text: str, min_words: int) -> tuple[str, tuple[tuple[str, tuple[int, int]], ...]]:
    """Cached by text: drafts of one model share most paragraphs."""
    if text.count(" ") + 1 < min_words:
        return "", ()  # too short to hold a sentence that counts
    out = []
    keys = []
    for a, b in sentences(text):
        key = compare_key(text[a:b])
        keys.append(key)
        if key.count(" ") + 1 >= min_words:
            out.append((key, (a, b)))
    return " ".join(keys), tuple(out)


def _merge(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join spans separated only by spaces: consecutive repeated sentences make one finding."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and not text[out[-1][1]:a].strip():
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out
