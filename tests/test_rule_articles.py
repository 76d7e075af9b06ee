"""AR001 article-numbering, AR002 missing-template-article, AR003 extra-article, AR004 article-reference."""
from __future__ import annotations

import json
import re

import pytest

from cleanconv import clean_convention
from conftest import ARMENTIERES, LYS, SEEDS, lint, lint_file
from ctglint.rules.articles import article_refs, numbering_problems


def codes_lines(findings):
    return sorted((f.code, f.line) for f in findings)


def line_of(text: str, needle: str, nth: int = 1) -> int:
    hits = [i + 1 for i, line in enumerate(text.split("\n")) if needle in line]
    return hits[nth - 1]


def articles(*numbers, heading: str = "ARTICLE {} – TITRE") -> str:
    return "\n\n".join(f"{heading.format(n)}\n\nTexte de l'article {n}." for n in numbers) + "\n"


def remove_article(text: str, n: int, *, renumber: bool) -> str:
    text = re.sub(rf"^ARTICLE {n} .*?(?=^ARTICLE {n + 1} )", "", text, flags=re.S | re.M)
    if renumber:
        text = re.sub(r"^ARTICLE (\d+) ", lambda m: f"ARTICLE {int(m.group(1)) - (int(m.group(1)) > n)} ", text,
                      flags=re.M)
    return text


# --------------------------------------------------------------------------- the seeds

TRUTH = json.loads((SEEDS / "truth.json").read_text("utf-8"))["files"]


@pytest.mark.parametrize("path", [ARMENTIERES, LYS], ids=["armentieres", "lys"])
def test_seed_articles_are_numbered_correctly_and_references_are_fine(path):
    # Armentières: ARTICLE 1..15, « à l'article 5 » in article 6, « l'article 30 du Rgpd »;
    # Lys: Article 1..14, « Au regard de l'article 4 » in annex 5, « l'article 30 du RGPD ».
    assert lint_file(path, select=("AR",)) == []
    look_alike = next(nd for nd in TRUTH[path.name]["not_defects"] if nd["category"] == "article-numbering")
    assert len(look_alike["lines"]) in (14, 15)


@pytest.mark.parametrize("template_id", ["caf-nord-2023", "caf-nord-2021"])
def test_clean_conventions_have_no_article_finding(template_id):
    assert lint(clean_convention(template_id), select=("AR",)) == []


# --------------------------------------------------------------------------- numbering_problems

@pytest.mark.parametrize("numbers,expected", [
    ([1, 2, 3], []),
    ([1, 2, 4], [(2, "gap", (3,))]),
    ([1, 2, 5], [(2, "gap", (3, 4))]),
    ([2, 3], [(0, "start", (1,))]),
    ([1, 3, 2], [(2, "disorder", ())]),
    ([1, 2, 3, 2], [(3, "duplicate", ())]),
    ([1, 2, 3, 3, 5], [(3, "misnumbered", ())]),
    ([1, 2, 3, 4, 5, 6, 3, 3], [(6, "duplicate", ()), (7, "duplicate", ())]),
    ([1, None, 2], []),
])
def test_numbering_problems(numbers, expected):
    assert [(p.index, p.kind, p.missing) for p in numbering_problems(numbers)] == expected


def test_unreported_items_hold_their_number():
    assert numbering_problems([1, 2, 2], report=[True, True, False]) == []


# --------------------------------------------------------------------------- AR001 article-numbering

@pytest.mark.parametrize("numbers,flagged", [
    ((1, 2, 3), []),
    ((1, 2, 4), [3]),
    ((2, 3), [1]),
    ((1, 3, 2), [3]),
    ((1, 2, 2, 3), [3]),
    ((1, 2, 3, 3, 5), [4]),
])
def test_article_numbering(numbers, flagged):
    text = articles(*numbers)
    found = lint(text, select=("AR001",))
    lines = [line_of(text, f"ARTICLE {numbers[k - 1]} –", nth=numbers[:k].count(numbers[k - 1])) for k in flagged]
    assert codes_lines(found) == [("AR001", line) for line in lines]
    assert all(f.severity.value == "error" for f in found)


