"""Tests for ctglint.fr and ctglint.frdates: dates, periods, legal-text dates, comparison
tokens and French numbers. Phrases are copied from the seed conventions (Armentières 2023-2026,
Lys-lez-Lannoy 2021-2023)."""
from __future__ import annotations

import datetime as dt
import time

import pytest

from ctglint import fr, frdates
from ctglint.fr import (
    fold, find_dates, find_month_years, find_periods, is_legal_reference, legal_reference_kind,
    name_key, normalize_for_compare, ordinal_article, parse_french_int, tokens_equal, word_tokens,
)

D = dt.date

# --------------------------------------------------------------------------- dates

DATES = [
    # (text, [(raw, day, month, year, valid)])
    ("Vu l'arrêté du 3 octobre 2001 relatif à l'action sociale",
     [("3 octobre 2001", 3, 10, 2001, True)]),
    ("la loi n° 78-17 du 6 janvier 1978 modifiée", [("6 janvier 1978", 6, 1, 1978, True)]),
    ("la loi n° 78-17 du 6 Janvier 1978 modifiée", [("6 Janvier 1978", 6, 1, 1978, True)]),
    ("Fait à Lille\nLe 18/01/2023\n", [("18/01/2023", 18, 1, 2023, True)]),
    ("- Conseil Municipal, en date du 09/02/2023 figurant", [("09/02/2023", 9, 2, 2023, True)]),
    ("Envoyé en préfecture le 14/02/2023", [("14/02/2023", 14, 2, 2023, True)]),
    ("le 18-01-2023.", [("18-01-2023", 18, 1, 2023, True)]),
    ("le 18.01.2023.", [("18.01.2023", 18, 1, 2023, True)]),
    ("signé le 1/1/23", [("1/1/23", 1, 1, 2023, True)]),
    ("au 1er janvier 2023", [("1er janvier 2023", 1, 1, 2023, True)]),
    ("AU 1ER JANVIER 2023", [("1ER JANVIER 2023", 1, 1, 2023, True)]),
    ("au 1ᵉʳ janvier 2023", [("1ᵉʳ janvier 2023", 1, 1, 2023, True)]),
    ("le premier janvier 2023", [("premier janvier 2023", 1, 1, 2023, True)]),
    ("jusqu'au 31 décembre 2026", [("31 décembre 2026", 31, 12, 2026, True)]),
    ("JUSQU'AU 31 DÉCEMBRE 2026", [("31 DÉCEMBRE 2026", 31, 12, 2026, True)]),
    ("jusqu'au 31 decembre 2026", [("31 decembre 2026", 31, 12, 2026, True)]),
    ("le 15 fevrier 2022", [("15 fevrier 2022", 15, 2, 2022, True)]),
    ("le 15 AOUT 2022 et le 16 août 2022", [("15 AOUT 2022", 15, 8, 2022, True),
                                             ("16 août 2022", 16, 8, 2022, True)]),
    ("le 3 févr. 2023", [("3 févr. 2023", 3, 2, 2023, True)]),
    ("le 3 fe\u0301vrier 2023", [("3 fe\u0301vrier 2023", 3, 2, 2023, True)]),  # NFD accents
    ("le 31\u00a0décembre\u202f2026", [("31\u00a0décembre\u202f2026", 31, 12, 2026, True)]),
    ("conclue à compter **du 01/01/2023 jusqu'au 31 décembre 2026**.",
     [("01/01/2023", 1, 1, 2023, True), ("31 décembre 2026", 31, 12, 2026, True)]),
    ("le 30 février 2024", [("30 février 2024", 30, 2, 2024, False)]),
    ("le 31/02/2024", [("31/02/2024", 31, 2, 2024, False)]),
    ("le 29/02/2023", [("29/02/2023", 29, 2, 2023, False)]),
    ("le 29 février 2024", [("29 février 2024", 29, 2, 2024, True)]),
    ("le 12/15/2023", [("12/15/2023", 12, 15, 2023, False)]),  # month/day order: flagged
    # no date at all
    ("ID : 059-215900176-20230209-DE23027-DE", []),
    ("Maison de la Petite Enfance 201/203 rue Paul Bert 59390 Lys Lez Lannoy", []),
    ("Tél. : 03 20 12 34 56 ou 03.20.12.34.56 ou 03/20/12/34/56", []),
    ("un budget de 1 428 395.63€ en 2023", []),
    ("en N-1 (Charge à payer)", []),
    ("2023 – 2026", []),
    ("Vu les articles L. 263-1, L. 223-1, et L. 227-1 à 3 du Code de la Sécurité Sociale ;", []),
    ("- ➔ ALSH en juillet (3 à 17 ans)", []),
    ("les domaines suivants : 12 mois", []),
    ("signé le 1-1-23 ou 1.1.23", []),  # two-digit years only with « / »
    ("réf. 12-03-2020-45 et 2023-31/12/2026", []),
    ("dossier 05/11/2020/7", []),
    ("Le 32/13/23", []),
]


