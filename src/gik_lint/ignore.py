"""Paths matched as git matches them in a ``.gitignore``: used for ``.gitignore`` files,
the configuration's ``exclude`` and the folders of its ``overrides``.

A pattern with a slash before its end is anchored to its base folder, one without matches
a name at any depth; ``*`` and ``?`` never match ``/``; ``**/``, ``/**/`` and ``/**``
match any number of folders; a trailing ``/`` matches folders only; ``!`` re-includes;
the last pattern that matches decides, and whatever is inside a matched folder is matched.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from gik_lint.records import record


@record(frozen=True)
class Pattern:
    regex: re.Pattern
    negated: bool
    folders_only: bool


def compile_pattern(text: str) -> Pattern | None:
    """One line of a ``.gitignore``; None for a blank line or a comment."""
    line = text.rstrip("\n\r")
    if not line or line.startswith("#"):
        return None
    while line.endswith(" ") and not line.endswith("\\ "):  # trailing spaces, unless escaped
        line = line[:-1]
    negated = line.startswith("!")
    if negated or line.startswith("\\!") or line.startswith("\\#"):
        line = line[1:]
    folders_only = line.endswith("/")
    line = line.rstrip("/")
    if not line:
        return None
    anchored = "/" in line
    body = _translate(line.lstrip("/"))
    return Pattern(re.compile(("" if anchored else "(?:.*/)?") + body + r"\Z", re.DOTALL), negated, folders_only)


def _translate(glob: str) -> str:
    out, i, n = [], 0, len(glob)
    while i < n:
        if glob.startswith("**/", i) and (i == 0 or glob[i - 1] == "/"):
            out.append("(?:.*/)?")
            i += 3
        elif glob.startswith("**", i) and i + 2 == n and (i == 0 or glob[i - 1] == "/"):
            out.append(".*")
            i += 2
        elif glob[i] == "*":
            while i < n and glob[i] == "*":  # other runs of asterisks are one asterisk
                i += 1
            out.append("[^/]*")
        elif glob[i] == "?":
            out.append("[^/]")
            i += 1
        elif glob[i] == "[":
            end = glob.find("]", i + 2 if glob[i + 1 : i + 2] in ("!", "^", "]") else i + 1)
            if end == -1:
                out.append(re.escape("["))
                i += 1
                continue
            inner = glob[i + 1 : end]
            if inner[:1] in ("!", "^"):
                inner = "^" + inner[1:]
            out.append("(?!/)[" + inner.replace("\\", "\\\\") + "]")
            i = end + 1
        elif glob[i] == "\\" and i + 1 < n:
            out.append(re.escape(glob[i + 1]))
            i += 2
        else:
            out.append(re.escape(glob[i]))
            i += 1
    return "".join(out)


class Patterns:
    """The patterns of one file (or one configuration key), relative to one folder."""

    def __init__(self, lines: list[str] | tuple[str, ...]):
        self.patterns = [p for p in map(compile_pattern, lines) if p is not None]

    def decide(self, relative: str, is_folder: bool) -> bool | None:
        """True: matched; False: re-included by a ``!`` pattern; None: no pattern matches."""
        for pattern in reversed(self.patterns):
            if (is_folder or not pattern.folders_only) and pattern.regex.match(relative):
                return not pattern.negated
        return None

    def matches_file(self, relative: str) -> bool:
        """For per-path settings: whether a pattern matches the file at ``relative`` itself, or
        a folder pattern (``archive/``, ``archive/**``) one it is in; ``archive/*`` is the files
        in ``archive``, not those in its subfolders."""
        decided = self.decide(relative, False)
        if decided is not None:
            return decided
        parts = relative.split("/")
        return any(p.folders_only and not p.negated and p.regex.match("/".join(parts[:depth]))
                   for depth in range(1, len(parts)) for p in self.patterns)

    def matches(self, relative: str, is_folder: bool = False) -> bool:
        """Whether ``relative`` (``/``-separated, below the base folder) or a folder it is in is matched."""
        parts = relative.split("/")
        for depth in range(1, len(parts)):
            if self.decide("/".join(parts[:depth]), True):
                return True
        return bool(self.decide(relative, is_folder))


class GitIgnores:
    """The ``.gitignore`` files that apply below ``start``: those of the folders from the
    repository's top (the nearest folder above with ``.git``; ``start`` itself outside a
    repository) down to each path's own folder. The deepest file that has a say decides."""

    def __init__(self, start: Path):
        start = Path(os.path.realpath(start))  # never raises, even on a loop of links
        self.top = next((f for f in [start, *start.parents] if (f / ".git").exists()), start)
        self._files: dict[Path, Patterns | None] = {}

    def _patterns(self, folder: Path) -> Patterns | None:
        if folder not in self._files:
            try:
                self._files[folder] = Patterns((folder / ".gitignore").read_text(encoding="utf-8", errors="replace").splitlines())
            except OSError:
                self._files[folder] = None
        return self._files[folder]

    def ignores(self, path: Path, is_folder: bool) -> bool:
        path = Path(os.path.realpath(path))  # never raises, even on a loop of links
        if path == self.top or self.top not in path.parents:
            return False
        folder = path.parent
        while True:
            found = self._patterns(folder)
            if found is not None:
                decided = found.decide(path.relative_to(folder).as_posix(), is_folder)
                if decided is not None:
                    return decided
            if folder == self.top:
                return False
            folder = folder.parent
