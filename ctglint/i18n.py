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
