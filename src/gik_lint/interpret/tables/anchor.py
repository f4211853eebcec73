"""Anchor values on their row and column labels: logical rows -> canonical cells.

A value gets a cell id only when its row label and its column header say which cell it
is. The known layout settles only what labels leave open: the columns of a row that
came without headers (a flattened line, a pipe table without a header), when the
number of values is exactly the number of columns. A value that cannot be placed with
certainty is kept as unplaced, never guessed into a cell.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from gik_lint.interpret.tables.catalog import Block, Label, TableSpec, label_key
from gik_lint.interpret.tables.rows import PLACEHOLDERS, LogicalRow, ValueCell, split_unit
from gik_lint.interpret.tables.split import JOINT_CAP, Equation, Slot, Split, settle, split_run
from gik_lint.interpret.tables.split import Row as SplitRow
from gik_lint.interpret.tables.split import number as split_number
from gik_lint.memo import by_identity
from gik_lint.packcache import compile_re
from gik_lint.read import Position
from gik_lint.records import field, record
from gik_lint.textnorm import compact

FUZZY = 0.75  # a row label this close to the format's wording is taken, as a deviation


@record(frozen=True)
class Value:
    raw: str
    kind: str  # "int" | "decimal" | "blank" | "placeholder" | "invalid"
    number: int | Decimal | None = None
    unit: str = ""  # printed after the number in the cell ("元", "万元", "件"); the number is as printed


@lru_cache(maxsize=65536)
def parse_value(raw: str) -> Value:
    """What a cell holds. Blank (empty, &nbsp;, spaces) and placeholders are never 0; a
    number may carry a unit ("251000元", "5949.09万元", "12件"), which is kept, not
    converted: the value is the number as printed."""
    t = compact(raw)
    if not t:
        return Value(raw, "blank")
    if t in PLACEHOLDERS:
        return Value(raw, "placeholder")
    split = split_unit(t)
    digits, unit = (split[0].replace(",", ""), split[1]) if split else (t.replace(",", ""), "")
    try:
        number = Decimal(digits)
    except InvalidOperation:
        return Value(raw, "invalid")
    if not number.is_finite():
        return Value(raw, "invalid")
    if "." in digits:
        return Value(raw, "decimal", number, unit)
    return Value(raw, "int", int(number), unit)


@record
class CanonicalCell:
    id: str
    value: Value
    position: Position
    row_label: str  # as printed
    column_label: str  # as printed, or the format's when placed by layout
    column: Label | None = None  # the format's column: whether signs or decimals are allowed
    split_from: str | None = None  # the run of digits it was split from ("6000017"), if it was
    confidence: float | None = None  # OCR's confidence in the text, when it was read from an image


@record
class Deviation:
    row: str  # canonical row id
    found: str
    expected: str
    position: Position


@record
class Unplaced:
    label: str
    values: list[str]
    position: Position
    reason: str  # zh-CN


@record
class Unsplit:
    """A row whose values came as a run of digits (fewer words than the row has cells)
    that does not split into its cells in exactly one way."""

    row: str  # the row's id within the table ("deny.secret", "art20_1.normative_docs"; "" for a row of groups)
    label: str  # the row's label as the format has it
    run: str  # the values as printed, their spaces kept as one ("200 000121")
    columns: int  # the cells the row has
    status: str  # "several" | "inconsistent" | "impossible" | "too-many" | "contradicts" (see below)
    candidates: list[tuple[str, ...]]  # the splits (at most five shown): consistent ones, or those the cells allow
    count: int  # how many there are
    exact: bool  # False: at least ``count``
    position: Position
    relations: tuple[str, ...] = ()  # the rules whose relations were used to settle it

    # status: "several" splits hold every relation; "inconsistent": the cells allow splits
    # but under none does the row add up (its own figures may be wrong); "impossible": no
    # split at all; "too-many": too many to enumerate; "contradicts": the row alone has
    # several splits, but none that makes the table's relations across rows hold with the
    # other rows (the table's figures may be wrong).


@record
class CanonicalTable:
    spec: TableSpec
    cells: dict[str, CanonicalCell] = field(default_factory=dict)
    deviations: list[Deviation] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)
    unsplit: list[Unsplit] = field(default_factory=list)
    position: Position = field(default_factory=Position)
    from_text: bool = False
    split_words: int = 0  # words of the report's rows read as runs of digits (split or not)

    @property
    def found(self) -> bool:
        return bool(self.cells)

    @property
    def accounted(self) -> int:
        """The report's value words this layout accounts for: placed as they stand, or a
        run of digits on a row of the layout that splits into its cells in one way or
        several (a run that fits the row in no way at all does not count)."""
        return sum(1 for c in self.cells.values() if c.split_from is None) + self.split_words

    @property
    def misfits(self) -> int:
        """Rows whose values this layout cannot place: unplaced, or a run of digits that
        cannot be split into the row's cells at all."""
        return len(self.unplaced) + sum(1 for u in self.unsplit if u.status == "impossible")


