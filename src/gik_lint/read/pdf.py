"""PDF reports (optional extra ``gik-lint[pdf]``).

Text comes from pypdfium2, page by page in reading order (a few milliseconds a page);
tables come from pdfplumber, and only on pages whose text looks tabular. A table
that runs over a page break is stitched back together: the header repeated on the
next page is dropped and a row split by the break is joined. Page numbers ("- 3 -",
"— 1 —", "第 2 页") and running headers and footers are dropped. Positions are the
page and the line of the page's extracted text.

A PDF without a text layer (a scan) or one that is encrypted is not an error of the
report: it gets ``Document.not_assessable`` and, downstream, one not-assessable
finding and nothing else.
"""

from __future__ import annotations

import io
import re
from collections import Counter

from gik_lint.read.document import Block, Cell, Document, Position, ReadError, Table

FORMAT = "pdf"
SUFFIXES = (".pdf",)

_PAGE_NUMBER = re.compile(r"[-—–－_\s]*(?:第\s*)?\d{1,4}\s*(?:页)?(?:\s*(?:/|共)\s*\d{1,4}\s*页?)?[-—–－_\s]*")
_NUMBER = re.compile(r"(?<![\d.])[-+]?\d+(?:\.\d+)?(?![\d.])")
_TABLE_HINTS = ("信息内容", "申请人情况", "本年新收", "结果维持", "第二十条", "本年制发", "处理决定数量", "总计")
_MIN_CHARS_PER_PAGE = 10  # fewer visible characters per page on average: a scan


def read(data: bytes, path: str, limits) -> Document:
    try:
        import pdfplumber
        import pypdfium2 as pdfium
    except ImportError:
        raise ReadError("读取 PDF 需要安装可选组件：pip install 'gik-lint[pdf]'") from None
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            return _unassessable(path, "PDF 已加密（需要密码），无法读取其内容，需人工审阅")
        raise ReadError(f"PDF 文件损坏或无法解析（{exc}）") from None
    try:
        if len(pdf) == 0:
            raise ReadError("PDF 没有任何页面")
        if len(pdf) > limits.max_pages:
            raise ReadError(f"PDF 页数过多（{len(pdf)} 页，上限 {limits.max_pages} 页）")
        pages = [_page_lines(pdf[i]) for i in range(len(pdf))]
    except pdfium.PdfiumError as exc:
        raise ReadError(f"PDF 文件损坏或无法解析（{exc}）") from None
    finally:
        pdf.close()
    visible = sum(len(t.strip()) for lines, _ in pages for t, *_ in lines)
    if visible < _MIN_CHARS_PER_PAGE * len(pages):
        return _unassessable(path, "PDF 没有文字层（可能是扫描件），需先进行文字识别（OCR）或人工审阅")
    drop = _running_lines(pages)
    tabular = [i for i, (lines, _) in enumerate(pages) if _looks_tabular([t for t, *_ in lines])]
    fragments = _tables(pdfplumber, data, tabular) if tabular else {}
    return _assemble(path, pages, drop, fragments)


def _unassessable(path: str, reason: str) -> Document:
    return Document(path, FORMAT, None, [], not_assessable=reason)


def _page_lines(page):
    """The page's text lines: (text, top, bottom) in pdfplumber's coordinates (points
    from the top of the page), and the page height."""
    height = page.get_height()
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()
        lines = []
        offset = 0
        for raw in re.split(r"(\r\n|\r|\n)", text):
            if raw in ("\r\n", "\r", "\n"):
                offset += len(raw)
                continue
            first = len(raw) - len(raw.lstrip())
            top = bottom = None
            if raw.strip():
                try:
                    left, low, right, high = textpage.get_charbox(offset + first)
                    top, bottom = height - high, height - low
                except Exception:  # a char pdfium cannot box: no geometry for this line
                    pass
            lines.append((raw, top, bottom))
            offset += len(raw)
    finally:
        textpage.close()
    return lines, height


