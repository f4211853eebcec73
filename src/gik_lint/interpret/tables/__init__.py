"""The three statistical tables, read into canonical cells.

For each table of the report's regime: the document's tables that carry its anchor
labels are read row by row; where none does, the lines of the matching section are read
as a table that lost its structure. Each is anchored against the layout of its own
regime and of the other one (2019 and 2021 differ); the layout that places more values
and leaves fewer unplaced is the one the report used.
"""

from __future__ import annotations

import re
from functools import lru_cache

from gik_lint.interpret.tables.anchor import CanonicalTable, anchor
from gik_lint.interpret.tables.catalog import TableSpec, label_key, load_tables
from gik_lint.interpret.tables.rows import LogicalRow, flat_rows, grid_rows, text_rows
from gik_lint.memo import by_identity
from gik_lint.packcache import compile_re
from gik_lint.records import record, replace
from gik_lint.textnorm import compact, squeeze

__all__ = ["CanonicalTable", "TableSpec", "TableReading", "load_tables", "read_tables"]

_OTHER_LAYOUT = {"2019": "2021", "2021": "2019"}


@record
class TableReading:
    """One statistical table of a report, as read."""

    table: CanonicalTable
    layout: str  # the regime whose layout it follows


def read_tables(report, catalogs: dict[str, dict[str, TableSpec]]) -> dict[str, TableReading]:
    regime = report.regime.id if report.regime else None
    if regime not in catalogs:
        return {}
    readings: dict[str, TableReading] = {}
    for tid, spec in catalogs[regime].items():
        other = spec.alternative or _OTHER_LAYOUT.get(regime)
        raw = _grids(report, tid, spec, catalogs[regime])
        anchored = True
        if raw:
            rows: list[LogicalRow] = [row for t in raw for row in grid_rows(t)]
            position = raw[0].position
            subtotal = any("小计" in c.compact for t in raw for c in t.cells)
        else:
            section = _section_pieces(report, spec.section)
            pieces = _from_anchor(section, spec.anchors)
            if not section:  # its section not recognised: the table wherever its header is printed
                body = _body_pieces(report)
                if spec.starts:  # its header opens it: the rows from the first label after the header
                    opened = _from_anchor(body, spec.starts)
                    found = _from_anchor(opened, spec.anchors)
                    if found:
                        spec = _in_printed_order(spec, _header_text(opened, found[0]))
                else:
                    found = _from_anchor(body, spec.anchors)
                pieces = found if found and (spec.starts or _shows_header(found, spec, catalogs, other)) else []
            anchored = bool(pieces)
            if not anchored:  # labels broken over lines: read the whole section, keep only what anchors
                pieces = section
            # another table's labels end this one (tables whose sections ran together)
            pieces = _until(pieces, tuple(a for t, other_spec in catalogs[regime].items() if t != tid for a in other_spec.anchors))
            if not pieces:
                continue
            rows = text_rows(pieces)
            position = pieces[0][0].at(pieces[0][1])
            subtotal = any("计" in b.text[s:e] and "小计" in compact(b.text[s:e]) for b, s, e in pieces)
        said = _said(report, spec, None if raw else pieces[0]) if any(r.said for r in spec.rows) else None
        layout, table = _best_reading(report, tid, spec, catalogs, regime, rows, raw, position, subtotal, said)
        if table.found or table.unsplit or (table.unplaced and (raw or anchored)) or raw or (anchored and _shows_header(pieces, spec, catalogs, other)):
            table.from_text = table.from_text or not raw
            readings[tid] = TableReading(table, layout)  # found, or there but not (all) read
    return readings


def _header_text(opened: list, first_row) -> str:
    """The text from where the table opens (its header) to its first row."""
    out = []
    for block, start, end in opened:
        if block is first_row[0]:
            out.append(block.text[start : first_row[1]])
            break
        out.append(block.text[start:end])
    return compact("".join(out))[:200]


_ORDERED: dict = {}


def _in_printed_order(spec: TableSpec, header: str) -> TableSpec:
    """The spec with its columns in the order the header prints them ("历年累计 2015年度"),
    when it names every one of them; the spec itself otherwise."""
    at = {}
    for column in spec.columns:
        found = [header.find(k) for k in column.keys if k and k in header]
        if not found:
            return spec
        at[column.id] = min(found)
    order = tuple(sorted(spec.columns, key=lambda c: at[c.id]))
    if order == spec.columns:
        return spec
    return by_identity(_ORDERED, spec, tuple(c.id for c in order),
                       lambda: replace(spec, columns=order, _cell_ids={}, _relations=None))


