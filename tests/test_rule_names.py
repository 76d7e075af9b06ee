"""N001–N007: another commune's name, and the consistency of the parties' identity.

Most cases are the seed conventions with one fact changed, so the text around is real.
"""
from __future__ import annotations

import pytest

from conftest import ARMENTIERES, LYS, lint, lint_file

A = ARMENTIERES.read_text("utf-8")
L = LYS.read_text("utf-8")

MEL_SIREN = "200093201"  # Métropole Européenne de Lille
PROVIN_SIREN = "215904772"


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def found(text: str, code: str, template: str | None = None) -> list[tuple[int, str]]:
    return [(f.line, f.severity.value) for f in lint(text, select=(code,), template=template)]


def replaced(text: str, old: str, new: str, count: int = 1) -> str:
    assert old in text, old
    return text.replace(old, new, count)


def read(text: str):
    from ctglint import outline
    from ctglint.ingest import read_document

    doc = read_document("d.txt", text.encode("utf-8"))
    outline.build(doc)
    return doc


# ------------------------------------------------------------------------------------------- seeds

def test_seed_defect_l1_deliberation_of_another_commune():
    (f,) = lint_file(LYS, select=("N",))
    assert (f.code, f.line, f.severity.value, f.category, f.excerpt) == ("N001", 39, "error", "foreign-name", "PROVIN")
    assert f.expected == "Lys Lez Lannoy"


@pytest.mark.parametrize("path, lines", [
    (ARMENTIERES, {5, 16, 30, 118, 271, 279}),  # own-name variants, « Fait à Lille »
    (LYS, {25, 86, 88, 292, 305, 306}),  # neighbours in descriptive text, own-name variants, « Fait à Lille »
])
def test_seed_look_alikes_are_not_flagged(path, lines):
    flagged = {f.line for f in lint_file(path, select=("N",))}
    assert not flagged & lines


def test_armentieres_gives_nothing_at_all():
    # Its stamp SIREN 215900176 is Armentières', its signatories match the parties block.
    assert lint_file(ARMENTIERES, select=("N",)) == []


def test_signatory_facts_of_the_seeds():
    from ctglint.parties import signatory

    arm = signatory(read(A))
    assert (arm.commune.code, arm.name, arm.source) == ("59017", "ARMENTIERES", "parties")
    assert arm.mayor == "Bernard HAESEBROECK" and arm.caf_department == "59" and arm.epci is None
    assert [(p.surname, p.role, p.party) for p in arm.persons] == [
        ("DELCOURT", "president", "caf"), ("MATHON-DEBETENCOURT", "directeur", "caf"),
        ("HAESEBROECK", "maire", "commune")]
    assert [p.term for p in arm.parties] == ["la Caf", "la Commune"]
    lys = signatory(read(L))
    assert (lys.commune.name, lys.name, lys.mayor) == ("Lys-lez-Lannoy", "Lys Lez Lannoy",
                                                        "Charles-Alexandre PROKOPOWICZ")
    assert {m.section for m in lys.mentions} == {"cover", "parties", "signature"}


def test_signatory_is_computed_once_per_run_and_shared():
    from ctglint.parties import FACT_KEY, for_context
    from ctglint.rule import Context

    ctx = Context(document=read(L))
    first = for_context(ctx)
    assert ctx.facts[FACT_KEY] is first and for_context(ctx) is first


# ------------------------------------------------------------------------------------------- N001

def test_foreign_commune_in_cover_parties_and_signature():
    cover = replaced(L, "LA COMMUNE DE LYS LEZ LANNOY", "LA COMMUNE DE WATTRELOS")
    assert (13, "error") in found(cover, "N001")
    parties = replaced(L, "La commune de Lys Lez Lannoy représentée", "La commune de Wattrelos représentée")
    assert (25, "error") in found(parties, "N001")  # cover and signature outvote the parties block
    signature = replaced(L, "La commune de Lys Lez Lannoy\n", "La commune de Wattrelos\n")
    assert (298, "error") in found(signature, "N001")
    arm = replaced(A, "Le Maire de la Commune D'ARMENTIERES", "Le Maire de la Commune de Provin")
    assert found(arm, "N001") == [(279, "error")]