@pytest.mark.parametrize("text,expected", DATES)
def test_find_dates(text, expected):
    found = find_dates(text)
    assert [(d.raw, d.day, d.month, d.year, d.valid) for d in found] == expected
    for d in found:
        assert text[d.start:d.end] == d.raw
        assert (d.date is not None) == d.valid
        if d.valid:
            assert d.date == D(d.year, d.month, d.day)


def test_date_match_is_frozen():
    d = find_dates("Le 18/01/2023")[0]
    with pytest.raises(AttributeError):
        d.year = 2024  # type: ignore[misc]


MONTH_YEARS = [
    ("ALSH en janvier 2023", [("janvier 2023", 1, 2023)]),
    ("EN AOUT 2022 puis en août 2023", [("AOUT 2022", 8, 2022), ("août 2023", 8, 2023)]),
    ("au 1er janvier 2023", []),  # the tail of a full date is not repeated
    ("- ➔ ALSH en juillet (3 à 17 ans)", []),
    ("en mai 1500", []),
]


@pytest.mark.parametrize("text,expected", MONTH_YEARS)
def test_find_month_years(text, expected):
    found = find_month_years(text)
    assert [(d.raw, d.month, d.year) for d in found] == expected
    assert all(d.day is None and d.date is None and d.valid for d in found)


# --------------------------------------------------------------------------- periods

