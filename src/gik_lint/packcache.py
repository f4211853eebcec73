"""What a run would otherwise redo at every start, compiled once and kept in the user's
cache folder for the next run: the rule packs' YAML parsed, their patterns' static ReDoS
check, their relations parsed, and the programs of the regular expressions (gik-lint's
own, compiled as its modules load, and the packs'; :func:`compile_re`).

Keyed by content, never by name or time: a YAML file's entry is found by its bytes, a
pattern, an expression and a message template by their text (and flags), so an edited pack is
parsed again and nothing stale is ever used. The file holds plain data only (dicts, lists, strings,
numbers, written with :mod:`marshal`): loading it runs nothing. A cache that cannot be
read, or was written by another version of gik-lint or of Python, is ignored; one that
cannot be written is left alone; neither changes a result.

The folder: ``$GIK_LINT_CACHE_DIR``, else the platform's user cache folder
(``$XDG_CACHE_HOME/gik-lint``, ``~/.cache/gik-lint``; ``%LOCALAPPDATA%\\gik-lint\\Cache``;
``~/Library/Caches/gik-lint``). ``GIK_LINT_NO_CACHE=1`` turns it off."""

from __future__ import annotations

import atexit
import marshal
import os
import sys
from pathlib import Path

from gik_lint import __version__

_FORMAT = f"gik-lint {__version__} packs 2 marshal {marshal.version} python {sys.version_info[:2]}"
_MAX_BYTES = 32 * 1024 * 1024  # a cache file larger than this is not ours to read

# the sections of the cache: "yaml": a file's bytes -> its data (marshalled); "safe": patterns that passed the
# ReDoS check; "expr": relation text -> parse tree as nested tuples; "re": flags and
# pattern -> the pattern's compiled program (what re's compiler makes of it); "message":
# a message template that passed the vetting -> (its tree, see check.message_tree)
_SECTIONS = ("yaml", "safe", "expr", "re", "message")
_data: dict | None = None
_dirty = False
_MAX_COMPILED = 4096
_compiled: dict = {}  # this process's patterns, by flags and text: compile_re(p) is cheap to repeat


def folder() -> Path | None:
    if os.environ.get("GIK_LINT_NO_CACHE"):
        return None
    explicit = os.environ.get("GIK_LINT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return Path(base) / "gik-lint" / "Cache" if base else None
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "gik-lint"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "gik-lint"


def _path() -> Path | None:
    found = folder()
    return found / "packs.marshal" if found else None


def _load() -> dict:
    global _data
    if _data is None:
        _data = {name: set() if name == "safe" else {} for name in _SECTIONS}
        path = _path()
        try:
            if path is not None and path.stat().st_size <= _MAX_BYTES:
                header, body = marshal.loads(path.read_bytes())
                if header == _FORMAT and isinstance(body, dict):
                    _data = {name: set(body.get(name, ())) if name == "safe" else dict(body.get(name, {}))
                             for name in _SECTIONS}
        except (OSError, ValueError, EOFError, TypeError):
            pass  # no cache, or not one this version can use: compiled again
    return _data


def get(section: str, key):
    """The entry ``key`` of ``section``, or None."""
    data = _load()[section]
    return (key in data) if isinstance(data, set) else data.get(key)


def put(section: str, key, value=None) -> None:
    """Remember an entry (a value marshal can write; anything else is not kept)."""
    global _dirty
    data = _load()[section]
    if isinstance(data, set):
        if key not in data:
            data.add(key)
            _dirty = True
        return
    try:
        marshal.dumps(value)
    except ValueError:  # e.g. a date in a user's pack: parsed again next time
        return
    data[key] = value
    _dirty = True


def compile_re(pattern: str, flags: int = 0):
    """``re.compile(pattern, flags)``, its program taken from the cache when an earlier run
    compiled it: re's compiler spends most of gik-lint's start-up on the large character
    classes of Chinese text (``[\u4e00-\u9fff]``, a 65,536-entry table built in Python each
    time). The program is handed to ``_sre``, which validates it; any trouble (another
    Python's internals) and the pattern is compiled as usual. Kept for the process too, so
    ``compile_re(p).search(text)`` in a function costs a lookup, as ``re.search`` does."""
    key = f"{int(flags)}:{pattern}"
    compiled = _compiled.get(key)
    if compiled is None:
        if len(_compiled) >= _MAX_COMPILED:  # a long-lived process (the language server) stays bounded
            _compiled.clear()
        compiled = _compiled[key] = _compile(pattern, flags, key)
    return compiled


def _compile(pattern: str, flags: int, key: str):
    import re

    entry = get("re", key)
    if entry is not None:
        try:
            import _sre

            return _sre.compile(pattern, *entry)
        except Exception:  # noqa: BLE001 - not a program this Python takes: compiled below
            pass
    compiled = re.compile(pattern, flags)
    try:
        from re import _compiler, _parser

        parsed = _parser.parse(pattern, int(flags))
        code = _compiler._code(parsed, int(flags))
        names = dict(parsed.state.groupdict)
        groups = [None] * parsed.state.groups
        for name, index in names.items():
            groups[index] = name
        put("re", key, (int(flags | parsed.state.flags), [int(c) for c in code], parsed.state.groups - 1, names, tuple(groups)))
    except Exception:  # noqa: BLE001 - Python 3.10 (sre_compile) or other internals: not cached
        pass
    return compiled


def save() -> None:
    """Write what this run added (at exit; atomically: a reader never sees half a file,
    two runs writing at once leave one complete cache)."""
    global _dirty
    path = _path()
    if not _dirty or path is None or _data is None:
        return
    _dirty = False
    try:
        import tempfile

        path.parent.mkdir(parents=True, exist_ok=True)
        body = {name: sorted(entries) if name == "safe" else entries for name, entries in _data.items()}
        fd, temporary = tempfile.mkstemp(prefix=".packs-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(marshal.dumps((_FORMAT, body)))
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError:
        pass  # a read-only home, a full disk: the next run compiles again


atexit.register(save)
