"""``gik-lint new``: a blank annual report in the regime that applies to the year.

Everything comes from the catalogues the linter reads (rules/catalog): the sections and
their wording from the regime (regimes/*.yaml, with ``template``: what to write under a
heading for the organ to replace), the tables with every row, column, block and group
from tables/*.yaml (their ``template``: the corner header, the format's relation note, the
header over the values), the statistical period sentence from GIK011's fix. A blank report
lints with only what a blank report has: its placeholders (GIK315) and blank cells (GIK210);
filled with consistent numbers, its tables pass every relation.

The report is a list of parts (title, paragraph, heading, table), written as Markdown (pipe
tables) or as a Word file (real tables, merged header cells).
"""

from __future__ import annotations

import io

from gik_lint.config import UsageError
from gik_lint.records import field, record

BLANK = "/"  # a cell for the organ to fill: a placeholder the linter reports (GIK210), never a 0
NATIONAL_2008_FROM = 2014  # the State Council's statistics table, attached to reports 2014-2018
PERIOD = "本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
_NUMERALS = "一二三四五六七八九十"


@record
class Grid:
    """A table as printed: rows of cell texts, merged ranges (row, col, last row, last col),
    how many rows are headers, and the cell id of every cell that holds a value."""

    rows: list[list[str]]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    header_rows: int = 1
    cells: dict[tuple[int, int], str] = field(default_factory=dict)

    def fill(self, values: dict[str, object]) -> None:
        """Write ``values`` (cell id -> value) into the value cells."""
        for (r, c), cid in self.cells.items():
            if cid in values:
                self.rows[r][c] = str(values[cid])


@record
class Part:
    kind: str  # title | paragraph | heading | table
    text: str = ""
    grid: Grid | None = None
    table: str | None = None  # the table id of a table part


@record
class Blank:
    organ: str
    year: int
    regime: str
    catalog: str  # the table catalogue its tables come from (a regime, or 2008-national)
    parts: list[Part]

    @property
    def grids(self) -> dict[str, Grid]:
        return {p.table: p.grid for p in self.parts if p.kind == "table"}

    def cell_ids(self) -> list[str]:
        return [cid for grid in self.grids.values() for cid in grid.cells.values()]

    def fill(self, values: dict[str, object]) -> None:
        for grid in self.grids.values():
            grid.fill(values)


def numeral(n: int) -> str:
    """1..99 in Chinese numerals (一, 十, 十一, 二十三)."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _NUMERALS[tens - 1] + "十")
    return head + (_NUMERALS[ones - 1] if ones else "")


def blank_report(linter, organ: str, year: int) -> Blank:
    from gik_lint.interpret.regime import regime_for_year

    organ = " ".join(organ.split())
    if not organ:
        raise UsageError("机关名称不能为空")
    regime = regime_for_year(linter.regimes, year)
    if regime is None:
        first = min(r.years[0] for r in linter.regimes.values() if r.years[0])
        raise UsageError(f"{year} 年没有适用的格式（年度报告自 {first} 年起）")
    catalog = regime.id
    if regime.id == "2008" and year >= NATIONAL_2008_FROM and "2008-national" in linter.tables:
        catalog = "2008-national"
    tables = linter.tables.get(catalog, {})
    period = getattr(linter.rules.get("GIK011"), "fix", None) or {}
    parts = [Part("title", f"{organ}{year}年政府信息公开工作年度报告"),
             Part("paragraph", period.get("sentence", PERIOD).format(year=year))]
    placed = set()
    for n, spec in enumerate(regime.sections, start=1):
        parts.append(Part("heading", f"{numeral(n)}、{spec.canonical}"))
        if spec.id in regime.template:
            parts.append(Part("paragraph", regime.template[spec.id]))
        for tid, table in tables.items():
            if table.section == spec.id:
                parts.append(Part("table", grid=grid(table), table=tid))
                placed.add(tid)
    for tid, table in tables.items():  # a table of no section of the regime (2008: the statistics table), attached
        if tid not in placed:
            parts.append(Part("paragraph", f"附件：{organ}{year}年{table.title}"))
            parts.append(Part("table", grid=grid(table), table=tid))
    return Blank(organ, year, regime.id, catalog, parts)


# --- the tables ------------------------------------------------------------------------


def grid(spec) -> Grid:
    if spec.blocks:
        return _blocks(spec)
    if spec.groups:
        return _groups(spec)
    if spec.rows_vary:
        return _statistics(spec)
    return _rows_columns(spec)


def _blocks(spec) -> Grid:
    """The proactive-disclosure table: each block's caption, its header (信息内容 and the
    block's columns), its rows."""
    width = 1 + max(len(b.columns) for b in spec.blocks)
    g = Grid([], header_rows=1)
    for block in spec.blocks:
        r = len(g.rows)
        g.rows.append([block.label] + [""] * (width - 1))
        g.merges.append((r, 0, r, width - 1))
        header = [spec.template.get("corner", "")] + [c.label for c in block.columns]
        for line in [header] + [[row.label] + [BLANK] * len(block.columns) for row in block.rows]:
            r = len(g.rows)
            g.rows.append(line + [""] * (width - len(line)))
            if len(line) < width:
                g.merges.append((r, len(line) - 1, r, width - 1))
        for k, row in enumerate(block.rows):
            for c, column in enumerate(block.columns):
                g.cells[(r - len(block.rows) + 1 + k, 1 + c)] = f"{spec.id}.{block.id}.{row.id}.{column.id}"
    return g


