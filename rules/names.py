"""Names of the parties: another commune's name, and the consistency of the parties' identity.

Every rule here reads the signatory facts of :mod:`ctglint.parties` (computed once per
document, kept in ``ctx.facts["signatory"]``) and recognises communes with
:mod:`ctglint.communes` only in context, never from a bare word list.
"""
from __future__ import annotations

import re
from functools import lru_cache
from collections.abc import Iterator

from ctglint import rx
from ctglint.diff import diff_section
from ctglint.findings import Hit, Msg, Severity
from ctglint.model import Block, Section
from ctglint.parties import (
    Mention, Signatory, commune_at, context_mentions, department_name, for_context, same_person, seat_mentions,
    signature_persons,
)
from ctglint.rule import Context, Rule, overlaps

#: Sections where every commune named in context must be the signatory.
PARTY_SECTIONS = ("cover", "parties", "visas", "signature")
#: Slot types whose filling names the signatory commune.
COMMUNE_SLOTS = ("commune", "collectivite")
#: A template block and a draft block play the same part from this word similarity on.
MIN_BLOCK_SIMILARITY = 0.5
#: Longer draft blocks are never a slot's paragraph (a whole pasted text).
_BLOCK_MAX = 5000

_SIGNED_AT = rx.compile(r"^\s*fait\s+(?:à|a)\s", re.IGNORECASE)
_EPCI_WORDS = rx.compile(r"pr[ée]sident|communaut|m[ée]tropole|agglom", re.IGNORECASE)
_ELIDED = {"d": "de", "l": "le", "qu": "que"}


def _own_name(sig: Signatory) -> str:
    if sig.commune is not None:
        return sig.commune.name
    return sig.epci.name if sig.epci is not None else sig.name


# --------------------------------------------------------------------------------------------- N001

_WORDS = rx.compile(r"[^\W\d_]+")
_ACCENTS = str.maketrans("àâäáãéèêëíìîïóòôöõúùûüçñÿ", "aaaaaeeeeiiiiooooouuuucny")


@lru_cache(maxsize=8192)
def _word_set(text: str) -> frozenset[str]:
    """Lower-case, accent-free words of ``text``, elided forms spelt out (« d' » → « de »)."""
    return frozenset(_ELIDED.get(w, w) for w in _WORDS.findall(text.lower().translate(_ACCENTS)))


_NAME_START = rx.compile(r"(?<![\w'’-])(?:(?:la|le|les)\s+|l['’]\s*)?[A-ZÀ-Ý]")


def _names_another(text: str, sig: Signatory, department: str | None) -> bool:
    """Whether ``text`` names, anywhere, a commune that is not the signatory (a cheap pre-check)."""
    pos = 0
    for m in _NAME_START.finditer(text):
        if m.start() < pos:
            continue  # inside a name already read (« Lannoy » of « Lys Lez Lannoy »)
        found = commune_at(text, m.start(), department)
        if found:
            if not sig.is_own(found[0]):
                return True
            pos = found[1]
    return False


