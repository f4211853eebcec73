"""narrative-table: a figure the narrative gives for something a table counts is the
table's figure.

Option ``mentions``: a list of ``{pattern, cells}``; ``pattern`` (a regular expression
over the text folded and without whitespace) captures the figure as ``n`` (or ``n2``…
in another alternative), ``cells`` is
a list of cell-id sums, the first one the report's table has is compared
("review_litigation.lit_direct.total + review_litigation.lit_after_review.total").
A cell that is missing, blank or not a number: no finding.

Option ``claims``: statements without a figure that the table can refute
(``{what, pattern, equal: [[cell, cell], …]}``: "均获维持" says that in each pair the two
cells hold the same number — upheld equals the total). Pairs the table does not fill
are left out; one finding per statement names every pair that differs."""

from __future__ import annotations

from decimal import Decimal

from gik_lint.check.finding import Hit
from gik_lint.check.kinds._tables import UNSURE, number, recognised, unsure
from gik_lint.check.kinds._text import view
from gik_lint.packcache import compile_re

NEEDS_REGIME = True


def prepare(rule) -> list:
    return rule.prepared("mentions", lambda: [(compile_re(m["pattern"]), m["cells"], m.get("what", "")) for m in rule.options.get("mentions", ())])


def _claims(rule) -> list:
    return rule.prepared("claims", lambda: [(compile_re(c["pattern"]), c["equal"], c.get("what", "")) for c in rule.options.get("claims", ())])


def _label(cell) -> str:
    return f"{cell.row_label}·{cell.column_label.split('/')[-1]}"


def _number(cells: dict, cid: str):
    cell = cells.get(cid)
    return cell.value.number if cell is not None and cell.value.kind in ("int", "decimal") else None


def check(rule, report):
    cells = {cid: c for reading in report.tables.values() for cid, c in reading.table.cells.items()}
    if not cells:
        return
    text = view(report, "document")
    for pattern, sums, what in prepare(rule):
        for mention in text.finditer(pattern):
            stated = Decimal(next(v for k, v in mention.match.groupdict().items() if k.startswith("n") and v))
            for expression in sums:
                ids = [part.strip() for part in expression.split("+")]
                if not all(i in cells for i in ids):
                    continue
                values = [cells[i].value for i in ids]
                if any(v.kind not in ("int", "decimal") for v in values):
                    break
                table_value = sum(v.number for v in values)
                if table_value != stated:
                    first = cells[ids[0]]
                    # text or cells OCR read without certainty: perhaps a misreading, not assessable
                    ocr = recognised(report, mention.start) and (
                        (mention.confidence or 0) < UNSURE or any(unsure(report, cells[i]) for i in ids))
                    yield Hit(
                        start=mention.start,
                        end=mention.end,
                        context={"mention": mention.group(0), "stated": number(stated), "table": number(table_value),
                                 "what": what, "cell": first, "cell_position": first.position} | ({"ocr": True} if ocr else {}),
                        evidence={"mention": mention.group(0), "stated": number(stated), "cells": ids,
                                  "table_value": number(table_value),
                                  "table_position": {"line": first.position.line, "column": first.position.column,
                                                     "page": first.position.page, "paragraph": first.position.paragraph}},
                        severity="info" if ocr else None,
                        outcome="not-assessable" if ocr else "fail",
                    )
                break
    for pattern, pairs, what in _claims(rule):
        for claim in text.finditer(pattern):
            differ = []
            for a, b in pairs:
                x, y = _number(cells, a), _number(cells, b)
                if x is not None and y is not None and x != y:
                    differ.append({"cells": [a, b], "values": [number(x), number(y)],
                                   "labels": [_label(cells[a]), _label(cells[b])]})
            if differ:
                spec = report.table_specs.get(differ[0]["cells"][0].split(".")[0])
                yield Hit(
                    start=claim.start,
                    end=claim.end,
                    section=spec.section if spec else None,  # the table's: what refutes the statement
                    context={"mention": claim.group(0), "what": what, "differ": differ},
                    evidence={"mention": claim.group(0), "claim": what, "differ": differ},
                )
