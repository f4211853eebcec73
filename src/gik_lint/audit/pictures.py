"""A report's statistical tables as the audit's page draws them: the format's rows and
columns with what the report gives in each cell, or that the cell was not read.

Made in the worker from the interpreted report, as compact plain data (a batch holds one
per report until its page is written): a row keeps its cells' texts and one letter per
cell for its state; the cells' ids follow from the row's and the columns' keys."""

from __future__ import annotations

from collections.abc import Iterator

# a cell's state, one letter each in a row's ``states``
STATES = {"o": "ok", "b": "blank", "p": "placeholder", "i": "invalid", "m": "missing"}
_LETTER = {"int": "o", "decimal": "o", "blank": "b", "placeholder": "p", "invalid": "i"}


def _row(table, label: str, key: str, column_keys: list[str]) -> dict:
    texts, states = [], []
    for column in column_keys:
        cell = table.cells.get(f"{table.spec.id}.{key}.{column}")
        texts.append(cell.value.raw.strip() if cell is not None else "")
        states.append(_LETTER.get(cell.value.kind, "i") if cell is not None else "m")
    return {"label": label, "key": key, "values": texts, "states": "".join(states)}


def picture(reading) -> dict:
    """One table: ``{"id", "title", "found", "columns", "keys", "rows"}``. A row is
    ``{"label", "key", "values", "states"}``, or ``{"head", "columns", "keys"}`` (a block
    of the table with its own columns), or ``{"group"}`` (the rows below belong to it)."""
    table, spec = reading.table, reading.table.spec
    out = {"id": spec.id, "title": spec.title, "found": table.found, "columns": [], "keys": [], "rows": []}
    if not table.found:
        return out
    rows = out["rows"]
    if spec.blocks:
        for block in spec.blocks:
            keys = [c.id for c in block.columns]
            rows.append({"head": block.label, "columns": [c.label for c in block.columns], "keys": keys})
            rows.extend(_row(table, r.label, f"{block.id}.{r.id}", keys) for r in block.rows)
        return out
    held = {cid.split(".")[-1] for cid in table.cells}
    columns = [c for c in spec.columns if not c.optional or c.id in held]
    out["columns"], out["keys"] = [c.label for c in columns], [c.id for c in columns]
    if spec.groups:  # drawn one group to a row (行政复议 / 未经复议直接起诉 / 复议后起诉)
        rows.extend(_row(table, f"{g.under}·{g.label}" if g.under else g.label, g.id, out["keys"]) for g in spec.groups)
        return out
    group = None
    for r in spec.rows:
        row = _row(table, r.label, r.id, out["keys"])
        if spec.rows_vary and set(row["states"]) == {"m"}:
            continue  # a province's table without this row: not there, rather than unread
        if r.group and r.group != group:
            rows.append({"group": r.group})
        group = r.group
        rows.append(row)
    return out


def pictures(report) -> list[dict]:
    """Every statistical table of the report's format, in the format's order."""
    return [picture(reading) for reading in report.tables.values()]


def cells(table: dict) -> Iterator[tuple[dict, list[tuple[str, str, str, str]]]]:
    """Each row of a table, with ``(id, text, state, column label)`` of each of its cells
    (none for a block's head or a group's row)."""
    columns, keys = table.get("columns") or [], table.get("keys") or []
    for row in table.get("rows") or []:
        if "head" in row:
            columns, keys = row["columns"], row["keys"]
        yield row, [(f"{table['id']}.{row['key']}.{key}", text, STATES[state], column)
                    for key, text, state, column in zip(keys, row.get("values", ()), row.get("states", ""), columns)]


def labels(tables: list[dict]) -> dict[str, str]:
    """cell id -> 行·列 label, for the cells a finding names by id only."""
    return {cid: f"{row['label']}·{column}" for table in tables for row, found in cells(table) for cid, _, _, column in found}