def slot_mentions(ctx: Context, sig: Signatory) -> list[Mention]:
    """Communes other than the signatory written where the template has a {{commune}} slot.

    Only the template blocks holding such a slot are diffed, each against the draft block of the
    paired section that resembles it most, and only when that block names another commune at
    all: a whole-section diff of a long free preamble costs more than the whole rule may.
    """
    template, doc, alignment, department = ctx.template, ctx.document, ctx.alignment, sig.department
    if template is None or alignment is None:
        return []
    out: list[Mention] = []
    for pair in alignment.pairs:
        if pair.template is None or pair.draft is None:
            continue
        slotted = [i for i in pair.template.blocks
                   if any(s.kind == "slot" and s.type in COMMUNE_SLOTS for s in template.segments.get(i, ()))]
        if not slotted:
            continue
        candidates = [i for i in pair.draft.blocks
                      if doc.blocks[i].is_content and i != pair.draft.heading and len(doc.blocks[i].text) < _BLOCK_MAX]
        word_sets: dict[int, set[str]] = {}
        for ti in slotted:
            fixed_text = "".join(s.text for s in template.segments[ti] if s.kind == "text")
            fixed = _word_set(fixed_text)
            if not fixed:
                continue
            size = len(template.document.blocks[ti].text)
            best, score = None, MIN_BLOCK_SIMILARITY
            for di in candidates:
                if not size / 4 - 40 <= len(doc.blocks[di].text) <= 4 * size + 200:
                    continue
                ws = word_sets.get(di)
                if ws is None:
                    ws = word_sets[di] = _word_set(doc.blocks[di].text)
                sim = 2 * len(fixed & ws) / (len(fixed) + len(ws)) if ws else 0.0
                if sim > score:
                    best, score = di, sim
            if best is None or not _names_another(doc.blocks[best].text, sig, department):
                continue
            tsec = Section(pair.template.label, pair.template.kind, None, "", None, [ti])
            dsec = Section(pair.draft.label, pair.draft.kind, None, "", None, [best])
            for op in diff_section(template, tsec, doc, dsec).ops:
                if op.kind != "slot" or not op.draft or op.template[0].slot is None:
                    continue
                if op.template[0].slot.type not in COMMUNE_SLOTS:
                    continue
                first = op.draft[0]
                text = doc.blocks[first.block].text
                found = commune_at(text, first.start, department)
                if found:
                    commune, end = found
                    out.append(Mention(commune, text[first.start:end], first.block, first.start, end,
                                       doc.blocks[first.block].section, "slot"))
    return out


class ForeignCommune(Rule):
    """Ce qu'elle fait
    Signale le nom d'une autre commune là où la convention nomme la commune
    signataire : page de garde (« LA COMMUNE DE … »), bloc des parties, visas
    (« délibération du conseil municipal de la ville de … »), bloc des signatures
    (« Le Maire de la Commune de … ») et champs {{commune}} du modèle dans les
    articles. La commune signataire est celle que nomment le plus souvent le bloc des
    parties, la page de garde et le bloc des signatures. Les variantes d'écriture de
    son nom (casse, accents, traits d'union : « LYS LEZ LANNOY », « Lys-lez-Lannoy »)
    ne comptent pas, ni les communes voisines citées dans un texte descriptif. « Fait
    à … » doit nommer le siège de la Caf (celui du modèle) ou la commune signataire
    (avertissement sinon).

    Pourquoi
    Une délibération, une partie ou une signature attribuée à une autre commune
    trahit un copier-coller depuis une autre convention : l'acte vise alors une
    collectivité qui n'est pas partie, et la délibération citée n'autorise pas la
    signature.

    Exemple
    ```
    LA COMMUNE DE WATTRELOS

    Entre :

    La commune de Wattrelos représentée par son maire, Monsieur Jean DUPONT, dûment autorisée à signer la présente convention par délibération de son conseil municipal ;

    Vu la délibération du conseil municipal de la ville de Provin en date du 05/11/2020 ;
    ```

    À la place
    ```
    LA COMMUNE DE WATTRELOS

    Entre :

    La commune de Wattrelos représentée par son maire, Monsieur Jean DUPONT, dûment autorisée à signer la présente convention par délibération de son conseil municipal ;

    Vu la délibération du conseil municipal de la ville de Wattrelos en date du 05/11/2020 ;
    ```
    """

    code = "N001"
    name = "foreign-commune"
    category = "foreign-name"
    severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Hit]:
        sig = for_context(ctx)
        if sig is None:
            return
        doc = ctx.document
        blocks = [b for b in ctx.blocks(parts=("body", "header", "footer"))
                  if b.part != "body" or b.section in PARTY_SECTIONS]
        mentions = context_mentions(doc, blocks, sig.department) + slot_mentions(ctx, sig)
        seats = [b for b in ctx.blocks() if b.section == "signature" or _SIGNED_AT.match(b.text)]
        mentions += seat_mentions(seats, sig.department)
        taken: dict[int, list[tuple[int, int]]] = {}
        for m in sorted(mentions, key=lambda m: (m.block, m.start, m.how != "slot")):
            spans = taken.setdefault(m.block, [])
            if overlaps((m.start, m.end), spans):
                continue
            spans.append((m.start, m.end))
            hit = self._judge(m, sig, ctx, doc.blocks[m.block])
            if hit is not None:
                yield hit

    def _judge(self, m: Mention, sig: Signatory, ctx: Context, block: Block) -> Hit | None:
        from ctglint.communes import match_key

        if sig.is_own(m.commune):
            return None
        party = sig.party_at(m.block)
        if party is not None and party.kind in ("caf", "epci"):
            return None  # « … représentée par son Président, Maire de X »: the EPCI's or the Caf's own business
        member = sig.epci is not None and (m.commune.parent or m.commune.code) in sig.epci.members
        if member and _EPCI_WORDS.search(block.text):
            return None  # the EPCI's president, mayor of a member commune, in the signature block
        own = _own_name(sig)
        if m.how == "seat":
            template = ctx.template
            # The template's seat is this Caf's only if the draft names no other Caf.
            same_caf = template is not None and (not sig.caf_department or sig.caf_department == template.department)
            seat = template.caf_seat if same_caf else ""
            if seat and match_key(seat) == match_key(m.commune.name):
                return None
            if not seat and m.commune.department in {sig.caf_department, *(c.department for c in sig.communes)}:
                return None
            if member:
                return None
            where = f"le siège de la Caf ({seat}) ou " if seat else ""
            where_en = f"the Caf's seat ({seat}) or " if seat else ""
            return Hit(
                m.block, m.start, m.end,
                Msg(f"Lieu de signature inattendu : « Fait à {m.text} » ; on attend {where}la commune signataire ({own})",
                    f"Unexpected place of signature: “Fait à {m.text}”; expected {where_en}the signatory commune ({own})"),
                expected=seat or sig.name,
                suggestion=Msg("Vérifier le lieu de signature.", "Check where the convention is signed."),
                severity=Severity.WARNING,
            )
        return Hit(
            m.block, m.start, m.end,
            Msg(f"« {m.text} » désigne une autre commune ({m.commune.name}, {m.commune.department}) que la commune "
                f"signataire ({own})",
                f"“{m.text}” names another commune ({m.commune.name}, {m.commune.department}) than the signatory "
                f"commune ({own})"),
            expected=sig.name,
            suggestion=Msg(f"Remplacer par « {sig.name} ».", f"Replace it with “{sig.name}”."),
        )


