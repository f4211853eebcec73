"""Searching a report's running text with positions kept.

A scope (the whole document, the title, or a canonical section with its sub-sections)
is read as one stream of folded text without whitespace — so "2023 年" and "２０２３年"
read as "2023年", and a sentence a PDF wrapped over lines reads whole — and every
character of the stream remembers where it stands in the source. Table rows are left
out: numbers in a table are not narrative.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from gik_lint.packcache import compile_re
from gik_lint.read import Position

_SPACE = compile_re(r"\s+")
_SPACE_IN_LINE = compile_re(r"[^\S\n]+")
_CHAR = compile_re(r"\S")


class TextMatch:
    """A match over a view; where it starts and ends in the source is worked out when
    asked (most matches a rule looks at are never reported)."""

    __slots__ = ("match", "_view", "_first", "_last")

    def __init__(self, match: re.Match, view: TextView, first: int, last: int):
        self.match, self._view, self._first, self._last = match, view, first, last

    @property
    def start(self) -> Position:
        return self._view.position(self._first)

    @property
    def end(self) -> Position:
        last = self._view.position(self._last)
        return Position(last.line, last.column + 1 if last.column is not None else None, last.page, last.paragraph)

    def group(self, *args):
        return self.match.group(*args)

    @property
    def confidence(self) -> float | None:
        """OCR's least confidence in the lines the match runs over (None: not read by OCR)."""
        return self._view.confidence(self._first, self._last)


class TextView:
    def __init__(self, report, pieces):
        self.blocks = report.document.blocks
        # each piece's start in the stream and in the flat text, and what it came from;
        # the characters' own source positions are worked out only for the matches reported
        self._start: list[int] = []
        self._flat_start: list[int] = []
        self._source: list[tuple[int, int, int, str]] = []  # (block, start, end, folded text)
        self._kept: dict[int, list[int]] = {}
        folded = [self.blocks[b].folded[start:end] for b, start, end in pieces]
        joined = "\n".join(folded)
        if joined.count("\n") == len(folded) - 1:  # no line break inside a piece: squeezed at once
            squeezed = _SPACE_IN_LINE.sub("", joined).split("\n")
        else:
            squeezed = [_SPACE.sub("", f) for f in folded]
        size = flat = 0
        for (b, start, end), f, q in zip(pieces, folded, squeezed):
            self._start.append(size)
            self._flat_start.append(flat)
            self._source.append((b, start, end, f))
            size += len(q) + 1
            flat += len(q)
        self.flat = "".join(squeezed)
        self.text = "".join(q + "\n" for q in squeezed)  # pieces stay apart for patterns that stop at a line

    def position(self, index: int) -> Position:
        if not self._start:
            return Position(1, 1)
        index = min(index, len(self.text) - 1)
        k = bisect_right(self._start, index) - 1
        b, start, end, folded = self._source[k]
        if k not in self._kept:  # where each kept (non-space) character stands in the piece
            self._kept[k] = [m.start() for m in _CHAR.finditer(folded)]
        kept, offset = self._kept[k], index - self._start[k]
        return self.blocks[b].at(start + kept[offset] if offset < len(kept) else end)

    def confidence(self, first: int, last: int) -> float | None:
        """OCR's least confidence in the blocks under stream indexes ``first``..``last``."""
        k, z = bisect_right(self._start, first) - 1, bisect_right(self._start, last) - 1
        found = [self.blocks[self._source[i][0]].confidence for i in range(max(k, 0), z + 1)]
        found = [c for c in found if c is not None]
        return min(found) if found else None

    def _stream_index(self, flat: int) -> int:
        k = bisect_right(self._flat_start, flat) - 1
        return self._start[k] + flat - self._flat_start[k]

    def span(self, start: int, end: int) -> TextMatch:
        """A stretch of the flat stream (``flat[start:end]``), placed like a match."""
        return TextMatch(None, self, self._stream_index(start), self._stream_index(max(end - 1, start)))

    def finditer(self, pattern: re.Pattern, flat: bool = True):
        """Matches over the stream; ``flat``: across the breaks between pieces (a PDF's
        wrapped lines), else within a piece."""
        text = self.flat if flat else self.text
        for m in pattern.finditer(text):
            a, z = m.start(), max(m.end() - 1, m.start())
            if flat:
                a, z = self._stream_index(a), self._stream_index(z)
            yield TextMatch(m, self, a, z)


_SENTENCE_END = "。；;！？!?\n"


def sentence(m: TextMatch, reach: int = 60, from_clause: bool = False) -> str:
    """The sentence (or clause: at most ``reach`` characters each side) a match stands in;
    ``from_clause``: from the start of its clause when that is near, else from the match."""
    text, start, end = m.match.string, m.match.start(), m.match.end()
    if from_clause:
        left = max(text.rfind(c, max(0, start - 20), start) for c in _SENTENCE_END + "，,")
        left = left + 1 if left >= 0 else start
    else:
        left = max(text.rfind(c, max(0, start - reach), start) for c in _SENTENCE_END)
        left = left + 1 if left >= 0 else max(0, start - reach)
    rights = [i for i in (text.find(c, end, end + reach) for c in _SENTENCE_END) if i >= 0]
    return text[left : min(rights) if rights else min(len(text), end + reach)]


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
    views = report.derived.setdefault("text_views", {})
    if scope not in views:
        views[scope] = TextView(report, pieces(report, scope))
    return views[scope]