def _grids(report, tid: str, spec: TableSpec, specs: dict[str, TableSpec]) -> list:
    """The document's grids of the table: those that carry its anchor labels, with the
    pieces of it a converter cut apart (its section's grids that carry its row labels);
    failing those, a grid with numbers in its section that no other table claims (its
    labels garbled: it is there all the same)."""
    document = report.document
    raw = [t for t in document.tables if _carries(t, spec)]
    inside = [t for t in _section_tables(report, spec.section) if t not in raw]
    if inside:
        others = [o for t, o in specs.items() if t != tid]
        inside = [t for t in inside if _has_numbers(t) and not any(_carries(t, o) for o in others)]
    if not raw:
        return inside
    if inside:
        raw += [t for t in inside if _has_rows_of(t, spec)]
        raw.sort(key=document.tables.index)
    return raw


def _said(report, spec: TableSpec, first) -> dict[str, set]:
    """Row id -> the figures the text before the table (before ``first``, its first
    piece; all of it for a grid) states for the row's ``said_column`` (its ``said`` wordings)."""
    parts = []
    for block in report.document.blocks:
        if first is not None and block is first[0]:
            parts.append(block.folded[: first[1]])
            break
        if block.table is None:
            parts.append(block.folded)
    text = compile_re(r"\s+").sub("", "".join(parts))
    out: dict[str, set] = {}
    for row in spec.rows:
        for pattern in row.said:
            for m in pattern.finditer(text):
                if m.group("n"):
                    out.setdefault(row.id, set()).add(int(m.group("n")))
    return out


def _best_reading(report, tid, spec, catalogs, regime, rows, raw, position, subtotal, said=None) -> tuple[str, CanonicalTable]:
    """The rows anchored on the report's layout, and where that leaves values unread on
    the other regime's layout, and a grid's rows read as lines of text (its columns may
    be shifted): the reading that accounts for more of the values (a run of digits counts
    once, as printed, whether it split in one way or several) and leaves fewer that fit
    nowhere."""
    own = anchor(spec, rows, position, subtotal, said)
    beside: list[LogicalRow] = []
    if raw and len(own.cells) < len(spec.cell_ids()):  # rows the grid lacks may be printed as text before it
        beside = _rows_beside(report, spec, rows)
        if beside:
            rows = beside + rows
            own = anchor(spec, rows, position, subtotal, said)
    candidates = [(regime, own)]
    placed_all = not own.unplaced and not own.unsplit and len(own.cells) >= sum(len(r.values) for r in rows)
    if placed_all:
        return regime, own  # no other reading can do better than all
    other = spec.alternative or _OTHER_LAYOUT.get(regime)
    layouts = [lay for lay in (regime, other) if lay in catalogs and tid in catalogs[lay]]
    if other in layouts:
        candidates.append((other, anchor(catalogs[other][tid], rows, position, subtotal)))
    if raw:
        flat = beside + [row for t in raw for row in flat_rows(t)]
        candidates += [(lay, anchor(catalogs[lay][tid], flat, position, subtotal, said)) for lay in layouts]
    return max(candidates, key=lambda c: (c[1].accounted - 2 * c[1].misfits, c[0] == regime))


def _shows_header(pieces: list, spec: TableSpec, catalogs: dict, other: str | None) -> bool:
    """Whether the text prints the table's header: three of its column labels (all of a
    block's, when it has fewer) one after another, with nothing but spaces between them —
    in its own layout or in the other one. A table whose header is there is there, even
    where none of its values could be read."""
    text = "".join(_squeeze(b.text[s:e])[0] for b, s, e in pieces)
    specs = [spec] + ([catalogs[other][spec.id]] if other in catalogs and spec.id in catalogs[other] else [])
    return any(window in text for sp in specs for window in _header_windows(sp))


def _header_windows(spec: TableSpec) -> list[str]:
    runs = [b.columns for b in spec.blocks] if spec.blocks else [tuple(c for c in spec.columns if not c.optional)]
    out = []
    for columns in runs:
        width = min(3, len(columns))
        if width < 2:
            continue
        for i in range(len(columns) - width + 1):
            out.append("".join(compact(c.label) for c in columns[i : i + width]))
    return out