PERIODS = [
    # (text, [(raw, first_year, last_year, start_date, end_date)])
    ("LA COMMUNE D'ARMENTIERES\n\n2023 – 2026\n", [("2023 – 2026", 2023, 2026, None, None)]),
    ("CTG 2023-2026", [("2023-2026", 2023, 2026, None, None)]),
    ("Calendrier prévisionnel\t2021/2023", [("2021/2023", 2021, 2023, None, None)]),
    ("l'animation de la vie sociale pour la période 2020-2022.",
     [("2020-2022", 2020, 2022, None, None)]),
    ("de 2021 à 2023", [("de 2021 à 2023", 2021, 2023, None, None)]),
    ("entre 2021 et 2023", [("entre 2021 et 2023", 2021, 2023, None, None)]),
    ("les années 2022 et 2023", []),
    # the seed has markdown bold; ingest removes it, but both must work
    ("La présente convention est conclue à compter **du 01/01/2023 jusqu'au 31 décembre 2026**.",
     [("à compter **du 01/01/2023 jusqu'au 31 décembre 2026", 2023, 2026, D(2023, 1, 1),
       D(2026, 12, 31))]),
    ("La présente convention est conclue à compter du 01/01/2023 jusqu'au 31 décembre 2026.",
     [("à compter du 01/01/2023 jusqu'au 31 décembre 2026", 2023, 2026, D(2023, 1, 1),
       D(2026, 12, 31))]),
    ("La convention est conclue du 01/01/2023 jusqu'au 31 décembre 2026.",
     [("du 01/01/2023 jusqu'au 31 décembre 2026", 2023, 2026, D(2023, 1, 1), D(2026, 12, 31))]),
    ("La présente convention est conclue à compter du 01/01/2021 au 31/12/2023",
     [("à compter du 01/01/2021 au 31/12/2023", 2021, 2023, D(2021, 1, 1), D(2023, 12, 31))]),
    ("conclue du **01/01/2021** au **31/12/2023**",
     [("du **01/01/2021** au **31/12/2023", 2021, 2023, D(2021, 1, 1), D(2023, 12, 31))]),
    ("entre le 1er janvier 2021 et le 31 décembre 2023",
     [("entre le 1er janvier 2021 et le 31 décembre 2023", 2021, 2023, D(2021, 1, 1),
       D(2023, 12, 31))]),
    ("de janvier 2021 à décembre 2023",
     [("de janvier 2021 à décembre 2023", 2021, 2023, D(2021, 1, 1), D(2023, 12, 31))]),
    ("période : 01/01/2023 – 31/12/2026",
     [("01/01/2023 – 31/12/2026", 2023, 2026, D(2023, 1, 1), D(2026, 12, 31))]),
    ("période : 01/01/2023–31/12/2026",
     [("01/01/2023–31/12/2026", 2023, 2026, D(2023, 1, 1), D(2026, 12, 31))]),
    ("période : 01/01/2023-31/12/2026",
     [("01/01/2023-31/12/2026", 2023, 2026, D(2023, 1, 1), D(2026, 12, 31))]),
    ("période : 01.01.2023-31.12.2026",
     [("01.01.2023-31.12.2026", 2023, 2026, D(2023, 1, 1), D(2026, 12, 31))]),
    ("du 01/01/2023 au 31/02/2026",
     [("du 01/01/2023 au 31/02/2026", 2023, 2026, D(2023, 1, 1), None)]),
    # returned as written: an end before the start is a rule's business
    ("CTG 2026-2023", [("2026-2023", 2026, 2023, None, None)]),
    ("du 31/12/2026 au 01/01/2023",
     [("du 31/12/2026 au 01/01/2023", 2026, 2023, D(2026, 12, 31), D(2023, 1, 1))]),
    # not periods
    ("ANNEXE 6– PLAN D’ACTION ET FICHES ACTIONS 20XX-20XX", []),
    ("PLAN D'ACTIONS 2021-20XX", []),
    ("le montant de référence est celui comptabilisé en N-1.", []),
    ("ID : 059-215900176-20230209-DE23027-DE", []),
    ("\t\t2021\t2022\t2023", []),
    ("Le 18/01/2023\n\nEn date du 09/02/2023", []),
    ("du 01/01/2023 au siège de la Caf", []),
    ("pour 1980-2026", []),  # 1980 is not a plausible CTG year
    ("un coût de 2000-2050 €", []),
    ("de 2000 à 2050 habitants", []),
    ("201/203 rue Paul Bert", []),
]


@pytest.mark.parametrize("text,expected", PERIODS)
def test_find_periods(text, expected):
    found = find_periods(text)
    assert [(p.raw, p.first_year, p.last_year, p.start_date, p.end_date) for p in found] == expected
    for p in found:
        assert text[p.start:p.end] == p.raw


# --------------------------------------------------------------------------- legal-text dates

