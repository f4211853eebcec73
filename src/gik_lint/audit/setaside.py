"""What an audit leaves out of its reports, each file with the reason: a file that is not an
annual report or is a blank template (interpret.kind), a copy of another (the same bytes,
linted once; or the same organ and year, counted once), a file in a format no reader takes.

A set-aside file is a dict ``{"path", "kind", "reason", "same_as"}``: ``kind`` is one of
the keys of :data:`~gik_lint.audit.outputs.SET_ASIDE_ZH`, ``reason`` is in Chinese, ``same_as`` the path of the file it duplicates
(else None)."""

from __future__ import annotations

from gik_lint.audit.identity import organ_identity
from gik_lint.audit.outputs import SET_ASIDE_ZH, counts
from gik_lint.read import unsupported


def _entry(path: str, kind: str, reason: str, same_as: str | None = None) -> dict:
    return {"path": path, "kind": kind, "reason": reason, "same_as": same_as}


def separate(rows: list[dict], copies: dict[str, str], others: list) -> tuple[list[dict], list[dict]]:
    """The rows to count as reports, and the files set aside (by path). ``copies``: each
    file not linted for having the bytes of another (its path: the other's); ``others``:
    files in formats no reader takes. Of an organ's reports of one year, the one with
    the fewest not-assessable findings is counted (of equals, the first), the others are
    duplicates of it."""
    aside = [_entry(str(p), "unsupported", unsupported(p)) for p in others]
    aside += [_entry(copy, "duplicate", f"与 {first} 的内容完全相同，只审核一次", first) for copy, first in copies.items()]
    reports = []
    for row in rows:
        if row.get("kind", "report") == "report":
            reports.append(row)
        else:
            aside.append(_entry(row["path"], row["kind"], row["kind_reason"]))
    same: dict[tuple, list[int]] = {}
    for index, row in enumerate(reports):
        identity = organ_identity(row.get("agency"))
        if identity and row.get("year") and not row.get("error"):
            same.setdefault((identity, row["year"]), []).append(index)
    dropped = set()
    for (identity, year), indexes in same.items():
        kept = min(indexes, key=lambda i: (counts(reports[i])["not_assessable"], i))
        for i in indexes:
            if i != kept:
                dropped.add(i)
                aside.append(_entry(reports[i]["path"], "duplicate",
                                    f"与 {reports[kept]['path']} 是同一机关（{identity}）{year} 年度的报告，只计入一次",
                                    reports[kept]["path"]))
    return [row for i, row in enumerate(reports) if i not in dropped], sorted(aside, key=lambda e: e["path"])


def summary_line(aside: list[dict]) -> str:
    """One line for the terminal: how many files were set aside, and of which kinds."""
    counts = [f"{label} {n} 个" for kind, label in SET_ASIDE_ZH.items() if (n := sum(1 for e in aside if e["kind"] == kind))]
    return f"另有 {len(aside)} 个文件未作为报告审核：{'、'.join(counts)}（原因见 report.html、summary.json）"