# --------------------------------------------------------------------------------------------- N002

_STAMP_ID = rx.compile(r"\bID\s*:\s*(?P<dept>\d{3})-(?P<siren>\d{9})-\d{8}-", re.IGNORECASE)
_SIREN = rx.compile(r"\bSIRE[NT]\b\s*(?:n\s*[°o]\s*)?:?\s*(?P<siren>\d{3}[ \u00a0]?\d{3}[ \u00a0]?\d{3})(?!\d)",
                    re.IGNORECASE)


class SirenMismatch(Rule):
    """Ce qu'elle fait
    Vérifie que le SIREN du tampon de transmission en préfecture (« ID :
    059-215900176-20230209-… ») et celui écrit dans le bloc des parties sont ceux de
    la commune signataire (ou de son intercommunalité), d'après la liste officielle
    des communes.

    Pourquoi
    Le tampon identifie la collectivité qui a transmis la délibération au contrôle de
    légalité : un SIREN d'une autre commune montre que l'annexe ou la délibération
    jointe vient d'une autre convention.

    Exemple
    ```
    LA COMMUNE DE WATTRELOS

    Entre :

    La commune de Wattrelos représentée par son maire, Monsieur Jean DUPONT ;

    ID : 059-215904772-20230209-DE23027-DE
    ```

    À la place
    ```
    LA COMMUNE DE WATTRELOS

    Entre :

    La commune de Wattrelos représentée par son maire, Monsieur Jean DUPONT ;

    ID : 059-215906504-20230209-DE23027-DE
    ```
    """

    code = "N002"
    name = "siren-mismatch"
    category = "party"
    severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Hit]:
        from ctglint.communes import by_siren

        sig = for_context(ctx)
        if sig is None:
            return
        allowed = {c.siren for c in sig.communes if c.siren}
        if sig.epci is not None:
            allowed.add(sig.epci.siren)
        candidates: list[tuple[Block, re.Match]] = []
        for b in ctx.blocks(stamps=True):
            if b.kind == "stamp":
                candidates.extend((b, m) for m in _STAMP_ID.finditer(b.text))
            elif b.section == "parties":
                party = sig.party_at(b.index)
                if party is None or party.kind == "commune":
                    candidates.extend((b, m) for m in _SIREN.finditer(b.text))
        for b, m in candidates:
            siren = re.sub(r"\D", "", m.group("siren"))
            if siren in allowed:
                continue
            commune = by_siren(siren)  # None for an EPCI's SIREN, or an unknown one
            if commune is None or sig.is_own(commune):
                continue
            own = _own_name(sig)
            owns = ", ".join(c.siren for c in sig.communes if c.siren) or "?"
            yield Hit(
                b.index, m.start("siren"), m.end("siren"),
                Msg(f"Le SIREN {siren} est celui de {commune.name} ({commune.department}), pas de la commune "
                    f"signataire {own} (SIREN {owns})",
                    f"SIREN {siren} is that of {commune.name} ({commune.department}), not of the signatory "
                    f"commune {own} (SIREN {owns})"),
                expected=owns,
                suggestion=Msg("Joindre la délibération de la commune signataire.",
                               "Attach the signatory commune's deliberation."),
            )


