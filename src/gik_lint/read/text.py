"""Plain text and Markdown reports: one block per non-blank line; Markdown pipe tables
(in either) also become tables."""

from __future__ import annotations

import os

from gik_lint.packcache import compile_re
from gik_lint.read.decode import decode
from gik_lint.read.document import LINE_BREAK, Block, Cell, Document, Position, ReadError, Table

FORMAT = "text"

_COMMENT_LINE = compile_re(r"\s*<!--.*-->\s*")  # a line that is only a comment (gik-lint directives)
_PIPE_ROW = compile_re(r"\s*\|")
_SEPARATOR = compile_re(r"\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*")
_CELL_BORDER = compile_re(r"(?<!\\)\|")  # a "|" not escaped


def read(data: bytes, path: str, limits=None) -> Document:
    text, encoding = decode(data)
    if text.startswith("\ufeff"):
        text = text[1:]
    fmt = "markdown" if os.path.splitext(path)[1].lower() in (".md", ".markdown") else "text"
    blocks: list[Block] = []
    blank = False
    for number, line in enumerate(LINE_BREAK.split(text), start=1):
        if not line.strip() or _COMMENT_LINE.fullmatch(line):
            blank = blank or not line.strip()
            continue
        blocks.append(Block(line, line=number, blank_before=blank))
        blank = False
    if not blocks:
        raise ReadError("文件为空（没有任何文字）")
    return Document(path=path, format=fmt, encoding=encoding, blocks=blocks, tables=_pipe_tables(blocks), source=text)


def _pipe_tables(blocks: list[Block]) -> list[Table]:
    """Runs of consecutive ``| … |`` lines; the ``|---|`` separator row is dropped."""
    tables: list[Table] = []
    i = 0
    while i < len(blocks):
        if not _PIPE_ROW.match(blocks[i].text):
            i += 1
            continue
        j = i
        while j + 1 < len(blocks) and _PIPE_ROW.match(blocks[j + 1].text) and not blocks[j + 1].blank_before:
            j += 1
        rows = [b for b in blocks[i : j + 1] if not _SEPARATOR.fullmatch(b.text)]
        if len(rows) >= 2:
            cells = [cell for r, block in enumerate(rows) for cell in _row_cells(block, r)]
            tables.append(Table(cells, blocks[i].at(_PIPE_ROW.match(blocks[i].text).end() - 1), after_block=i))
            for block in blocks[i : j + 1]:
                block.table = len(tables) - 1
        i = j + 1
    return tables


def _row_cells(block: Block, row: int) -> list[Cell]:
    text = block.text.rstrip()
    begin = text.index("|") + 1
    end = len(text) - 1 if text.endswith("|") and len(text) > begin else len(text)
    cells: list[Cell] = []
    pos = begin
    for col, piece in enumerate(_CELL_BORDER.split(text[begin:end])):
        lead = len(piece) - len(piece.lstrip())
        content = " ".join(piece.replace("\\|", "|").split())
        cells.append(Cell(content, row, col, position=Position(block.line, block.column + pos + lead)))
        pos += len(piece) + 1
    return cells