def _row_labels(spec) -> list[tuple[str, str]]:
    """(group cell, label) of each row, numbered as the format numbers them: a row of no
    group 一、; a group 三、 and its rows （一）; a group standing inside it （三） and its rows 1."""
    rows = [r for r in spec.rows if r.in_template]
    last = {r.group: i for i, r in enumerate(rows) if r.group}
    out: list[tuple[str, str]] = []
    top = top_label = None  # the open top-level group, while rows of it are still to come
    inner: list | None = None  # [group, its numbered label, how many of its rows so far]
    first = second = 0  # numbering at the first and second level
    for i, row in enumerate(rows):
        if top is not None and i > last[top]:
            top, inner = None, None
        if row.group is None:
            first += 1
            out.append(("", f"{numeral(first)}、{row.label}"))
            continue
        if top is None:
            first, second, inner = first + 1, 0, None
            top, top_label = row.group, f"{numeral(first)}、{row.group}"
        if row.group == top:
            second += 1
            inner = None
            out.append((top_label, f"（{numeral(second)}）{row.label}"))
            continue
        if inner is None or inner[0] != row.group:
            second += 1
            inner = [row.group, f"（{numeral(second)}）{row.group}", 0]
        inner[2] += 1
        out.append((inner[1], f"{inner[2]}.{row.label}"))
    return out


def _rows_columns(spec) -> Grid:
    """The applications table: the format's note in the corner, 申请人情况 over the columns,
    each column under its header (法人或其他组织), the rows with their groups."""
    columns = [c for c in spec.columns if not c.optional]
    width = 2 + len(columns)
    corner = spec.template.get("note") or spec.template.get("corner", "")
    rows = [[corner, ""] + [spec.template.get("over", "")] + [""] * (len(columns) - 1)]
    merges = [(0, 0, 2, 1), (0, 2, 0, width - 1)]
    second, third = ["", ""], ["", ""]
    c = 0
    while c < len(columns):
        under = columns[c].under
        if under is None:
            second.append(columns[c].label)
            third.append("")
            merges.append((1, 2 + c, 2, 2 + c))
            c += 1
            continue
        span = 0
        while c + span < len(columns) and columns[c + span].under == under:
            span += 1
        second += [under] + [""] * (span - 1)
        third += [col.label for col in columns[c : c + span]]
        merges.append((1, 2 + c, 1, 2 + c + span - 1))
        c += span
    rows += [second, third]
    g = Grid(rows, merges, header_rows=3)
    labelled = [r for r in spec.rows if r.in_template]
    for row, (group, label) in zip(labelled, _row_labels(spec)):
        r = len(g.rows)
        if group:
            g.rows.append([group, label] + [BLANK] * len(columns))
        else:
            g.rows.append([label, ""] + [BLANK] * len(columns))
            g.merges.append((r, 0, r, 1))
        for k, column in enumerate(columns):
            g.cells[(r, 2 + k)] = f"{spec.id}.{row.id}.{column.id}"
    return g


