"""The document model every reader produces: blocks of text and raw tables, each with
its source position, so every rule works on every format unchanged."""

from __future__ import annotations

from bisect import bisect_right
from collections import namedtuple

from gik_lint.packcache import compile_re
from gik_lint.records import field, record
from gik_lint.textnorm import compact, fold

LINE_BREAK = compile_re(r"\r\n|\r|\n")  # how the text reader counts lines


class Position(namedtuple("Position", ("line", "column", "page", "paragraph"), defaults=(None,) * 4)):
    """Where something stands in the source file.

    ``line`` and ``column`` are 1-based and count characters (code points): of the
    decoded file for text and HTML, of the page's extracted text for PDF (with
    ``page``). Word files have no lines: ``paragraph`` numbers the body's paragraphs.
    Each is an ``int`` or None. (A named tuple: there is one for every value and finding,
    and it is cheap to make.)
    """

    __slots__ = ()


@record
class Block:
    """One unit of running text: a non-blank line of a text file or PDF page, a
    paragraph of a web page or Word file. ``text`` is its text without line ending."""

    text: str
    line: int | None = None
    column: int = 1
    page: int | None = None
    paragraph: int | None = None
    blank_before: bool = False  # a blank line (or a paragraph break) precedes it
    heading_level: int | None = None  # 1-6 where the source marks a heading (h1-h6, Word heading styles)
    table: int | None = None  # index into Document.tables when this line is part of a table as printed
    # Where runs of the text stand in the source, for formats whose text is not one
    # contiguous run of it: (index in text, line, column), sorted by index.
    anchors: tuple[tuple[int, int, int], ...] | None = None
    confidence: float | None = None  # OCR's, of the line's least sure text (None: not read from an image)

    # The text folded for matching (see gik_lint.textnorm): the same length, so an index
    # into it is an index into ``text``. Worked out once, for every stage.
    folded: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.folded = fold(self.text)

    def at(self, index: int) -> Position:
        """The source position of ``self.text[index]``."""
        if self.anchors:
            k = bisect_right(self.anchors, (index, float("inf"), 0)) - 1
            if k >= 0:
                start, line, column = self.anchors[k]
                return Position(line, column + index - start, self.page, self.paragraph)
        column = None if self.line is None else self.column + index
        return Position(self.line, column, self.page, self.paragraph)


@record
class Cell:
    text: str  # whitespace runs collapsed; "" for an empty or &nbsp;-only cell
    row: int  # 0-based origin slot in the grid
    col: int
    rowspan: int = 1
    colspan: int = 1
    position: Position = field(default_factory=Position)
    # OCR's confidence (0-1) in the cell's text, of its least sure piece; None: the text
    # was not recognised from an image (or the cell is empty)
    confidence: float | None = None
    compact: str = field(init=False, repr=False, compare=False)  # folded, no whitespace (for matching)

    def __post_init__(self) -> None:
        self.compact = compact(self.text)


@record
class Table:
    """A table as the source lays it out: cells with their spans."""

    cells: list[Cell]
    position: Position
    after_block: int  # how many text blocks precede it in reading order

    @property
    def n_rows(self) -> int:
        return max((c.row + c.rowspan for c in self.cells), default=0)

    @property
    def n_cols(self) -> int:
        return max((c.col + c.colspan for c in self.cells), default=0)

    def grid(self) -> list[list[Cell | None]]:
        """Rows of slots; a merged cell stands in its top-left slot, and the other
        slots it covers are None."""
        width = self.n_cols
        rows: list[list[Cell | None]] = [[None] * width for _ in range(self.n_rows)]
        for cell in self.cells:
            rows[cell.row][cell.col] = cell
        return rows


class ReadError(Exception):
    """A file that cannot be read as a report. The message is for the user (zh-CN)."""


class TooLarge(ReadError):
    """A file larger than the run's limit: refused before it is buffered."""


@record
class Document:
    path: str
    format: str  # "text" | "markdown" | "html" | "docx" | "pdf" | "image"
    encoding: str | None
    blocks: list[Block]
    tables: list[Table] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)  # e.g. title, published, source (from the page)
    # Why the file's content cannot be judged at all (a scanned or encrypted PDF);
    # such a document gets one not-assessable finding and nothing else.
    not_assessable: str | None = None
    source: str | None = None  # the decoded source of a text or web-page report (for comments in it)
    ocr: tuple[int, ...] = ()  # the pages whose text was recognised from an image (1-based)
    _lines: list[str] | None = field(default=None, repr=False, compare=False)

    def source_line(self, line: int | None) -> str | None:
        """Line ``line`` (1-based) of the decoded source, split as its reader counts lines
        (text: at CR LF, CR or LF; a web page: at LF); None for a file without one."""
        if self.source is None or not line or line < 1:
            return None
        if self._lines is None:
            text = self.format in ("text", "markdown")
            self._lines = LINE_BREAK.split(self.source) if text else self.source.split("\n")
        return self._lines[line - 1] if line <= len(self._lines) else None

    @property
    def last_position(self) -> Position:
        if not self.blocks:
            return Position(1, 1) if self.format in ("text", "markdown", "html") else Position(page=1)
        last = self.blocks[-1]
        return last.at(len(last.text))


def grid_from_rows(rows: list[list[tuple[str, int, int, Position]]], position: Position, after_block: int) -> Table:
    """Build a table from source rows of ``(text, rowspan, colspan, position)`` cells,
    placing each cell in the first free slot of its row (HTML and Word semantics)."""
    taken: set[tuple[int, int]] = set()
    cells: list[Cell] = []
    for r, row in enumerate(rows):
        c = 0
        for text, rowspan, colspan, pos in row:
            rowspan, colspan = max(1, rowspan), max(1, colspan)
            while (r, c) in taken:
                c += 1
            cells.append(Cell(text, r, c, rowspan, colspan, pos))
            if rowspan == colspan == 1:
                taken.add((r, c))
            else:
                taken.update((r + dr, c + dc) for dr in range(rowspan) for dc in range(colspan))
            c += colspan
    return Table(cells, position, after_block)