LEGAL = [
    # (text, raw of the date to test, expected kind)
    ("Vu l'arrêté du 3 octobre 2001 relatif à l'action sociale des Caisses", "3 octobre 2001",
     "legal-text"),
    ("la loi n° 78-17 du 6 janvier 1978 modifiée relative à l'informatique", "6 janvier 1978",
     "legal-text"),
    ("conformément au décret du 12 mars 2020", "12 mars 2020", "legal-text"),
    ("l'ordonnance n° 2020-1234 du 7 octobre 2020", "7 octobre 2020", "legal-text"),
    ("la circulaire Cnaf n° 2022-150 du 15 juin 2022", "15 juin 2022", "legal-text"),
    ("le règlement (UE) 2016/679 du 27 avril 2016", "27 avril 2016", "legal-text"),
    ("le Code de la sécurité sociale, dans sa version en vigueur au 1er janvier 2023",
     "1er janvier 2023", "code"),
    ("Vu la délibération du conseil d'administration de la Caf du Nord en date du 17 janvier 2019 "
     "concernant le Contrat pluriannuel", "17 janvier 2019", "deliberation"),
    ("Vu la délibération du conseil d'administration de la Caf du Nord, en date du "
     "17 janvier 2019,",
     "17 janvier 2019", "deliberation"),
    ("Vu la délibération du\n\n- Conseil Municipal, en date du 09/02/2023 figurant en annexe 3",
     "09/02/2023", "deliberation"),
    ("Vu la délibération du conseil municipal de la ville de PROVIN en date du 05/11/2020 figurant",
     "05/11/2020", "deliberation"),
    ("usagers des services.\n\nANNEXE 3 – DECISION DU CONSEIL MUNICIPAL\n\nEn date du 09/02/2023",
     "09/02/2023", "deliberation"),
    ("le conseil municipal lors de sa séance du 09/02/2023", "09/02/2023", "deliberation"),
    ("Vu la délibération du C.A. du 17 janvier 2019", "17 janvier 2019", "deliberation"),
    ("Vu l'article L. 263-1 du Code, modifié par la loi du 3 janvier 2001", "3 janvier 2001",
     "legal-text"),
    ("Vu l'arrêté du 3 octobre 2001. La convention prend effet le 01/01/2023", "01/01/2023", None),
    ("Vu la convention d'objectifs signée le 12/03/2019 ;", "12/03/2019", "visa"),
    # the convention's own dates and stamps are not legal references
    ("La présente convention est conclue à compter du 01/01/2023 jusqu'au 31 décembre 2026.",
     "01/01/2023", None),
    ("La présente convention est conclue à compter du 01/01/2023 jusqu'au 31 décembre 2026.",
     "31 décembre 2026", None),
    ("du Règlement général sur la Protection des données.\n\nFait à Lille\nLe 18/01/2023",
     "18/01/2023", None),
    ("Envoyé en préfecture le 14/02/2023\n\nReçu en préfecture le 14/02/2023", "14/02/2023", None),
    ("Par délibération du conseil municipal, la convention prend effet à compter du 01/01/2023",
     "01/01/2023", None),
    ("Vu l'arrêté du 3 octobre 2001 relatif à l'action sociale ;\n\nLa présente convention est "
     "conclue à compter du 01/01/2023", "01/01/2023", None),
    ("Il est convenu et arrêté ce qui suit : la convention prend effet le 01/01/2023",
     "01/01/2023", None),
    ("figurant en annexe 3 de la présente convention.\n\nPréambule\n\nLa Ctg est conclue du "
     "01/01/2021 au 31/12/2023", "01/01/2021", None),
]


@pytest.mark.parametrize("text,raw,kind", LEGAL)
def test_legal_reference(text, raw, kind):
    start = text.rindex(raw) if raw == "14/02/2023" else text.index(raw)
    assert legal_reference_kind(text, start) == kind
    assert is_legal_reference(text, start) is (kind is not None)


def test_legal_triggers_are_data():
    assert all(isinstance(kind, str) and isinstance(rx, str) for kind, rx in frdates.LEGAL_TRIGGERS)
    assert is_legal_reference.__doc__ and "LEGAL_TRIGGERS" in is_legal_reference.__doc__


SEED_EXCERPT = """Vu le Code général des collectivités territoriales ;

Vu l'arrêté du 3 octobre 2001 relatif à l'action sociale des Caisses d'allocations familiales (Caf) ;

Vu la délibération du conseil d'administration de la Caf du Nord en date du 17 janvier 2019 concernant le Contrat pluriannuel d'objectifs et de gestion (Cpog) ;

Vu la délibération du

- Conseil Municipal, en date du 09/02/2023 figurant en annexe 3 de la présente convention ;

Il est convenu et arrêté ce qui suit :

La présente convention est conclue à compter **du 01/01/2023 jusqu'au 31 décembre 2026**.

Fait à Lille
Le 18/01/2023

pour la période 2020-2022.

Envoyé en préfecture le 14/02/2023

ID : 059-215900176-20230209-DE23027-DE
"""


def test_seed_excerpt_end_to_end():
    text = SEED_EXCERPT
    got = [(d.raw, legal_reference_kind(text, d.start)) for d in find_dates(text)]
    assert got == [
        ("3 octobre 2001", "legal-text"),
        ("17 janvier 2019", "deliberation"),
        ("09/02/2023", "deliberation"),
        ("01/01/2023", None),
        ("31 décembre 2026", None),
        ("18/01/2023", None),
        ("14/02/2023", None),
    ]
    assert [p.raw for p in find_periods(text)] == [
        "à compter **du 01/01/2023 jusqu'au 31 décembre 2026", "2020-2022"]
    plain = text.replace("**", "")
    assert [p.raw for p in find_periods(plain)] == [
        "à compter du 01/01/2023 jusqu'au 31 décembre 2026", "2020-2022"]
    assert [d.raw for d in find_dates(plain)] == [d.raw for d in find_dates(text)]