def anchor(spec: TableSpec, rows: list[LogicalRow], position: Position, allow_subtotal: bool = False, said: dict | None = None) -> CanonicalTable:
    """``said``: row id -> the figures the narrative states for the row's cell in the
    spec's ``said_column`` (what may settle a run of digits that the cells' rules and
    relations leave open)."""
    out = CanonicalTable(spec, position=position, from_text=any(r.from_text for r in rows))
    pending: list[_Pending] = []
    if spec.blocks:
        _anchor_blocks(spec, rows, out, pending)
    elif spec.groups:
        _anchor_groups(spec, rows, out, pending)
    else:
        _anchor_grid(spec, rows, out, allow_subtotal, pending)
    _settle(spec, out, pending, said or {})
    return out


def _place(out: CanonicalTable, cid: str, cell: ValueCell, row_label: str, column: Label, split_from: str | None = None) -> None:
    value = parse_value(cell.raw)
    if cid in out.cells:
        if value.kind == "blank":
            return  # a blank cell adds nothing to a cell already read
        if out.cells[cid].value.kind != "blank":
            out.unplaced.append(Unplaced(row_label, [cell.raw], cell.position, f"与已读取的单元格 {cid} 重复"))
            return
    printed = "/".join(cell.header) or column.label
    out.cells[cid] = CanonicalCell(cid, value, cell.position, row_label, printed, column, split_from, cell.confidence)


def _is_blank(cell: ValueCell) -> bool:
    return parse_value(cell.raw).kind == "blank"


# --- runs of digits: a row whose cells lost the spaces between them ----------------------


@record
class _Pending:
    """A row whose values came as fewer words than it has cells, to be split."""

    row: str  # the row's id within the table
    label: str  # as the format has it
    printed: str  # as the report prints it
    tokens: list[ValueCell]
    ids: list[str]  # the cell of each slot, left to right
    columns: list[Label]
    position: Position

    @property
    def run(self) -> str:
        return " ".join(t.raw for t in self.tokens)


_CELL_CHARS = compile_re(r"[\d/／—－–-]")


def _needs_split(row: LogicalRow, n_columns: int) -> bool:
    """Whether a row's values are a run of digits standing for its cells: read from text,
    under no column headers, fewer words than cells, but enough characters for them."""
    values = row.values
    if not row.from_text or not values or len(values) >= n_columns or any(v.header for v in values):
        return False
    return sum(len(_CELL_CHARS.findall(v.raw)) for v in values) >= n_columns


def _settle(spec: TableSpec, out: CanonicalTable, pending: list[_Pending], said: dict) -> None:
    """Split each pending row: by the cells' own rules and the row's relations, then the
    rows still open together by the relations across rows. What does not come out in
    exactly one way is kept as unsplit, never guessed; nor is the one split the cells'
    forms allow when the row does not add up under it (a row wrapped, or run into the
    next, reads so as often as a wrong total: not assessable, saying the figures may be
    wrong)."""
    if not pending:
        return
    open_rows: list[tuple[_Pending, Split, tuple[str, ...]]] = []
    for p in pending:
        out.split_words += len(p.tokens)
        slots = [Slot(c.signed, c.decimal) for c in p.columns]
        index = {cid: k for k, cid in enumerate(p.ids)}
        own = [eq for eq in spec.relations if eq.terms and all(c in index for c in eq.cells())]
        result = split_run([t.raw for t in p.tokens], slots, [Equation(tuple((index[c], f) for c, f in eq.terms), eq.constant) for eq in own])
        used = tuple(dict.fromkeys(eq.source for eq in own))
        if result.status == "several":
            result.candidates = _narrowed(result.candidates, p, said.get(p.row, ()), spec.said_column)
        if result.status == "unique":
            _place_split(out, p, result.candidates[0])
        elif result.status == "several" and len(result.candidates) <= JOINT_CAP:
            open_rows.append((p, result, used))
        else:
            _unsplit(out, p, result, used)
            if result.status == "impossible":
                out.split_words -= len(p.tokens)
    if not open_rows:
        return
    known = {cid: c.value.number for cid, c in out.cells.items() if c.value.kind in ("int", "decimal")}
    rows = [SplitRow(tuple(p.ids), [tuple(split_number(t) for t in cand) for cand in r.candidates]) for p, r, _ in open_rows]
    outcome = settle(rows, known, spec.relations)
    for (p, result, used), pick, contradicts, across in zip(open_rows, outcome.picks, outcome.contradicts, outcome.relations):
        if pick is not None:
            _place_split(out, p, result.candidates[pick])
        else:
            _unsplit(out, p, result, used + across, "contradicts" if contradicts else None)


