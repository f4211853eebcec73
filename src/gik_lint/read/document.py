"""The document model every reader produces: blocks of text with source positions."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Position:
    """Where something stands in the source file.

    ``line`` and ``column`` are 1-based and count characters (code points) of the
    decoded file. Formats without lines (DOCX, PDF) fill ``paragraph`` or ``page``.
    """

    line: int | None = None
    column: int | None = None
    page: int | None = None
    paragraph: int | None = None


@dataclass
class Block:
    """One unit of running text: a non-blank line of a text file, a paragraph of a
    Word file.  ``text`` is the source text of the unit without its line ending."""

    text: str
    line: int | None = None
    column: int = 1
    page: int | None = None
    paragraph: int | None = None
    blank_before: bool = False  # a blank line (or a paragraph break) precedes it

    def at(self, index: int) -> Position:
        """The source position of ``self.text[index]``."""
        column = None if self.line is None else self.column + index
        return Position(self.line, column, self.page, self.paragraph)


@dataclass
class Document:
    path: str
    format: str  # "text" | "markdown"
    encoding: str
    blocks: list[Block]
    meta: dict[str, str] = field(default_factory=dict)

    @property
    def last_position(self) -> Position:
        if not self.blocks:
            return Position(1, 1)
        last = self.blocks[-1]
        return last.at(len(last.text))


class ReadError(Exception):
    """A file that cannot be read as a report. The message is for the user (zh-CN)."""
