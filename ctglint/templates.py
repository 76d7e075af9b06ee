"""Reference templates: loading (folder → :class:`Template`) and picking the best match.

A template folder holds ``manifest.toml`` and ``template.txt`` (format in
``reference/README.md``). The text is read by the same reader and outline finder as
drafts; the markup (``{{slot}}``, ``[[instruction]]``) is then split out of each
block into :class:`Segment` lists.
"""
from __future__ import annotations

import hashlib
import pickle
import sys
import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import NamedTuple

from ctglint import __version__, outline, rx
from ctglint.atomic import write_atomic
from ctglint.cachedir import cache_dir
from ctglint.errors import InputError, UsageError
from ctglint.textsim import dice, document_shingles, shingles
from ctglint.ingest.text import read_text
from ctglint.model import Document

SLOT_TYPES = {
    "commune", "epci", "collectivite", "personne", "fonction", "date", "periode",
    "annee", "nombre", "montant", "texte", "libre",
}
MARKUP = rx.compile(r"\{\{(?P<slot>[^{}]*)\}\}|\[\[(?P<instr>.*?)\]\]", re.DOTALL)


class Segment(NamedTuple):
    """A piece of a template block: plain ``text``, a ``slot`` or an ``instruction``."""

    kind: str  # "text" | "slot" | "instruction"
    text: str  # the text itself, the slot's model text, or the instruction
    type: str = ""  # slot type
    name: str = ""  # slot name


class AnnexSpec(NamedTuple):
    number: int
    title: str
    required: bool
    keywords: tuple[str, ...]


@dataclass(eq=False, repr=False)  # by identity: no one compares or prints templates
class Template:
    id: str
    title: str
    provenance: str
    caf: str
    caf_seat: str
    department: str
    min_years: int
    max_years: int
    locked: frozenset[str]
    editable: frozenset[str]
    annexes: tuple[AnnexSpec, ...]
    path: Path
    #: The template as a document; each block's text is the markup-free model text.
    document: Document
    #: Segments of each block (by block index).
    segments: dict[int, list[Segment]] = field(default_factory=dict)
    #: Diff tokens of each section, filled by ``diff.template_tokens`` (per process: unpickling them
    #: from the on-disk cache costs as much as computing them).
    token_cache: dict = field(default_factory=dict, repr=False, compare=False)
    #: What rules (and the diff: ``diff.WORDS_KEY``) derive from the template alone (see :func:`derived`).
    derived: dict = field(default_factory=dict)
    #: Where its cached form is kept (None when not cached).
    cache_path: Path | None = None

    # Every run loads every template to pick the closest, then reads only that one: its cached
    # form keeps the document, segments and derived data packed, unpacked on first use.
    _PACKED = ("document", "segments", "derived")

    def __getstate__(self):
        state = dict(self.__dict__)
        state["token_cache"] = {}
        state["cache_path"] = None
        if "_packed" not in state:
            state["_packed"] = pickle.dumps(tuple(state.pop(name) for name in self._PACKED),
                                            protocol=pickle.HIGHEST_PROTOCOL)
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)

    def __getattr__(self, name):
        # Only reached for attributes not set yet: the packed ones of a template read from the cache.
        packed = self.__dict__.pop("_packed", None) if name in self._PACKED else None
        if packed is None:
            raise AttributeError(name)
        for key, value in zip(self._PACKED, pickle.loads(packed)):
            setattr(self, key, value)
        return getattr(self, name)

    def is_fixed(self, index: int) -> bool:
        """Whether block ``index`` is fixed text: no slot, no instruction."""
        return all(s.kind == "text" for s in self.segments.get(index, ()))

    @property
    def instructions(self) -> list[tuple[int, str]]:
        return [(i, s.text) for i, segs in self.segments.items() for s in segs if s.kind == "instruction"]

    @property
    def slots(self) -> list[tuple[int, Segment]]:
        return [(i, s) for i, segs in self.segments.items() for s in segs if s.kind == "slot"]

    @property
    def articles(self) -> list:
        return self.document.sections_of("article")

    @cached_property
    def fixed_shingles(self) -> frozenset:
        """Word shingles of the template's fixed text (outside slots and instructions)."""
        text = "\n".join(s.text for segs in self.segments.values() for s in segs if s.kind == "text")
        return frozenset(shingles(text))


# --------------------------------------------------------------------------- loading