def _narrowed(candidates: list[tuple[str, ...]], p: _Pending, stated, said_column: str | None) -> list[tuple[str, ...]]:
    """The splits a row's own bounds allow (历年累计 never below 本年度), then, when
    several remain, the one whose cell in ``said_column`` the narrative states, if
    exactly one is."""
    slot = {c.id: k for k, c in enumerate(p.columns)}
    bounds = [(k, slot[c.at_least]) for k, c in enumerate(p.columns) if c.at_least in slot]

    def bounded(cand) -> bool:
        values = [split_number(t) for t in cand]
        return all(values[k] is None or values[j] is None or values[k] >= values[j] for k, j in bounds)

    kept = [c for c in candidates if bounded(c)] if bounds else candidates
    if len(kept) > 1 and stated and said_column in slot:
        confirmed = [c for c in kept if split_number(c[slot[said_column]]) in stated]
        if len(confirmed) == 1:
            return confirmed
    return kept


def _drop_unit(parts: list[str], units: tuple[str, ...], known: set[str]) -> list[str]:
    """A row's label parts without its 计量单位 (a cell of its own, or printed between
    the label and the values: "1.网站公开条"), unless the label with it is one the
    format knows."""
    parts = [p for p in parts if compact(p) not in units]
    if parts:
        last = parts[-1].rstrip()
        unit = next((u for u in sorted(units, key=len, reverse=True) if last.endswith(u) and len(last) > len(u)), None)
        if unit and label_key(last) not in known:
            parts[-1] = last[: -len(unit)].rstrip()
    return parts


def _place_split(out: CanonicalTable, p: _Pending, cells: tuple[str, ...]) -> None:
    for (text, position), cid, column in zip(_pieces(p.tokens, cells), p.ids, p.columns):
        _place(out, cid, ValueCell(text, position), p.printed, column, split_from=p.run)


def _pieces(tokens: list[ValueCell], cells: tuple[str, ...]) -> list[tuple[str, Position]]:
    """Each cell's text with its position: where it stands in its word of the run."""
    out = []
    t, at = 0, 0
    for text in cells:
        while t < len(tokens) and (at >= len(tokens[t].raw) or not tokens[t].raw.startswith(text, at)):
            if at < len(tokens[t].raw) and tokens[t].raw[at] == ",":
                at += 1  # a comma between two cells
                continue
            t, at = t + 1, 0
        token = tokens[min(t, len(tokens) - 1)]
        p = token.position
        out.append((text, p._replace(column=p.column + at) if p.column is not None else p))
        at += len(text)
    return out


def _unsplit(out: CanonicalTable, p: _Pending, result: Split, used: tuple[str, ...], status: str | None = None) -> None:
    status = status or result.status
    if status in ("several", "contradicts"):
        shown, count, exact = result.candidates, len(result.candidates), True
    else:
        shown, count, exact = result.examples, result.splits, result.splits_complete
    out.unsplit.append(
        Unsplit(p.row, p.label, p.run, len(p.ids), status, list(shown[:5]), count, exact, p.position, tuple(dict.fromkeys(used)))
    )


@lru_cache(maxsize=65536)
def _close(a: str, b: str) -> float | None:
    """How alike two labels are, when they may be alike enough to be taken (the cheap
    upper bounds first: most pairs are far apart; the same pairs recur from report to report)."""
    if 2 * min(len(a), len(b)) < FUZZY * (len(a) + len(b)):
        return None
    if 2 * sum((Counter(a) & Counter(b)).values()) < FUZZY * (len(a) + len(b)):  # difflib's quick_ratio
        return None
    from difflib import SequenceMatcher  # imported here: most reports have no label this close

    ratio = SequenceMatcher(None, a, b).ratio()
    return ratio if ratio >= FUZZY else None


