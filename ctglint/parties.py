"""Who signs a convention: the signatory commune, its EPCI, the Caf and the persons who sign.

:func:`signatory` reads the facts from the draft itself (the parties block, the cover, the
signature block), never from a word list: commune names are recognised with
:mod:`ctglint.communes` only in context (« commune de X », « ville de X », « conseil municipal
de X », « Maire de X », « LA COMMUNE DE X »), because many names are ordinary words (Provin,
Hem, Plan, Mons, Y).

The signatory commune is the one with the most mentions in parties + cover + signature;
a tie goes to the parties block, then the cover. Another commune introduced as a party of its
own (« La commune de B, représentée par … ») that the cover or the signature block also names
is a co-signatory. Rules share one computation per document through :func:`for_context`,
which stores it in ``ctx.facts["signatory"]``.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

from ctglint import rx
from ctglint.fr import fold, name_key

if TYPE_CHECKING:
    from ctglint.communes import Commune, Epci
    from ctglint.model import Document
    from ctglint.rule import Context
    from ctglint.templates import Template

__all__ = [
    "FACT_KEY", "Mention", "Party", "Person", "Signatory",
    "caf_department", "commune_at", "context_mentions", "department_name", "for_context", "role_key", "same_person",
    "seat_mentions", "signature_persons", "signatory", "split_name",
]

#: Key of ``Context.facts`` under which :func:`for_context` keeps the signatory of the document.
FACT_KEY = "signatory"

#: Sections whose commune mentions designate the signatory (in order of strength).
SIGNATORY_SECTIONS = ("parties", "cover", "signature")

# « commune de X », « ville d'X », « conseil municipal de la ville de X », « Maire de la Commune D'X »,
# « Mairie de X », « Hôtel de Ville de X », « CCAS de X ». The name starts where the match ends.
_CONTEXT = rx.compile(
    r"\b(?:commune(?:\s+nouvelle|\s+d[ée]l[ée]gu[ée]e)?|ville|municipalit[ée]|conseil\s+municipal|maire|mairie"
    r"|h[ôo]tel\s+de\s+ville|c\.?c\.?a\.?s\.?|centre\s+communal\s+d['’]action\s+sociale)"
    r"(?:\s+de\s+la\s+(?:commune|ville))?"
    r"(?:\s+(?P<art>de|du|des)\s+|\s*\bd['’]\s*)",
    re.IGNORECASE,
)
_FAIT_A = rx.compile(r"\bfait\s+(?:à|a)\s+", re.IGNORECASE)
_ARTICLE_OF = {"du": "Le ", "des": "Les "}
_PROPER_START = rx.compile(r"(?:(?:la|le|les)\s+|l['’]\s*)?[A-ZÀ-Ý]")
_NAME_GOES_ON = rx.compile(r"-[^\W\d_]")

# A party paragraph of the parties block and what kind of party it introduces.
_REPRESENTED = rx.compile(r"\brepr[ée]sent[ée]e?s?\b", re.IGNORECASE)
_PARTY_KINDS = (
    ("caf", rx.compile(r"caisse\s+(?:d['’]\s*|des\s+)allocations|\bcaf\b|\bmsa\b|mutualit[ée]\s+sociale", re.IGNORECASE)),
    ("epci", rx.compile(r"communaut[ée]|m[ée]tropole|agglom[ée]ration|\bc\.?[cau]\.?\b|syndicat|intercommunal"
                        r"|[ée]tablissement\s+public\s+territorial|\bept\b", re.IGNORECASE)),
    ("commune", rx.compile(r"\bcommune\b|\bville\b|\bmairie\b|municipalit|c\.?c\.?a\.?s\b|centre\s+communal", re.IGNORECASE)),
)
_DEFINED = rx.compile(
    r"ci[-\s]*apr[èe]s\s+(?:d[ée]nomm[ée]e?s?|d[ée]sign[ée]e?s?|appel[ée]e?s?|nomm[ée]e?s?)\s*[:,]?\s*"
    r"[«\"“]\s*(?P<term>[^»\"”\n]{1,40}?)\s*[»\"”]",
    re.IGNORECASE,
)
_EPCI_NAME = rx.compile(
    r"^\s*(?:[-•–]\s*)?(?:(?:la|le)\s+|l['’]\s*)?(?P<name>[^,;(\n]+?)\s*(?:,|;|\(|\brepr[ée]sent|\bsis[ea]?\b|\bdont\b|$)",
    re.IGNORECASE,
)
_CAF_NAME = rx.compile(
    r"\b(?:caisse\s+(?:d['’]\s*|des\s+)allocations?\s+familiales|caf)\s+(?:du|de\s+la|de\s+l['’]|des|de|d['’])\s*"
    r"(?P<dept>[^\W\d_][\w'’-]*(?:\s+[\w'’-]+){0,3})",
    re.IGNORECASE,
)

# Persons: « Madame Véronique DELCOURT », « M. Luc GRARD », and the role written before them.
_CIVILITY = r"(?:Madame|Monsieur|Mme|Mlle|MM?\.|Mr\.?)"
_NAME_WORD = r"[A-ZÀ-Ý][\w’'-]*"
_PERSON = rx.compile(rf"\b{_CIVILITY}\s+(?P<name>{_NAME_WORD}(?:[ \u00a0]+{_NAME_WORD}){{0,4}})")
_ROLES = (
    ("vice-president", rx.compile(r"\bvice[-\s]?pr[ée]sident", re.IGNORECASE)),
    ("adjoint", rx.compile(r"\badjoint(?:e)?\b(?!\s+de\s+direction)", re.IGNORECASE)),
    ("president", rx.compile(r"\bpr[ée]sident", re.IGNORECASE)),
    ("directeur", rx.compile(r"\bdirect(?:eur|rice)", re.IGNORECASE)),
    ("maire", rx.compile(r"\bmaire\b", re.IGNORECASE)),
    ("prefet", rx.compile(r"\bpr[ée]f[eè]te?\b", re.IGNORECASE)),
)
_ROLE_ANY = rx.compile("|".join(p.pattern for _, p in _ROLES), re.IGNORECASE)


class Mention(NamedTuple):
    """A commune named in context: ``text`` is ``doc.blocks[block].text[start:end]``."""

    commune: "Commune"
    text: str
    block: int
    start: int
    end: int
    section: str
    #: ``"context"`` (« commune de X »…), ``"seat"`` (« Fait à X »), ``"slot"`` (a {{commune}} slot).
    how: str = "context"


class Person(NamedTuple):
    """A person of the parties block (or of the signature block)."""

    name: str
    surname: str
    role: str | None  # role_key(): "maire", "president", "directeur", …
    party: str  # "caf" | "commune" | "epci" | "other" | "" (signature block)
    block: int
    start: int
    end: int


class Party(NamedTuple):
    """One party paragraph of the parties block (« La commune de X, représentée par … »)."""

    kind: str  # "caf" | "commune" | "epci" | "other"
    block: int
    #: The party's name as written (« Métropole Européenne de Lille ») and its span.
    name: str
    start: int
    end: int
    #: Its defined term (« la Commune ») and where that is written, if any.
    term: str | None = None
    term_at: tuple[int, int, int] | None = None


class Signatory(NamedTuple):
    """The signatory facts of a draft."""

    #: The signatory commune (None when only an EPCI signs, or none could be recognised).
    commune: "Commune | None"
    #: Its name as written where it was found, and where: block, start, end, section.
    name: str
    block: int
    start: int
    end: int
    source: str
    #: Other communes that sign as parties of their own.
    others: tuple["Commune", ...] = ()
    #: The EPCI named as a party, its name as written and where.
    epci: "Epci | None" = None
    epci_name: str | None = None
    epci_at: tuple[int, int, int] | None = None
    #: The mayor as the parties block names him or her.
    mayor: str | None = None
    #: The Caf as named in the draft (« Caisse d'allocations familiales du Nord ») and its department.
    caf: str | None = None
    caf_department: str | None = None
    #: The department the commune should be in: the Caf's, else the template's.
    department: str | None = None
    parties: tuple[Party, ...] = ()
    persons: tuple[Person, ...] = ()
    #: Commune mentions of parties + cover + signature (all communes, not only the signatory).
    mentions: tuple[Mention, ...] = ()

    @property
    def communes(self) -> tuple["Commune", ...]:
        return ((self.commune,) if self.commune else ()) + self.others

    def is_own(self, commune: "Commune") -> bool:
        """Whether ``commune`` is the signatory (or a co-signatory), whatever the spelling."""
        from ctglint.communes import match_key

        for own in self.communes:
            if (commune.code == own.code or commune.parent == own.code or own.parent == commune.code
                    or match_key(commune.name) == match_key(own.name)):
                return True
        if self.commune is None and self.epci is not None:
            return (commune.parent or commune.code) in self.epci.members
        return False

    def party_at(self, block: int) -> Party | None:
        for p in self.parties:
            if p.block == block:
                return p
        return None


# --------------------------------------------------------------------------------------------- names

def commune_at(text: str, pos: int, department: str | None = None, article: str | None = None,
               proper: bool = True) -> tuple["Commune", int] | None:
    """The commune named in ``text`` from ``pos`` and the offset where its name ends.

    ``article`` is « du » or « des » when the name follows one (« Maire du Touquet-Paris-Plage »:
    the name is « Le Touquet-Paris-Plage »). ``proper``: the name must start with a capital
    (« commune de résidence » is no name). Among homonyms, those of ``department`` first; a name
    that goes on with a hyphen (« Provin-les-Bains ») is no known commune.
    """
    from ctglint.communes import longest_commune_at

    if proper and not _PROPER_START.match(text, pos):
        return None
    prefix = _ARTICLE_OF.get((article or "").lower(), "")
    probe = prefix + text[pos:pos + 120] if prefix else text
    at = 0 if prefix else pos
    best = None
    for dept in ((department, None) if department else (None,)):
        found = longest_commune_at(probe, at, dept)
        if found and (best is None or found[1] > best[1]):
            best = found
    if best is None and prefix:
        return commune_at(text, pos, department, None, proper)
    if best is None:
        return None
    commune, end = best
    end = end - len(prefix) + pos if prefix else end
    if _NAME_GOES_ON.match(text, end) or end <= pos:
        return None
    return commune, end


def context_mentions(doc: "Document", blocks, department: str | None = None) -> list[Mention]:
    """Communes named in context (« commune de X », « Maire de X »…) in ``blocks``."""
    out: list[Mention] = []
    for b in blocks:
        text = b.text
        for m in _CONTEXT.finditer(text):
            found = commune_at(text, m.end(), department, m.group("art"))
            if found:
                commune, end = found
                out.append(Mention(commune, text[m.end():end], b.index, m.end(), end, b.section, "context"))
    return out


def seat_mentions(blocks, department: str | None = None) -> list[Mention]:
    """Communes where the convention says it is signed (« Fait à Lille »)."""
    out = []
    for b in blocks:
        for m in _FAIT_A.finditer(b.text):
            found = commune_at(b.text, m.end(), department)
            if found:
                commune, end = found
                out.append(Mention(commune, b.text[m.end():end], b.index, m.end(), end, b.section, "seat"))
    return out


# --------------------------------------------------------------------------------------------- Caf

_DEPARTMENTS = {
    "01": "Ain", "02": "Aisne", "03": "Allier", "04": "Alpes-de-Haute-Provence", "05": "Hautes-Alpes",
    "06": "Alpes-Maritimes", "07": "Ardèche", "08": "Ardennes", "09": "Ariège", "10": "Aube", "11": "Aude",
    "12": "Aveyron", "13": "Bouches-du-Rhône", "14": "Calvados", "15": "Cantal", "16": "Charente",
    "17": "Charente-Maritime", "18": "Cher", "19": "Corrèze", "2A": "Corse-du-Sud", "2B": "Haute-Corse",
    "21": "Côte-d'Or", "22": "Côtes-d'Armor", "23": "Creuse", "24": "Dordogne", "25": "Doubs", "26": "Drôme",
    "27": "Eure", "28": "Eure-et-Loir", "29": "Finistère", "30": "Gard", "31": "Haute-Garonne", "32": "Gers",
    "33": "Gironde", "34": "Hérault", "35": "Ille-et-Vilaine", "36": "Indre", "37": "Indre-et-Loire",
    "38": "Isère", "39": "Jura", "40": "Landes", "41": "Loir-et-Cher", "42": "Loire", "43": "Haute-Loire",
    "44": "Loire-Atlantique", "45": "Loiret", "46": "Lot", "47": "Lot-et-Garonne", "48": "Lozère",
    "49": "Maine-et-Loire", "50": "Manche", "51": "Marne", "52": "Haute-Marne", "53": "Mayenne",
    "54": "Meurthe-et-Moselle", "55": "Meuse", "56": "Morbihan", "57": "Moselle", "58": "Nièvre", "59": "Nord",
    "60": "Oise", "61": "Orne", "62": "Pas-de-Calais", "63": "Puy-de-Dôme", "64": "Pyrénées-Atlantiques",
    "65": "Hautes-Pyrénées", "66": "Pyrénées-Orientales", "67": "Bas-Rhin", "68": "Haut-Rhin", "69": "Rhône",
    "70": "Haute-Saône", "71": "Saône-et-Loire", "72": "Sarthe", "73": "Savoie", "74": "Haute-Savoie",
    "75": "Paris", "76": "Seine-Maritime", "77": "Seine-et-Marne", "78": "Yvelines", "79": "Deux-Sèvres",
    "80": "Somme", "81": "Tarn", "82": "Tarn-et-Garonne", "83": "Var", "84": "Vaucluse", "85": "Vendée",
    "86": "Vienne", "87": "Haute-Vienne", "88": "Vosges", "89": "Yonne", "90": "Territoire de Belfort",
    "91": "Essonne", "92": "Hauts-de-Seine", "93": "Seine-Saint-Denis", "94": "Val-de-Marne", "95": "Val-d'Oise",
    "971": "Guadeloupe", "972": "Martinique", "973": "Guyane", "974": "La Réunion", "976": "Mayotte",
}
#: Department name key → code; plus the names of the Cafs that are not named after their department.
_DEPARTMENT_KEYS = {name_key(v): k for k, v in _DEPARTMENTS.items()} | {
    "reunion": "974", "corse": "2A", "belfort": "90", "pays basque": "64", "bearn": "64", "bearn et de la soule": "64",
}


def department_name(code: str) -> str:
    """« Nord » for ``"59"``; the code itself when unknown."""
    return _DEPARTMENTS.get(code, code)


def caf_department(text: str) -> tuple[str, int, int, str] | None:
    """The first Caf named in ``text`` (« Caf du Nord », « Caisse d'allocations familiales de
    la Somme ») with a department name: (department code, start, end, the Caf's name as written)."""
    for m in _CAF_NAME.finditer(text):
        words = m.group("dept").split()
        for n in range(len(words), 0, -1):
            code = _DEPARTMENT_KEYS.get(name_key(" ".join(words[:n])))
            if code:
                end = text.index(words[n - 1], m.start("dept")) + len(words[n - 1])
                return code, m.start(), end, text[m.start():end]
    return None


# --------------------------------------------------------------------------------------------- persons

def role_key(text: str) -> str | None:
    """The last role named in ``text`` (« la Présidente de son Conseil d'Administration » → ``president``)."""
    last = None
    for m in _ROLE_ANY.finditer(text):
        last = m
    if last is None:
        return None
    for key, pattern in _ROLES:
        if pattern.match(text, last.start()):
            return key
    return None


def split_name(name: str) -> tuple[str, str]:
    """(given names, surname): the surname is the words in capitals, else the last word."""
    words = name.split()
    caps = [w for w in words if sum(c.isalpha() for c in w) >= 2 and w.upper() == w]
    if caps:
        return " ".join(w for w in words if w not in caps), " ".join(caps)
    return " ".join(words[:-1]), words[-1] if words else ""


def same_person(a: str, b: str) -> bool:
    """Whether two surnames are one person's: case, accents and hyphens do not matter, and a
    part of a double name is enough (« MATHON » for « MATHON-DEBETENCOURT »)."""
    ka, kb = name_key(a), name_key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    wa, wb = set(ka.split()), set(kb.split())
    return any(len(w) >= 4 for w in wa & wb)


_NAME_STOP = rx.compile(r"[\s,;.]+(?:et|dûment|du|de|des|la|le|en|par|agissant|ci)\b.*$", re.DOTALL)
_NOT_A_PERSON = frozenset("le la les l maire president presidente directeur directrice adjoint adjointe".split())
# Where the clause naming one representative starts: « par son … », « par la … », « et … », « ; ».
_CLAUSE_START = rx.compile(r"\bpar\s+(?:son|sa|ses|leur|le|la|les|l['’])|\bet\b|;", re.IGNORECASE)
_CLAUSE_END = rx.compile(r"\bet\b|\bpar\b|;|\bd[ûu]ment\b", re.IGNORECASE)


def _role_around(text: str, before_start: int, name_start: int, name_end: int) -> str | None:
    """The role of the person named at ``name_start``: written in the clause before the civility
    (« et par sa Directrice par intérim, Madame … »), else right after the name (« M. X, Maire, »)."""
    window = text[before_start:name_start]
    starts = list(_CLAUSE_START.finditer(window))
    role = role_key(window[starts[-1].start():] if starts else window)
    if role:
        return role
    end = _CLAUSE_END.search(text, name_end)
    return role_key(text[name_end:end.start() if end else len(text)])


def _persons(text: str, block: int, party: str) -> list[Person]:
    out = []
    prev = 0
    for m in _PERSON.finditer(text):
        name = _clean_name(m.group("name"))
        if name is None:
            continue
        _, surname = split_name(name)
        start = m.start("name")
        role = _role_around(text, prev, m.start(), start + len(name))
        out.append(Person(name, surname, role, party, block, start, start + len(name)))
        prev = start + len(name)
    return out


# --------------------------------------------------------------------------------------------- parties

def _party_kind(text: str) -> str:
    head = _REPRESENTED.split(text, 1)[0]
    best, kind = len(head) + 1, "other"
    for k, pattern in _PARTY_KINDS:
        m = pattern.search(head)
        if m and m.start() < best:
            best, kind = m.start(), k
    return kind


def _parties(doc: "Document") -> list[Party]:
    out: list[Party] = []
    for s in doc.sections_of("parties"):
        for i in s.blocks:
            b = doc.blocks[i]
            if not b.is_content:
                continue
            if _REPRESENTED.search(b.text):
                m = _EPCI_NAME.match(b.text)
                name, start, end = (m.group("name"), m.start("name"), m.end("name")) if m else ("", 0, 0)
                out.append(Party(_party_kind(b.text), i, name, start, end))
            for d in _DEFINED.finditer(b.text):
                if out and out[-1].term is None:
                    last = out[-1]
                    out[-1] = Party(last.kind, last.block, last.name, last.start, last.end,
                                    d.group("term"), (i, d.start("term"), d.end("term")))
    return out


def _epci_of(party: Party, commune: "Commune | None") -> "Epci | None":
    from ctglint.communes import find_epci

    words = party.name.split()
    for n in range(len(words), 1, -1):
        found = find_epci(" ".join(words[:n]))
        if found:
            if commune is not None:
                for e in found:
                    if (commune.parent or commune.code) in e.members:
                        return e
            return found[0]
    return None


def signatory(doc: "Document", template: "Template | None" = None) -> Signatory | None:
    """The signatory facts of ``doc``; None when no signatory commune or EPCI can be recognised."""
    caf = None
    caf_dept = None
    for label in ("parties", "cover"):
        for s in doc.sections_of(label):
            for i in s.blocks:
                found = caf_department(doc.blocks[i].text)
                if found:
                    caf_dept, _, _, caf = found
                    break
            if caf:
                break
        if caf:
            break
    department = caf_dept or (template.department if template is not None and template.department else None)

    parties = _parties(doc)
    foreign_party_blocks = {p.block for p in parties if p.kind in ("caf", "epci")}
    order = {label: n for n, label in enumerate(SIGNATORY_SECTIONS)}
    blocks = [b for b in doc.blocks if b.is_content and b.part == "body" and b.section in order]
    mentions = [m for m in context_mentions(doc, blocks, department) if m.block not in foreign_party_blocks]

    votes: dict[str, list[Mention]] = {}
    for m in mentions:
        votes.setdefault(m.commune.code, []).append(m)

    def strength(code: str) -> tuple:
        ms = votes[code]
        first = min(ms, key=lambda m: (order[m.section], m.block, m.start))
        return (-len(ms), order[first.section], first.block, first.start)

    commune = None
    first: Mention | None = None
    if votes:
        code = min(votes, key=strength)
        commune = votes[code][0].commune
        first = min(votes[code], key=lambda m: (order[m.section], m.block, m.start))

    # A commune introduced as a party of its own (its name before « représentée ») is a co-signatory
    # when the cover or the signature block names it too, or when several communes are parties.
    named_parties = {p.block: p.end for p in parties if p.kind == "commune"}
    party_communes = {m.commune.code for m in mentions if named_parties.get(m.block, -1) >= m.start}
    others = []
    for code, ms in votes.items():
        if commune is not None and code != commune.code and code in party_communes:
            if len(party_communes) > 1 or any(m.section in ("cover", "signature") for m in ms):
                others.append(ms[0].commune)

    epci = epci_name = epci_at = None
    for p in parties:
        if p.kind == "epci" and p.name:
            epci = _epci_of(p, commune)
            epci_name, epci_at = p.name, (p.block, p.start, p.end)
            break

    if commune is None and epci is None:
        return None

    persons: list[Person] = []
    for p in parties:
        persons.extend(_persons(doc.blocks[p.block].text, p.block, p.kind))
    mayor = next((p.name for p in persons if p.party == "commune" and p.role == "maire"), None)

    if first is not None:
        name, block, start, end, source = first.text, first.block, first.start, first.end, first.section
    else:
        name, (block, start, end), source = epci_name or "", epci_at or (0, 0, 0), "parties"
    return Signatory(
        commune=commune, name=name, block=block, start=start, end=end, source=source,
        others=tuple(others), epci=epci, epci_name=epci_name, epci_at=epci_at, mayor=mayor,
        caf=caf, caf_department=caf_dept, department=department,
        parties=tuple(parties), persons=tuple(persons), mentions=tuple(mentions),
    )


# --------------------------------------------------------------------------------------------- signatures

_CAP_WORD = rx.compile(r"[A-ZÀ-Ý][\w’'-]*$")
#: Words that are no part of a signatory's name (folded): roles, bodies, articles.
_NOT_A_NAME = frozenset(
    "caf caisse commune ville collectivite collectivites mairie maire president presidente directeur directrice "
    "general generale conseil administration departement metropole communaute agglomeration syndicat le la les "
    "l de du des d pour et fait annexe convention signature signataire signataires msa etat prefet prefete ccas "
    "adjoint adjointe delegue deleguee vice interim nord sud est ouest territoriale globale ctg cachet "
    "lu approuve madame monsieur mme m".split()
)
_NAME_MAX_WORDS = 5
_COMPLEMENT = ("de", "du", "des", "d'", "d’")


def _clean_name(raw: str) -> str | None:
    """A civility's name without what follows it (« Jean DUPONT, Maire, et … » → « Jean DUPONT »);
    None for « Madame La Présidente »."""
    name = _NAME_STOP.sub("", raw).strip(" ,;")
    return name if name and name_key(name).split()[0] not in _NOT_A_PERSON else None


def _name_words_ok(ws: list[str]) -> bool:
    return bool(ws) and all(_CAP_WORD.match(w) and fold(w).strip(".,'’") not in _NOT_A_NAME for w in ws)


def _has_caps(ws: list[str]) -> bool:
    return any(sum(ch.isalpha() for ch in w) >= 2 and w.upper() == w for w in ws)


def _line_person(line: str, role_before: str | None) -> tuple[str, int, str | None] | None:
    """A person named on one signature line: (name, offset in the line, role)."""
    m = _PERSON.search(line)
    if m:
        name = _clean_name(m.group("name"))
        return (name, m.start("name"), role_key(line[:m.start()]) or role_before) if name else None
    text = line.rstrip(" ,;.\t")
    ws = text.split()
    if not ws:
        return None
    role = role_key(text)
    if role:
        # « Le directeur général Luc Grard », « Le Maire Charles-Alexandre PROKOPOWICZ »: the name ends the line.
        tail: list[str] = []
        for w in reversed(ws[-_NAME_MAX_WORDS:]):
            if not _name_words_ok([w]):
                break
            tail.insert(0, w)
        if not tail or tail[0][:2].lower() in ("d'", "d’", "l'", "l’") or (len(tail) == 1 and not _has_caps(tail)):
            return None
        before = ws[-len(tail) - 1] if len(ws) > len(tail) else ""
        # After a role or a lower-case word (« général »), not after « de » or a capitalised noun
        # (« … de la Commune D'ARMENTIERES » names a commune, not a signatory).
        if before and (before in _COMPLEMENT or not before[0].islower()) and not role_key(before):
            return None
        name = " ".join(tail)
        return name, line.rfind(name), role
    if 2 <= len(ws) <= _NAME_MAX_WORDS and _name_words_ok(ws) and (_has_caps(ws) or role_before):
        return text.strip(), line.index(ws[0]), role_before
    return None


def signature_persons(doc: "Document", sig: Signatory) -> list[Person]:
    """Persons named in the signature block, with the role written beside or above them
    (« Le Maire Charles-Alexandre PROKOPOWICZ »; « La Directrice, » over « Audrey MATHON »)."""
    blocks = [b for b in doc.blocks if b.section == "signature" and b.is_content and b.part == "body"]
    cells = {b.cell: b for b in blocks if b.cell is not None}
    out: list[Person] = []
    for b in blocks:
        offset = 0
        previous_role = None
        if b.cell is not None:
            above = cells.get((b.cell[0], b.cell[1] - 1, b.cell[2]))
            previous_role = role_key(above.text) if above is not None else None
        for line in b.text.split("\n"):
            found = _line_person(line, previous_role)
            if found:
                name, at, role = found
                if not _is_commune_name(name, sig):
                    _, surname = split_name(name)
                    out.append(Person(name, surname, role, "", b.index, offset + at, offset + at + len(name)))
            previous_role = role_key(line) or previous_role
            offset += len(line) + 1
    return out


def _is_commune_name(name: str, sig: Signatory) -> bool:
    found = commune_at(name, 0, sig.department, proper=False)
    return found is not None and found[1] >= len(name.rstrip())


def for_context(ctx: "Context") -> Signatory | None:
    """:func:`signatory` of the context's document, computed once per run and kept in ``ctx.facts``."""
    if FACT_KEY not in ctx.facts:
        ctx.facts[FACT_KEY] = signatory(ctx.document, ctx.template)
    return ctx.facts[FACT_KEY]
