"""Labels of the reports in French and English (rule messages carry their own)."""
from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    "error": ("erreur", "error"),
    "warning": ("avertissement", "warning"),
    "info": ("info", "info"),
    "template": ("modèle", "template"),
    "no-template": ("aucun modèle de référence reconnu", "no reference template recognised"),
    "score": ("similarité", "similarity"),
    "expected": ("attendu", "expected"),
    "suggestion": ("suggestion", "suggestion"),
    "unreadable": ("illisible", "unreadable"),
    "no-findings": ("aucun problème trouvé", "no problems found"),
    "files": ("fichier(s)", "file(s)"),
    "errors": ("erreur(s)", "error(s)"),
    "warnings": ("avertissement(s)", "warning(s)"),
    "infos": ("info(s)", "info(s)"),
    "unreadable-files": ("illisible(s)", "unreadable"),
    "cover": ("page de garde", "cover"),
    "parties": ("parties", "parties"),
    "visas": ("visas", "visas"),
    "preamble": ("préambule", "preamble"),
    "signature": ("signatures", "signature block"),
    "header": ("en-tête", "header"),
    "footer": ("pied de page", "footer"),
    "footnote": ("note de bas de page", "footnote"),
    "article": ("article", "article"),
    "annex": ("annexe", "annex"),
    # diffs (ctglint diff, reports)
    "status-identical": ("identique", "identical"),
    "status-slots-only": ("champs remplis seulement", "slots only"),
    "status-modified": ("modifiée", "modified"),
    "status-missing": ("absente", "missing"),
    "status-added": ("ajoutée", "added"),
    "section": ("section", "section"),
    "status": ("état", "status"),
    "words": ("mots", "words"),
    "draft": ("projet", "draft"),
    "old-version": ("ancienne version", "old version"),
    "new-version": ("nouvelle version", "new version"),
    "instruction": ("consigne", "instruction"),
    "empty-slot": ("non rempli", "not filled"),
    "unchanged-paragraphs": ("paragraphe(s) inchangé(s)", "unchanged paragraph(s)"),
    "no-substantive-difference": ("aucune différence de fond", "no substantive difference"),
    "diff-template-title": ("Écarts avec le modèle", "Differences from the template"),
    "diff-versions-title": ("Écarts entre les deux versions", "Differences between the two versions"),
    "legend": ("Légende :", "Key:"),
    "legend-deleted": ("texte du modèle supprimé", "template text deleted"),
    "legend-inserted": ("texte ajouté", "text added"),
    "legend-slot": ("champ : valeur saisie", "field: value filled in"),
    "clause-diff": ("écart", "change"),
    # HTML report
    "report-title": ("Rapport ctglint", "ctglint report"),
    "findings": ("Constats", "Findings"),
    "draft-text": ("Texte du projet", "Text of the draft"),
    "line": ("ligne", "line"),
    "position": ("position", "position"),
    "severity": ("gravité", "severity"),
    "rule": ("règle", "rule"),
    "message": ("message", "message"),
    "see-diff": ("voir l'écart", "see the change"),
    "back-to-finding": ("retour au constat", "back to the finding"),
    "contents": ("Sommaire", "Contents"),
    "generated-by": ("produit par", "made by"),
    "continued": ("suite", "continued"),
}


def label(key: str, lang: str) -> str:
    fr, en = LABELS.get(key, (key, key))
    return en if lang == "en" else fr


def section_label(section: str, lang: str) -> str:
    """« article 4 » → « Article 4 »; « signature » → « Signatures »."""
    kind, _, number = section.partition(" ")
    text = label(kind, lang)
    text = f"{text} {number}" if number else text
    return text[:1].upper() + text[1:]
