"""What rules yield (:class:`Hit`) and what the engine turns them into (:class:`Finding`).

A rule only says *where* (block and character span) and *what* (a bilingual
message, the expected template text); the engine stamps code, name, category,
severity, source position, section and fingerprint, so no rule can get them wrong.
"""
from __future__ import annotations

import enum
from typing import NamedTuple


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


CATEGORIES = (
    "placeholder",
    "blank-field",
    "template-instruction",
    "foreign-name",
    "party",
    "date",
    "annex",
    "article-numbering",
    "template-drift",
    "duplicate-text",
    "structure",
)


class Msg(NamedTuple):
    """A user-facing message in French and English."""

    fr: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.fr


class Hit(NamedTuple):
    """One problem found by a rule: a span ``[start, end)`` of block ``block``'s text.

    ``end == start`` marks a finding with no text of its own (a missing annex): the
    engine then anchors it on the whole block (typically the nearest heading).
    ``severity`` overrides the rule's default (a drift in a locked clause, say).
    """

    block: int
    start: int
    end: int
    message: Msg
    expected: str | None = None
    suggestion: Msg | None = None
    severity: Severity | None = None


class Finding(NamedTuple):
    code: str
    name: str
    category: str
    severity: Severity
    message: str
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    section: str
    excerpt: str
    expected: str | None
    suggestion: str | None
    fingerprint: str
    #: Where in the document model (for annotate and HTML): block index and char span.
    block: int
    start: int
    end: int
    #: 1-based page of the block the finding is in (PDF input); ``None`` for other formats.
    page: int | None = None

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.code, self.end_line, self.end_column, self.message)

    def to_json(self) -> dict:
        data = {
            "code": self.code,
            "name": self.name,
            "category": self.category,
            "severity": self.severity.value,
            "message": self.message,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "section": self.section,
            "excerpt": self.excerpt,
            "expected": self.expected,
            "suggestion": self.suggestion,
            "fingerprint": self.fingerprint,
        }
        if self.page is not None:  # only PDF input has pages: other reports stay byte-identical
            data["page"] = self.page
        return data