def _groups(spec) -> Grid:
    """The review and litigation table: one row of values under three groups of columns,
    the groups under their header (行政诉讼) where they have one."""
    n = len(spec.columns)
    width = n * len(spec.groups)
    top, second, merges = [], [], []
    i = 0
    while i < len(spec.groups):
        group = spec.groups[i]
        if group.under is None:
            top += [group.label] + [""] * (n - 1)
            second += [""] * n
            merges.append((0, i * n, 1, i * n + n - 1))
            i += 1
            continue
        span = 0
        while i + span < len(spec.groups) and spec.groups[i + span].under == group.under:
            span += 1
        top += [group.under] + [""] * (n * span - 1)
        merges.append((0, i * n, 0, (i + span) * n - 1))
        for k in range(span):
            second += [spec.groups[i + k].label] + [""] * (n - 1)
            merges.append((1, (i + k) * n, 1, (i + k) * n + n - 1))
        i += span
    leaves = [c.label for c in spec.columns] * len(spec.groups)
    g = Grid([top, second, leaves, [BLANK] * width], merges, header_rows=3)
    for k, group in enumerate(spec.groups):
        for c, column in enumerate(spec.columns):
            g.cells[(3, k * n + c)] = f"{spec.id}.{group.id}.{column.id}"
    return g


def _statistics(spec) -> Grid:
    """The 2008-era statistics table: 指标名称 and the columns, a row per indicator, the
    parts of an indicator under it (其中：)."""
    rows = [r for r in spec.rows if r.in_template]
    ids = {r.id for r in rows}
    g = Grid([[spec.template.get("corner", spec.starts[0] if spec.starts else "")] + [c.label for c in spec.columns]])
    seen_parent: set[str] = set()
    for row in rows:
        parent = row.id.rpartition(".")[0]
        label = row.label
        if parent in ids:
            label = ("其中：" if parent not in seen_parent else "") + label
            seen_parent.add(parent)
        r = len(g.rows)
        g.rows.append([label] + [BLANK] * len(spec.columns))
        for c, column in enumerate(spec.columns):
            g.cells[(r, 1 + c)] = f"{spec.id}.{row.id}.{column.id}"
    return g


# --- writing -----------------------------------------------------------------------------


def markdown(blank: Blank) -> str:
    out: list[str] = []
    for part in blank.parts:
        if part.kind == "title":
            out += [f"# {part.text}", ""]
        elif part.kind == "heading":
            out += [f"## {part.text}", ""]
        elif part.kind == "paragraph":
            out += [part.text, ""]
        else:
            rows = part.grid.rows
            for r, row in enumerate(rows):
                out.append("| " + " | ".join(_pipe(c) for c in row) + " |")
                if r == 0:
                    out.append("|" + "---|" * len(row))
            out.append("")
    return "\n".join(out)


def _pipe(text: str) -> str:
    return text.replace("|", "\\|")


def docx(blank: Blank) -> bytes:
    import docx as python_docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = python_docx.Document()
    for part in blank.parts:
        if part.kind == "title":
            p = document.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = p.add_run(part.text)
            run.bold = True
            run.font.size = Pt(16)
        elif part.kind == "heading":
            document.add_heading(part.text, level=1)
        elif part.kind == "paragraph":
            document.add_paragraph(part.text)
        else:
            rows = part.grid.rows
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            table.style = "Table Grid"
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    table.cell(r, c).text = value
            for r0, c0, r1, c1 in part.grid.merges:
                keep = rows[r0][c0]
                table.cell(r0, c0).merge(table.cell(r1, c1)).text = keep
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