# --------------------------------------------------------------------------------------------- N003

_POSTAL = rx.compile(r"(?<![\w/.,-])(?P<code>\d{5})[ \u00a0]+")
_FIVE_DIGITS = rx.compile(r"\d{5}")
_CEDEX = rx.compile(r"\s*,?\s*cedex\b", re.IGNORECASE)


class PostalCodeMismatch(Rule):
    """Ce qu'elle fait
    Vérifie le code postal des adresses situées dans la commune signataire
    (« 201/203 rue Paul Bert 59390 Lys Lez Lannoy ») : il doit être l'un des codes
    postaux de cette commune d'après la liste officielle. Les adresses en « CEDEX »
    et celles des autres communes ne sont pas vérifiées.

    Pourquoi
    Un code postal qui n'est pas celui de la commune trahit une adresse recopiée
    d'une autre convention ; l'équipement cité n'est peut-être pas sur le territoire.

    Exemple
    ```
    LA COMMUNE DE WATTRELOS

    Entre :

    La commune de Wattrelos, Hôtel de Ville, 59100 Wattrelos, représentée par son maire, Monsieur Jean DUPONT ;
    ```

    À la place
    ```
    LA COMMUNE DE WATTRELOS

    Entre :

    La commune de Wattrelos, Hôtel de Ville, 59150 Wattrelos, représentée par son maire, Monsieur Jean DUPONT ;
    ```
    """

    code = "N003"
    name = "postal-code-mismatch"
    category = "party"
    severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Hit]:
        from ctglint.communes import by_postal_code, match_key

        sig = for_context(ctx)
        if sig is None or not sig.communes:
            return
        for b in ctx.blocks(parts=("body", "header", "footer", "footnote")):
            if not _FIVE_DIGITS.search(b.text):
                continue
            for m in _POSTAL.finditer(b.text):
                found = commune_at(b.text, m.end(), sig.department)
                if found is None or not sig.is_own(found[0]):
                    continue
                written, end = found
                if _CEDEX.match(b.text, end):
                    continue
                code = m.group("code")
                own = next((c for c in sig.communes if match_key(c.name) == match_key(written.name)), written)
                if code in own.postal_codes or code in written.postal_codes:
                    continue
                served = by_postal_code(code)
                if not served and code.startswith(own.department[:2]):
                    continue  # an unknown code of the right department: a CEDEX or a post-office box
                expected = ", ".join(own.postal_codes)
                others = ", ".join(c.name for c in served[:3]) or "aucune commune"
                others_en = ", ".join(c.name for c in served[:3]) or "no commune"
                yield Hit(
                    b.index, m.start("code"), end,
                    Msg(f"Code postal {code} pour {b.text[m.end():end]} : ce code est celui de {others} ; "
                        f"{own.name} a {expected}",
                        f"Postal code {code} for {b.text[m.end():end]}: that code is {others_en}'s; "
                        f"{own.name} has {expected}"),
                    expected=expected,
                    suggestion=Msg(f"Écrire le code postal de {own.name} ({expected}).",
                                   f"Write {own.name}'s postal code ({expected})."),
                )