def test_foreign_commune_in_a_commune_slot_of_an_article():
    text = replaced(L, "prioritaires sur la commune de Lys Lez Lannoy", "prioritaires sur la commune de Hem")
    assert (123, "error") in found(text, "N001")


def test_own_name_spelling_variants_are_the_same_commune():
    text = (L.replace("La commune de Lys Lez Lannoy représentée", "La commune de LYS-LEZ-LANNOY représentée")
            .replace("ville de PROVIN", "ville de Lys-lez-Lannoy"))
    assert found(text, "N001") == []
    assert found(replaced(A, "LA COMMUNE D'ARMENTIERES", "LA COMMUNE D’Armentieres"), "N001") == []


def test_neighbouring_communes_in_descriptive_text_are_not_flagged():
    text = replaced(L, "ville de PROVIN", "ville de Lys Lez Lannoy")
    text = replaced(text, "► 71 Assistantes", "► 1 halte-garderie sur la commune de Hem, rue de la Gare ;\n\n► 71 Assistantes")
    assert found(text, "N001") == []


def test_place_of_signature():
    text = replaced(L, "ville de PROVIN", "ville de Lys Lez Lannoy")
    assert found(text, "N001") == []  # « Fait à Lille »: the template's Caf seat
    assert found(replaced(text, "Fait à Lille le", "Fait à Lys-lez-Lannoy le"), "N001") == []
    assert found(replaced(text, "Fait à Lille le", "Fait à Roubaix le"), "N001") == [(292, "warning")]


def test_place_of_signature_of_another_caf_than_the_templates():
    text = ("LA COMMUNE D'ABBEVILLE\n\nEntre :\n\nLa Caisse d'allocations familiales de la Somme représentée par "
            "son directeur, Monsieur Paul PETIT ;\n\nLa commune d'Abbeville représentée par son maire, Monsieur Jean "
            "DUPONT ;\n\nARTICLE 1 – OBJET\n\nLa convention définit le projet.\n\nFait à Amiens le 18 mars 2023\n")
    assert found(text, "N001", template="caf-nord-2023") == []  # Amiens: the Somme's, not the template's Caf seat
    assert found(text.replace("Fait à Amiens", "Fait à Roubaix"), "N001", template="caf-nord-2023") == [(13, "warning")]


def test_several_communes_signing_are_all_signatories():
    text = replaced(L, "ville de PROVIN", "ville de Lys Lez Lannoy")
    text = replaced(text, "\nVu les articles", "\nLa commune de Lannoy représentée par son maire, Monsieur Jean DUPONT, "
                                              "dûment autorisé à signer la présente convention ;\n\nVu les articles")
    assert found(text, "N001") == []


def test_epci_represented_by_the_mayor_of_a_member_commune():
    text = replaced(A, "\n- (et autres partenaires", "\n- La Métropole Européenne de Lille, représentée par son "
                                                     "Président, Monsieur Paul PETIT, Maire de Roubaix ;\n\n- (et")
    assert found(text, "N001") == []


def test_no_signatory_no_finding():
    assert found("ARTICLE 1 – OBJET\n\nLa crèche de la ville de Provin accueille 40 enfants.\n", "N001") == []


# ------------------------------------------------------------------------------------------- N002

def test_stamp_siren_of_the_signatory_is_fine_and_another_communes_is_an_error():
    assert found(A, "N002") == []
    wrong = replaced(A, "059-215900176-", f"059-{PROVIN_SIREN}-")
    assert found(wrong, "N002") == [(334, "error")]
    epci = replaced(A, "059-215900176-", f"059-{MEL_SIREN}-")
    assert found(epci, "N002") == []
    unknown = replaced(A, "059-215900176-", "059-123456789-")
    assert found(unknown, "N002") == []


def test_siren_written_in_the_commune_party():
    right = replaced(A, "représentée par son Maire,", "SIREN 215 900 176, représentée par son Maire,")
    assert found(right, "N002") == []
    wrong = replaced(A, "représentée par son Maire,", f"SIREN {PROVIN_SIREN}, représentée par son Maire,")
    assert found(wrong, "N002") == [(30, "error")]