# --------------------------------------------------------------------------- comparison

SAME = [
    ("Ci-après dénommée « la Caf » ;", 'Ci-après dénommée "la Caf";'),
    ("Ci-après dénommée “la Caf” ;", "Ci-après dénommée « la Caf »;"),
    ("l’action sociale", "l'action sociale"),
    ("l‘action sociale", "l`action sociale"),
    ("l´action", "l'action"),
    ("La Ctg couvre", "LA CTG couvre"),
    ("ARTICLE 10 – DUREE DE LA CONVENTION", "Article 10 - Durée de la convention"),
    ("ANNEXE 2– MODALITES DE PILOTAGE", "ANNEXE 2 – MODALITÉS DE PILOTAGE"),
    ("2023 – 2026", "2023-2026"),
    ("2023 — 2026", "2023‐2026"),
    ("2023‑2026", "2023 - 2026"),
    ("mise en œuvre", "mise en oeuvre"),
    ("ŒUVRE", "oeuvre"),
    ("la\u00a0Caf\u202fdu\tNord\n", "la Caf du Nord"),
    ("la Caf\n\ndu   Nord", "la Caf du Nord"),
    ("- La Caisse d'allocations familiales", "• La Caisse d'allocations familiales"),
    ("► 4 établissements d'accueil collectif :", "4 établissements d'accueil collectif :"),
    ("- ➔ ALSH en juillet (3 à 17 ans)", "ALSH en juillet (3 à 17 ans)"),
    ("● Indicateur 1 : ● Indicateur 2", "▪ Indicateur 1 : ■ Indicateur 2"),
    ("✓ item\n□ case\n◦ rond\n▫ carré\n— tiret\n– demi", "item case rond carré tiret demi"),
    ("\t- item", "item"),
    ("la Caf ;", "la Caf;"),
    ("la Caf :", "la Caf:"),
    ("( Caf )", "(Caf)"),
    ("co\u00adfinancement", "cofinancement"),
    ("etc…", "etc..."),
]

DIFFERENT = [
    ("auprès de chaque personne", "auprès de chaque personnel"),
    ("sans accord explicite", "sans expresse reconduction"),
    ("la Caf", "la Caf."),
    ("2023-2026", "2023 2026"),
    ("-5 %", "5 %"),  # a dash glued to a number is not a bullet
    ("enfance-jeunesse", "enfance jeunesse"),
]


@pytest.mark.parametrize("a,b", SAME)
def test_normalize_same(a, b):
    assert normalize_for_compare(a) == normalize_for_compare(b)
    assert [t.norm for t in word_tokens(a)] == [t.norm for t in word_tokens(b)]


@pytest.mark.parametrize("a,b", DIFFERENT)
def test_normalize_different(a, b):
    assert normalize_for_compare(a) != normalize_for_compare(b)


def test_normalize_keeps_word_order_and_content():
    got = normalize_for_compare("Vu l’arrêté du 3 octobre 2001 ;")
    assert got == "vu l' arrete du 3 octobre 2001 ;"


WORD_TOKENS = [
    ("Vu l'arrêté du 3 octobre 2001 ;",
     ["Vu", "l'", "arrêté", "du", "3", "octobre", "2001", ";"]),
    ("aujourd’hui", ["aujourd’", "hui"]),
    ("« la Caf »", ["«", "la", "Caf", "»"]),
    ("1 428 395.63€", ["1", "428", "395", ".", "63", "€"]),
    ("- ➔ ALSH en août", ["ALSH", "en", "août"]),
    ("Lys-lez-Lannoy", ["Lys", "-", "lez", "-", "Lannoy"]),
    ("etc...)", ["etc", "...", ")"]),
    ("", []),
    ("  \n\t ", []),
    ("● ", []),
]


@pytest.mark.parametrize("text,expected", WORD_TOKENS)
def test_word_tokens(text, expected):
    tokens = word_tokens(text)
    assert [t.text for t in tokens] == expected
    for t in tokens:
        assert text[t.start:t.end] == t.text


