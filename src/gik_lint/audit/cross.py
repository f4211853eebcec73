"""Checks only a batch can make, across the reports of one run: this year's figures
against the same organ's report of last year, and reports that copy another.

The findings come from rule units of kind ``batch`` (GIK401–GIK404); their messages and
severities are the rules'. Thresholds are options of those rules."""

from __future__ import annotations

from decimal import Decimal
from itertools import combinations

from gik_lint.audit.identity import organ_identity
from gik_lint.audit.similarity import estimate, shared_passages


def check(rows: list[dict], rules: dict, text_of=lambda row: row.get("text", "")) -> None:
    """Append cross-report findings to ``rows`` (their ``findings`` lists); ``text_of(row)``
    gives a report's running text, for the passages a copy finding shows."""
    for row in rows:
        row["identity"] = organ_identity(row.get("agency"))
    by_organ: dict[str, dict[int, dict]] = {}
    for row in rows:
        if row.get("identity") and row.get("year") and not row.get("error"):
            by_organ.setdefault(row["identity"], {})[row["year"]] = row
    for years in by_organ.values():
        for year, row in years.items():
            previous = years.get(year - 1)
            if previous is None:
                continue
            _carry_over(row, previous, rules.get("GIK401"))
            _continuity(row, previous, rules.get("GIK402"))
            rule = rules.get("GIK403")
            similarity = _similarity(row, previous)
            if rule is not None and similarity >= rule.options.get("threshold", 0.8):
                _copied(row, previous, rule, similarity, text_of)
    _copied_across(rows, rules.get("GIK404"), text_of)


def _finding(rule, row: dict, context: dict, cell: dict | None = None, evidence: dict | None = None) -> None:
    from gik_lint.check.messages import render

    where = cell or {}
    row["findings"].append({
        "code": rule.code, "name": rule.name, "kind": rule.kind, "severity": rule.severity,
        "message": render(rule, "message", context), "message_en": render(rule, "message_en", context),
        "section": context.get("section"), "line": where.get("line"), "column": where.get("column"),
        "end_line": where.get("line"), "end_column": where.get("column"),
        **({"page": where["page"]} if where.get("page") else {}),
        **({"paragraph": where["paragraph"]} if where.get("paragraph") else {}),
        "basis": rule.basis, "outcome": "fail", "evidence": evidence or {},
        "fingerprint": f"{rule.code}:{row.get('identity')}:{row.get('year')}:{sorted((evidence or {}).items())}",
    })


def _carry_over(row: dict, previous: dict, rule) -> None:
    if rule is None:
        return
    for cid, cell in sorted(row.get("cells", {}).items()):
        if not cid.startswith("applications.carry_in."):
            continue
        column = cid.rsplit(".", 1)[1]
        before = previous.get("cells", {}).get(f"applications.carry_out.{column}")
        if before is None or Decimal(before["value"]) == Decimal(cell["value"]):
            continue
        _finding(rule, row, {"column": column, "this": cell["value"], "last": before["value"], "year": row["year"],
                             "last_path": previous["path"], "section": "applications"},
                 cell, {"cell": cid, "this_year": cell["value"], "last_year": before["value"], "last_report": previous["path"]})


def _continuity(row: dict, previous: dict, rule) -> None:
    if rule is None:
        return
    cells, before = row.get("cells", {}), previous.get("cells", {})
    for kind in ("regulations", "normative_docs"):
        base = f"proactive.art20_1.{kind}."
        needed = [f"{base}valid", f"{base}made", f"{base}repealed"]
        if not all(k in cells for k in needed) or f"{base}valid" not in before:
            continue
        expected = Decimal(before[f"{base}valid"]["value"]) + Decimal(cells[f"{base}made"]["value"]) - Decimal(cells[f"{base}repealed"]["value"])
        actual = Decimal(cells[f"{base}valid"]["value"])
        tolerance = Decimal(str(rule.options.get("tolerance", 0)))
        if abs(actual - expected) > tolerance:
            _finding(rule, row, {"row": "规章" if kind == "regulations" else "行政规范性文件", "actual": str(actual),
                                 "expected": str(expected), "last": before[f"{base}valid"]["value"], "section": "proactive"},
                     cells[f"{base}valid"], {"row": kind, "valid": str(actual), "expected": str(expected), "last_report": previous["path"]})


def _similarity(a: dict, b: dict) -> float:
    return estimate(a.get("signature") or [], b.get("signature") or [])


def _copied(row: dict, other: dict, rule, similarity: float, text_of) -> None:
    passages = shared_passages(text_of(other), text_of(row))
    _finding(rule, row, {"similarity": f"{similarity:.0%}", "other": other["path"], "other_agency": other.get("agency") or "",
                         "passages": passages},
             None, {"similarity": round(similarity, 3), "other_report": other["path"], "passages": passages})


def _copied_across(rows: list[dict], rule, text_of) -> None:
    """Reports of different organs that share most of their text. Candidates are the
    pairs that agree on a band of four MinHash values (locality-sensitive hashing: no
    comparison of every pair); a band shared by too many reports is common wording, not
    a copy. A report names at most the ``most`` (option, default 3) reports it is most
    like, so a batch built on one template stays readable."""
    if rule is None:
        return
    threshold, most = rule.options.get("threshold", 0.8), rule.options.get("most", 3)
    buckets: dict[tuple, list[int]] = {}
    for i, row in enumerate(rows):
        sig = row.get("signature") or []
        for band in range(0, len(sig), 4):
            buckets.setdefault((band, tuple(sig[band : band + 4])), []).append(i)
    like: dict[int, dict[int, float]] = {}  # later report -> earlier report -> similarity
    seen: set[tuple[int, int]] = set()
    for members in buckets.values():
        if len(members) < 2 or len(members) > 200:
            continue
        for i, j in combinations(members, 2):
            a, b = rows[i], rows[j]
            later, earlier = (i, j) if a["path"] > b["path"] else (j, i)
            if (later, earlier) in seen or (a.get("identity") and a.get("identity") == b.get("identity")):
                continue
            seen.add((later, earlier))
            similarity = _similarity(a, b)
            if similarity >= threshold:
                like.setdefault(later, {})[earlier] = similarity
    for later, others in like.items():
        for earlier, similarity in sorted(others.items(), key=lambda item: -item[1])[:most]:
            _copied(rows[later], rows[earlier], rule, similarity, text_of)