def _match_label(key: str, labels: tuple[Label, ...]) -> tuple[Label | None, bool]:
    """The label ``key`` names, and whether only approximately (a deviation)."""
    for label in labels:
        if key in label.keys:
            return label, False
    scored = sorted(((ratio, label) for label in labels for k in label.keys if (ratio := _close(key, k)) is not None), key=lambda x: -x[0])
    if scored and (len(scored) == 1 or scored[1][0] < scored[0][0] or scored[1][1] is scored[0][1]):
        return scored[0][1], True
    return None, False


def _columns(spec_columns: tuple[Label, ...], cells: list[ValueCell], allow_subtotal: bool) -> list[Label | None]:
    """The column of each value: by its header, else by position when the count is
    exactly the layout's."""
    if all(cell.header for cell in cells):
        return [_column_by_header(cell.header, spec_columns) for cell in cells]
    layout = _layout(spec_columns, allow_subtotal)
    if len(cells) == len(layout):
        return layout
    return [None] * len(cells)


def _layout(spec_columns: tuple[Label, ...], allow_subtotal: bool) -> list[Label]:
    """The columns a row without headers has, left to right."""
    return [c for c in spec_columns if not c.optional or (allow_subtotal and c.id == "org_subtotal")]


_BY_HEADER: dict = {}


def _column_by_header(header: tuple[str, ...], columns: tuple[Label, ...]) -> Label | None:
    """The column a header names (kept: the same headers come back row after row)."""
    return by_identity(_BY_HEADER, columns, header, lambda: _find_column(header, columns))


def _find_column(header: tuple[str, ...], columns: tuple[Label, ...]) -> Label | None:
    """The column a header names by its lowest label; the header above (``under``)
    only settles between columns with the same label."""
    if not header:
        return None
    path = [label_key(h) for h in header]
    for test in (lambda k: k == path[-1], lambda k: bool(k) and k in path[-1]):  # exact, then contained
        found = [label for label in columns if any(test(k) for k in label.keys)]
        if len(found) > 1:
            found = [label for label in found if label.under and any(label_key(label.under) in p for p in path)]
        if len(found) == 1:
            return found[0]
    return None


def _is_caption(row: LogicalRow, known: set[str], placeholders: bool = False) -> bool:
    """A row that only labels what follows: a caption, or a data row with nothing in
    its value cells (``placeholders``: or only "—", as a table whose rows vary prints
    its group rows: "三、依申请公开情况 — —") whose label names no row of the format."""
    if row.kind == "caption" or (row.kind == "data" and not row.values):
        return True
    empty = ("blank", "placeholder") if placeholders else ("blank",)
    blank = row.kind == "data" and all(parse_value(v.raw).kind in empty for v in row.values)
    return blank and not (row.parts and label_key(row.parts[-1]) in known)


