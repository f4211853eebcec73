"""Logical rows: what a table says row by row — the labels printed to the left, the
values, and the column headers above each value — whether it came as a grid (web page,
Word, PDF, Markdown) or as lines of text that lost the table's structure."""

from __future__ import annotations

import re

from gik_lint.packcache import compile_re
from gik_lint.read import Block, Position, Table
from gik_lint.records import field, record
from gik_lint.textnorm import compact

PLACEHOLDERS = frozenset({"/", "／", "\\", "—", "——", "-", "－", "–", "--", "无", "×", "x"})
_NUMERIC = compile_re(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
# The units a number may carry in its cell ("251000元", "5949.09万元", "12件", "3 条"):
# the number is the value, the unit stays in the raw text.
UNITS = ("万元", "亿元", "千元", "元", "人次", "件", "条", "个", "项", "次", "人", "份", "篇", "家", "起", "宗", "批", "场", "户", "名")
_NUMBER_UNIT = compile_re(r"(" + _NUMERIC.pattern + r")(" + "|".join(UNITS) + r")?")
_CJK = compile_re(r"[\u4e00-\u9fff]")
# Numbering that starts a row label: "三、", "（三）", "1.", "（1）" (not the "（一）" of
# "第二十条第（一）项", which is part of a block's caption)
_SEGMENT = compile_re(r"(?:[一二三四五六七八九十]+、|(?<!第)[(（][一二三四五六七八九十]+[)）]|(?<![\d.])\d{1,2}[.．、](?!\d))")
# A value in a flattened row: a number or a placeholder, a word of its own
_VALUE = compile_re(r"[+-]?\d[\d,]*(?:\.\d+)?|[/／—－–-]{1,2}|无")
_WORDS = compile_re(r"([\s|]+)")
# A run of values that lost the spaces between them ("6000017", "2648-18538",
# "39573802895.90"): numbers, signs and placeholders, possibly set apart by spaces.
_ATOM = r"(?:[+\-−－—–/／]|\d+(?:[.,]\d+)*)"
_RUN = compile_re(rf"{_ATOM}(?:[ \t\u3000|]*{_ATOM})*")
_GLUED = compile_re(rf"{_ATOM}+$")  # a run at the end of a word, glued to the label before it
_GLUED_ENDS = set("0123456789+-−－—–/／")  # what a word may end with when a value is glued to it
_CURRENCY = compile_re(r"(?<=\d)(?:万元|元)\s*$")  # the unit of an amount, after its value
# What a number in running text is followed by when it counts something (narrative, not
# a table): no row of a table starts there.
_UNITS = frozenset("件条个项人次年月日号%％‰万亿千百份家户名所起宗倍天时分秒岁位册张页篇期批套台辆座间处")
# a value run into the label after it, or a numbering after a value: where _glued_breaks may cut
_MAY_GLUE = compile_re(r"\d[ \t\u3000|]*[\u4e00-\u9fff（(\[【]|\d\d[.．、][\u4e00-\u9fff]")
_LABEL_START = compile_re(r"[\u4e00-\u9fff(（“\"]")
_GAP = " \t|\u3000"  # what may stand between the values of a row


def split_unit(compacted: str) -> tuple[str, str] | None:
    """(number, unit) of a cell's compacted text that is a number, with or without a
    unit after it ("251000元" -> ("251000", "元")); None for anything else."""
    m = _NUMBER_UNIT.fullmatch(compacted)
    return (m.group(1), m.group(2) or "") if m else None


_FULLWIDTH_FIGURES = str.maketrans("０１２３４５６７８９．，－＋／", "0123456789.,-+/")
_FULLWIDTH_FIGURE = compile_re("[０-９．，－＋／]")


def _digits(text: str) -> str:
    """Full-width digits and the signs between them as ASCII (same length: positions hold).
    Only the figures, unlike textnorm.fold: a label keeps its brackets as printed."""
    return text.translate(_FULLWIDTH_FIGURES) if _FULLWIDTH_FIGURE.search(text) else text


def _is_label(compacted: str) -> bool:
    return bool(_CJK.search(compacted)) and compacted not in PLACEHOLDERS and split_unit(compacted) is None


@record(slots=True)
class ValueCell:
    raw: str
    position: Position
    header: tuple[str, ...] = ()  # the column's header labels, top to bottom (compacted)
    confidence: float | None = None  # OCR's, when the cell was read from an image


@record
class LogicalRow:
    kind: str  # "data" | "caption" | "header"
    parts: list[str]  # label texts, outer to inner ("三、本年度办理结果", "（三）不予公开", "1.属于国家秘密")
    values: list[ValueCell] = field(default_factory=list)
    position: Position = field(default_factory=Position)
    from_text: bool = False  # read from lines of text, not from a grid
    empty: bool = False  # a label printed with nothing after it, the next row's label next (text)


def grid_rows(table: Table) -> list[LogicalRow]:
    grid = table.grid()
    n_rows, n_cols = len(grid), len(grid[0]) if grid else 0
    covering: dict[tuple[int, int], object] = {}
    for cell in table.cells:
        for r in range(cell.row, cell.row + cell.rowspan):
            for c in range(cell.col, cell.col + cell.colspan):
                covering[r, c] = cell
    numbers = [c for c in table.cells if c.compact and split_unit(c.compact)]
    value_cols = _value_columns(table, numbers or _unfilled(table, covering, n_rows, n_cols))
    if not value_cols:
        return [LogicalRow("caption", [c.text for c in _distinct(covering, r, n_cols) if c.text], position=_first(grid[r]))
                for r in range(n_rows) if any(grid[r])]
    headers: dict[int, list[tuple[object, str]]] = {c: [] for c in value_cols}
    header_of: dict[int, tuple[str, ...]] = {c: () for c in value_cols}  # each column's header labels, as they stand
    rows: list[LogicalRow] = []
    previous = None
    for r in range(n_rows):
        cells = _distinct(covering, r, n_cols)
        if not cells:
            continue
        labels = [c for c in cells if c.col + c.colspan <= value_cols[0]]
        spans_values = [covering.get((r, c)) for c in value_cols]
        caption = all(v is None or v.col < value_cols[0] for v in spans_values)
        header = not caption and any(v is not None and v.col >= value_cols[0] and _is_label(v.compact) for v in spans_values)
        texts = [c.text for c in labels if c.text]
        position = _first([c for c in cells])
        if caption:
            texts = [c.text for c in cells if c.text]
            rows.append(LogicalRow("caption", texts, position=position))
        elif header:
            if previous in ("data", "caption"):
                headers = {c: [] for c in value_cols}
            for c, v in zip(value_cols, spans_values):
                if v is not None and _is_label(v.compact) and not any(v is seen for seen, _ in headers[c]):
                    headers[c].append((v, v.compact))
            header_of = {c: tuple(t for _, t in found) for c, found in headers.items()}
            rows.append(LogicalRow("header", texts, position=position))
        else:
            values = []
            for c, v in zip(value_cols, spans_values):
                if v is None or v.col != c:
                    continue  # covered by a cell that starts in another column
                if v.row != r and v.rowspan > 1:
                    continue  # a value merged over several rows belongs to its first
                values.append(ValueCell(v.text, v.position, header_of[c], v.confidence))
            if any(v.header for v in values):  # a blank cell under no header is outside this block
                values = [v for v in values if v.header or compact(v.raw)]
            rows.append(LogicalRow("data", texts, values, position))
        previous = rows[-1].kind
    return rows


def _value_columns(table: Table, numbers: list) -> list[int]:
    """The grid columns that hold values: each column with a number in it, and each
    column a header labels whose cells are all blank or placeholders — a column left
    blank is a column of blank cells, not no column. Columns that stand left of the
    values (where the row labels end) or hold text beside numbers are not."""
    if not numbers:
        return []
    first: dict[int, int] = {}  # row -> the column of its first number
    for cell in numbers:
        for r in range(cell.row, cell.row + cell.rowspan):
            first[r] = min(first.get(r, cell.col), cell.col)
    edge = 0  # where the row labels printed left of the numbers end
    labels = [c for c in table.cells if _is_label(c.compact)]
    for cell in labels:
        if any(r in first and cell.col + cell.colspan <= first[r] for r in range(cell.row, cell.row + cell.rowspan)):
            edge = max(edge, cell.col + cell.colspan)
    headed: set[int] = set()
    spoiled: set[int] = set()
    for cell in labels:
        if cell.col < edge:
            continue
        span = range(cell.col, cell.col + cell.colspan)
        if any(r in first for r in range(cell.row, cell.row + cell.rowspan)):
            spoiled.update(span)  # text in a row of numbers: no column of values
        else:
            headed.update(span)
    return sorted({c.col for c in numbers} | (headed - spoiled))


def _unfilled(table: Table, covering, n_rows: int, n_cols: int) -> list:
    """The value cells of a table that holds no number at all (a table left unfilled,
    or filled with "/"): its placeholders; where it has none, the blank cells of the
    rows that end in blank cells only, after their labels (a blank header cell stands
    between labels, so its row does not end in blanks)."""
    placeholders = [c for c in table.cells if c.compact in PLACEHOLDERS]
    if placeholders:
        return placeholders
    out = []
    for r in range(n_rows):
        cells = [c for c in _distinct(covering, r, n_cols) if c.row == r]
        labels = [i for i, c in enumerate(cells) if _is_label(c.compact)]
        tail = cells[labels[-1] + 1 :] if labels else cells
        if tail and all(not c.compact for c in tail):
            out.extend(tail)
    return out


def flat_rows(table: Table) -> list[LogicalRow]:
    """A grid read as lines of text: each row's label cells, then the values it ends
    with. For a grid whose columns a converter shifted (labels in value columns, headers
    cut into pieces), where headers cannot say which column a value is in: the number of
    values then settles it, as for a flattened line, or the values stay unplaced."""
    rows: list[LogicalRow] = []
    for line in table.grid():
        cells = [c for c in line if c is not None]
        while cells and not cells[-1].compact:
            cells.pop()  # empty cells a converter added at the end
        k = len(cells)
        while k > 0 and (not cells[k - 1].compact or _VALUE.fullmatch(cells[k - 1].compact)):
            k -= 1
        labels = [c.text for c in cells[:k] if c.text]
        values = [ValueCell(c.text, c.position, confidence=c.confidence) for c in cells[k:]]
        if not cells:
            continue
        kind = "data" if values else "caption"
        rows.append(LogicalRow(kind, labels, values, cells[0].position, from_text=True))
    return rows


def _distinct(covering, r: int, n_cols: int) -> list:
    """The cells covering row ``r``, left to right, each once."""
    cells = (covering.get((r, c)) for c in range(n_cols))
    return list({id(cell): cell for cell in cells if cell is not None}.values())


def _first(cells) -> Position:
    for cell in cells:
        if cell is not None:
            return cell.position
    return Position()


_PAGE_NUMBER = compile_re(r"\s*[-—–－]+\s*\d{1,4}\s*[-—–－]+\s*|\s*第\s*\d{1,4}\s*页.*")


_RUN_TOGETHER = 120  # characters: a line this long may hold several rows
_YEAR = compile_re(r"(?:19|20)\d\d")
# Where a line that lost its breaks starts a new row: text right after a value.
_ROW_BREAK = compile_re(
    r"(?:(?<=\s)|^)(?:[+-]?\d[\d,]*(?:\.\d+)?|[/／—－–-]{1,2}|无)[ \t\u3000|]+(?=[^\s\d|/／—－–+-]|\d{1,2}[.．、](?!\d))"
)


def text_rows(pieces: list[tuple[Block, int, int]]) -> list[LogicalRow]:
    """Rows of a table that reached us as text: ``pieces`` are (block, start, end)
    spans, a line each, or one long line where the text lost its breaks (then a new
    row starts wherever text follows a value). Each line ending in values (numbers
    or placeholders, set off by spaces, tabs or "|") is a row. Lines without values
    above it are the labels standing over it (captions, group labels, headers); a label
    wrapped over lines is joined again, from the last line that opens with a numbering
    ("（二）", "5.") down to the values."""
    rows: list[LogicalRow] = []
    pending: list[tuple[str, Position]] = []
    for block, begin, stop in _lines(pieces):
        text = _digits(block.text[begin:stop]).rstrip()
        if _PAGE_NUMBER.fullmatch(text):
            continue
        tokens = _trailing_tokens(text)
        lead = len(text) - len(text.lstrip())
        if not tokens:
            line = text.strip().strip("|").strip()
            if line:
                pending.append((line, block.at(begin + lead)))
            continue
        label = text[: tokens[0][0]].strip().strip("|").strip()
        if not label and len(tokens) == 1 and _YEAR.fullmatch(tokens[0][1]):
            continue  # a year on a line of its own is no row (and takes no label)
        if label and _SEGMENT.match(label):
            rows += _empty_rows(pending)
        above = [p for p, _ in pending]
        if above and not (label and _SEGMENT.match(label)):
            numbered = [i for i, p in enumerate(above) if _SEGMENT.match(p)]
            if numbered or not label:  # the own label began on a line above
                start = numbered[-1] if numbered else len(above) - 1
                label = "".join(above[start:]) + label
                above = above[:start]
        if not label and not above and len(tokens) < 3:
            continue  # a stray number or two: no row
        parts = [seg for line in above for seg in _segments(line)] + (_segments(label) if label else [])
        position = pending[0][1] if pending else block.at(begin + lead)
        if block.anchors or block.line is None:
            values = [ValueCell(raw, block.at(begin + start)) for start, raw in tokens]
        else:  # one run of the source: its position worked out here (one per value of every row)
            line, column, page, paragraph = block.line, block.column + begin, block.page, block.paragraph
            values = [ValueCell(raw, Position(line, column + start, page, paragraph)) for start, raw in tokens]
        rows.append(LogicalRow("data", parts, values, position, from_text=True))
        pending = []
    return rows


def _empty_rows(pending: list[tuple[str, Position]]) -> list[LogicalRow]:
    """Labels above a row that has its own label, each opening with a numbering and
    followed by another: rows printed with no value at all ("（二）部分公开…" then
    "（三）不予公开" then "1.属于国家秘密" … then "1.本机关不掌握相关政府信息  3  0 …").
    A label that runs on over lines, or a row whose values stand on a line without its
    label, makes none."""
    out = []
    for k, (line, position) in enumerate(pending):
        if _SEGMENT.match(line) and (k + 1 == len(pending) or _SEGMENT.match(pending[k + 1][0])):
            out.append(LogicalRow("data", _segments(line), [], position, from_text=True, empty=True))
    return out


def _lines(pieces):
    """Each piece as lines, split where a row's values are followed by the next row's
    label with nothing between them ("规章007规范性文件7777166…", a table whose cells
    lost their breaks); a long one (rows that ran together on one line) also where text
    follows a value after a space."""
    for block, begin, stop in pieces:
        glued = _MAY_GLUE.search(block.text, begin, stop)  # \d: full-width digits too
        if not glued and stop - begin < _RUN_TOGETHER:
            yield block, begin, stop  # a line of its own: the common case
            continue
        line = _digits(block.text)
        cuts = set(_glued_breaks(line, begin, stop)) if glued else set()
        if stop - begin >= _RUN_TOGETHER:
            # "… 0 27.属于…": the 2 is a value glued to the numbering "7.", not the numbering "27."
            cuts.update(m.end() for m in _ROW_BREAK.finditer(line, begin, stop) if m.end() + 1 not in cuts)
        cut = begin
        for end in sorted(cuts):
            if begin < end < stop:
                yield block, cut, end
                cut = end
        yield block, cut, stop


def _glued_breaks(text: str, begin: int, stop: int):
    """Where a row ends right before the next row's label: after a run of values that
    stands after text and is followed by a label (a CJK word that is not a unit such as
    件 or 年, an opening bracket, or a numbering "2." whose digit then ends the run)."""
    for m in _RUN.finditer(text, begin, stop):
        run_start, end = m.start(), m.end()
        if run_start == begin or not any(c.isdigit() for c in m.group()):
            continue
        if text[run_start - 1].isspace() and not _CJK.search(text[begin:run_start]):
            continue
        rest = text[end:stop]
        unit = re.match(r"\s*(万元|元)", rest)
        if unit:
            end += unit.end()
            rest = text[end:stop]
        else:
            spaces = len(rest) - len(rest.lstrip())
            rest = rest[spaces:]
            if rest and rest[0] in ".．、" and end - run_start > 1 and text[end - 1].isdigit() and text[end - 2].isdigit() \
                    and len(rest) > 1 and _CJK.match(rest[1]):
                yield end - 1  # "00000002.其他…": the 2 numbers the next row
                continue
            end += spaces
        if rest and rest[0] not in _UNITS and _LABEL_START.match(rest):
            yield end


def _trailing_tokens(text: str) -> list[tuple[int, str]]:
    """(start, token) of the values a line ends with: the words at its end that are
    values, set off by spaces, tabs or "|" (another kind of space ends the run)."""
    unit = _CURRENCY.search(text) if "元" in text[-4:] else None
    if unit:  # "政府集中采购39573802895.90元": the amount's unit is no part of the value
        text = text[: unit.start()]
    parts = _WORDS.split(text)  # word, space, word, …, word
    out: list[tuple[int, str]] = []
    end, i = len(text), len(parts) - 1
    if not parts[i]:  # the line ends in spaces
        if i == 0 or parts[i - 1].strip(_GAP):
            return out
        end -= len(parts[i - 1])
        i -= 2
    while i >= 0 and _VALUE.fullmatch(parts[i]):
        end -= len(parts[i])
        out.append((end, parts[i]))
        if i == 0 or parts[i - 1].strip(_GAP):
            i = -1
            break
        end -= len(parts[i - 1])
        i -= 2
    if i >= 0 and parts[i][-1:] in _GLUED_ENDS:  # the values may start glued to the label: "规章007", "总计20 0 00 0 121"
        word = parts[i]
        glued = _GLUED.search(word)
        if glued and any(c.isdigit() for c in glued.group()) and (glued.start() == 0 or not word[glued.start() - 1].isdigit()):
            out.append((end - len(glued.group()), glued.group()))
    out.reverse()
    return out


def _segments(label: str) -> list[str]:
    """A label split where its numbering starts a new part:
    "三、本年度办理结果（三）不予公开1.属于国家秘密" -> three parts."""
    if not _SEGMENT.search(label, 1):
        return [label.strip()] if label.strip() else []  # one part: the common case
    starts = [m.start() for m in _SEGMENT.finditer(label)]
    if not starts or starts[0] != 0:
        starts = [0] + starts
    parts = [label[a:b].strip() for a, b in zip(starts, starts[1:] + [len(label)])]
    return [p for p in parts if p]
