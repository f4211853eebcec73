"""Positions: gik-lint's findings to the protocol's ranges, and back.

A finding's :class:`~gik_lint.read.Position` has a 1-based ``line`` and a 1-based
``column`` that counts characters (code points) of the decoded text; its end is
exclusive (the column after the last character). The protocol counts lines from 0 and
columns in code units of the encoding agreed at ``initialize``: UTF-16 unless the client
offers another (a character outside the Basic Multilingual Plane, such as 𠀀 U+20000, is
two UTF-16 units). Lines are split as the text reader splits them (``\\r\\n``, ``\\r``,
``\\n``), which are also the protocol's line endings, so line numbers agree.

A finding without a line (a Word paragraph, a PDF page, nothing at all) is put on the
report's title line, or the first line with text, as a range over that whole line; so
is one with a line but no column. Positions past the end of a line or of the document
are clamped to it. Nothing here imports pygls: positions are plain ``(line, character)``
tuples.
"""

from __future__ import annotations

from gik_lint.packcache import compile_re

LINE_BREAK = compile_re(r"\r\n|\r|\n")
UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"
BOM = "\ufeff"


def units(text: str, encoding: str = UTF16) -> int:
    """How many code units ``text`` is in ``encoding`` (``utf-16``, ``utf-8`` or ``utf-32``)."""
    if encoding == UTF32:
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text) + sum(1 for c in text if ord(c) > 0xFFFF)


class Lines:
    """The lines of an editor's buffer, for converting positions.

    A buffer that begins with a byte-order mark is linted without it (the readers drop
    it), so columns of the first line are shifted by the mark's units."""

    def __init__(self, text: str, encoding: str = UTF16):
        self.encoding = encoding
        self.bom = text.startswith(BOM)
        self.text = text[1:] if self.bom else text
        self.lines = LINE_BREAK.split(self.text)
        self._shift = units(BOM, encoding) if self.bom else 0
        self._line_starts: list[int] | None = None

    def __len__(self) -> int:
        return len(self.lines)

    def position(self, line: int, column: int) -> tuple[int, int]:
        """The protocol position of the 1-based ``line`` and code-point ``column``."""
        if line > len(self.lines):
            return self.line_end(len(self.lines))
        index = max(line, 1) - 1
        text = self.lines[index]
        column = min(max(column, 1), len(text) + 1)
        return index, units(text[: column - 1], self.encoding) + (self._shift if index == 0 else 0)

    def line_end(self, line: int) -> tuple[int, int]:
        index = min(max(line, 1), len(self.lines)) - 1
        return index, units(self.lines[index], self.encoding) + (self._shift if index == 0 else 0)

    def whole_line(self, line: int) -> tuple[tuple[int, int], tuple[int, int]]:
        """The 1-based ``line`` from its start to its end."""
        end = self.line_end(line)
        return (end[0], self._shift if end[0] == 0 else 0), end

    @property
    def _starts(self) -> list[int]:
        if self._line_starts is None:
            self._line_starts = [0] + [m.end() for m in LINE_BREAK.finditer(self.text)]
        return self._line_starts

    def offset_position(self, offset: int) -> tuple[int, int]:
        """The protocol position of the character at ``offset`` in the buffer (as given,
        byte-order mark included)."""
        from bisect import bisect_right

        offset = max(0, offset - (1 if self.bom else 0))
        index = bisect_right(self._starts, offset) - 1
        return self.position(index + 1, offset - self._starts[index] + 1)

    def line_offset(self, index: int) -> int:
        """Where the 0-based line ``index`` starts in the buffer (as given)."""
        return self._starts[index] + (1 if self.bom else 0)

    def line_text(self, index: int) -> str:
        """The 0-based line ``index``'s text (without its line ending)."""
        return self.lines[index] if 0 <= index < len(self.lines) else ""

    @property
    def line_ending(self) -> str:
        """The buffer's own line ending (its first one), ``\\n`` when it has none."""
        found = LINE_BREAK.search(self.text)
        return found.group(0) if found else "\n"


def finding_range(lines: Lines, start, end, fallback_line: int = 1) -> tuple[tuple[int, int], tuple[int, int]]:
    """The protocol range of a finding from ``start`` to ``end`` (its positions)."""
    if start.line is None or start.page is not None:
        return lines.whole_line(fallback_line)
    if start.column is None:
        return lines.whole_line(start.line)
    first = lines.position(start.line, start.column)
    if end.line is None or end.page is not None:
        return first, first
    last = lines.line_end(end.line) if end.column is None else lines.position(end.line, end.column)
    return first, max(first, last)
