"""Regimes: which sections a report must have, by report year (rules/catalog/regimes/*.yaml)."""

from __future__ import annotations

import re
from pathlib import Path

from gik_lint.packs import PackError, load_yaml, require, yaml_files
from gik_lint.records import field, record
from gik_lint.structure.vocabulary import Vocabulary
from gik_lint.textnorm import compact

# Match quality of a heading title against a section's wording.
EXACT, SYNONYM, FAMILY, FALLBACK = 3, 2, 1, 0


@record(frozen=True)
class SectionSpec:
    id: str
    canonical: str
    synonyms: tuple[str, ...]
    patterns: tuple[re.Pattern, ...]
    fallback: tuple[re.Pattern, ...]
    required: bool
    missing_severity: str | None
    basis: str
    # wordings (regexes over folded text without whitespace) that state the topic in a
    # sentence: a report that has no heading for it but states it elsewhere meets it
    topic: tuple[re.Pattern, ...] = ()

    def match(self, title: str) -> int | None:
        """How well a compacted heading title carries this section, or None."""
        if title == compact(self.canonical):
            return EXACT
        if title in self.synonyms:
            return SYNONYM
        if any(p.fullmatch(title) for p in self.patterns):
            return FAMILY
        if any(p.fullmatch(title) for p in self.fallback):
            return FALLBACK
        return None


@record(frozen=True)
class Regime:
    id: str
    name: str
    years: tuple[int | None, int | None]
    basis: str
    sections: tuple[SectionSpec, ...]
    sections_may_nest: bool
    match_priority: tuple[str, ...]
    # what a blank report (gik-lint new) writes under a section's heading for the organ to
    # replace, by section id (a section with a table gets none unless given)
    template: dict[str, str] = field(default_factory=dict)

    def section(self, section_id: str) -> SectionSpec | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def covers(self, year: int) -> bool:
        lo, hi = self.years
        return (lo is None or year >= lo) and (hi is None or year <= hi)


def load_regimes(directory: Path) -> dict[str, Regime]:
    raw: dict[str, tuple[Path, dict]] = {}
    for path in yaml_files(directory):
        data = load_yaml(path)
        rid = str(require(data, "regime", (str, int), path))
        raw[rid] = (path, data)
    regimes = {}
    for rid, (path, data) in raw.items():
        merged = dict(data)
        parent = data.get("extends")
        if parent is not None:
            if str(parent) not in raw:
                raise PackError(path, f"继承的格式「{parent}」不存在", key="extends")
            merged = {**raw[str(parent)][1], **data}
        regimes[rid] = _regime(rid, merged, path)
    return regimes


def _regime(rid: str, data: dict, path: Path) -> Regime:
    years = require(data, "years", dict, path)
    fmt = str(data.get("format", ""))
    sections = []
    for entry in require(data, "sections", list, path):
        sid = require(entry, "id", str, path)

        def compiled(key: str) -> tuple[re.Pattern, ...]:
            out = []
            from gik_lint.check.regexcheck import RegexRisk, check
            from gik_lint.packs import line_of

            for i, pattern in enumerate(require(entry, key, list, path, default=[])):
                try:
                    out.append(check(pattern))
                except (re.error, TypeError, RegexRisk) as exc:
                    what = "有灾难性回溯风险" if isinstance(exc, RegexRisk) else "无效"
                    index = data["sections"].index(entry) if entry in data["sections"] else None
                    line = line_of(path, ["sections", index, key, i]) if index is not None else None
                    raise PackError(path, f"章节 {sid} 的正则表达式{what}：{exc}", line=line, key=key) from None
            return tuple(out)

        severity = entry.get("missing_severity")
        if severity not in (None, "error", "warning", "info"):
            raise PackError(path, f"章节 {sid}：应为 error、warning 或 info", key="missing_severity")
        sections.append(
            SectionSpec(
                id=sid,
                canonical=require(entry, "canonical", str, path),
                synonyms=tuple(compact(s) for s in require(entry, "synonyms", list, path, default=[])),
                patterns=compiled("patterns"),
                fallback=compiled("fallback"),
                required=bool(entry.get("required", True)),
                missing_severity=severity,
                basis=str(require(entry, "basis", str, path)).replace("{format}", fmt),
                topic=compiled("topic"),
            )
        )
    ids = [s.id for s in sections]
    priority = tuple(require(data, "match_priority", list, path, default=ids))
    if sorted(priority) != sorted(ids):
        raise PackError(path, "应恰好列出全部章节 id", key="match_priority")
    return Regime(
        id=rid,
        name=require(data, "name", str, path),
        years=(years.get("from"), years.get("to")),
        basis=require(data, "basis", str, path),
        sections=tuple(sections),
        sections_may_nest=bool(data.get("sections_may_nest", False)),
        match_priority=priority,
        template=_template(data.get("template"), ids, path),
    )


def _template(value, ids: list[str], path: Path) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict) or any(k not in ids or not isinstance(v, str) for k, v in value.items()):
        raise PackError(path, "template 应为章节 id 到占位文字的映射", key="template")
    return dict(value)


def regime_for_year(regimes: dict[str, Regime], year: int) -> Regime | None:
    return next((r for r in regimes.values() if r.covers(year)), None)


def vocabulary(regimes: dict[str, Regime]) -> Vocabulary:
    """All section wordings of all regimes, for the structure stage."""
    titles, patterns = set(), set()
    for regime in regimes.values():
        for spec in regime.sections:
            titles.add(spec.canonical)
            titles.update(spec.synonyms)
            patterns.update(p.pattern for p in spec.patterns)
    return Vocabulary(titles, sorted(patterns))
