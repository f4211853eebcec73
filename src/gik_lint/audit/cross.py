"""Checks only a batch can make, across the reports of one run: this year's figures
against the same organ's report of last year, and reports that copy another.

The findings come from rule units of kind ``batch`` (GIK401–GIK404); their messages and
severities are the rules'. Thresholds are options of those rules."""

from __future__ import annotations

import bisect
import math
import operator
from decimal import Decimal

from gik_lint.audit.identity import organ_identity
from gik_lint.audit.similarity import estimate, shared_passages
from gik_lint.fingerprint import report_identity


def check(rows: list[dict], rules: dict, text_of=lambda row: row.get("text", "")) -> None:
    """Append cross-report findings to ``rows`` (their ``findings`` lists); ``text_of(row)``
    gives a report's running text, for the passages a copy finding shows."""
    for row in rows:
        row["identity"] = organ_identity(row.get("agency"))
    by_organ: dict[str, dict[int, list[dict]]] = {}
    for row in rows:
        if row.get("identity") and row.get("year") and not row.get("error"):
            by_organ.setdefault(row["identity"], {}).setdefault(row["year"], []).append(row)
    for years in by_organ.values():
        for year, reports in years.items():
            if year - 1 not in years:
                continue
            # every report of the year (a batch may hold an organ's report twice: each is
            # checked) against the previous year's; of several, the last by path
            previous = max(years[year - 1], key=lambda r: r["path"])
            for row in reports:
                _against_previous(row, previous, rules, text_of)
    _copied_across(rows, rules.get("GIK404"), text_of)


def _against_previous(row: dict, previous: dict, rules: dict, text_of) -> None:
    _carry_over(row, previous, rules.get("GIK401"))
    _continuity(row, previous, rules.get("GIK402"))
    rule = rules.get("GIK403")
    similarity = _similarity(row, previous)
    if rule is not None and similarity >= rule.options.get("threshold", 0.8):
        _copied(row, previous, rule, similarity, text_of)


def _finding(rule, row: dict, context: dict, cell: list | None = None, evidence: dict | None = None) -> None:
    """``cell``: where the finding stands, a row's cell ``[value, line, column, page, paragraph]``."""
    from gik_lint.check.messages import render

    where = dict(zip(("line", "column", "page", "paragraph"), cell[1:])) if cell else {}
    row["findings"].append({
        "code": rule.code, "name": rule.name, "kind": rule.kind, "severity": rule.severity,
        "message": render(rule, "message", context), "message_en": render(rule, "message_en", context),
        "section": context.get("section"), "line": where.get("line"), "column": where.get("column"),
        "end_line": where.get("line"), "end_column": where.get("column"),
        **({"page": where["page"]} if where.get("page") else {}),
        **({"paragraph": where["paragraph"]} if where.get("paragraph") else {}),
        "basis": rule.basis, "outcome": "fail", "evidence": evidence or {},
    })


def _carry_over(row: dict, previous: dict, rule) -> None:
    if rule is None:
        return
    for cid, cell in sorted(row.get("cells", {}).items()):
        if not cid.startswith("applications.carry_in."):
            continue
        column = cid.rsplit(".", 1)[1]
        before = previous.get("cells", {}).get(f"applications.carry_out.{column}")
        if before is None or Decimal(before[0]) == Decimal(cell[0]):
            continue
        _finding(rule, row, {"column": column, "this": cell[0], "last": before[0], "year": row["year"],
                             "last_path": previous["path"], "section": "applications"},
                 cell, {"cell": cid, "this_year": cell[0], "last_year": before[0], "last_report": previous["path"]})


def _continuity(row: dict, previous: dict, rule) -> None:
    if rule is None:
        return
    cells, before = row.get("cells", {}), previous.get("cells", {})
    for kind in ("regulations", "normative_docs"):
        base = f"proactive.art20_1.{kind}."
        needed = [f"{base}valid", f"{base}made", f"{base}repealed"]
        if not all(k in cells for k in needed) or f"{base}valid" not in before:
            continue
        expected = Decimal(before[f"{base}valid"][0]) + Decimal(cells[f"{base}made"][0]) - Decimal(cells[f"{base}repealed"][0])
        actual = Decimal(cells[f"{base}valid"][0])
        tolerance = Decimal(str(rule.options.get("tolerance", 0)))
        if abs(actual - expected) > tolerance:
            _finding(rule, row, {"row": "规章" if kind == "regulations" else "行政规范性文件", "actual": str(actual),
                                 "expected": str(expected), "last": before[f"{base}valid"][0], "section": "proactive"},
                     cells[f"{base}valid"], {"row": kind, "valid": str(actual), "expected": str(expected), "last_report": previous["path"]})


def _similarity(a: dict, b: dict) -> float:
    return estimate(a.get("signature") or [], b.get("signature") or [])