def _running_lines(pages) -> set[tuple[int, int]]:
    """(page, line index) of page numbers and of running headers and footers: lines at
    the top or bottom of the page that recur on at least half of the pages."""
    drop = set()
    edges: Counter = Counter()
    for p, (lines, _) in enumerate(pages):
        shown = [k for k, (t, *_) in enumerate(lines) if t.strip()]
        for k in shown[:2] + shown[-2:]:
            text = lines[k][0].strip()
            if _PAGE_NUMBER.fullmatch(text):
                drop.add((p, k))
            else:
                edges[re.sub(r"\d+", "#", text)] += 1
    if len(pages) >= 3:
        running = {t for t, n in edges.items() if n >= max(3, len(pages) // 2)}
        for p, (lines, _) in enumerate(pages):
            shown = [k for k, (t, *_) in enumerate(lines) if t.strip()]
            for k in shown[:2] + shown[-2:]:
                if re.sub(r"\d+", "#", lines[k][0].strip()) in running:
                    drop.add((p, k))
    return drop


def _looks_tabular(lines: list[str]) -> bool:
    if any(hint in line.replace(" ", "") for line in lines for hint in _TABLE_HINTS):
        return True
    return sum(1 for line in lines if len(_NUMBER.findall(line)) >= 3) >= 3


def _tables(pdfplumber, data: bytes, page_indexes: list[int]) -> dict[int, list[tuple]]:
    """page -> [(cells, bbox)] from pdfplumber, with spans worked out from the cells'
    geometry."""
    out: dict[int, list[tuple]] = {}
    with pdfplumber.open(io.BytesIO(data)) as plumber:
        for p in page_indexes:
            page = plumber.pages[p]
            for table in page.find_tables():
                cells = _trim(_spanned_cells(table))
                # a ruled box around a paragraph is not a table: a table has columns
                if cells and max(c[2] + c[4] for c in cells) >= 2 and max(c[1] + c[3] for c in cells) >= 2:
                    bbox = (table.bbox[0], min(c[5] for c in cells), table.bbox[2], max(c[6] for c in cells))
                    out.setdefault(p, []).append((cells, bbox))
            page.close()
    return out


def _spanned_cells(table) -> list[tuple]:
    """(text, row, col, rowspan, colspan, top, bottom) for each cell of a pdfplumber table."""
    boxes = [c for row in table.rows for c in row.cells if c is not None]
    if not boxes:
        return []
    xs = sorted({round(v, 1) for b in boxes for v in (b[0], b[2])})
    ys = sorted({round(v, 1) for b in boxes for v in (b[1], b[3])})
    texts = table.extract()
    cells = []
    for row, extracted in zip(table.rows, texts):
        for box, text in zip(row.cells, extracted):
            if box is None:
                continue
            x0, top, x1, bottom = (round(v, 1) for v in box)
            col, row_index = xs.index(x0), ys.index(top)
            colspan = max(1, xs.index(x1) - col)
            rowspan = max(1, ys.index(bottom) - row_index)
            cells.append((" ".join((text or "").split()), row_index, col, rowspan, colspan, box[1], box[3]))
    return cells


def _trim(cells: list[tuple]) -> list[tuple]:
    """Drop what a ruled frame drew around the table but is not part of it: leading
    rows of one full-width cell (prose, a heading) above the table's own caption row,
    and trailing empty rows or full-width rows of prose."""
    if not cells:
        return cells
    width = max(c[2] + c[4] for c in cells)
    rows: dict[int, list[tuple]] = {}
    for c in cells:
        rows.setdefault(c[1], []).append(c)

    def single(r: int) -> bool:
        return len(rows.get(r, ())) == 1 and rows[r][0][4] == width and rows[r][0][3] == 1

    order = sorted(rows)
    first, last = 0, len(order) - 1
    while first < last and single(order[first]) and single(order[first + 1]):
        first += 1
    while last > first and (
        not any(c[0] for c in rows[order[last]]) or (single(order[last]) and len(rows[order[last]][0][0]) > 30)
    ):
        if any(c[1] < order[last] < c[1] + c[3] for c in cells):
            break  # a cell from above reaches into it: part of the table
        last -= 1
    keep = set(order[first : last + 1])
    shift = order[first]
    return [(t, r - shift, c, rs, cs, top, bottom) for t, r, c, rs, cs, top, bottom in cells if r in keep]


def _assemble(path: str, pages, drop, fragments) -> Document:
    blocks: list[Block] = []
    tables: list[Table] = []
    open_table: int | None = None  # a table that ran to the end of the previous page
    for p, (lines, _height) in enumerate(pages):
        page_tables = fragments.get(p, [])
        placed: dict[int, int] = {}  # fragment on this page -> index in tables
        text_seen = False  # text (not table) already on this page
        last_table: int | None = None  # the table of the page's last line, if it is one
        blank = False
        for k, (text, top, bottom) in enumerate(lines):
            if (p, k) in drop:
                continue
            if not text.strip():
                blank = True
                continue
            fragment = _inside(page_tables, top, bottom)
            if fragment is not None and fragment not in placed:
                table = _table(page_tables[fragment][0], p, lines)
                if fragment == 0 and open_table is not None and not text_seen and tables[open_table].n_cols == table.n_cols:
                    _stitch(tables[open_table], table)
                    placed[fragment] = open_table
                else:
                    table.after_block = len(blocks)
                    tables.append(table)
                    placed[fragment] = len(tables) - 1
            index = placed.get(fragment) if fragment is not None else None
            blocks.append(Block(text.rstrip(), line=k + 1, page=p + 1, blank_before=blank, table=index))
            blank = False
            text_seen = text_seen or index is None
            last_table = index
        open_table = last_table
    if not blocks:
        raise ReadError("PDF 中没有可读的文字")
    return Document(path, FORMAT, None, blocks, tables)


def _inside(page_tables, top, bottom) -> int | None:
    if top is None:
        return None
    middle = (top + bottom) / 2
    for i, (_, bbox) in enumerate(page_tables):
        if bbox[1] - 1 <= middle <= bbox[3] + 1:
            return i
    return None


def _table(cells, p: int, lines) -> Table:
    tops = [(top, k) for k, (t, top, _) in enumerate(lines) if top is not None]

    def line_of(y: float) -> int | None:
        """The first text line at or below ``y`` (lines are not always in page order)."""
        below = [(top, k) for top, k in tops if top >= y - 2]
        return min(below)[1] + 1 if below else None

    out = [Cell(text, r, c, rs, cs, Position(line_of(top), None, p + 1)) for text, r, c, rs, cs, top, _ in cells]
    first = min(out, key=lambda c: (c.row, c.col))
    return Table(out, first.position, after_block=0)


def _stitch(head: Table, tail: Table) -> None:
    """Append ``tail`` (the same table continued on the next page) to ``head``: drop
    the header rows it repeats, and join a row the page break split in two."""
    head_rows = [[c.text if c else None for c in row] for row in head.grid()]
    tail_rows = [[c.text if c else None for c in row] for row in tail.grid()]
    skip = 0
    while skip < min(len(head_rows), len(tail_rows)) and tail_rows[skip] == head_rows[skip]:
        skip += 1
    last = head.n_rows - 1
    upper = [c for c in head.cells if c.row + c.rowspan - 1 == last]
    lower = [c for c in tail.cells if c.row == skip]
    merge = bool(upper and lower) and _complementary(upper, lower)
    if merge:
        for cell in lower:
            target = _covering(head, last, cell.col)
            if target is not None and cell.text:
                target.text = target.text + cell.text
    offset = head.n_rows - skip - (1 if merge else 0)
    continued = set()  # empty cells that carry on a merged cell the page break interrupted
    if not merge:
        for cell in lower:
            above = _covering(head, last, cell.col)
            if not cell.text and above and above.text and (above.col, above.colspan) == (cell.col, cell.colspan):
                above.rowspan += cell.rowspan
                continued.add(id(cell))
    for cell in tail.cells:
        if cell.row < skip or (merge and cell.row == skip) or id(cell) in continued:
            continue
        cell.row += offset
        head.cells.append(cell)


def _covering(table: Table, row: int, col: int) -> Cell | None:
    return next(
        (c for c in table.cells if c.row <= row < c.row + c.rowspan and c.col <= col < c.col + c.colspan), None
    )


def _complementary(upper: list[Cell], lower: list[Cell]) -> bool:
    """Two halves of one row split by a page break: apart from the first column, no
    column is filled in both, and one half has nothing but its label."""
    up = {c.col: c.text for c in upper}
    low = {c.col: c.text for c in lower}
    clash = any(up.get(col) and low.get(col) for col in set(up) | set(low) if col != 0)
    only_label = not any(t for col, t in up.items() if col != 0) or not any(t for col, t in low.items() if col != 0)
    return not clash and only_label