# --------------------------------------------------------------------------------------------- N004

class CafDepartmentMismatch(Rule):
    """Ce qu'elle fait
    Vérifie que la commune signataire est dans le département de la Caf : celui de
    la Caf nommée dans le projet (« Caisse d'allocations familiales du Nord » → 59),
    à défaut celui du modèle de référence.

    Pourquoi
    Une Caf ne conventionne qu'avec les collectivités de sa circonscription : une
    commune d'un autre département signale une erreur de commune ou de Caf.

    Exemple
    ```
    LA COMMUNE DE WATTRELOS

    Entre :

    La Caisse d'allocations familiales du Pas-de-Calais représentée par son directeur, Monsieur Paul PETIT ;

    La commune de Wattrelos représentée par son maire, Monsieur Jean DUPONT ;
    ```

    À la place
    ```
    LA COMMUNE DE WATTRELOS

    Entre :

    La Caisse d'allocations familiales du Nord représentée par son directeur, Monsieur Paul PETIT ;

    La commune de Wattrelos représentée par son maire, Monsieur Jean DUPONT ;
    ```
    """

    code = "N004"
    name = "caf-department-mismatch"
    category = "party"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Hit]:
        sig = for_context(ctx)
        if sig is None or sig.commune is None or not sig.department:
            return
        dept = sig.department
        if sig.caf_department:
            who, who_en = f"la Caf signataire (« {sig.caf} »)", f"the signatory Caf (“{sig.caf}”)"
        else:
            tid = ctx.template.id if ctx.template is not None else "?"
            who, who_en = f"la Caf du modèle {tid}", f"the Caf of template {tid}"
        for c in sig.communes:
            if c.department == dept or (dept == "2A" and c.department == "2B"):
                continue
            ms = sorted((m for m in sig.mentions if m.commune.code == c.code), key=lambda m: m.section != "parties")
            block, start, end = (ms[0].block, ms[0].start, ms[0].end) if ms else (sig.block, sig.start, sig.end)
            yield Hit(
                block, start, end,
                Msg(f"{c.name} est dans le département {c.department} ({department_name(c.department)}) ; "
                    f"{who} est celle du département {dept} ({department_name(dept)})",
                    f"{c.name} is in department {c.department} ({department_name(c.department)}); "
                    f"{who_en} is that of department {dept} ({department_name(dept)})"),
                expected=dept,
                suggestion=Msg("Vérifier la commune et la Caf signataires.", "Check the signatory commune and Caf."),
            )


# --------------------------------------------------------------------------------------------- N005

