"""D001–D007: impossible dates, periods, signature before deliberation, plan years, previous convention."""
from __future__ import annotations

import pytest

from conftest import ARMENTIERES, LYS, lint, lint_file

DUREE_2023 = ("ARTICLE 11 – DUREE DE LA CONVENTION\n\n"
              "La présente convention est conclue à compter du {start} jusqu'au {end}.\n")
PARTIES = ("CONVENTION TERRITORIALE GLOBALE (CTG)\n\nEntre\n\nLA CAISSE D'ALLOCATIONS FAMILIALES DU NORD\n\n"
           "et\n\nLA COMMUNE DE BAILLEUL\n\n{cover}\n\nCONVENTION TERRITORIALE GLOBALE\n\nEntre\n\n"
           "- La Caisse d'allocations familiales du Nord représentée par sa Directrice, dûment autorisée "
           "à signer la présente convention ;\n\nCi-après dénommée « la Caf » ;\n\nEt\n\n"
           "- La commune de Bailleul, représentée par son Maire, dûment autorisé à signer la présente "
           "convention par délibération du conseil municipal.\n\nCi-après dénommée « la Commune » ;\n\n")
ARTICLE_1 = "ARTICLE 1 - OBJET DE LA CTG\n\nLa Ctg vise à définir le projet stratégique global du territoire.\n\n"


def codes_at(findings, code):
    return sorted(f.line for f in findings if f.code == code)


def line_of(text: str, needle: str) -> int:
    return text[:text.index(needle)].count("\n") + 1


# --------------------------------------------------------------------------- seeds

def test_seed_a5_signature_before_the_council_deliberation():
    found = lint_file(ARMENTIERES, select=("D",))
    d005 = [f for f in found if f.code == "D005"]
    assert [(f.line, f.excerpt, f.severity.value) for f in d005] == [(272, "18/01/2023", "error")]
    assert "09/02/2023" in d005[0].message


def test_seed_look_alikes_are_not_flagged():
    arm = lint_file(ARMENTIERES, select=("D",))
    assert not [f for f in arm if f.line in (18, 42, 46, 50, 211, 229, 284, 326, 328, 334, 356)]
    assert [f.code for f in arm] == ["D005"]
    assert lint_file(LYS, select=("D",)) == []


# --------------------------------------------------------------------------- D001

@pytest.mark.parametrize("written", ["31/02/2024", "30 février 2024", "29/02/2023", "18/13/2023", "31 juin"])
def test_impossible_dates(written):
    text = ARTICLE_1 + f"Le comité de pilotage se réunira le {written} en mairie.\n"
    found = lint(text, select=("D001",), template="caf-nord-2023")
    assert [(f.line, f.excerpt) for f in found] == [(5, written)]


@pytest.mark.parametrize("written", ["28/02/2024", "29 février 2024", "29/02/2024", "1er mars 2023", "30 juin"])
def test_possible_dates(written):
    text = ARTICLE_1 + f"Le comité de pilotage se réunira le {written} en mairie.\n"
    assert lint(text, select=("D001",), template="caf-nord-2023") == []


def test_impossible_date_in_the_duration_article_and_stamps_ignored():
    text = DUREE_2023.format(start="01/01/2023", end="31/02/2026") + "\nEnvoyé en préfecture le 31/02/2023\n"
    found = lint(text, select=("D001",), template="caf-nord-2023")
    assert [(f.line, f.excerpt) for f in found] == [(3, "31/02/2026")]


# --------------------------------------------------------------------------- D002

def test_period_end_before_start():
    text = DUREE_2023.format(start="01/01/2023", end="31/12/2022")
    found = lint(text, select=("D002",), template="caf-nord-2023")
    assert [(f.code, f.line) for f in found] == [("D002", 3)]
    cover = PARTIES.format(cover="2026 – 2023") + DUREE_2023.format(start="01/01/2023", end="31/12/2026")
    assert codes_at(lint(cover, select=("D002",)), "D002") == [line_of(cover, "2026 – 2023")]


