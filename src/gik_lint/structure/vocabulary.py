"""The section titles the structure stage may rely on where layout alone cannot
decide: a heading inside text that lost its line breaks, a heading wrapped onto a
second line, a heading written without a number. Built from the rule packs' section
catalogues; titles and patterns apply to compacted text (folded, no whitespace)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from gik_lint.memo import by_identity
from gik_lint.textnorm import compact

_PREFIXES: dict = {}


class Vocabulary:
    def __init__(self, titles: Iterable[str] = (), patterns: Iterable[str] = ()):
        self.titles = {compact(t) for t in titles if t}
        patterns = list(patterns)
        # one alternation: a single regex call per candidate length
        self._family = re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None
        self._longest = max((len(t) for t in self.titles), default=0)
        self._starts = {t[:2] for t in self.titles}

    def may_start(self, head: str) -> bool:
        """Whether a line whose first two characters are ``head`` may be a title: they
        start one, or a space among them leaves it open."""
        return head in self._starts or len(head) < 2 or head[0].isspace() or head[1].isspace()

    def is_exact(self, title: str) -> bool:
        return title in self.titles

    def is_title(self, title: str) -> bool:
        return title in self.titles or bool(self._family and self._family.fullmatch(title))

    def prefix(self, text: str, minimum: int = 4) -> int:
        """Length of the section title that ``text`` starts with, or 0.

        The longest known title wins; failing that, the shortest prefix that a
        wording pattern matches (so the title stops before the running text). Answers
        are kept: the same row labels and headings come back in report after report."""
        return by_identity(_PREFIXES, self, (text, minimum), lambda: self._prefix(text, minimum))

    def _prefix(self, text: str, minimum: int) -> int:
        for n in range(min(len(text), self._longest), 1, -1):
            if text[:n] in self.titles:
                return n
        if self._family:
            for n in range(minimum, min(len(text), 40) + 1):
                if self._family.fullmatch(text, 0, n):
                    return n
        return 0
