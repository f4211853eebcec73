"""relation: a relation between cells, written in the rule language (check/expr), holds
for every binding of its ``for`` variables.

Options: ``table`` (the table whose cells and layout it uses), ``expr``, ``at`` (the
cell where a failure is shown, with the same variables), ``tolerance`` (for decimals),
``together`` (the failures of every binding as one finding, at the first: the same
relation failing in 本年度 and in 历年累计 is one cause).
A binding that needs a cell that is missing, blank, a placeholder or not a number is not
assessable: those are reported together, once per rule and table, as not assessable
(info; the blank cells themselves are warned about by the cell-value rules).
"""

from __future__ import annotations

from decimal import Decimal

from gik_lint.check.expr import ExprError, difference, evaluate, numbers_of, parse
from gik_lint.check.expr import equations as expr_equations
from gik_lint.check.finding import Hit
from gik_lint.check.kinds._tables import cell_evidence, number, split_runs, table_position, unsure
from gik_lint.packs import PackError

NEEDS_REGIME = True


def prepare(rule):
    """The rule's expression, parsed once."""

    def parsed():
        try:
            return parse(rule.options["expr"])
        except (ExprError, KeyError) as exc:
            raise PackError(rule.path, f"关系表达式无效：{exc}", key="options.expr") from None

    return rule.prepared("expr", parsed)


def equations(rule, spec) -> list:
    """The rule's relation over a table's layout as linear equations (one per binding),
    when it is an exact equality (``==``, no tolerance) over that table: what may
    settle how a run of digits splits into cells. Anything else gives none."""
    from gik_lint.interpret.tables.split import Equation

    if rule.options.get("table") != spec.id or Decimal(str(rule.options.get("tolerance", 0))) != 0:
        return []
    try:
        tree = prepare(rule)
    except PackError:
        return []  # reported where the rule runs

    def domains(name: str, arg: str):
        return {"columns": spec.column_ids(), "rows": spec.row_ids(), "groups": [g.id for g in spec.groups]}.get(name, [])

    return [Equation(terms, constant, rule.code) for _, constant, terms in expr_equations(tree, domains, spec.cell_ids())]


class _Equations:
    """What a table's relations are made from: the relation rules of its regime (parsed
    only when first asked, so that a run that splits no digits never loads the parser)."""

    def __init__(self, rules):
        self.rules = rules

    def __call__(self, spec) -> tuple:
        return tuple(eq for rule in self.rules for eq in equations(rule, spec))


def attach(catalogs: dict, rules) -> None:
    """Give every table of the catalogues (regime -> table id -> spec) the equations of
    the relation rules that apply to its regime."""
    relations = [r for r in rules if r.kind == "relation"]
    for regime, specs in catalogs.items():
        own = _Equations([r for r in relations if r.applies_to(regime)])
        for spec in specs.values():
            spec.equations_of = own
            spec._relations = None


def _layout(report, reading):
    """What every relation over a table needs of it, worked out once per report: the
    labels of its rows, columns and groups, the columns it has, every cell id its
    layout has, and its cells' numbers."""
    layouts = report.derived.setdefault("relation_layouts", {})
    table, spec = reading.table, reading.table.spec
    if spec.id not in layouts:
        present = {cid.rsplit(".", 1)[-1] for cid in table.cells}
        if spec.rows_vary:  # no national format: a row the report leaves out is not there
            expected = [cid for cid in spec.cell_ids(optional=True) if cid in table.cells]
        else:
            expected = [cid for cid in spec.cell_ids(optional=True) if cid in table.cells or not cid.endswith(".org_subtotal")]
        layouts[spec.id] = {
            "labels": {c.id: c.label for c in spec.columns} | {r.id: r.label for r in spec.rows} | {g.id: g.label for g in spec.groups},
            "columns": [c.id for c in spec.columns if not c.optional or c.id in present],
            "expected": expected,
            "numbers": numbers_of(table.cells),
        }
    return layouts[spec.id]


def relation_evidence(outcome) -> dict | None:
    """The failed comparison as data, for outputs that write it out (总计 20 ≠ 予以公开 5 + …):
    ``{"op": "==", "left": [[cell id, factor], …], "right": […]}``, a constant as
    ``[None, value]``; None when a side is not a sum of cells."""
    left, right = outcome.sides
    if left is None or right is None:
        return None

    def plain(k):
        return k if isinstance(k, int) else number(k)

    def side(form) -> list:
        constant, terms = form
        out = [[cid, plain(k)] for cid, k in terms]
        return out + [[None, plain(constant)]] if constant or not out else out

    return {"op": outcome.op, "left": side(left), "right": side(right)}