def test_forward_periods_and_text_numbers_are_not_backwards():
    text = (DUREE_2023.format(start="01/01/2023", end="31/12/2026")
            + "\nVu le décret n° 2021-2019 du 3 mars 2021 ;\n\nLes actions de 2023 à 2026 sont prévues.\n")
    assert lint(text, select=("D002",), template="caf-nord-2023") == []


# --------------------------------------------------------------------------- D003

@pytest.mark.parametrize("end", ["31 décembre 2033", "31/12/2024"])
def test_period_outside_the_template_norm(end):
    text = DUREE_2023.format(start="01/01/2023", end=end)
    found = lint(text, select=("D003",), template="caf-nord-2023")
    assert [(f.code, f.line, f.severity.value) for f in found] == [("D003", 3, "warning")]


@pytest.mark.parametrize("end", ["31 décembre 2026", "31/12/2025", "31/12/2027", "30/06/2026"])
def test_period_within_the_norm(end):
    assert lint(DUREE_2023.format(start="01/01/2023", end=end), select=("D003",), template="caf-nord-2023") == []


def test_norm_is_the_template_s():
    text = DUREE_2023.format(start="01/01/2023", end="31/12/2024")  # two years: fine for the 2021 model
    assert lint(text, select=("D003",), template="caf-nord-2021") == []


def test_period_from_a_duration_in_years():
    text = ("ARTICLE 11 – DUREE DE LA CONVENTION\n\nLa présente convention est conclue pour une durée de "
            "huit ans à compter du 1er janvier 2023.\n")
    assert codes_at(lint(text, select=("D003",), template="caf-nord-2023"), "D003") == [3]
    assert lint(text.replace("huit", "quatre"), select=("D003",), template="caf-nord-2023") == []


# --------------------------------------------------------------------------- D004

def test_cover_disagrees_with_the_duration_article():
    text = PARTIES.format(cover="2022 – 2025") + ARTICLE_1 + DUREE_2023.format(start="01/01/2023",
                                                                              end="31 décembre 2026")
    found = lint(text, select=("D004",))
    assert [(f.line, f.excerpt, f.severity.value) for f in found] == [(line_of(text, "2022 – 2025"),
                                                                      "2022 – 2025", "error")]
    assert found[0].expected == "2023 – 2026"


def test_seed_cover_changed_is_reported():
    text = ARMENTIERES.read_text("utf-8").replace("\n2023 – 2026\n", "\n2023 – 2025\n")
    assert codes_at(lint(text, select=("D",)), "D004") == [18]


def test_cover_agrees_with_the_duration_article():
    for cover in ("2023 – 2026", "2023/2026", "du 01/01/2023 au 31/12/2026"):
        text = PARTIES.format(cover=cover) + ARTICLE_1 + DUREE_2023.format(start="01/01/2023",
                                                                          end="31 décembre 2026")
        assert lint(text, select=("D004",)) == [], cover


# --------------------------------------------------------------------------- D005

SIGNED = ("Vu la délibération du conseil municipal en date du {delib} figurant en annexe 3 de la présente "
          "convention ;\n\nIl est convenu et arrêté ce qui suit :\n\n" + ARTICLE_1
          + "Fait à Lille\nLe {signed}\n\nEn autant d'exemplaires originaux que de signataires.\n")


def test_signed_before_the_deliberation():
    text = PARTIES.format(cover="2023 – 2026") + SIGNED.format(delib="09/02/2023", signed="18/01/2023")
    found = lint(text, select=("D005",))
    assert [(f.line, f.excerpt) for f in found] == [(line_of(text, "Le 18/01/2023"), "18/01/2023")]


@pytest.mark.parametrize("signed", ["09/02/2023", "10 février 2023", "18/03/2023"])
def test_signed_on_or_after_the_deliberation(signed):
    text = PARTIES.format(cover="2023 – 2026") + SIGNED.format(delib="09/02/2023", signed=signed)
    assert lint(text, select=("D005",)) == []