# ------------------------------------------------------------------------------------------- N003

def test_postal_codes_of_the_signatory_commune():
    assert found(L, "N003") == []  # « 59390 Lys Lez Lannoy »
    wrong = replaced(L, "59390 Lys Lez Lannoy", "59100 Lys Lez Lannoy")
    assert found(wrong, "N003") == [(305, "error")]
    foreign_department = replaced(L, "59390 Lys Lez Lannoy", "62390 Lys-lez-Lannoy")
    assert found(foreign_department, "N003") == [(305, "error")]


def test_postal_codes_that_are_not_checked():
    cedex = replaced(L, "59390 Lys Lez Lannoy", "59391 Lys Lez Lannoy Cedex")
    assert found(cedex, "N003") == []
    other_commune = replaced(L, "59390 Lys Lez Lannoy", "59100 Roubaix")
    assert found(other_commune, "N003") == []


# ------------------------------------------------------------------------------------------- N004

def test_department_of_the_caf_named_in_the_draft():
    assert found(A, "N004") == []
    text = replaced(A, "La Caisse d'allocations familiales du Nord", "La Caisse d'allocations familiales du Pas-de-Calais")
    text = text.replace("LA CAISSE D'ALLOCATIONS FAMILIALES DU NORD", "LA CAISSE D'ALLOCATIONS FAMILIALES DU PAS-DE-CALAIS")
    assert found(text, "N004") == [(30, "warning")]


def test_department_of_the_template_when_the_draft_names_no_caf():
    text = ("LA COMMUNE DE BOULOGNE-SUR-MER\n\nEntre :\n\nLa commune de Boulogne-sur-Mer représentée par son "
            "maire, Monsieur Jean DUPONT ;\n\nARTICLE 1 – OBJET\n\nLa convention définit le projet.\n")
    assert found(text, "N004", template="caf-nord-2023") == [(5, "warning")]  # on the parties block
    assert found(text.replace("BOULOGNE-SUR-MER", "ROUBAIX").replace("Boulogne-sur-Mer", "Roubaix"),
                 "N004", template="caf-nord-2023") == []


def test_caf_department_names():
    from ctglint.parties import caf_department

    assert caf_department("la Caf du Nord")[0] == "59"
    assert caf_department("LA CAISSE D'ALLOCATIONS FAMILIALES DU NORD")[0] == "59"
    assert caf_department("La Caisse des Allocations familiales de la Loire-Atlantique représentée")[0] == "44"
    assert caf_department("la Caf de la Loire, représentée")[0] == "42"
    assert caf_department("la Caf des Bouches-du-Rhône")[0] == "13"
    assert caf_department("la Caf de l'Ain")[0] == "01"
    assert caf_department("la Caf de Paris")[0] == "75"
    assert caf_department("la Caf de la Réunion")[0] == "974"
    assert caf_department("la Caf nationale") is None


# ------------------------------------------------------------------------------------------- N005

EPCI_PARTY = "\n- {} représentée par son Président, Monsieur Paul PETIT ;\n\n- (et autres partenaires"


def test_epci_party_must_contain_the_commune():
    right = replaced(A, "\n- (et autres partenaires", EPCI_PARTY.format("La Métropole Européenne de Lille,"))
    assert found(right, "N005") == []
    wrong = replaced(A, "\n- (et autres partenaires", EPCI_PARTY.format("La Communauté de communes Pévèle Carembault,"))
    assert found(wrong, "N005") == [(line_of(wrong, "La Communauté de communes"), "error")]
    unknown = replaced(A, "\n- (et autres partenaires", EPCI_PARTY.format("La Communauté de communes des Nuages,"))
    assert found(unknown, "N005") == []


