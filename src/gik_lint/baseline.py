"""Baselines: today's findings recorded, so that a gate reports only new ones.

A finding is identified by its content, not its line: the rule, the report (organ and
year when known, else the file's name), where it is logically (section, cell) and its
evidence without positions. Editing the report elsewhere does not bring an old finding
back; an entry that no longer matches anything is stale and is reported."""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from pathlib import Path

VERSION = 1
_POSITION_KEYS = {"first_position", "table_position", "line", "column", "page", "paragraph"}


def fingerprint(result, finding) -> str:
    report = result.report
    identity = f"{report.agency}|{report.year}" if report and report.agency and report.year else os.path.basename(result.path)
    evidence = {k: v for k, v in finding.evidence.items() if k not in _POSITION_KEYS}
    key = json.dumps([finding.code, identity, finding.section, evidence], ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def write(path: Path, results) -> int:
    entries = [
        {"fingerprint": fingerprint(r, f), "code": f.code, "path": r.path, "message": f.message}
        for r in results
        for f in r.findings
    ]
    path.write_text(json.dumps({"version": VERSION, "entries": entries}, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return len(entries)


def load(path: Path) -> list[dict]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("entries"), list):
        raise ValueError(f"{path}: 不是 gik-lint 基线文件（version {VERSION}）")
    return data["entries"]


def apply(results, entries: list[dict]) -> tuple[int, list[dict]]:
    """Drop the findings the baseline holds (as many times as it holds them). Returns how
    many were dropped and the stale entries."""
    budget = Counter(e["fingerprint"] for e in entries)
    dropped = 0
    for r in results:
        kept = []
        for f in r.findings:
            key = fingerprint(r, f)
            if budget[key] > 0:
                budget[key] -= 1
                dropped += 1
            else:
                kept.append(f)
        r.findings = kept
    stale, left = [], Counter(budget)
    for e in entries:
        if left[e["fingerprint"]] > 0:
            stale.append(e)
            left[e["fingerprint"]] -= 1
    return dropped, stale
