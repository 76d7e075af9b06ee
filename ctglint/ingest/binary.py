"""The formats ctglint recognises but cannot read, each with the way out for the user."""
from __future__ import annotations

from ctglint.errors import InputError

_REFUSALS = {
    "ole-encrypted": InputError(
        "encrypted",
        "Password-protected Word document: remove the password in Word and save it again.",
        "Document Word protégé par mot de passe : retirez le mot de passe dans Word "
        "puis enregistrez-le à nouveau.",
    ),
    "ole": InputError(
        "legacy-doc",
        "Word 97-2003 document (.doc) is not supported: save it as .docx.",
        "Le format Word 97-2003 (.doc) n'est pas pris en charge : enregistrez le document au format .docx.",
    ),
    "rtf": InputError(
        "rtf",
        "RTF document is not supported: save it as .docx.",
        "Le format RTF n'est pas pris en charge : enregistrez le document au format .docx.",
    ),
}


def refusal(kind: str) -> InputError | None:
    """A fresh :class:`InputError` for a sniffed ``kind`` ctglint refuses, else ``None``."""
    template = _REFUSALS.get(kind)
    return None if template is None else InputError(template.code, template.message, template.message_fr)