class EpciWithoutCommune(Rule):
    """Ce qu'elle fait
    Quand une intercommunalité (communauté de communes, d'agglomération, urbaine,
    métropole) est partie à la convention, vérifie d'après la liste officielle
    qu'elle compte la commune signataire parmi ses membres.

    Pourquoi
    Une convention territoriale globale porte sur un territoire : l'EPCI signataire
    doit être celui de la commune. Un autre EPCI trahit un copier-coller.

    Exemple
    ```
    LA COMMUNE DE WATTRELOS

    Entre :

    La Communauté d'agglomération du Boulonnais, représentée par son Président, Monsieur Paul PETIT ;

    La commune de Wattrelos représentée par son maire, Monsieur Jean DUPONT ;
    ```

    À la place
    ```
    LA COMMUNE DE WATTRELOS

    Entre :

    La Métropole Européenne de Lille, représentée par son Président, Monsieur Paul PETIT ;

    La commune de Wattrelos représentée par son maire, Monsieur Jean DUPONT ;
    ```
    """

    code = "N005"
    name = "epci-without-commune"
    category = "party"
    severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Hit]:
        from ctglint.communes import epcis_of

        sig = for_context(ctx)
        if sig is None or sig.epci is None or sig.epci_at is None:
            return
        block, start, end = sig.epci_at
        for c in sig.communes:
            if (c.parent or c.code) in sig.epci.members:
                continue
            actual = ", ".join(e.name for e in epcis_of(c.code)) or "aucun"
            actual_en = ", ".join(e.name for e in epcis_of(c.code)) or "none"
            yield Hit(
                block, start, end,
                Msg(f"« {sig.epci_name} » ({sig.epci.name}) ne compte pas {c.name} parmi ses communes membres ; "
                    f"la commune appartient à : {actual}",
                    f"“{sig.epci_name}” ({sig.epci.name}) does not count {c.name} among its member communes; "
                    f"the commune belongs to: {actual_en}"),
                expected=actual if actual != "aucun" else None,
                suggestion=Msg("Vérifier l'intercommunalité signataire.", "Check the signatory intercommunality."),
            )


# --------------------------------------------------------------------------------------------- N006

_ROLE_NAMES = {
    "maire": ("Maire", "mayor"), "president": ("Président(e)", "president"),
    "vice-president": ("Vice-président(e)", "vice-president"), "directeur": ("Directeur/Directrice", "director"),
    "adjoint": ("Adjoint(e)", "deputy"), "prefet": ("Préfet(e)", "prefect"),
}
class SignatoryMismatch(Rule):
    """Ce qu'elle fait
    Compare les personnes du bloc des signatures à celles du bloc des parties : un
    signataire que les parties ne nomment pas (un autre maire, un autre directeur),
    ou nommé avec une autre fonction (Maire, Président(e), Directeur/Directrice…).
    Les noms se comparent sans casse ni accents : « Luc GRARD » et « Luc Grard » sont
    la même personne.

    Pourquoi
    Seul le représentant désigné dans le bloc des parties, et autorisé par
    délibération, peut engager la collectivité ou la Caf ; une signature d'une
    autre personne ou sous une autre qualité rend l'engagement contestable.

    Exemple
    ```
    Entre :

    La commune de Wattrelos représentée par son maire, Monsieur Jean DUPONT ;

    ARTICLE 1 – OBJET

    La convention définit le projet du territoire.

    Fait à Lille le 18 mars 2023

    Le Maire
    Pierre MARTIN
    ```

    À la place
    ```
    Entre :

    La commune de Wattrelos représentée par son maire, Monsieur Jean DUPONT ;

    ARTICLE 1 – OBJET

    La convention définit le projet du territoire.

    Fait à Lille le 18 mars 2023

    Le Maire
    Jean Dupont
    ```
    """

    code = "N006"
    name = "signatory-mismatch"
    category = "party"
    severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Hit]:
        sig = for_context(ctx)
        if sig is None or not sig.persons:
            return
        kinds = {p.kind for p in sig.parties if p.kind in ("caf", "commune", "epci")}
        named_kinds = {p.party for p in sig.persons}
        signing = signature_persons(ctx.document, sig)
        # Representatives of the parties block whom the signature block does not name.
        absent = [p for p in sig.persons if not any(same_person(s.surname, p.surname) for s in signing)]
        for s in signing:
            same = [p for p in sig.persons if same_person(s.surname, p.surname)]
            if not same:
                # Only when this signatory can stand in for someone the parties block names and the
                # signature block leaves out (same role, or every party's representative named): a
                # parties block that says « représentée par son Maire » names nobody, and a second
                # president may well be another party's.
                if s.role:
                    if not any(p.role == s.role for p in absent):
                        continue
                elif not absent or not kinds <= named_kinds:
                    continue
                names = ", ".join(p.name for p in sig.persons)
                yield Hit(
                    s.block, s.start, s.end,
                    Msg(f"« {s.name} » signe la convention, mais le bloc des parties ne nomme pas cette personne "
                        f"(il nomme : {names})",
                        f"“{s.name}” signs the convention, but the parties block does not name this person "
                        f"(it names: {names})"),
                    expected=names,
                    suggestion=Msg("Accorder le bloc des signatures et le bloc des parties.",
                                   "Make the signature block and the parties block agree."),
                )
                continue
            roles = {p.role for p in same if p.role}
            if s.role and roles and s.role not in roles:
                was = _ROLE_NAMES.get(sorted(roles)[0], (sorted(roles)[0],) * 2)
                now = _ROLE_NAMES.get(s.role, (s.role, s.role))
                yield Hit(
                    s.block, s.start, s.end,
                    Msg(f"« {s.name} » signe comme {now[0]} ; le bloc des parties désigne cette personne comme {was[0]}",
                        f"“{s.name}” signs as {now[1]}; the parties block names them as {was[1]}"),
                    expected=was[0],
                    suggestion=Msg("Accorder les fonctions des signataires.", "Make the signatories' roles agree."),
                )