def test_deliberation_in_the_parties_clause_and_the_annex():
    text = (PARTIES.format(cover="2023 – 2026").replace("par délibération du conseil municipal.",
                                                         "par délibération du conseil municipal du 09/02/2023.")
            + ARTICLE_1 + "Fait à Lille, le 18 janvier 2023\n")
    assert codes_at(lint(text, select=("D005",)), "D005") == [line_of(text, "Fait à Lille")]
    seed = ARMENTIERES.read_text("utf-8").replace("en date du 09/02/2023 figurant", "figurant")
    assert codes_at(lint(seed, select=("D005",)), "D005") == [272]  # annex 3: « En date du 09/02/2023 »


def test_caf_board_deliberation_does_not_authorise_the_commune():
    text = (PARTIES.format(cover="2023 – 2026")
            + "Vu la délibération du conseil d'administration de la Caf du Nord en date du 17 janvier 2024 "
              "concernant le Cpog ;\n\n" + SIGNED.format(delib="09/02/2022", signed="18/01/2023"))
    assert lint(text, select=("D005",)) == []


def test_prefecture_stamps_are_not_deliberations():
    seed = ARMENTIERES.read_text("utf-8").replace("Le 18/01/2023", "Le 10/02/2023")
    assert lint(seed, select=("D",)) == []  # stamped 14/02/2023, after the signature: never reported


# --------------------------------------------------------------------------- D006

def test_seed_plan_years_within_the_period():
    assert not [f for f in lint_file(LYS, select=("D006",)) if f.line == 487]


def test_plan_year_columns_outside_the_period():
    text = LYS.read_text("utf-8").replace("\t\t2021\t2022\t2023\n", "\t\t2022\t2023\t2024\n")
    found = lint(text, select=("D006",))
    assert [(f.line, f.excerpt, f.severity.value) for f in found] == [(487, "2024", "warning")]


def test_calendar_outside_the_period():
    text = LYS.read_text("utf-8").replace("Calendrier prévisionnel\t2021/2023", "Calendrier prévisionnel\t2024")
    assert codes_at(lint(text, select=("D006",)), "D006") == [511]
    text = LYS.read_text("utf-8").replace("Calendrier prévisionnel\t2021/2023",
                                          "Calendrier prévisionnel\t2021/2024")
    assert codes_at(lint(text, select=("D006",)), "D006") == [511]


def test_calendar_paragraph_and_plan_title():
    duree = ("ARTICLE 10 – DUREE DE LA CONVENTION\n\nLa présente convention est conclue à compter du "
             "01/01/2021 au 31/12/2023\n\n")
    text = (duree + "ANNEXE 6 – PLAN D’ACTION ET FICHES ACTIONS 2021-2024\n\n"
            "Calendrier prévisionnel : septembre 2024\n")
    assert codes_at(lint(text, select=("D006",)), "D006") == [5, 7]
    ok = (duree + "ANNEXE 6 – PLAN D’ACTION ET FICHES ACTIONS 2021-2023\n\n"
          "Calendrier prévisionnel : 2e semestre 2022\n")
    assert lint(ok, select=("D006",)) == []


def test_plan_years_need_the_period():
    text = "ANNEXE 6 – PLAN D’ACTION ET FICHES ACTIONS\n\nCalendrier prévisionnel : 2030\n"
    assert lint(text, select=("D006",)) == []


# --------------------------------------------------------------------------- D007

DIAGNOSTIC_2023 = DUREE_2023.format(start="01/01/2023", end="31/12/2026") + "\nANNEXE 1 – DIAGNOSTIC PARTAGÉ\n\n"

def test_previous_convention_overlaps():
    text = ARMENTIERES.read_text("utf-8").replace("pour la période 2020-2022", "pour la période 2020-2023")
    found = [f for f in lint(text, select=("D",)) if f.code == "D007"]
    assert [(f.line, f.excerpt, f.severity.value) for f in found] == [(284, "2020-2023", "warning")]


@pytest.mark.parametrize("sentence", [
    "La précédente CTG 2019-2024 a permis de structurer l'offre.",
    "Cette convention fait suite à la convention signée pour 2020/2023.",
])
def test_previous_convention_overlap_phrasings(sentence):
    text = DIAGNOSTIC_2023 + sentence + "\n"
    assert codes_at(lint(text, select=("D007",), template="caf-nord-2023"), "D007") == [7]


