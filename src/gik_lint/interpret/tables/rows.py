"""Logical rows: what a table says row by row — the labels printed to the left, the
values, and the column headers above each value — whether it came as a grid (web page,
Word, PDF, Markdown) or as lines of text that lost the table's structure."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from gik_lint.read import Block, Position, Table
from gik_lint.textnorm import compact

PLACEHOLDERS = frozenset({"/", "／", "\\", "—", "——", "-", "－", "–", "--", "无", "×", "x"})
_NUMERIC = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_CJK = re.compile(r"[\u4e00-\u9fff]")
# Numbering that starts a row label: "三、", "（三）", "1.", "（1）"
_SEGMENT = re.compile(r"(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|(?<![\d.])\d{1,2}[.．、](?!\d))")
# A value token in a flattened row: a number or a placeholder, set off by space, tab or "|"
_TOKEN = re.compile(r"(?:(?<=[\s|])|^)([+-]?\d[\d,]*(?:\.\d+)?|[/／—－–-]{1,2}|无)(?=[\s|]|$)")


def is_value_text(text: str) -> bool:
    t = compact(text)
    return not t or t in PLACEHOLDERS or bool(_NUMERIC.fullmatch(t))


def is_label_text(text: str) -> bool:
    t = compact(text)
    return bool(_CJK.search(t)) and t not in PLACEHOLDERS


@dataclass
class ValueCell:
    raw: str
    position: Position
    header: tuple[str, ...] = ()  # the column's header labels, top to bottom (compacted)


@dataclass
class LogicalRow:
    kind: str  # "data" | "caption" | "header"
    parts: list[str]  # label texts, outer to inner ("三、本年度办理结果", "（三）不予公开", "1.属于国家秘密")
    values: list[ValueCell] = field(default_factory=list)
    position: Position = field(default_factory=Position)
    from_text: bool = False  # read from lines of text, not from a grid


def grid_rows(table: Table) -> list[LogicalRow]:
    grid = table.grid()
    covering: dict[tuple[int, int], object] = {}
    for cell in table.cells:
        for r in range(cell.row, cell.row + cell.rowspan):
            for c in range(cell.col, cell.col + cell.colspan):
                covering[r, c] = cell
    value_cols = sorted({c.col for c in table.cells if c.text and _NUMERIC.fullmatch(compact(c.text))})
    if not value_cols:
        return [LogicalRow("caption", [c.text for c in _distinct(covering, r, table.n_cols) if c.text], position=_first(grid[r]))
                for r in range(table.n_rows) if any(grid[r])]
    headers: dict[int, list[tuple[object, str]]] = {c: [] for c in value_cols}
    rows: list[LogicalRow] = []
    previous = None
    for r in range(table.n_rows):
        cells = _distinct(covering, r, table.n_cols)
        if not cells:
            continue
        labels = [c for c in cells if c.col + c.colspan <= value_cols[0]]
        spans_values = [covering.get((r, c)) for c in value_cols]
        caption = all(v is None or v.col < value_cols[0] for v in spans_values)
        header = not caption and any(v is not None and v.col >= value_cols[0] and is_label_text(v.text) for v in spans_values)
        texts = [c.text for c in labels if c.text]
        position = _first([c for c in cells])
        if caption:
            texts = [c.text for c in cells if c.text]
            rows.append(LogicalRow("caption", texts, position=position))
        elif header:
            if previous in ("data", "caption"):
                headers = {c: [] for c in value_cols}
            for c, v in zip(value_cols, spans_values):
                if v is not None and is_label_text(v.text) and not any(v is seen for seen, _ in headers[c]):
                    headers[c].append((v, compact(v.text)))
            rows.append(LogicalRow("header", texts, position=position))
        else:
            values = []
            for c, v in zip(value_cols, spans_values):
                if v is None or v.col != c:
                    continue  # covered by a cell that starts in another column
                if v.row != r and v.rowspan > 1:
                    continue  # a value merged over several rows belongs to its first
                values.append(ValueCell(v.text, v.position, tuple(t for _, t in headers[c])))
            if any(v.header for v in values):  # a blank cell under no header is outside this block
                values = [v for v in values if v.header or compact(v.raw)]
            rows.append(LogicalRow("data", texts, values, position))
        previous = rows[-1].kind
    return rows


def _distinct(covering, r: int, n_cols: int) -> list:
    out: list = []
    for c in range(n_cols):
        cell = covering.get((r, c))
        if cell is not None and not any(cell is seen for seen in out):
            out.append(cell)
    return out


def _first(cells) -> Position:
    for cell in cells:
        if cell is not None:
            return cell.position
    return Position()


def text_rows(blocks: list[Block]) -> list[LogicalRow]:
    """Rows of a table that reached us as lines of text: each line ending in values
    (numbers or placeholders, set off by spaces, tabs or "|") is a row; lines before it
    without values are its label, wrapped; a line of values alone takes the label
    gathered above it."""
    rows: list[LogicalRow] = []
    pending: list[tuple[str, Position]] = []
    for block in blocks:
        text = block.text.rstrip()
        tokens = list(_trailing_tokens(text))
        if not tokens:
            if text.strip().strip("|").strip():
                pending.append((text.strip().strip("|").strip(), block.at(len(text) - len(text.lstrip()))))
            continue
        label = text[: tokens[0][0]].strip().strip("|").strip()
        parts = [p for p, _ in pending] + ([label] if label else [])
        position = pending[0][1] if pending else block.at(len(text) - len(text.lstrip()))
        values = [ValueCell(raw, block.at(start)) for start, raw in tokens]
        rows.append(LogicalRow("data", _segments("".join(parts)), values, position, from_text=True))
        pending = []
    return rows


def _trailing_tokens(text: str) -> list[tuple[int, str]]:
    """(start, token) of the values a line ends with."""
    tokens = list(_TOKEN.finditer(text))
    out: list[tuple[int, str]] = []
    end = len(text)
    for m in reversed(tokens):
        gap = text[m.end() : end]
        if gap.strip(" \t|\u3000"):
            break
        out.append((m.start(1), m.group(1)))
        end = m.start()
    out.reverse()
    return out


def _segments(label: str) -> list[str]:
    """A label split where its numbering starts a new part:
    "三、本年度办理结果（三）不予公开1.属于国家秘密" -> three parts."""
    starts = [m.start() for m in _SEGMENT.finditer(label)]
    if not starts or starts[0] != 0:
        starts = [0] + starts
    parts = [label[a:b].strip() for a, b in zip(starts, starts[1:] + [len(label)])]
    return [p for p in parts if p]
