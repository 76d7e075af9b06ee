"""``re.compile`` for the patterns fixed at import time, through an on-disk cache of compiled programs.

Python's regular-expression parser and compiler are written in Python: the module-level
patterns of ctglint and its rules cost tens of milliseconds at every start. What they
produce is a list of integers handed, with the group names, to the C function
``_sre.compile``. :func:`compile` records those arguments the first time it sees a
pattern, keeps them in one file of the cache folder (see :mod:`ctglint.cachedir`), and
later calls ``_sre.compile`` with them directly, skipping the parser and the compiler.

* The file's name and its header carry ``sys.version``, ``_sre.MAGIC``, ``_sre.CODESIZE``
  and ctglint's version: another Python never replays a program it did not compile.
  ``_sre.compile`` checks the program it is given; an entry it refuses, or any other
  trouble with it, means compiling the ordinary way (and the entry is replaced).
* The file is read on the first call, and new entries are merged into it once, when the
  interpreter exits; an unreadable or corrupt file is ignored, an unwritable folder too.
* ``CTGLINT_NO_CACHE=1`` turns the cache off; ``CTGLINT_CACHE_DIR`` moves it.

Use it only for patterns written in the source: a pattern built from run-time data would
make the file grow without bound (``re``'s in-memory cache is the right place for those).
"""
from __future__ import annotations

import _sre
import marshal
import re
import sys
import threading
from itertools import repeat

from ctglint import __version__

__all__ = ["compile"]

#: What a recorded program depends on, beside the pattern and the flags.
_HEADER = ("ctglint-rx", 1, sys.version, _sre.MAGIC, _sre.CODESIZE, __version__)
#: Flags ``re.compile`` treats specially (DEBUG prints; TEMPLATE warns): those go to ``re.compile``.
_DEFER = int(re.DEBUG) | int(getattr(re, "TEMPLATE", 0))
#: Beyond this many entries, the file keeps only those this process used.
_MAX_ENTRIES = 2000

_lock = threading.RLock()
_path = None  # the cache file (a Path), or None when there is none; set by _load
_loaded = False
_entries: dict = {}  # (pattern, flags) → arguments of _sre.compile after the pattern, read from the file
_new: dict = {}  # entries compiled by this process, to be written at exit
_used: set = set()  # keys of the file's entries this process replayed
_compiled: dict = {}  # (pattern, flags) → the pattern object this process made (re's own cache is bypassed)
_dropped: set = set()  # keys of the file's entries that failed to replay


def compile(pattern, flags=0) -> re.Pattern:
    """``re.compile(pattern, flags)``, replayed from the cache when this pattern was compiled before."""
    if type(pattern) is not str:  # a compiled pattern, bytes, a str subclass
        return re.compile(pattern, flags)
    flags = int(flags)
    if flags & _DEFER:
        return re.compile(pattern, flags)
    if not _loaded:
        _load()
    if _path is None:  # caching is off
        return re.compile(pattern, flags)
    key = (pattern, flags)
    compiled = _compiled.get(key)
    if compiled is None:
        compiled = _compiled[key] = _replay(pattern, flags, key) or _compile_and_record(pattern, flags, key)
    return compiled


def _replay(pattern: str, flags: int, key: tuple) -> re.Pattern | None:
    """The pattern rebuilt from the file's entry; None when there is none or it fails."""
    args = _entries.get(key)
    if args is None:
        return None
    try:
        if type(args) is tuple and type(args[0]) is int and args[0] & flags == flags:
            compiled = _sre.compile(pattern, *args)
            _used.add(key)
            return compiled
    except Exception:
        pass
    _entries.pop(key, None)
    _dropped.add(key)
    return None


def _compile_and_record(pattern: str, flags: int, key: tuple) -> re.Pattern:
    """Compile the ordinary way, catching the arguments ``re``'s compiler gives ``_sre.compile``."""
    try:
        from re import _compiler
    except ImportError:
        return re.compile(pattern, flags)
    calls: list = []
    with _lock:
        real = _compiler._sre
        if real is not _sre:  # somebody else's wrapper: do not stack on it
            return re.compile(pattern, flags)
        _compiler._sre = _Recorder(calls)
        try:
            compiled = _compiler.compile(pattern, flags)
        except Exception:
            compiled = None
        finally:
            _compiler._sre = real
    if compiled is None:  # an error in the pattern: let re.compile raise it, in its own words
        return re.compile(pattern, flags)
    for result, args in calls:
        if result is compiled and args and args[0] is pattern:
            _new[key] = _plain(args[1:])
            break
    return compiled


def _plain(value):
    """``value`` with its int subclasses (``re``'s opcodes are named ints) made plain ints, for marshal."""
    if isinstance(value, int):
        return int(value)
    if isinstance(value, list):
        if all(map(isinstance, value, repeat(int))):  # the program: a long list of ints
            return list(map(int, value))
        return [_plain(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_plain(v) for v in value)
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items()}
    return value


class _Recorder:
    """Stands for the ``_sre`` module in ``re._compiler`` while one pattern compiles.

    It holds all of ``_sre``'s attributes (the compiler calls some for every character of a
    case-insensitive class), its ``compile`` keeping each call's arguments and result.
    """

    def __init__(self, calls: list):
        self.__dict__.update(vars(_sre))
        self.compile = self._compile
        self._calls = calls

    def _compile(self, *args):
        result = _sre.compile(*args)
        self._calls.append((result, args))
        return result


def _file():
    """The cache file for this Python and this ctglint, or None when caching is off."""
    import zlib

    from ctglint.cachedir import cache_dir

    folder = cache_dir()
    if folder is None:
        return None
    return folder / f"regex-{zlib.crc32(repr(_HEADER).encode()):08x}.marshal"


def _read(path) -> dict:
    """The entries in ``path``; an empty dict when it is missing, unreadable, corrupt or foreign."""
    try:
        with open(path, "rb") as f:
            data = marshal.loads(f.read())
    except Exception:
        return {}
    if type(data) is tuple and len(data) == 2 and data[0] == _HEADER and type(data[1]) is dict:
        return data[1]
    return {}


def _load() -> None:
    global _path, _loaded, _entries
    with _lock:
        if _loaded:
            return
        try:
            _path = _file()
        except Exception:
            _path = None
        if _path is not None:
            _entries = _read(_path)
            import atexit

            atexit.register(_save)
        _loaded = True


def _save() -> None:
    """Merge this process's new entries into the file; never raises (the folder may be read-only)."""
    if _path is None or not (_new or _dropped):
        return
    try:
        merged = _read(_path)
        for key in _dropped:
            merged.pop(key, None)
        merged.update(_new)
        if len(merged) > _MAX_ENTRIES:
            merged = {k: v for k, v in merged.items() if k in _new or k in _used}
        data = marshal.dumps((_HEADER, merged))
        from ctglint.atomic import write_atomic

        _path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(_path, data)
    except Exception:
        pass