def parse_segments(text: str) -> list[Segment]:
    out: list[Segment] = []
    pos = 0
    for m in MARKUP.finditer(text):
        if m.start() > pos:
            out.append(Segment("text", text[pos:m.start()]))
        if m.group("instr") is not None:
            out.append(Segment("instruction", m.group("instr")))
        else:
            out.append(_slot(m.group("slot")))
        pos = m.end()
    if pos < len(text):
        out.append(Segment("text", text[pos:]))
    return out


def _slot(body: str) -> Segment:
    spec, _, model = body.partition("|")
    type_, _, name = spec.strip().partition(":")
    type_ = type_.strip().lower()
    if type_ not in SLOT_TYPES:
        raise ValueError(f"unknown slot type {type_!r}")
    return Segment("slot", model.strip(), type_, name.strip())


def load(folder: Path) -> Template:
    """Load the template in ``folder``, through the on-disk cache of parsed templates."""
    cache = _cache_file(folder)
    if cache is not None:
        try:
            template = pickle.loads(cache.read_bytes())
            if isinstance(template, Template):
                template.cache_path = cache
                return template
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            pass
    template = parse_folder(folder)
    if cache is not None:
        from ctglint.diff import WORDS_KEY, template_words

        template.fixed_shingles  # computed once, stored with the rest
        derived(template, WORDS_KEY, template_words)
        if _store(template, cache):
            _prune(cache)
    return template


