"""Layout variants of a report's text, for the metamorphic tests (tests/test_metamorphic.py).

Each function takes the text of a report (Markdown or plain text, as gik-lint's text reader
reads it) and gives the same report laid out differently, the way real sources lay it out:

- ``hard_wrap``: lines broken every 30-40 characters with page footers between them, as PDF
  text extraction gives it;
- ``collapse``: the whole body on one line, markup dropped, as a crawler gives it;
- ``cjk_spaces``: stray spaces between Chinese characters on some lines;
- ``fullwidth_digits``: digits typed as full-width ０-９;
- ``to_html`` / ``to_docx``: the report re-exported as a simple web page / a Word file
  (through fixtures/formats/make_formats.py: its table model and HTML table writer, its
  Word run and reproducible-zip helpers).

All of them are pure and deterministic: the random choices come from a generator seeded
with the ``seed`` argument (the report's file name), never from the clock or ``hash()``.
Nothing here knows about gik-lint: the transformations are the instrument, not the tool.
"""

from __future__ import annotations

import hashlib
import importlib.util
import io
import random
import re
import sys
import unicodedata
from pathlib import Path

FORMATS_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "formats"

_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # what the text reader splits on (not str.splitlines)
_TABLE_ROW = re.compile(r"\s*\|")  # a Markdown pipe-table row, as the text reader sees one
_SEPARATOR_ROW = re.compile(r"\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*")
_CELL_BORDER = re.compile(r"(?<!\\)\|")
_HEADING = re.compile(r"(#{1,6})\s+(.*\S)\s*$")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ASCII_RUN = re.compile(r"[!-~]+")  # one ASCII word, number, date or URL: never split
# A crawled page's metadata header (标题: … / 发布时间: …), and the line that ends it.
_META_LINE = re.compile(
    r"\s*(标题|题目|名称|发布时间|发布日期|成文日期|时间|日期|文号|发文字号|索引号|发布机构|发文机关|来源|信息来源"
    r"|栏目|分类|主题分类|原文链接|链接|网址|本地目录|作者|浏览次数|阅读次数)\s*[:：]")
_BODY_MARK = re.compile(r"\s*=+\s*正文\s*=+\s*")
_CN_NUMERALS = set("〇零一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟")
_FULLWIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")

FOOTER_STYLES = ("— {n} —", "第 {n} 页 共 {total} 页", "- {n} -", "{n}")