def _anchor_grid(spec: TableSpec, rows: list[LogicalRow], out: CanonicalTable, allow_subtotal: bool, pending: list) -> None:
    group_keys = {label_key(r.group) for r in spec.rows if r.group}
    known = {k for r in spec.rows for k in r.keys}
    taken: set[str] = set()
    context: list[str] = []  # group labels standing above, for flattened rows
    for row in rows:
        if spec.units and row.parts:
            row = LogicalRow(row.kind, _drop_unit(row.parts, spec.units, known), row.values, row.position, row.from_text, row.empty)
        keys = [label_key(p) for p in row.parts if p]
        if row.empty and keys and keys[-1] in known:
            label = _match_exact(keys[-1], context, spec.rows, taken)
            if label is not None:  # a row printed with no value at all: its cells are blank
                taken.add(label.id)
                for column in _layout(spec.columns, allow_subtotal):
                    _place(out, f"{spec.id}.{label.id}.{column.id}", ValueCell("", row.position), row.parts[-1], column)
                continue
        if _is_caption(row, known, spec.rows_vary):
            context = [k for k in keys if _is_group(k, group_keys)] or context
            continue
        if row.kind != "data":
            continue
        own = keys[-1] if keys else ""
        groups = [k for k in keys[:-1] if _is_group(k, group_keys)] or (context if row.from_text else [])
        heads_group = row.from_text and own and _is_group(own, group_keys) and len(keys) == 1
        if heads_group:  # a group's own row ("五、行政诉讼数量  件  1"): the rows below are its
            context = [own]
        printed = row.parts[-1] if row.parts else ""
        above = row.parts[-2] if row.from_text and len(row.parts) > 1 else ""
        label, deviation = _match_row(printed, groups, spec.rows, taken, above)
        if label is None:
            if any(not parse_value(v.raw).kind == "blank" for v in row.values) or own:
                out.unplaced.append(Unplaced(printed, [v.raw for v in row.values], row.position, "行标签无法对应到格式中的任何一行"))
            continue
        taken.add(label.id)
        if deviation:
            out.deviations.append(Deviation(label.id, printed, label.label, row.position))
        if groups and not heads_group:
            context = groups
        layout = _layout(spec.columns, allow_subtotal)
        if _needs_split(row, len(layout)):
            ids = [f"{spec.id}.{label.id}.{c.id}" for c in layout]
            pending.append(_Pending(label.id, label.label, printed, row.values, ids, layout, row.position))
            continue
        for cell, column in zip(row.values, _columns(spec.columns, row.values, allow_subtotal)):
            if column is None:
                if not _is_blank(cell):  # a blank cell under no column of the format is nothing
                    out.unplaced.append(Unplaced(printed, [cell.raw], cell.position, "无法确定该数值所在的列"))
                continue
            _place(out, f"{spec.id}.{label.id}.{column.id}", cell, printed, column)


def _is_group(key: str, group_keys: set[str]) -> bool:
    return any(g and g in key for g in group_keys)


@lru_cache(maxsize=65536)
def _own_keys(printed: str, above: str = "") -> tuple[str, ...]:
    """The row's own label, whole, then without the words before it (text that lost
    its line breaks prints captions and headers before the label on the same line:
    "… 现行有效件数 规章 0 0 0"), then joined to the line above it (a label wrapped
    without numbering: "行政规" / "范性文件 6 1 24")."""
    words = printed.split()
    keys = [label_key(" ".join(words[i:])) for i in range(len(words))]
    if above:
        keys.append(label_key(above + printed))
    return tuple(dict.fromkeys(keys)) or ("",)


def _match_row(printed: str, groups: list[str], labels: tuple[Label, ...], taken: set[str], above: str = "") -> tuple[Label | None, bool]:
    """The row a label names. The group (the label of the cell or row above) settles
    labels that recur, such as "其他" and "总计"."""
    for own in _own_keys(printed, above):
        found = _match_exact(own, groups, labels, taken)
        if found is not None:
            return found, False
    own = label_key(printed)
    free = tuple(label for label in labels if label.id not in taken)
    return _match_label(own, free) if own else (None, False)


def _match_exact(own: str, groups: list[str], labels: tuple[Label, ...], taken: set[str]) -> Label | None:
    exact = _by_key(labels).get(own, [])
    if len(exact) > 1:
        exact = [label for label in exact if label.group and any(label_key(label.group) in g for g in groups)] or exact
    exact = [label for label in exact if label.id not in taken] or exact
    return exact[0] if exact else None


_INDEXES: dict = {}


def _by_key(labels: tuple[Label, ...]) -> dict[str, list[Label]]:
    """The labels by each of their keys, in the format's order: made once per layout."""

    def index() -> dict[str, list[Label]]:
        found: dict[str, list[Label]] = {}
        for label in labels:
            for key in dict.fromkeys(label.keys):
                found.setdefault(key, []).append(label)
        return found

    return by_identity(_INDEXES, labels, None, index)