def _store(template: Template, cache: Path) -> bool:
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(cache, pickle.dumps(template, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        return False  # a read-only home: parse every time
    template.cache_path = cache
    return True


_MISSING = object()
_to_store: list[Template] = []


def derived(template: Template, key: str, compute):
    """``compute(template)``, computed once per template and kept with its cached form.

    For what a rule derives from the template alone (its labelled fields, the sentences it
    repeats on purpose): the next run reads it instead of computing it again. The value must
    pickle; ``key`` names the rule and what it derives.
    """
    found = template.derived.get(key, _MISSING)
    if found is _MISSING:
        found = template.derived[key] = compute(template)
        if template.cache_path is not None and template not in _to_store:
            if not _to_store:
                import atexit

                atexit.register(_store_derived)
            _to_store.append(template)
    return found


def _store_derived() -> None:
    """At exit: write again the cached forms that gained derived data this run."""
    for template in _to_store:
        if template.cache_path is not None:
            try:
                _store(template, template.cache_path)
            except Exception:  # noqa: BLE001 - a cache left as it was is no reason to fail a run
                pass


def _prune(kept: Path) -> None:
    """Remove the cached forms of the same folder made by other versions or from older files."""
    folder_part = kept.name.rsplit("-", 1)[0]
    for old in kept.parent.glob("template-*.pickle"):
        # Same folder, other state; or named the way ctglint 0.1 did (no folder part).
        if old != kept and (old.name.startswith(folder_part + "-") or old.name.count("-") == 1):
            try:
                old.unlink()
            except OSError:
                pass


def _cache_file(folder: Path) -> Path | None:
    """Where the parsed form of ``folder`` is kept: keyed by ctglint's version and the files' stamps.

    Parsing both templates is a third of a one-file run; unpickling them is a few milliseconds.
    ``CTGLINT_NO_CACHE=1`` turns the cache off; ``CTGLINT_CACHE_DIR`` moves it.
    """
    base = cache_dir()
    if base is None:
        return None
    try:
        stamps = _stamps((folder / "manifest.toml", folder / "template.txt")) + _code_stamps()
    except OSError:
        return None
    # One name part per folder, one per state of its files: a new state replaces the old file.
    folder_key = hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:16]
    # The paragraph words inside are marshalled: a format of this Python's.
    state_key = hashlib.sha256(repr((__version__, sys.version, stamps)).encode()).hexdigest()[:16]
    return base / f"template-{folder_key}-{state_key}.pickle"


def _stamps(files) -> list[tuple[str, int, int]]:
    return [(str(f), st.st_mtime_ns, st.st_size) for f in files for st in (f.stat(),)]


@cache
def _code_stamps() -> list[tuple[str, int, int]]:
    """The code a cached template depends on: what parses it, and what derives data from it
    (:func:`derived`: the rules, the rule contract). Read once per process, for every template."""
    here = Path(__file__).parent
    return _stamps((here / "templates.py", here / "model.py", here / "outline.py", here / "ingest" / "text.py",
                    here / "textsim.py", here / "fr.py", here / "diff.py", here / "rule.py",
                    *sorted((here / "rules").glob("*.py"))))


def parse_folder(folder: Path) -> Template:
    """Parse the template in ``folder``; a broken template is an :class:`InputError`."""
    import tomllib  # templates usually come from the cache: parsing is the exception

    manifest_path, text_path = folder / "manifest.toml", folder / "template.txt"
    if not manifest_path.is_file() or not text_path.is_file():
        raise InputError(
            "bad-template",
            f"template folder {folder} needs manifest.toml and template.txt",
            f"le dossier de modèle {folder} doit contenir manifest.toml et template.txt",
        )
    try:
        manifest = tomllib.loads(manifest_path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError("bad-template", f"{manifest_path}: {exc}", f"{manifest_path} : {exc}") from None
    doc = read_text(str(text_path), text_path.read_bytes())
    segments: dict[int, list[Segment]] = {}
    for block in doc.blocks:
        try:
            segs = parse_segments(block.text)
        except ValueError as exc:
            raise InputError("bad-template", f"{text_path}:{block.line}: {exc}", f"{text_path}:{block.line} : {exc}") from None
        segments[block.index] = segs
        block.text = "".join(s.text for s in segs)
    outline.build(doc)
    try:
        period = manifest.get("period", {})
        sections = manifest.get("sections", {})
        return Template(
            id=str(manifest["id"]),
            title=str(manifest.get("title", manifest["id"])),
            provenance=str(manifest.get("provenance", "")),
            caf=str(manifest.get("caf", "")),
            caf_seat=str(manifest.get("caf_seat", "")),
            department=str(manifest.get("department", "")),
            min_years=int(period.get("min_years", 1)),
            max_years=int(period.get("max_years", 10)),
            locked=frozenset(sections.get("locked", ())),
            editable=frozenset(sections.get("editable", ())),
            annexes=tuple(
                AnnexSpec(int(a["number"]), str(a.get("title", "")), bool(a.get("required", False)),
                          tuple(str(k).lower() for k in a.get("keywords", ())))
                for a in manifest.get("annexes", ())
            ),
            path=folder,
            document=doc,
            segments=segments,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError("bad-template", f"{manifest_path}: bad or missing key {exc}",
                         f"{manifest_path} : clé absente ou invalide {exc}") from None


def builtin_folders() -> list[Path]:
    # The installed package is a plain folder: no need for importlib.resources (15 ms to import).
    import ctglint.reference

    root = Path(ctglint.reference.__file__).parent
    return sorted(p for p in root.iterdir() if p.is_dir() and (p / "manifest.toml").is_file())


@cache
def builtin() -> tuple[Template, ...]:
    return tuple(load(folder) for folder in builtin_folders())


_LOADED: dict[tuple, Template] = {}


def _loaded(folder: Path) -> Template:
    """:func:`load`, once per folder and version of its files in this process: a run over many
    files resolves the user's templates for every file."""
    try:
        key = (folder.resolve(), *((folder / n).stat().st_mtime_ns for n in ("manifest.toml", "template.txt")))
    except OSError:
        return load(folder)  # reports the missing file
    if key not in _LOADED:
        _LOADED[key] = load(folder)
    return _LOADED[key]


def resolve(spec: str | None, extra_paths: tuple[str, ...] = ()) -> list[Template]:
    """The candidate templates for ``--template ID|PATH`` (all of them when ``spec`` is None)."""
    candidates = list(builtin())
    for p in extra_paths:
        folder = Path(p)
        if (folder / "manifest.toml").is_file():
            candidates.append(_loaded(folder))
        elif folder.is_dir():
            candidates.extend(_loaded(sub) for sub in sorted(folder.iterdir()) if (sub / "manifest.toml").is_file())
    if spec is None:
        return candidates
    path = Path(spec)
    if path.is_dir():
        return [_loaded(path)]
    for t in candidates:
        if t.id == spec:
            return [t]
    known = ", ".join(t.id for t in candidates)
    raise UsageError(f"unknown template {spec!r} (known: {known}; or give a template folder)")


# --------------------------------------------------------------------------- matching

#: Below this similarity a document is not taken for a convention of that model.
MIN_MATCH = 0.3


def best_match(doc: Document, candidates: list[Template], *, forced: bool = False) -> tuple[Template | None, float]:
    """The most similar template and its score; None when even the best is below :data:`MIN_MATCH`
    (unless ``forced``: the user named the template)."""
    if not candidates:
        return None, 0.0
    draft = document_shingles(doc)
    scored = sorted(((dice(t.fixed_shingles, draft), t.id, t) for t in candidates), key=lambda x: (-x[0], x[1]))
    score, _, template = scored[0]
    if score < MIN_MATCH and not forced:
        return None, round(score, 3)
    return template, round(score, 3)