def _has_rows_of(table, spec: TableSpec) -> bool:
    keys = {k for row in spec.rows for k in row.keys} | {k for b in spec.blocks for row in b.rows for k in row.keys}
    return any(label_key(c.text) in keys for c in table.cells if c.compact)


def _carries(table, spec: TableSpec) -> bool:
    texts = [c.compact for c in table.cells]
    return any(a in t for a in spec.anchors for t in texts)


def _rows_beside(report, spec: TableSpec, grid: list[LogicalRow]) -> list[LogicalRow]:
    """Rows of the table printed as lines of text before its grid (a PDF converter that
    made a grid of only part of the table): those whose labels the grid does not have."""
    pieces = _from_anchor(_section_pieces(report, spec.section), spec.anchors)
    if not pieces:
        return []
    first = grid[0].position if grid else None
    printed = {label_key(r.parts[-1]) for r in grid if r.kind == "data" and r.parts}
    return [
        r for r in text_rows(pieces)
        if r.values and r.parts and label_key(r.parts[-1]) not in printed
        and (first is None or first.line is None or (r.position.line or 0) <= first.line)
    ]


def _section_tables(report, section_id: str) -> list:
    """The document's tables that stand inside a canonical section."""
    match = report.sections.get(section_id)
    if match is None or match.section.heading is None or not report.document.tables:
        return []
    section = match.section
    first = section.heading.block
    last = max((b for s in [section, *section.walk()] for b, _, _ in s.body), default=first)
    return [t for t in report.document.tables if first < t.after_block <= last + 1]


def _has_numbers(table) -> bool:
    return any(c.compact and c.compact[0].isdigit() for c in table.cells)


def _section_pieces(report, section_id: str) -> list:
    """(block, start, end) of a canonical section's text, its sub-sections included,
    outside the tables the reader already extracted."""
    match = report.sections.get(section_id)
    if match is None:
        return []
    section = match.section
    blocks = report.document.blocks
    spans = sorted(span for s in [section, *section.walk()] for span in s.body)
    return [(blocks[b], s, e) for b, s, e in spans if blocks[b].table is None]


def _body_pieces(report) -> list:
    """(block, start, end) of the whole document's text under its headings, in reading
    order, outside the tables the reader already extracted."""
    blocks = report.document.blocks
    root = report.outline.root
    spans = sorted(span for s in [root, *root.walk()] for span in s.body)
    return [(blocks[b], s, e) for b, s, e in spans if blocks[b].table is None]


_squeeze_line = lru_cache(maxsize=16384)(squeeze)


def _squeeze(text: str) -> tuple[str, list[int]]:
    """squeeze, kept for lines: the same lines are looked through for each table, and a
    table's lines recur from report to report (a long line, a collapsed body, is not kept)."""
    return _squeeze_line(text) if len(text) <= 200 else squeeze(text)


def _until(pieces: list, anchors: tuple[str, ...]) -> list:
    """The pieces up to where one of ``anchors`` (another table's labels) is printed."""
    out = []
    heads = {a[0] for a in anchors}
    pattern = _any_of(anchors)
    for n, (block, start, end) in enumerate(pieces):
        if not heads.intersection(block.folded[start:end]):
            out.append((block, start, end))  # no anchor can start here: no need to squeeze
            continue
        squeezed, index = _squeeze(block.text[start:end])
        m = pattern.search(squeezed, 1 if n == 0 else 0)
        if m:
            if index[m.start()] > 0:
                out.append((block, start, start + index[m.start()]))
            return out
        out.append((block, start, end))
    return out


@lru_cache(maxsize=64)
def _any_of(words: tuple[str, ...]) -> re.Pattern:
    return compile_re("|".join(map(re.escape, words)))


def _from_anchor(pieces: list, anchors: tuple[str, ...]) -> list:
    """The pieces from the first one that carries an anchor label, starting there."""
    heads = {a[0] for a in anchors}
    for i, (block, start, end) in enumerate(pieces):
        if not heads.intersection(block.folded[start:end]):
            continue
        squeezed, index = _squeeze(block.text[start:end])
        at = min((squeezed.find(a) for a in anchors if a in squeezed), default=-1)
        if at >= 0:
            return [(block, start + index[at], end)] + pieces[i + 1 :]
    return []