def test_epci_signatory_without_commune():
    from ctglint.parties import signatory

    text = ("Entre :\n\nLa Caf du Nord représentée par son directeur, Monsieur Paul PETIT ;\n\n"
            "La Communauté de communes Pévèle Carembault, représentée par son Président, Monsieur Luc FOUTRY ;\n\n"
            "Vu la délibération du conseil municipal de la ville de Cysoing ;\n")
    sig = signatory(read(text))
    assert sig.commune is None and sig.epci.name == "CC Pévèle-Carembault"
    assert found(text, "N001") == []  # Cysoing is a member
    assert found(text.replace("Cysoing", "Roubaix"), "N001") == [(7, "error")]


# ------------------------------------------------------------------------------------------- N006

def test_signatories_match_the_parties_block_whatever_the_case():
    assert found(L, "N006") == []  # « Luc GRARD » / « Luc Grard »
    assert found(A, "N006") == []  # names under their roles, in table cells


def test_signatory_not_named_in_the_parties_block():
    lys = replaced(L, "Le Maire Charles-Alexandre PROKOPOWICZ", "Le Maire Jean MARTIN")
    assert found(lys, "N006") == [(299, "error")]
    arm = replaced(A, "\tBernard HAESEBROECK\n", "\tMichel DUPONT\n")
    assert found(arm, "N006") == [(280, "error")]


def test_signatory_with_another_role():
    text = replaced(L, "Le directeur général Luc Grard\tLa présidente du conseil d'administration Lydie Librizzi",
                    "La présidente du conseil d'administration Luc Grard\tLe directeur général Lydie Librizzi")
    assert found(text, "N006") == [(299, "error"), (299, "error")]


def test_another_partys_signatory_with_the_same_role_is_not_compared():
    text = replaced(L, "Le Maire Charles-Alexandre PROKOPOWICZ", "Le Maire Charles-Alexandre PROKOPOWICZ\t"
                                                                  "Le Président de la MSA Jean MARTIN")
    assert found(text, "N006") == []


def test_parties_block_naming_nobody_is_not_compared():
    text = replaced(L, "représentée par son maire, Monsieur Charles-Alexandre PROKOPOWICZ,", "représentée par son maire,")
    text = replaced(text, "Le Maire Charles-Alexandre PROKOPOWICZ", "Le Maire Jean MARTIN")
    assert found(text, "N006") == []


def test_role_written_after_the_name_and_civility_in_the_signature():
    from ctglint.parties import signatory

    text = ("Entre :\n\nLa commune de Wattrelos représentée par Monsieur Jean DUPONT, Maire, et par Madame Anne "
            "LEROY, Adjointe ;\n\nARTICLE 1 – OBJET\n\nLa convention définit le projet du territoire.\n\n"
            "Fait à Lille le 18 mars 2023\n\nMonsieur Jean Dupont\nMaire de Wattrelos\n")
    assert [(p.surname, p.role) for p in signatory(read(text)).persons] == [("DUPONT", "maire"), ("LEROY", "adjoint")]
    assert found(text, "N006") == []
    assert found(text.replace("Monsieur Jean Dupont", "Monsieur Marc DURAND"), "N006") == [(11, "error")]


# ------------------------------------------------------------------------------------------- N007

def test_defined_term_used_in_the_articles():
    assert found(A, "N007") == []  # « la Commune », the articles say « la Collectivité » as the template does
    ville = replaced(A, "Ci-après dénommée « la Commune »", "Ci-après dénommée « la Ville »")
    assert found(ville, "N007") == []
    mixed = replaced(ville, "représentants de la Caf et de la Collectivité", "représentants de la Caf et de la Commune")
    assert found(mixed, "N007") == [(186, "warning")]


def test_ordinary_uses_are_not_the_defined_term():
    text = replaced(A, "Ci-après dénommée « la Commune »", "Ci-après dénommée « la Ville »")
    text = replaced(text, "Ces engagements pourront évoluer", "La Commune de Lille et la politique de la Ville aussi. "
                                                                 "Ces engagements pourront évoluer")
    assert found(text, "N007") == []
    commune = replaced(A, "Ces engagements pourront évoluer", "Le contrat de la Ville et la politique de la Ville. "
                                                                "Ces engagements pourront évoluer")
    assert found(commune, "N007") == []