def check(rule, report):
    tid = rule.options["table"]
    reading = report.tables.get(tid)
    if reading is None or not reading.table.found:
        return  # a missing table is the table-presence rule's finding
    table = reading.table
    spec = table.spec
    layout = _layout(report, reading)
    labels = layout["labels"]

    def domains(name: str, arg: str):
        if name == "columns":
            return layout["columns"]
        if name == "rows":
            return spec.row_ids()
        if name == "groups":
            return [g.id for g in spec.groups]
        raise PackError(rule.path, f"未知的范围函数 {name}()", key="options.expr")

    tolerance = Decimal(str(rule.options.get("tolerance", 0)))
    outcomes = evaluate(prepare(rule), table.cells, domains, tolerance, layout["expected"], layout["numbers"])
    unassessable, misread, hits = [], [], []
    for outcome in outcomes:
        if outcome.holds:
            continue
        where = "、".join(labels.get(v, v) for v in outcome.binding.values())
        if outcome.holds is None:
            if not (spec.rows_vary and all(t.state == "missing" for t in outcome.unreadable)):
                unassessable.append((where, outcome))  # (a relation over rows the report does not have is none)
            continue
        doubt = ocr_doubt(report, table, outcome)
        if doubt:  # it may fail only because OCR misread a figure: not assessable
            misread.append((where, outcome, doubt))
            continue
        runs = split_runs(table.cells.get(t.id) for t in outcome.terms)  # named in the message: the cells were split
        involved = [cell_evidence(table.cells[t.id]) if t.id in table.cells else {"id": t.id, "kind": t.state} for t in outcome.terms]
        at = rule.options.get("at", "")
        for name, value in outcome.binding.items():
            at = at.replace("{" + name + "}", value)
        anchor = table.cells.get(at)
        start = anchor.position if anchor else table_position(report, tid)
        hits.append(Hit(
            start=start,
            end=start,
            section=spec.section,
            context={"where": where, "lhs": number(outcome.lhs), "rhs": number(outcome.rhs), "table": spec,
                     "split_runs": runs[:3], "split_more": len(runs) > 3},
            evidence={
                "table": tid,
                "binding": outcome.binding,
                "cell": at or None,
                "actual": number(outcome.lhs),
                "expected": number(outcome.rhs),
                "cells": involved,
                "relation": relation_evidence(outcome),
            },
        ))
    if hits and rule.options.get("together"):
        first = hits[0]
        first.context["others"] = [h.context for h in hits[1:]]
        first.evidence["others"] = [h.evidence for h in hits[1:]]
        hits = [first]
    yield from hits
    if misread:
        doubts = [d for _, _, found in misread for d in found]
        ids = sorted({d["id"] for d in doubts})
        start = table_position(report, tid)
        yield Hit(
            start=start,
            end=start,
            section=spec.section,
            context={"where": "、".join(w for w, _, _ in misread), "unreadable": ids, "table": spec, "unassessable": True,
                     "ocr": [_doubt_zh(d) for d in doubts], "ocr_en": [_doubt_en(d) for d in doubts]},
            evidence={"table": tid, "bindings": [o.binding for _, o, _ in misread], "unreadable": ids, "ocr": doubts},
            severity="info",
            outcome="not-assessable",
        )
    if unassessable and not table.unplaced:  # else the table-unplaced finding stands for it
        start = table_position(report, tid)
        unreadable = sorted({t.id for _, o in unassessable for t in o.unreadable})
        yield Hit(
            start=start,
            end=start,
            section=spec.section,
            context={"where": "、".join(w for w, _ in unassessable), "unreadable": unreadable, "table": spec, "unassessable": True},
            evidence={"table": tid, "bindings": [o.binding for _, o in unassessable], "unreadable": unreadable},
            severity="info",
            outcome="not-assessable",
        )


def ocr_doubt(report, table, outcome) -> list[dict]:
    """The cells OCR read without certainty (see ``_tables.unsure``) that could alone make
    the failed relation fail: for an equality, a cell whose balancing value (what it would
    have to hold for the relation to hold) is a figure it could have been misread from (as
    many digits as were read, not negative; any figure if OCR was less than half sure);
    for another comparison, any such cell. Each: its id, what was read, how sure, and
    the balancing value where there is one."""
    left, right = outcome.sides
    factors = difference(left, right) if outcome.op == "==" and left is not None and right is not None else {}
    doubts = []
    for term in outcome.terms:
        cell = table.cells.get(term.id)
        if cell is None or term.state != "ok" or not unsure(report, cell):
            continue
        needed = None
        if factors.get(term.id):
            needed = Decimal(cell.value.number) - Decimal(outcome.lhs - outcome.rhs) / Decimal(factors[term.id])
            if not _could_be(cell, needed):
                continue
        doubts.append({"id": term.id, "read": cell.value.raw, "confidence": round(cell.confidence or 0, 2),
                       "would_hold_with": number(needed)})
    return doubts


def _could_be(cell, value: Decimal) -> bool:
    """Whether OCR could have read ``cell``'s figure where ``value`` was printed."""
    if value < 0 or (cell.value.kind == "int" and value != value.to_integral()):
        return False
    if cell.confidence is not None and cell.confidence < 0.5:
        return True
    digits = len(str(abs(int(value))))
    return digits == len(str(abs(int(cell.value.number))))


def _doubt_zh(doubt: dict) -> str:
    said = f"识别为“{doubt['read']}”，置信度 {doubt['confidence']:.2f}"
    return f"{doubt['id']} {said}" + (f"，若为 {doubt['would_hold_with']} 则关系成立" if doubt["would_hold_with"] is not None else "")


def _doubt_en(doubt: dict) -> str:
    said = f'read as "{doubt["read"]}" with confidence {doubt["confidence"]:.2f}'
    return f"{doubt['id']} {said}" + (f", the relation holds if it is {doubt['would_hold_with']}" if doubt["would_hold_with"] is not None else "")
