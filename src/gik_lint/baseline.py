"""Baselines: today's findings recorded, so that a gate reports only new ones.

A finding is identified by its content fingerprint (:mod:`gik_lint.fingerprint`), not its
line: editing the report elsewhere does not bring an old finding back; an entry that no
longer matches anything is stale and is reported. A baseline of version 1 (written before
the fingerprint was shared by every output) is still read, by its own recipe."""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from pathlib import Path

from gik_lint import fingerprint

VERSION = 2
_READ = (1, 2)
_V1_POSITION_KEYS = {"first_position", "table_position", "line", "column", "page", "paragraph"}


def v1_key(code: str, agency: str | None, year: int | None, path: str, section: str | None, evidence: dict) -> str:
    """The key version 1 baselines (and audit histories before the content fingerprint)
    hold: what a finding's key was, to carry what was decided about it over."""
    identity = f"{agency}|{year}" if agency and year else os.path.basename(path)
    evidence = {k: v for k, v in evidence.items() if k not in _V1_POSITION_KEYS}
    key = json.dumps([code, identity, section, evidence], ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def _v1_fingerprint(result, finding) -> str:
    report = result.report
    return v1_key(finding.code, report.agency if report else None, report.year if report else None,
                  result.path, finding.section, finding.evidence)


def _keys(result, version: int) -> list[str]:
    if version == 1:
        return [_v1_fingerprint(result, f) for f in result.findings]
    return fingerprint.of_result(result)


def write(path: Path, results, inputs=()) -> int:
    """Write the baseline of ``results`` to ``path`` (all of it or nothing: a
    :class:`~gik_lint.config.UsageError` says why not); returns how many entries."""
    from gik_lint.files import write_text

    entries = [
        {"fingerprint": key, "code": f.code, "path": r.path, "message": f.message}
        for r in results
        for f, key in zip(r.findings, fingerprint.of_result(r))
    ]
    write_text(path, json.dumps({"version": VERSION, "entries": entries}, ensure_ascii=False, indent=2) + "\n",
               "基线文件", inputs)
    return len(entries)


def load(path: Path) -> tuple[int, list[dict]]:
    """The baseline's version and its entries; ValueError (in words) for a file that is not one."""
    from gik_lint.packs import load_json

    data = load_json(path)  # size and depth bounded; ValueError in words
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise ValueError(f"{path}: 不是 gik-lint 基线文件（应为含 version 和 entries 的 JSON 对象）")
    if data.get("version") not in _READ:
        raise ValueError(f"{path}: 基线文件的版本 {data.get('version')!r} 无法识别（可读版本：{'、'.join(map(str, _READ))}）")
    for number, entry in enumerate(data["entries"], start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("fingerprint"), str):
            raise ValueError(f"{path}: 第 {number} 个条目不是含 fingerprint（字符串）的对象")
        if not all(isinstance(entry.get(k, ""), str) for k in ("code", "path", "message")):
            raise ValueError(f"{path}: 第 {number} 个条目的 code、path、message 应为字符串")
    return data["version"], data["entries"]


def apply(results, baseline: tuple[int, list[dict]]) -> tuple[int, list[dict]]:
    """Drop the findings the baseline (as :func:`load` gives it) holds, as many times as
    it holds them. Returns how many were dropped and the stale entries."""
    version, entries = baseline
    budget = Counter(e["fingerprint"] for e in entries)
    dropped = 0
    for r in results:
        kept = []
        for f, key in zip(r.findings, _keys(r, version)):
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