@pytest.mark.parametrize("sentence", [
    "La précédente CTG 2019-2022 a permis de structurer l'offre.",
    "Le diagnostic s'appuie sur les données 2019-2023 de la Caf.",  # no earlier convention
    "La prochaine CTG 2027-2030 prolongera la démarche.",
])
def test_no_previous_convention_overlap(sentence):
    text = DIAGNOSTIC_2023 + sentence + "\n"
    assert lint(text, select=("D007",), template="caf-nord-2023") == []


# --------------------------------------------------------------------------- facts

def test_date_facts_are_computed_once_per_document():
    from ctglint import outline, templates
    from ctglint.align import align
    from ctglint.datefacts import date_facts
    from ctglint.ingest import read_document
    from ctglint.rule import Context

    doc = outline.build(read_document(str(ARMENTIERES), ARMENTIERES.read_bytes()))
    template = templates.resolve("caf-nord-2023")[0]
    ctx = Context(doc, template, align(template.document, doc), {})
    facts = date_facts(ctx)
    assert date_facts(ctx) is facts and ctx.facts["dates"] is facts
    assert (facts.period.start_date.isoformat(), facts.period.end_date.isoformat()) == ("2023-01-01", "2026-12-31")
    assert facts.duree.label == "article 11"
    assert [d.match.raw for d in facts.signature_dates] == ["18/01/2023"]
    assert [doc.blocks[d.block].line for d in facts.deliberations] == [50, 356]


PLAN_2021 = ("ARTICLE 10 – DUREE DE LA CONVENTION\n\nLa présente convention est conclue à compter du "
             "01/01/2021 au 31/12/2023\n\nANNEXE 6 – PLAN D’ACTION ET FICHES ACTIONS\n\n{}\n")


def test_calendar_column_of_a_plan_table():
    table = "Action\tPublic\tÉchéance\nAccueil du mercredi\tEnfants\t{}\nLieu d'accueil parents\tFamilles\t2022"
    found = lint(PLAN_2021.format(table.format("2025")), select=("D006",))
    assert [(f.line, f.excerpt) for f in found] == [(8, "2025")]
    assert lint(PLAN_2021.format(table.format("2023")), select=("D006",)) == []


def test_facts_and_history_in_the_plan_annex_are_not_plan_years():
    text = PLAN_2021.format("Constat\tEn 2019-2020, le taux de couverture a baissé de 3 points.\n"
                            "Référent\tLe service enfance, créé en 2015")
    assert lint(text, select=("D006",)) == []


def test_visas_of_a_draft_without_parties_block():
    text = ("Vu la délibération du conseil municipal en date du 09/02/2023 ;\n\n" + ARTICLE_1
            + "Fait à Lille\nLe 18/01/2023\n")
    assert codes_at(lint(text, select=("D005",)), "D005") == [line_of(text, "Le 18/01/2023")]
    prose = text.replace("Vu la délibération du conseil municipal en date du 09/02/2023 ;",
                         "Le conseil municipal a débattu du projet le 09/02/2023.")
    assert lint(prose, select=("D005",)) == []


def test_norm_without_a_template_and_from_options():
    from ctglint.rules.dates import PeriodOutsideNorm

    ten_years = DUREE_2023.format(start="01/01/2023", end="31/12/2032")
    assert codes_at(lint(ten_years, select=("D003",)), "D003") == [3]  # no template matched: 2 to 5 years
    assert lint(DUREE_2023.format(start="01/01/2023", end="31/12/2026"), select=("D003",)) == []
    from ctglint.check import CheckOptions, check_file

    strict = PeriodOutsideNorm.with_options({"min_years": 5})
    result = check_file(ARMENTIERES.name, CheckOptions(rules=[strict]), data=ARMENTIERES.read_bytes())
    assert [(f.code, f.line) for f in result.findings] == [("D003", 229)]  # 4 years, 5 asked
    with pytest.raises(ValueError):
        PeriodOutsideNorm.with_options({"min_years": 6, "max_years": 3}).validate()