def rng_for(seed: str, purpose: str) -> random.Random:
    """A generator seeded by a file name (and what it is for), the same on every run."""
    digest = hashlib.sha256(f"{purpose}:{seed}".encode("utf-8")).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def split_lines(text: str) -> list[str]:
    """The text's lines as gik-lint's text reader splits them (CR, LF or CRLF)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = _LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def is_table_row(line: str) -> bool:
    return bool(_TABLE_ROW.match(line))


_CELL_GAP = re.compile(r"\t|[ \u3000]{2,}")
_SENTENCE = re.compile(r"[，。；：！？,;]")
_FLAT_VALUE = re.compile(r"[-+]?\d[\d,.]*%?|[-—/／]")


def is_flat_table_row(line: str) -> bool:
    """A table row flattened into text (not a pipe row): two or more cells separated by
    tabs or runs of spaces (``规章  0  0  0``), or a label followed by values separated by
    single spaces (``行政强制 0``, ``一、本年新收政府信息公开申请数量 50 7 0``)."""
    text = line.strip()
    if not text or is_table_row(text):
        return False
    if len([part for part in _CELL_GAP.split(text) if part]) >= 2:
        return True
    tokens = text.split()
    label = tokens[0]
    return (len(tokens) >= 2 and all(_FLAT_VALUE.fullmatch(t) for t in tokens[1:])
            and len(label) <= 30 and not _SENTENCE.search(label))  # not prose ending in a number


def is_separator_row(line: str) -> bool:
    return bool(_SEPARATOR_ROW.fullmatch(line))


def pipe_cells(line: str) -> list[str]:
    """The cell texts of a pipe-table row (whitespace runs collapsed, ``\\|`` unescaped)."""
    text = line.strip()
    begin = 1 if text.startswith("|") else 0
    end = len(text) - 1 if text.endswith("|") and len(text) > begin else len(text)
    return [" ".join(piece.replace("\\|", "|").split()) for piece in _CELL_BORDER.split(text[begin:end])]


def is_wide(ch: str) -> bool:
    """A CJK character, CJK punctuation or full-width form (wide in East Asian layout)."""
    return unicodedata.east_asian_width(ch) in ("W", "F")


def is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def header_length(lines: list[str]) -> int:
    """How many leading lines are a crawled page's metadata header (kept as they are):
    everything up to a ``=== 正文 ===`` line near the top, or else the leading
    ``标题: …`` / ``发布时间: …`` lines."""
    for i, line in enumerate(lines[:20]):
        if _BODY_MARK.fullmatch(line):
            return i + 1
    n = 0
    while n < len(lines) and (_META_LINE.match(lines[n]) or (not lines[n].strip() and n > 0)):
        n += 1
    while n > 0 and not lines[n - 1].strip():  # blank lines after the header are body
        n -= 1
    return n


def table_runs(lines: list[str]) -> list[tuple[int, int]]:
    """(first, last) line index of every pipe table the text reader would read: a run of
    consecutive pipe rows with at least two rows that are not ``|---|`` separators."""
    runs = []
    i = 0
    while i < len(lines):
        if not is_table_row(lines[i]):
            i += 1
            continue
        j = i
        while j + 1 < len(lines) and is_table_row(lines[j + 1]):
            j += 1
        if sum(not is_separator_row(line) for line in lines[i : j + 1]) >= 2:
            runs.append((i, j))
        i = j + 1
    return runs


# ---------------------------------------------------------------------------
# hard_wrap: PDF text extraction
# ---------------------------------------------------------------------------


def _units(line: str) -> list[str]:
    """A line cut into what a line break may fall between: ASCII runs (never split),
    single spaces, single other characters."""
    units: list[str] = []
    pos = 0
    for m in _ASCII_RUN.finditer(line):
        units.extend(line[pos : m.start()])
        units.append(m.group(0))
        pos = m.end()
    units.extend(line[pos:])
    return units


def wrap_line(line: str, width: int) -> list[str]:
    """Break ``line`` into pieces of at most ``width`` characters (an ASCII run longer than
    that stands alone). Spaces where the line is broken are dropped, as PDF extraction
    drops them. Leading indentation stays on the first piece and is not counted: it is
    layout (a right-aligned signature), not text a PDF line would hold."""
    indent = line[: len(line) - len(line.lstrip())]
    pieces: list[str] = []
    current = ""
    for unit in _units(line[len(indent) :]):
        if unit.isspace() and len(current) + 1 > width:
            continue  # a space at the break
        if len(current) + len(unit) > width and current.strip():
            pieces.append(current.rstrip())
            current = "" if unit.isspace() else unit
            continue
        current += unit
    if current.strip():
        pieces.append(current.rstrip())
    if not pieces:
        return [line]
    pieces[0] = indent + pieces[0]
    return pieces


def wrap_pages(text: str, seed: str) -> tuple[list[list[str]], list[str]]:
    """``hard_wrap`` in parts: the pages (lists of lines) and the footer of each page."""
    rng = rng_for(seed, "hard_wrap")
    lines = split_lines(text)
    in_table = {i for i, line in enumerate(lines) if is_flat_table_row(line)}
    for first, last in table_runs(lines):
        in_table.update(range(first, last + 1))
    out: list[tuple[str, bool]] = []  # (line, a table row)
    for i, line in enumerate(lines):
        if i in in_table or not line.strip():
            out.append((line, i in in_table))
        else:
            out.extend((piece, False) for piece in wrap_line(line, rng.randint(30, 40)))
    pages: list[list[str]] = [[]]
    since, every = 0, rng.randint(25, 35)
    for k, (line, table) in enumerate(out):
        pages[-1].append(line)
        since += 1
        between_rows = table and k + 1 < len(out) and out[k + 1][1]
        if since >= every and not between_rows and k + 1 < len(out):
            pages.append([])
            since, every = 0, rng.randint(25, 35)
    style = rng.randrange(len(FOOTER_STYLES))
    footers = [FOOTER_STYLES[(style + n - 1) % len(FOOTER_STYLES)].format(n=n, total=len(pages))
               for n in range(1, len(pages) + 1)]
    return pages, footers


def hard_wrap(text: str, seed: str) -> str:
    """Every line re-wrapped at a random width of 30-40 characters, and a page footer
    every 25-35 output lines, with blank lines around it; the last page has its footer
    too. Footer styles cycle through ``— 3 —``, ``第 3 页 共 9 页``, ``- 3 -`` and a bare
    ``3``. Table rows, pipe rows and rows flattened into text alike, stay whole, and no
    footer goes between two of them: PDF text extraction gives a table row on one line."""
    pages, footers = wrap_pages(text, seed)
    result: list[str] = []
    for page, footer in zip(pages, footers):
        result += page + ["", footer, ""]
    return "\n".join(result) + "\n"


# ---------------------------------------------------------------------------
# collapse: a crawler's one-line body
# ---------------------------------------------------------------------------


def _strip_markup(line: str) -> str:
    heading = _HEADING.fullmatch(line.strip())
    if heading:
        line = heading.group(2)
    return _BOLD.sub(r"\1", line).strip()


def collapse(text: str) -> str:
    """The body on one line: lines joined with nothing between two CJK characters and with
    one space otherwise; a pipe table becomes its non-empty cells separated by single
    spaces (separator rows dropped), and Markdown heading and bold markers go, as a
    crawler drops the markup. A table row flattened into text keeps its own spacing and
    is joined to its neighbours with a space (its cells do not run into the next row's).
    A metadata header (标题: …) stays as it is."""
    lines = split_lines(text)
    n = header_length(lines)
    header, body = lines[:n], lines[n:]
    pieces: list[tuple[str, bool]] = []  # (text, from a table)
    for line in body:
        if not line.strip():
            continue
        if is_table_row(line):
            if is_separator_row(line):
                continue
            cells = " ".join(c for c in pipe_cells(line) if c)
            if cells:
                pieces.append((cells, True))
            continue
        stripped = _strip_markup(line)
        if stripped:
            pieces.append((stripped, is_flat_table_row(stripped)))
    joined = ""
    previous_table = True
    for piece, table in pieces:
        if joined:
            glue = "" if not (table or previous_table) and is_wide(joined[-1]) and is_wide(piece[0]) else " "
            joined += glue
        joined += piece
        previous_table = table
    return "\n".join(header + [joined]) + "\n"


# ---------------------------------------------------------------------------
# cjk_spaces: stray spaces inside words
# ---------------------------------------------------------------------------


def title_protection(lines: list[str]) -> tuple[int, int]:
    """(line index, columns) of the title to leave alone: the first body line (among the
    first five non-blank ones) with 报告 in it, up to and including that 报告; the body
    lines before it are left alone too. (-1, 0) when no line looks like a title."""
    start = header_length(lines)
    seen = 0
    for i in range(start, len(lines)):
        line = lines[i]
        if not line.strip():
            continue
        seen += 1
        k = line.find("报告")
        if k >= 0 and k < 80:
            return i, k + 2
        if seen >= 5:
            break
    return -1, 0


def _space_positions(line: str, from_column: int) -> list[int]:
    """Indexes i where a space may go between line[i-1] and line[i]: two Chinese
    characters, neither of them a Chinese numeral (not inside a number such as 第二十条
    or 二〇二一)."""
    return [
        i for i in range(max(1, from_column), len(line))
        if is_han(line[i - 1]) and is_han(line[i])
        and line[i - 1] not in _CN_NUMERALS and line[i] not in _CN_NUMERALS
    ]


def cjk_spaces(text: str, seed: str) -> str:
    """On about one line in five (not table rows, pipe or flattened, where a space would
    split a cell; not the metadata header, not the title), one ASCII or full-width space at 1-2 random places between two adjacent
    Chinese characters. At least one line gets them when any line can."""
    rng = rng_for(seed, "cjk_spaces")
    lines = split_lines(text)
    header = header_length(lines)
    title_line, title_columns = title_protection(lines)
    candidates: dict[int, list[int]] = {}
    for i, line in enumerate(lines):
        if i < header or is_table_row(line) or is_flat_table_row(line) or (title_line >= 0 and i < title_line):
            continue
        positions = _space_positions(line, title_columns if i == title_line else 1)
        if positions:
            candidates[i] = positions
    chosen = [i for i in candidates if rng.random() < 0.2]
    if not chosen and candidates:
        chosen = [rng.choice(sorted(candidates))]
    for i in chosen:
        places = sorted(rng.sample(candidates[i], min(len(candidates[i]), rng.randint(1, 2))), reverse=True)
        line = lines[i]
        for p in places:
            line = line[:p] + rng.choice((" ", "\u3000")) + line[p:]
        lines[i] = line
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------
# fullwidth_digits
# ---------------------------------------------------------------------------


def fullwidth_digits(text: str) -> str:
    """ASCII digits 0-9 as full-width ０-９, everywhere (tables too); nothing else changes."""
    return text.translate(_FULLWIDTH_DIGITS)


# ---------------------------------------------------------------------------
# to_html / to_docx: re-export through the fixture generators
# ---------------------------------------------------------------------------

_MAKE_FORMATS = None


def make_formats():
    """fixtures/formats/make_formats.py as a module (its table model, HTML table and Word
    helpers are reused here rather than writing a second generator)."""
    global _MAKE_FORMATS
    if _MAKE_FORMATS is None:
        spec = importlib.util.spec_from_file_location("gik_make_formats", FORMATS_DIR / "make_formats.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # its dataclasses look their module up there
        spec.loader.exec_module(module)
        _MAKE_FORMATS = module
    return _MAKE_FORMATS


def structure(text: str) -> list[tuple]:
    """The text as blocks: ("h", level, text), ("p", text) and ("table", rows) where rows
    are the pipe rows' cell lists (separator rows dropped; rows may differ in length).
    Blank lines only separate blocks."""
    lines = split_lines(text)
    runs = {first: last for first, last in table_runs(lines)}
    blocks: list[tuple] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if i in runs:
            rows = [pipe_cells(row) for row in lines[i : runs[i] + 1] if not is_separator_row(row)]
            blocks.append(("table", rows))
            i = runs[i] + 1
            continue
        i += 1
        if not line.strip():
            continue
        heading = _HEADING.fullmatch(line.strip())
        if heading:
            blocks.append(("h", len(heading.group(1)), heading.group(2)))
        else:
            blocks.append(("p", line.strip()))
    return blocks


def _layout_table(rows: list[list[str]]):
    """make_formats' Table for pipe rows: short rows padded with "" to the widest row
    (``to_html`` takes the padding out again: a short row keeps only its own cells)."""
    mf = make_formats()
    width = max(len(r) for r in rows)
    return mf.Table("pipe", [[mf.C(t) for t in r] + [mf.C("")] * (width - len(r)) for r in rows]).layout()


def _html_inline(text: str) -> str:
    esc = make_formats()._esc
    out, pos = [], 0
    for m in _BOLD.finditer(text):
        out.append(esc(text[pos : m.start()]) + "<strong>" + esc(m.group(1)) + "</strong>")
        pos = m.end()
    return "".join(out) + esc(text[pos:])


def to_html(text: str) -> bytes:
    """A simple UTF-8 web page: each line a ``<p>``, ``#`` headings as ``<h1>``-``<h6>``,
    ``**bold**`` as ``<strong>``, pipe tables as ``<table>`` (make_formats.html_table;
    a row shorter than the others keeps only its own ``<td>``s)."""
    mf = make_formats()
    parts = []
    for block in structure(text):
        if block[0] == "h":
            parts.append(f"<h{block[1]}>{_html_inline(block[2])}</h{block[1]}>")
        elif block[0] == "p":
            parts.append(f"<p>{_html_inline(block[1])}</p>")
        else:
            rows = block[1]
            html_rows = mf.html_table(_layout_table(rows), 1).split("\n")
            out, r = [], 0
            for line in html_rows:
                if line.startswith("<tr>"):
                    cells = re.findall(r"<td[^>]*>.*?</td>", line)[: len(rows[r])]
                    line = "<tr>" + "".join(cells) + "</tr>"
                    r += 1
                out.append(line)
            parts.append("\n".join(out))
    page = (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n</head>\n<body>\n'
        '<div class="article">\n' + "\n".join(parts) + "\n</div>\n</body>\n</html>\n"
    )
    return page.encode("utf-8")


def _docx_table(doc, rows: list[list[str]]):
    """A Word table of plain cells, one ``w:tc`` per pipe cell; a short row ends early
    with ``w:gridAfter``. (make_formats.docx_table lays out merged cells through
    ``table.cell(r, c)``, which re-walks the whole table on every call: pipe tables
    have no merged cells, and this keeps a 28-row table fast.)"""
    from docx.oxml.ns import qn
    from docx.shared import Cm

    mf = make_formats()
    ncols = max(len(r) for r in rows)
    table = doc.add_table(rows=len(rows), cols=ncols)
    table.style = "Table Grid"
    for row, cells in zip(table.rows, rows):
        slots = row.cells
        for slot, text in zip(slots, cells):
            slot.width = Cm(15.6 / ncols)
            if text:
                mf._run(slot.paragraphs[0], text)
        missing = ncols - len(cells)
        if missing:
            tr = row._tr
            for tc in tr.tc_lst[len(cells) :]:
                tr.remove(tc)
            trpr = tr.get_or_add_trPr()
            trpr.insert(0, trpr.makeelement(qn("w:gridAfter"), {qn("w:val"): str(missing)}))
    return table


def to_docx(text: str) -> bytes:
    """A Word file (python-docx): each line a paragraph, ``#`` headings in the built-in
    Heading 1-6 styles, ``**bold**`` as bold runs, pipe tables as real tables. Fixed
    document properties and zip timestamps (make_formats._normalize_zip), so the bytes
    are the same on every run."""
    import datetime

    from docx import Document

    mf = make_formats()
    doc = Document()
    previous_table = False
    for block in structure(text):
        if block[0] == "table":
            if previous_table:
                doc.add_paragraph()  # Word needs a paragraph between two tables
            _docx_table(doc, block[1])
            previous_table = True
            continue
        previous_table = False
        if block[0] == "h":
            paragraph = doc.add_paragraph(style=f"Heading {block[1]}")
            content = block[2]
        else:
            paragraph = doc.add_paragraph()
            content = block[1]
        pos = 0
        for m in _BOLD.finditer(content):
            if m.start() > pos:
                mf._run(paragraph, content[pos : m.start()])
            mf._run(paragraph, m.group(1), bold=True)
            pos = m.end()
        if pos < len(content):
            mf._run(paragraph, content[pos:])
    cp = doc.core_properties
    cp.title = cp.subject = cp.keywords = cp.comments = ""
    cp.author = cp.last_modified_by = "gik-lint tests"
    cp.revision = 1
    cp.created = cp.modified = cp.last_printed = datetime.datetime(2000, 1, 1)
    buf = io.BytesIO()
    doc.save(buf)
    return mf._normalize_zip(buf.getvalue())
