"""PDF reports (optional extra ``gik-lint[pdf]``).

Text comes from pypdfium2, page by page in reading order (a few milliseconds a page);
tables come from pdfplumber, and only on pages whose text looks tabular. A table
that runs over a page break is stitched back together: the header repeated on the
next page is dropped and a row split by the break is joined. Page numbers ("- 3 -",
"— 1 —", "第 2 页") and running headers and footers are dropped. Positions are the
page and the line of the page's extracted text.

Pages without a text layer (a scan) are read by OCR when the extra ``[ocr]`` is there
(:mod:`gik_lint.read.ocr`; ``--ocr always``: every page), their lines and tables then
assembled as the text pages' are. A PDF left without text (a scan and no OCR) or one
that is encrypted is not an error of the report: it gets ``Document.not_assessable``
and, downstream, one not-assessable finding that says why, and nothing else.
"""

from __future__ import annotations

import io
import re
from collections import Counter

from gik_lint.packcache import compile_re
from gik_lint.read.document import Block, Cell, Document, Position, ReadError, Table
from gik_lint.records import record

FORMAT = "pdf"

_PAGE_NUMBER = compile_re(r"[-—–－_\s]*(?:第\s*)?\d{1,4}\s*(?:页)?(?:\s*(?:/|共)\s*\d{1,4}\s*页?)?[-—–－_\s]*")
_ROW_OF_NUMBERS = compile_re(r"(?:\s+[-+]?\d[\d,.]*){3,}\s*$")  # a table row as text: three numbers or more at the end
# header labels of the three statistical tables that narrative text does not use
_TABLE_HINTS = ("信息内容", "申请人情况", "本年新收政府信息公开申请数量", "未经复议直接起诉", "第二十条第")
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
        scanned = [i for i, (lines, _) in enumerate(pages) if sum(len(t.strip()) for t, *_ in lines) < _MIN_CHARS_PER_PAGE]
        wanted = list(range(len(pages))) if limits.ocr == "always" else scanned if limits.ocr == "auto" else []
        never = "（本次未进行文字识别：--ocr never）" if limits.ocr == "never" else ""
        recognised, why_not = _recognise(pdf, wanted, limits) if wanted else ({}, never)
    except pdfium.PdfiumError as exc:
        raise ReadError(f"PDF 文件损坏或无法解析（{exc}）") from None
    finally:
        pdf.close()
    fragments = {}
    for i, page in recognised.items():
        pages[i], fragments[i] = recognised_page(i, page)
    visible = sum(len(t.strip()) for lines, _ in pages for t, *_ in lines)
    if visible < _MIN_CHARS_PER_PAGE * len(pages):
        return _unassessable(path, "PDF 没有文字层（可能是扫描件），需先进行文字识别（OCR）或人工审阅" + why_not)
    tabular = [i for i, (lines, _) in enumerate(pages) if i not in recognised and _looks_tabular([t for t, *_ in lines])]
    if tabular:
        fragments.update(_fragments(pdfplumber, data, pages, tabular))
    document = assemble(path, FORMAT, pages, fragments)
    mark_recognised(document, recognised)
    return document


def _recognise(pdf, indexes: list[int], limits) -> tuple[dict, str]:
    """page index -> :class:`~gik_lint.read.ocr.OcrPage` for the pages to OCR, and, when
    they cannot be, why (zh-CN, for the message of a document left without text)."""
    from gik_lint.read import ocr

    try:
        ocr.engine()
    except ocr.Unavailable as exc:
        return {}, f"。{exc}"
    if len(indexes) > limits.ocr_max_pages:
        return {}, f"；需要文字识别的页面过多（{len(indexes)} 页，上限 {limits.ocr_max_pages} 页，可用 --ocr-max-pages 调整）"
    from gik_lint.limit import extend

    extend(len(indexes) * limits.ocr_page_seconds)
    scale = ocr.DPI / 72
    out = {}
    for i in indexes:
        image = pdf[i].render(scale=scale, grayscale=True).to_numpy()
        out[i] = ocr.read_page(image, scale)
    return out, ""


def recognised_page(p: int, page) -> tuple[tuple[list, float], list[_Fragment]]:
    """An OCR'd page ``p`` (an :class:`~gik_lint.read.ocr.OcrPage`) as this reader's page:
    its lines and height, and its ruled tables as fragments."""
    lines = [(text, top, bottom) for text, top, bottom, _ in page.lines]
    line_of = _line_finder(lines)
    out = []
    for table in page.tables:
        cells = [_GCell(c.text, c.x0, c.top, c.x1, c.bottom, Position(line_of(c.top), None, p + 1), c.confidence) for c in table.cells]
        grid = _grid(cells)
        if grid and max(c + cs for _, _, c, _, cs in grid) >= 2 and max(r + rs for _, r, _, rs, _ in grid) >= 2:
            out.append(_Fragment(p, table.bbox, _trim(cells)))
    return (lines, page.height), out