# --------------------------------------------------------------------------------------------- N007

#: The defined term's head word → the other word that, capitalised in an article, is a stray defined term.
_OTHER_TERM = {
    head: rx.compile(rf"\b[Ll]a\s+{other}\b(?!\s+(?:de|du|des)\b|\s*d['’]|-)")
    for head, other in (("commune", "Ville"), ("ville", "Commune"))
}
_NOT_THE_TERM = rx.compile(r"(?:politique|contrat|h[ôo]tel|quartiers?|renouvellement|projet)\s+de\s+$", re.IGNORECASE)


class DefinedTermMismatch(Rule):
    """Ce qu'elle fait
    Quand le bloc des parties définit la commune par un terme (« Ci-après dénommée
    « la Ville » »), signale dans les articles l'autre terme employé comme nom
    défini (« la Commune » avec une majuscule), et inversement. Les emplois
    ordinaires (« la commune de … », « la politique de la Ville ») ne comptent pas.

    Pourquoi
    Un terme défini désigne une partie ; en employer un autre dans les articles
    laisse un doute sur la partie engagée, et montre souvent un texte recopié.

    Exemple
    ```
    Entre :

    La commune de Wattrelos représentée par son maire, Monsieur Jean DUPONT ;

    Ci-après dénommée « la Ville » ;

    ARTICLE 1 – OBJET

    La Commune s'engage à soutenir les actions du plan.
    ```

    À la place
    ```
    Entre :

    La commune de Wattrelos représentée par son maire, Monsieur Jean DUPONT ;

    Ci-après dénommée « la Ville » ;

    ARTICLE 1 – OBJET

    La Ville s'engage à soutenir les actions du plan.
    ```
    """

    code = "N007"
    name = "defined-term-mismatch"
    category = "party"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Hit]:
        from ctglint.fr import fold

        sig = for_context(ctx)
        if sig is None:
            return
        party = next((p for p in sig.parties if p.kind == "commune" and p.term), None)
        if party is None or party.term is None:
            return
        pattern = _OTHER_TERM.get(fold(party.term.split()[-1]))
        if pattern is None:
            return
        headings = {s.heading for s in ctx.document.sections_of("article")}
        for b in ctx.blocks():
            if not b.section.startswith("article") or b.index in headings:
                continue
            for m in pattern.finditer(b.text):
                if _NOT_THE_TERM.search(b.text, max(0, m.start() - 30), m.start()):
                    continue
                yield Hit(
                    b.index, m.start(), m.end(),
                    Msg(f"« {m.group()} » : le bloc des parties désigne la commune par « {party.term} »",
                        f"“{m.group()}”: the parties block calls the commune “{party.term}”"),
                    expected=party.term,
                    suggestion=Msg(f"Écrire « {party.term} », le terme défini dans le bloc des parties.",
                                   f"Write “{party.term}”, the term the parties block defines."),
                )