def _identity(row: dict) -> str:
    """Which report ``row`` is, as fingerprints name it: its organ and year, else its file's name."""
    return report_identity(row.get("agency"), row.get("year"), row["path"])


def _copied(row: dict, other: dict, rule, similarity: float, text_of) -> None:
    """A copy finding on ``row``. Its evidence names the other report by organ and year
    (``other``, what the fingerprint holds) beside its path and the passages they share,
    which are shown but are no part of the fingerprint: renaming either file or editing
    them elsewhere leaves the finding, and what was decided about it, as it was."""
    passages = shared_passages(text_of(other), text_of(row))
    _finding(rule, row, {"similarity": f"{similarity:.0%}", "other": other["path"], "other_agency": other.get("agency") or "",
                         "passages": passages},
             None, {"similarity": round(similarity, 3), "other": _identity(other), "other_agency": other.get("agency"),
                    "other_year": other.get("year"), "other_report": other["path"], "passages": passages})


def _copied_across(rows: list[dict], rule, text_of) -> None:
    """Reports of different organs that share most of their text. Candidates are the
    pairs that agree on a band of four MinHash values (locality-sensitive hashing: no
    comparison of every pair). A band that more than ``crowd`` (option, default 200)
    reports share is never dropped for its size alone: it is template wording, and left
    out, only when the reports of most organs hold it in every year of a batch of several
    years (:func:`_template`); otherwise a report is compared with only the ``per_band``
    (option, default 10) reports before it in the band, so a batch built on one text still
    shows its copies at a bounded cost. A report names at most the ``most`` (option,
    default 3) reports it is most like, so such a batch stays readable."""
    if rule is None:
        return
    threshold, most = rule.options.get("threshold", 0.8), rule.options.get("most", 3)
    crowd, per_band = rule.options.get("crowd", 200), rule.options.get("per_band", 10)
    keys = [_bands(row) for row in rows]
    # the order of the reports, which decides which of a pair carries the finding: by organ
    # and year (then path), so that renaming a file does not move the finding to the other
    paths = [(_identity(row), row["path"]) for row in rows]
    organs = [row.get("identity") for row in rows]
    buckets: dict[tuple[int, int], list[int]] = {}  # (band, hash of its four values) -> reports
    for i, bands in enumerate(keys):
        for key in bands:
            buckets.setdefault(key, []).append(i)
    crowded = {}  # band -> its reports by path, or None when it is template wording
    organs_by_year: dict = {}
    for key, members in buckets.items():
        if len(members) > crowd:
            if not organs_by_year:
                organs_by_year = _organs_by_year(rows, range(len(rows)))
            crowded[key] = None if _template(members, rows, organs_by_year) else sorted(members, key=paths.__getitem__)
    for i, row in enumerate(rows):  # each report against the earlier ones (by path) it shares a band with
        # a pair as similar as the threshold differs in few values, so shares at least this many bands
        needed = len(keys[i]) - (4 * len(keys[i]) - math.ceil(threshold * 4 * len(keys[i]) - 1e-9))
        candidates = set()
        for key in keys[i]:
            if key not in crowded:
                candidates.update(buckets[key])
            elif crowded[key] is not None:
                ordered = crowded[key]
                at = bisect.bisect_left(ordered, paths[i], key=paths.__getitem__)
                candidates.update(ordered[max(0, at - per_band) : at])
        like = []
        for j in candidates:
            if paths[j] >= paths[i] or (organs[i] and organs[i] == organs[j]) or sum(map(operator.eq, keys[i], keys[j])) < needed:
                continue
            similarity = _similarity(row, rows[j])
            if similarity >= threshold:
                like.append((-similarity, paths[j], j))
        for negative, _, j in sorted(like)[:most]:
            _copied(row, rows[j], rule, -negative, text_of)


def _organs_by_year(rows: list[dict], indices) -> dict:
    """The organs (a report without one: its path) of the reports ``indices``, by year."""
    out: dict = {}
    for i in indices:
        out.setdefault(rows[i].get("year"), set()).add(rows[i].get("identity") or rows[i]["path"])
    return out


def _template(members: list[int], rows: list[dict], organs_by_year: dict, share: float = 0.5) -> bool:
    """Whether the reports sharing a band are template wording: they are the reports of
    more than ``share`` of the organs of every year, in a batch of two years or more (a
    wording that comes back each year in most organs' reports). In a batch of one year,
    a text most reports share may as well be one text copied: never template wording."""
    if len(organs_by_year) < 2:
        return False
    holding = _organs_by_year(rows, members)
    return all(len(holding.get(year, ())) > share * len(organs) for year, organs in organs_by_year.items())


def _bands(row: dict) -> list[tuple[int, int]]:
    """The signature's bands of four values, each as (band, hash of its values)."""
    sig = row.get("signature") or []
    return [(band, hash(tuple(sig[band : band + 4]))) for band in range(0, len(sig), 4)]