def mark_recognised(document: Document, recognised: dict) -> None:
    """Name the pages OCR read (index -> :class:`~gik_lint.read.ocr.OcrPage`) and give each
    of their lines OCR's confidence."""
    document.ocr = tuple(sorted(i + 1 for i in recognised))
    for block in document.blocks:
        page = recognised.get((block.page or 0) - 1)
        if page is not None and block.line and block.line <= len(page.lines):
            block.confidence = page.lines[block.line - 1][3]


def assemble(path: str, fmt: str, pages, fragments) -> Document:
    """A document from pages of lines and their tables' fragments (what :func:`read` and
    the image reader make), running headers and footers dropped."""
    document = _assemble(path, pages, _running_lines(pages), fragments)
    document.format = fmt
    return document


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
    return sum(1 for line in lines if _ROW_OF_NUMBERS.search(line)) >= 3


@record
class _GCell:
    """A table cell as drawn: text and box (points from the page top); fragments of a
    table continued over a page break are stacked by shifting ``top``/``bottom``."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    position: Position
    confidence: float | None = None  # OCR's, of the least sure text in it (None: not OCR'd, or empty)


@record
class _Fragment:
    page: int
    bbox: tuple[float, float, float, float]
    cells: list[_GCell]
    after_block: int = 0  # text blocks before the table this fragment opens


def _fragments(pdfplumber, data: bytes, pages, page_indexes: list[int]) -> dict[int, list[_Fragment]]:
    """page -> the tables pdfplumber finds on it (ruled tables), as drawn."""
    out: dict[int, list[_Fragment]] = {}
    with pdfplumber.open(io.BytesIO(data)) as plumber:
        for p in page_indexes:
            page = plumber.pages[p]
            line_of = _line_finder(pages[p][0])
            for table in page.find_tables():
                cells = []
                for row, texts in zip(table.rows, table.extract()):
                    for box, text in zip(row.cells, texts):
                        if box is not None:
                            x0, top, x1, bottom = box
                            cells.append(_GCell(" ".join((text or "").split()), x0, top, x1, bottom,
                                                Position(line_of(top), None, p + 1)))
                cells = _trim(cells)
                grid = _grid(cells)
                # a ruled box around a paragraph is not a table: a table has rows and columns
                if grid and max(c + cs for _, _, c, _, cs in grid) >= 2 and max(r + rs for _, r, _, rs, _ in grid) >= 2:
                    bbox = (min(c.x0 for c in cells), min(c.top for c in cells), max(c.x1 for c in cells), max(c.bottom for c in cells))
                    out.setdefault(p, []).append(_Fragment(p, bbox, cells))
            page.close()
    return out


def _line_finder(lines):
    tops = [(top, k) for k, (_, top, _) in enumerate(lines) if top is not None]

    def line_of(y: float) -> int | None:
        """The first text line at or below ``y`` (lines are not always in page order)."""
        below = [(top, k) for top, k in tops if top >= y - 2]
        return min(below)[1] + 1 if below else None

    return line_of


def _clusters(values: list[float], tolerance: float = 4.0) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tolerance:
            out.append(v)
    return out


def _index(clusters: list[float], v: float) -> int:
    return min(range(len(clusters)), key=lambda i: abs(clusters[i] - v))


def _grid(cells: list[_GCell]) -> list[tuple[_GCell, int, int, int, int]]:
    """(cell, row, col, rowspan, colspan): the grid the drawn boxes make."""
    if not cells:
        return []
    xs = _clusters([v for c in cells for v in (c.x0, c.x1)])
    ys = _clusters([v for c in cells for v in (c.top, c.bottom)])
    out = []
    for c in cells:
        col, row = _index(xs, c.x0), _index(ys, c.top)
        out.append((c, row, col, max(1, _index(ys, c.bottom) - row), max(1, _index(xs, c.x1) - col)))
    return out


def _rows(cells: list[_GCell]) -> list[list[_GCell]]:
    """Cells grouped by the grid row they start in, top to bottom, left to right."""
    rows: dict[int, list[tuple[int, _GCell]]] = {}
    for cell, row, col, _, _ in _grid(cells):
        rows.setdefault(row, []).append((col, cell))
    return [[c for _, c in sorted(rows[r], key=lambda x: x[0])] for r in sorted(rows)]


def _trim(cells: list[_GCell]) -> list[_GCell]:
    """Drop what a ruled frame drew around the table but is not part of it: leading
    rows of one full-width cell (prose, a heading) above the table's own caption row,
    and trailing empty rows or full-width rows of prose."""
    if not cells:
        return cells
    left, right = min(c.x0 for c in cells), max(c.x1 for c in cells)
    rows = _rows(cells)

    def single(row: list[_GCell]) -> bool:
        return len(row) == 1 and row[0].x0 - left < 2 and right - row[0].x1 < 2

    first, last = 0, len(rows) - 1
    while first < last and single(rows[first]) and single(rows[first + 1]):
        first += 1
    while last > first and (not any(c.text for c in rows[last]) or (single(rows[last]) and len(rows[last][0].text) > 30)):
        top = min(c.top for c in rows[last])
        if any(c.top < top - 1 and c.bottom > top + 1 for row in rows[first:last] for c in row):
            break  # a cell from above reaches into it: part of the table
        last -= 1
    return [c for row in rows[first : last + 1] for c in row]


def _assemble(path: str, pages, drop, fragments) -> Document:
    """Blocks for the text lines; each line inside a table's frame is marked with its
    table. A fragment that opens a page right after a table that closed the previous
    one, at the same place across the page, continues that table."""
    blocks: list[Block] = []
    chains: list[list[_Fragment]] = []
    open_chain: int | None = None  # a table that ran to the end of the previous page
    for p, (lines, _height) in enumerate(pages):
        page_fragments = fragments.get(p, [])
        placed: dict[int, int] = {}  # fragment on this page -> chain
        text_seen = False
        last_chain: int | None = None
        blank = False
        for k, (text, top, bottom) in enumerate(lines):
            if (p, k) in drop:
                continue
            if not text.strip():
                blank = True
                continue
            f = _inside(page_fragments, top, bottom)
            if f is not None and f not in placed:
                fragment = page_fragments[f]
                if f == 0 and open_chain is not None and not text_seen and _aligned(chains[open_chain][-1], fragment):
                    chains[open_chain].append(fragment)
                    placed[f] = open_chain
                else:
                    chains.append([fragment])
                    placed[f] = len(chains) - 1
                    fragment.after_block = len(blocks)
            chain = placed.get(f) if f is not None else None
            blocks.append(Block(text.rstrip(), line=k + 1, page=p + 1, blank_before=blank, table=chain))
            blank = False
            text_seen = text_seen or chain is None
            last_chain = chain
        open_chain = last_chain
    if not blocks:
        raise ReadError("PDF 中没有可读的文字")
    tables = [_table(chain) for chain in chains]
    return Document(path, FORMAT, None, blocks, tables)


def _inside(fragments: list[_Fragment], top, bottom) -> int | None:
    if top is None:
        return None
    middle = (top + bottom) / 2
    for i, fragment in enumerate(fragments):
        if fragment.bbox[1] - 1 <= middle <= fragment.bbox[3] + 1:
            return i
    return None


def _aligned(a: _Fragment, b: _Fragment) -> bool:
    return abs(a.bbox[0] - b.bbox[0]) < 5 and abs(a.bbox[2] - b.bbox[2]) < 5


def _table(chain: list[_Fragment]) -> Table:
    """One table from its fragments: each continuation is stacked under the table so
    far, without the header rows it repeats; a row or a merged cell the page break
    split is joined again; then the grid is taken from all the boxes together."""
    cells = list(chain[0].cells)
    for fragment in chain[1:]:
        head_rows = _rows(cells)
        tail_rows = _rows(fragment.cells)
        skip = 0
        while skip < min(len(head_rows), len(tail_rows)) and _texts(tail_rows[skip]) == _texts(head_rows[skip]):
            skip += 1
        tail = [c for row in tail_rows[skip:] for c in row]
        if not tail:
            continue
        bottom = max(c.bottom for c in cells)
        shift = bottom - min(c.top for c in tail)
        for c in tail:
            c.top, c.bottom = c.top + shift, c.bottom + shift
        upper = head_rows[-1]
        lower = tail_rows[skip]
        if _complementary(upper, lower):  # one row split in two: join the halves
            for c in lower:
                target = next((u for u in upper if abs(u.x0 - c.x0) < 2 and abs(u.x1 - c.x1) < 2), None)
                if target is not None:
                    target.text += c.text
                    tail.remove(c)
                else:
                    c.top = min(u.top for u in upper)
        else:  # an empty cell under a merged cell the break interrupted: the same cell
            for c in lower:
                above = [u for u in cells if abs(u.x0 - c.x0) < 2 and abs(u.x1 - c.x1) < 2 and abs(u.bottom - bottom) < 2]
                if not c.text and above and above[0].text:
                    above[0].bottom = c.bottom
                    tail.remove(c)
        cells.extend(tail)
    grid = _grid(cells)
    out = [Cell(c.text, r, col, rs, cs, c.position, c.confidence) for c, r, col, rs, cs in grid]
    first = min(out, key=lambda c: (c.row, c.col))
    return Table(out, first.position, after_block=chain[0].after_block)


def _texts(row: list[_GCell]) -> list[str]:
    return [re.sub(r"\s+", "", c.text) for c in row]


def _complementary(upper: list[_GCell], lower: list[_GCell]) -> bool:
    """Two halves of one row split by a page break: apart from the first column, no
    column is filled in both, and one half has nothing but its label."""
    def filled(row):
        return [(round(c.x0), round(c.x1)) for c in row[1:] if c.text]

    up, low = filled(upper), filled(lower)
    # a caption row (one cell across the table) is not half of a split row
    return len(upper) == len(lower) > 1 and (not up or not low) and not set(up) & set(low)