@pytest.mark.parametrize("text", [
    "Article 1er – Objet\n\nTexte.\n\nArticle 2 – Durée\n\nTexte.\n",
    "ARTICLE PREMIER – OBJET\n\nTexte.\n\nARTICLE 2 – DUREE\n\nTexte.\n",
    "ARTICLE I – OBJET\n\nTexte.\n\nARTICLE II – DUREE\n\nTexte.\n\nARTICLE III – FIN\n\nTexte.\n",
    articles(1, 2) + "\nARTICLE 2.1 – PRECISIONS\n\nTexte.\n\nARTICLE 2 bis – AJOUT\n\nTexte.\n\n" + articles(3),
])
def test_accepted_numbering_forms(text):
    assert lint(text, select=("AR001",)) == []


def test_table_of_contents_entries_are_not_duplicate_articles():
    toc = "SOMMAIRE\n\nARTICLE 1 – OBJET ........ 2\n\nARTICLE 2 – DUREE ........ 3\n\n"
    assert lint(toc + articles(1, 2), select=("AR",)) == []


def test_gap_explained_by_the_template():
    text = remove_article(clean_convention("caf-nord-2023"), 4, renumber=False)
    found = lint(text, select=("AR",))
    assert codes_lines(found) == [("AR001", line_of(text, "ARTICLE 5 –"))]
    assert "l'article 4 du modèle" in found[0].message and "communs déjà opérationnels" in found[0].message


# --------------------------------------------------------------------------- AR002 missing-template-article

def test_missing_template_article_with_renumbering():
    text = remove_article(clean_convention("caf-nord-2023"), 4, renumber=True)
    found = lint(text, select=("AR002",))
    assert codes_lines(found) == [("AR002", line_of(text, "ARTICLE 4 – LES OBJECTIFS PARTAGES"))]
    assert "l'article 4 du modèle" in found[0].message.lower()
    assert "Les champs d'intervention communs déjà opérationnels" in found[0].message
    assert "décalés" in found[0].message
    assert found[0].severity.value == "error"
    assert lint(text, select=("AR001",)) == []  # the numbering itself is consecutive


def test_missing_last_article_is_anchored_on_the_signature():
    text = clean_convention("caf-nord-2021")
    text = re.sub(r"^Article 14 .*?(?=^Fait à)", "", text, flags=re.S | re.M)
    found = lint(text, select=("AR002",))
    assert codes_lines(found) == [("AR002", line_of(text, "Fait à"))]
    assert "décalés" not in found[0].message and "Confidentialité" in found[0].message


def test_excerpts_are_not_missing_their_other_articles():
    excerpt = ("ARTICLE 6 – ENGAGEMENTS DES PARTENAIRES\n\nLes signataires s'engagent à mettre en œuvre les moyens "
               "nécessaires pour atteindre les objectifs qu'ils se sont assignés.\n")
    assert lint(excerpt, select=("AR002",), template="caf-nord-2023") == []


# --------------------------------------------------------------------------- AR003 extra-article

def test_extra_article_inserted_and_renumbered():
    text = clean_convention("caf-nord-2023")
    text = re.sub(r"^ARTICLE (\d+) ", lambda m: f"ARTICLE {int(m.group(1)) + (int(m.group(1)) >= 4)} ", text,
                  flags=re.M)
    extra = ("ARTICLE 4 – STATIONNEMENT\n\nLes véhicules municipaux stationnent sur le parking de l'hôtel de ville "
             "pendant les heures ouvrables.\n\n")
    at = text.index("ARTICLE 5 –")
    text = text[:at] + extra + text[at:]
    found = lint(text, select=("AR002", "AR003"))
    assert codes_lines(found) == [("AR003", line_of(text, "ARTICLE 4 – STATIONNEMENT"))]
    assert found[0].severity.value == "warning" and "décalés" in found[0].message


