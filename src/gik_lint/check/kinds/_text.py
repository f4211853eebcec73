"""Searching a report's running text with positions kept.

A scope (the whole document, the title, or a canonical section with its sub-sections)
is read as one stream of folded text without whitespace — so "2023 年" and "２０２３年"
read as "2023年", and a sentence a PDF wrapped over lines reads whole — and every
character of the stream remembers where it stands in the source. Table rows are left
out: numbers in a table are not narrative.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import repeat

from gik_lint.read import Position
from gik_lint.textnorm import fold

_RUN = re.compile(r"\S+")


@dataclass
class TextMatch:
    match: re.Match
    start: Position
    end: Position

    def group(self, *args):
        return self.match.group(*args)


class TextView:
    def __init__(self, report, pieces):
        self.blocks = report.document.blocks
        chars: list[str] = []
        self.origin: list[tuple[int, int]] = []  # (block, index) of each character
        self._flat_index: list[int] = []  # flat index -> stream index
        for b, start, end in pieces:
            for run in _RUN.finditer(fold(self.blocks[b].text[start:end])):
                size = run.end() - run.start()
                self._flat_index.extend(range(len(self.origin), len(self.origin) + size))
                chars.append(run.group())
                self.origin.extend(zip(repeat(b), range(start + run.start(), start + run.end())))
            chars.append("\n")  # pieces stay apart for patterns that stop at a line
            self.origin.append((b, end))
        self.text = "".join(chars)
        self.flat = self.text.replace("\n", "")

    def position(self, index: int) -> Position:
        if not self.origin:
            return Position(1, 1)
        b, i = self.origin[min(index, len(self.origin) - 1)]
        return self.blocks[b].at(i)

    def finditer(self, pattern: re.Pattern, flat: bool = True):
        """Matches over the stream; ``flat``: across the breaks between pieces (a PDF's
        wrapped lines), else within a piece."""
        text = self.flat if flat else self.text
        for m in pattern.finditer(text):
            a, z = m.start(), max(m.end() - 1, m.start())
            if flat:
                a, z = self._flat_index[a], self._flat_index[z]
            last = self.position(z)
            end = Position(last.line, last.column + 1 if last.column is not None else None, last.page, last.paragraph)
            yield TextMatch(m, self.position(a), end)


def pieces(report, scope: str) -> list[tuple[int, int, int]]:
    """(block, start, end) spans of a scope: "document", "title", or a section id (its
    sub-sections included); table rows excluded."""
    blocks = report.document.blocks
    if scope == "title":
        title = report.title
        if title is None:
            return []
        if title.block == title.end_block:
            return [(title.block, title.start, title.end)]
        return [(title.block, title.start, len(blocks[title.block].text)), (title.end_block, 0, title.end)]
    if scope == "document":
        spans = [(i, 0, len(b.text)) for i, b in enumerate(blocks)]
    else:
        match = report.sections.get(scope)
        if match is None:
            return []
        section = match.section
        heading = section.heading
        spans = sorted(span for s in [section, *section.walk()] for span in s.body)
        spans = [(heading.block, heading.start, heading.end)] + spans if heading.block == heading.end_block else spans
    return [(b, s, e) for b, s, e in spans if blocks[b].table is None]


def view(report, scope: str) -> TextView:
    """The view of a scope, made once per report (the rules of a run share it)."""
    views = report.__dict__.setdefault("_text_views", {})
    if scope not in views:
        views[scope] = TextView(report, pieces(report, scope))
    return views[scope]