def test_word_tokens_offsets_and_norms():
    text = SEED_EXCERPT + "\u00a0Œuvre\u202f; « DUREE »\t–\u00adx  "
    tokens = word_tokens(text)
    assert all(text[t.start:t.end] == t.text for t in tokens)
    # an elided word (« l' ») is one token only before its word; alone it is « l » + « ' »
    assert all(t.norm == normalize_for_compare(t.text) for t in tokens if t.text[-1].isalnum())
    assert normalize_for_compare(text) == " ".join(t.norm for t in tokens)
    norms = [t.norm for t in tokens]
    assert "oeuvre" in norms and "duree" in norms and '"' in norms


def test_tokens_equal():
    a, b = word_tokens("DUREE Ctg l’"), word_tokens("Durée CTG l'")
    assert all(tokens_equal(x, y) for x, y in zip(a, b))
    assert not tokens_equal(word_tokens("personne")[0], word_tokens("personnel")[0])


# --------------------------------------------------------------------------- numbers

INTS = [
    ("24 882", 24882), ("7 410", 7410), ("7\u00a0410", 7410), ("1\u202f428\u202f395", 1428395),
    ("1.428.395", 1428395), ("4", 4), (" 12 ", 12), ("quatre", 4), ("Quatre", 4), ("zéro", 0),
    ("un", 1), ("une", 1), ("dix-sept", 17), ("Dix sept", 17), ("DIX-NEUF", 19), ("vingt", 20),
    ("1 428 395.63€", None), ("24 88", None), ("1 2345", None), ("vingt et un", None), ("X", None),
    ("", None), ("12,5", None),
]


@pytest.mark.parametrize("text,value", INTS)
def test_parse_french_int(text, value):
    assert parse_french_int(text) == value


ORDINALS = [
    ("1er", 1), ("1ER", 1), ("1ᵉʳ", 1), ("1ère", 1), ("1re", 1), ("premier", 1), ("Première", 1),
    ("2ème", 2), ("2e", 2), ("2è", 2), ("2nd", 2), ("second", 2), ("deuxième", 2), ("3°", 3),
    ("quatrième", 4), ("cinquième", 5), ("neuvième", 9), ("dix-septième", 17), ("vingtième", 20),
    ("4", 4), ("15", 15), ("I", 1), ("IV", 4), ("IX", 9), ("XIV", 14), ("XIX", 19), ("XX", 20),
    ("XXI", None), ("iv", None), ("IIII", None), ("", None), ("X.", None), ("bis", None),
]


@pytest.mark.parametrize("text,value", ORDINALS)
def test_ordinal_article(text, value):
    assert ordinal_article(text) == value


# --------------------------------------------------------------------------- module surface

def test_existing_helpers_unchanged():
    assert fold("Œuvre Élan") == "oeuvre elan"
    assert name_key("LYS-LEZ-LANNOY") == name_key("Lys Lez Lannoy") == "lys lez lannoy"


def test_date_api_reexported_from_fr():
    assert fr.find_dates is frdates.find_dates
    assert fr.PeriodMatch is frdates.PeriodMatch
    with pytest.raises(AttributeError):
        fr.no_such_name  # noqa: B018


def test_results_are_fresh_lists():
    text = "Le 18/01/2023"
    find_dates(text).clear()
    assert len(find_dates(text)) == 1


# --------------------------------------------------------------------------- speed

HOSTILE = {
    "spaces": " " * 100_000,
    "dashes": "-" * 100_000,
    "bullets": "\n- " * 30_000,
    "slash-years": "2021/" * 20_000,
    "month-years": "janvier 2023 " * 8_000,
    "id-like": "059-215900176-" * 8_000,
    "glyphs": " ●" * 50_000,
    "ranges": "du 01/01/2023 " * 6_000,
}


@pytest.mark.parametrize("name", HOSTILE)
def test_no_pathological_slowness(name):
    text = HOSTILE[name]
    t0 = time.perf_counter()
    for d in find_dates(text)[:100]:
        is_legal_reference(text, d.start)
    find_periods(text)
    word_tokens(text)
    assert time.perf_counter() - t0 < 2.0  # linear scans take ~0.1 s here; quadratic ones minutes


def test_whole_document_speed():
    text = (SEED_EXCERPT * 60)[:50_000]
    frdates._scan.cache_clear()
    t0 = time.perf_counter()
    find_dates(text), find_periods(text), word_tokens(text)
    assert time.perf_counter() - t0 < 0.5  # ~10 ms measured; loose bound against regressions