def _anchor_groups(spec: TableSpec, rows: list[LogicalRow], out: CanonicalTable, pending: list) -> None:
    """The review and litigation table: one data row of fifteen values."""
    order = [(g, c) for g in spec.groups for c in spec.columns]
    for row in rows:
        if row.kind != "data" or not row.values:
            continue
        if _needs_split(row, len(order)):
            ids = [f"{spec.id}.{g.id}.{c.id}" for g, c in order]
            label = "、".join(g.label for g in spec.groups)
            pending.append(_Pending("", label, "".join(row.parts), row.values, ids, [c for _, c in order], row.position))
            continue
        placed = []
        for cell in row.values:
            path = [label_key(h) for h in cell.header]
            group = next((g for g in spec.groups if any(k in p for p in path for k in g.keys)), None)
            column = next((c for c in spec.columns if path and path[-1] in c.keys), None)
            placed.append((group, column))
        if not all(g and c for g, c in placed):
            if len(row.values) == len(order):
                placed = order  # no headers: fifteen values in the format's order
            elif all(cell.header for cell in row.values) and all(
                (g and c) or _is_blank(cell) for cell, (g, c) in zip(row.values, placed)
            ):  # a blank cell under no header of the format is nothing
                kept = [(cell, p) for cell, p in zip(row.values, placed) if p[0] and p[1]]
                row = LogicalRow(row.kind, row.parts, [cell for cell, _ in kept], row.position, row.from_text)
                placed = [p for _, p in kept]
            else:
                out.unplaced.append(Unplaced("".join(row.parts), [v.raw for v in row.values], row.position,
                                             f"数值个数为 {len(row.values)}，应为 {len(order)}，且无法按表头对应"))
                continue
        for cell, (group, column) in zip(row.values, placed):
            _place(out, f"{spec.id}.{group.id}.{column.id}", cell, group.label, column)


def _by_suffix(key: str, rows: list[tuple[Block, Label]]) -> tuple[Block, Label] | None:
    """The (block, row) whose label the text ends with ("…对外公开总数量规章": 规章), the
    longest such label; None when none does, or two different rows end it as long."""
    best: list[tuple[Block, Label]] = []
    length = 0
    for block, label in rows:
        n = max((len(k) for k in label.keys if k and key.endswith(k)), default=0)
        if n > length:
            best, length = [(block, label)], n
        elif n and n == length:
            best.append((block, label))
    return best[0] if len(best) == 1 else None


def _anchor_blocks(spec: TableSpec, rows: list[LogicalRow], out: CanonicalTable, pending: list) -> None:
    """The proactive-disclosure table: blocks captioned 第二十条第（X）项, each with its
    own header row."""
    block = None
    known = {k for b in spec.blocks for r in b.rows for k in r.keys}
    for row in rows:
        keys = [label_key(p) for p in row.parts if p]
        caption = next((b for b in spec.blocks for k in keys if label_key(b.label) in k), None)
        if caption is not None:
            block = caption
        if row.kind != "data" or _is_caption(row, known):
            continue
        printed = row.parts[-1] if row.parts else ""
        owns = _own_keys(printed, row.parts[-2] if row.from_text and len(row.parts) > 1 else "")
        candidates = [block] if block else list(spec.blocks)
        found = next(((b, r) for own in owns for b in candidates for r in b.rows if own in r.keys), None)
        deviation = False
        if found is None:  # a label known in another block, or close to one
            found = next(((b, r) for own in owns for b in spec.blocks for r in b.rows if own in r.keys), None)
        if found is None:
            for b in candidates:
                label, deviation = _match_label(label_key(printed), b.rows)
                if label:
                    found = (b, label)
                    break
        if found is None and row.from_text:  # the header glued before the label: "…对外公开总数量规章"
            found = _by_suffix(label_key(printed), [(b, r) for b in candidates for r in b.rows]) or \
                _by_suffix(label_key(printed), [(b, r) for b in spec.blocks for r in b.rows])
            if found is not None:
                printed = found[1].label
        if found is None:
            out.unplaced.append(Unplaced(printed, [v.raw for v in row.values], row.position, "行标签无法对应到格式中的任何一行"))
            continue
        b, label = found
        block = b
        if deviation:
            out.deviations.append(Deviation(f"{b.id}.{label.id}", printed, label.label, row.position))
        if _needs_split(row, len(b.columns)):
            ids = [f"{spec.id}.{b.id}.{label.id}.{c.id}" for c in b.columns]
            pending.append(_Pending(f"{b.id}.{label.id}", f"{b.label} {label.label}", printed, row.values, ids, list(b.columns), row.position))
            continue
        for cell, column in zip(row.values, _columns(b.columns, row.values, False)):
            if column is None:
                if not _is_blank(cell):  # a blank cell under no column of the format is nothing
                    out.unplaced.append(Unplaced(printed, [cell.raw], cell.position, "无法确定该数值所在的列"))
                continue
            _place(out, f"{spec.id}.{b.id}.{label.id}.{column.id}", cell, printed, column)
