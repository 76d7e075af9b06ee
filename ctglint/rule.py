"""The rule contract.

A rule is a class in a module of ``ctglint.rules`` (the top-level ``rules/`` folder).
It declares its code, kebab-case name, category, default severity and options, and
yields :class:`~ctglint.findings.Hit` from :meth:`Rule.check`. Its docstring is its
documentation page, in French, with the sections « Ce qu'elle fait », « Pourquoi »,
« Exemple » and « À la place »; the example and the « à la place » text are fenced
with ``` and run by a meta-test (the first must trigger the rule, the second not).
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar, NamedTuple

from ctglint.findings import Hit, Severity
from ctglint.model import Block, Document, Section

if TYPE_CHECKING:
    from ctglint.align import Alignment
    from ctglint.templates import Template


class NoOptions(NamedTuple):
    pass


class Rule:
    code: ClassVar[str]
    name: ClassVar[str]
    category: ClassVar[str]
    severity: ClassVar[Severity]
    #: A NamedTuple of the rule's options, each with its default.
    Options: ClassVar[type] = NoOptions
    #: Whether the rule needs a reference template to say anything.
    needs_template: ClassVar[bool] = False
    #: Whether the rule runs after suppressions are applied (it reads ``ctx.facts["unused_suppressions"]``).
    after_suppressions: ClassVar[bool] = False

    def __init__(self, options: object | None = None):
        self.options = options if options is not None else self.Options()

    @classmethod
    def with_options(cls, values: dict) -> "Rule":
        """Build the rule with options from configuration; unknown keys raise KeyError."""
        known = set(cls.Options._fields)
        unknown = set(values) - known
        if unknown:
            raise KeyError(", ".join(sorted(unknown)))
        return cls(cls.Options(**values))

    def validate(self) -> None:
        """Raise ValueError when an option has a bad value (checked when configuration is read)."""

    def check(self, ctx: "Context") -> Iterable[Hit]:
        raise NotImplementedError


@dataclass(frozen=True, eq=False, repr=False)  # by identity: no one compares or prints contexts
class Context:
    """What a rule may read: the draft, its template and their alignment."""

    document: Document
    template: "Template | None" = None
    alignment: "Alignment | None" = None
    facts: dict = field(default_factory=dict)

    def blocks(self, *, parts: tuple[str, ...] = ("body",), stamps: bool = False,
               drafted_only: bool = False) -> Iterator[Block]:
        """The draft's blocks in ``parts``. With ``drafted_only``, not those that are word for word
        a paragraph of the template's fixed text: for a rule that judges each paragraph alone,
        they are the template's own wording, which a clean convention (tests) shows it accepts.
        Two thirds of a convention, typically."""
        verbatim = self.template_paragraphs() if drafted_only else frozenset()
        for b in self.document.blocks:
            if b.part in parts and (stamps or b.is_content) and b.text not in verbatim:
                yield b

    def template_paragraphs(self) -> frozenset[str]:
        """The texts of the template's paragraphs that hold no slot and no instruction."""
        if self.template is None:
            return frozenset()
        from ctglint.templates import derived

        return derived(self.template, "rule.fixed-paragraphs", _fixed_paragraphs)

    def section_diffs(self) -> list:
        """The draft's sections diffed against the template (``diff.diff_document``), computed once."""
        if self.template is None or self.alignment is None:
            return []
        if "_section_diffs" not in self.facts:
            from ctglint.diff import diff_document

            self.facts["_section_diffs"] = diff_document(self.template, self.document, self.alignment)
        return self.facts["_section_diffs"]

    def section(self, block: Block) -> Section | None:
        for s in self.document.sections:
            if block.index in s.blocks:
                return s
        return None


def _fixed_paragraphs(template) -> frozenset[str]:
    return frozenset(b.text for b in template.document.blocks if b.is_content and template.is_fixed(b.index))


def overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    """Whether ``span`` overlaps any of the ``taken`` spans (half-open intervals)."""
    return any(span[0] < end and start < span[1] for start, end in taken)