def test_rewritten_article_is_one_finding():
    text = clean_convention("caf-nord-2023")
    text = re.sub(r"(^ARTICLE 9 – )COMMUNICATION\n.*?(?=^ARTICLE 10 )",
                  r"\1STATIONNEMENT\n\nLes véhicules municipaux stationnent sur le parking de l'hôtel de ville.\n\n",
                  text, flags=re.S | re.M)
    found = lint(text, select=("AR",))
    assert codes_lines(found) == [("AR003", line_of(text, "ARTICLE 9 –"))]
    assert "l'article 9 du modèle" in found[0].message


# --------------------------------------------------------------------------- AR004 article-reference

REF_DOC = articles(1, 2, 3, 4) + "\nARTICLE 5 – ENGAGEMENTS\n\n{}\n"


@pytest.mark.parametrize("sentence,bad", [
    ("Les objectifs sont ceux qu'ils se sont assignés à l'article 7.", True),
    ("Comme le prévoit l'article 9, la Caf finance.", True),
    ("Les objectifs fixés aux articles 3 et 6 sont suivis.", True),
    ("Les dispositions des articles 2 à 7 s'appliquent.", True),
    ("Les objectifs sont ceux qu'ils se sont assignés à l'article 4.", False),
    ("Les objectifs fixés aux articles 3 et 4 sont suivis.", False),
    ("Comme le prévoit l'article 1er, la Caf finance.", False),
    ("Au titre de l'article 30 du Rgpd, la liste des traitements est tenue.", False),
    ("Vu l'article L. 263-1 du Code de la sécurité sociale.", False),
    ("Selon les articles L. 263-1, L. 223-1 et L. 227-1 à 3 du Code.", False),
    ("En application de l'article 9 de la loi n° 78-17 du 6 janvier 1978.", False),
    ("Conformément à l'article 12 du décret du 3 octobre 2001.", False),
    ("L'article 5 de la présente convention s'applique.", False),
    ("L'article 9 de la présente convention s'applique.", True),
    ("L'article 9 de la présente délibération autorise le maire à signer.", False),
    ("Les financements prévus à l'article 8 du contrat enfance jeunesse sont maintenus.", False),
    ("Les compétences prévues à l'article 7 du CGCT sont exercées.", False),
])
def test_cross_references_point_at_existing_articles(sentence, bad):
    text = REF_DOC.format(sentence)
    found = lint(text, select=("AR004",))
    assert codes_lines(found) == ([("AR004", line_of(text, sentence[:20]))] if bad else [])


def test_reference_finder():
    refs = article_refs("aux articles 3 et 4, à l'article 1er et l'article 30 du RGPD")
    assert [r.numbers for r in refs] == [(3, 4), (1,)]


def test_references_without_any_article_are_not_checked():
    assert lint("Les objectifs sont ceux qu'ils se sont assignés à l'article 5.\n", select=("AR004",)) == []


def test_reference_broken_by_renumbering():
    # Article 4 removed and the following renumbered: article 6 (now 5) still says « à l'article 5 »,
    # which now points at itself instead of the shared objectives (now article 4).
    text = remove_article(clean_convention("caf-nord-2023"), 4, renumber=True)
    found = lint(text, select=("AR004",))
    assert codes_lines(found) == [("AR004", line_of(text, "assignés à l'article 5"))]
    assert "l'article 4 du projet" in found[0].message
    assert found[0].suggestion and "4" in found[0].suggestion


def test_reference_updated_after_renumbering_is_fine():
    text = remove_article(clean_convention("caf-nord-2023"), 4, renumber=True)
    text = text.replace("assignés à l'article 5", "assignés à l'article 4")
    assert lint(text, select=("AR004",)) == []


def test_subject_check_can_be_switched_off():
    from ctglint.check import CheckOptions, check_file
    from ctglint.rules.articles import ArticleReference

    text = remove_article(clean_convention("caf-nord-2023"), 4, renumber=True)
    rule = ArticleReference.with_options({"check_subject": False})
    assert check_file("c.txt", CheckOptions(rules=[rule]), data=text.encode()).findings == []
