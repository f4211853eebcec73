"""Suppressions: what a report says gik-lint should not report in it.

In text, Markdown and web pages, comments (one per line):

    <!-- gik-lint disable GIK210 table.incomplete -->     from here on (until enable)
    <!-- gik-lint enable GIK210 -->
    <!-- gik-lint disable-next-line GIK303 -->           the next non-blank line only
    <!-- gik-lint disable-file GIK304 -->                 the whole file

Rules are named by code, name or prefix; none named means every rule. Word and PDF
files cannot carry comments: a sidecar file beside the report, ``NAME.gik-lint.yaml``,
says ``disable: [GIK304]`` (the whole file) and/or ``ignore: [{rule: GIK202, page: 3}]``
(findings of a rule at a page, paragraph, line or section)."""

from __future__ import annotations

import re
from pathlib import Path

from gik_lint.config import matches
from gik_lint.packcache import compile_re
from gik_lint.packs import PackError
from gik_lint.records import field, record

DIRECTIVE = compile_re(r"<!--\s*gik-lint\s+(disable-next-line|disable-file|disable|enable)\b(.*?)-->")


def comment(action: str, selectors: list[str] | tuple[str, ...] = ()) -> str:
    """The comment that says ``action`` for ``selectors``, as :data:`DIRECTIVE` reads it
    (``<!-- gik-lint disable-next-line GIK301 content.narrative-sum -->``)."""
    return f"<!-- gik-lint {' '.join([action, *selectors])} -->"


def selectors_of(match: re.Match) -> list[str]:
    """The rules a :data:`DIRECTIVE` match names (none: every rule)."""
    return match.group(2).replace(",", " ").split()


@record
class Directive:
    action: str
    selectors: list[str]
    line: int
    column: int
    used: bool = False
    entry: dict = field(default_factory=dict)  # a sidecar entry

    def covers(self, rule) -> bool:
        return not self.selectors or any(matches(rule, s) for s in self.selectors)


def directives(document, sidecar: Path | None = None) -> list[Directive]:
    found = []
    if document.source:
        line_starts = [0] + [m.end() for m in compile_re(r"\r\n|\r|\n").finditer(document.source)]
        for m in DIRECTIVE.finditer(document.source):
            line = _line_of(line_starts, m.start())
            found.append(Directive(m.group(1), selectors_of(m), line, m.start() - line_starts[line - 1] + 1))
    if sidecar is not None and sidecar.is_file():
        found += _sidecar(sidecar)
    return found


def _line_of(starts: list[int], offset: int) -> int:
    from bisect import bisect_right

    return bisect_right(starts, offset)


def _sidecar(path: Path) -> list[Directive]:
    from gik_lint.packs import load_yaml

    data = load_yaml(path) or {}
    if not isinstance(data, dict):
        raise PackError(path, "应为键值映射：disable（规则列表）、ignore（条目列表）")
    unknown = [str(k) for k in data if k not in ("disable", "ignore")]
    if unknown:
        raise PackError(path, f"未知的配置项「{unknown[0]}」（可用：disable、ignore）")
    disable = data.get("disable")
    if isinstance(disable, str):
        disable = [disable]
    if disable is not None and not (isinstance(disable, list) and all(isinstance(s, str) for s in disable)):
        raise PackError(path, "应为规则代码、名称或前缀的列表", key="disable")
    out = [Directive("disable-file", disable, 0, 0)] if disable else []
    ignore = data.get("ignore") or []
    if not isinstance(ignore, list):
        raise PackError(path, "应为条目的列表（每一项如 {rule: GIK202, page: 3}）", key="ignore")
    for entry in ignore:
        if not isinstance(entry, dict) or not isinstance(entry.get("rule"), str):
            raise PackError(path, "ignore 的每一项需要 rule", key="ignore")
        if not all(isinstance(entry[k], int) and not isinstance(entry[k], bool) for k in ("page", "paragraph", "line") if k in entry):
            raise PackError(path, "page、paragraph、line 应为整数", key="ignore")
        out.append(Directive("entry", [str(entry["rule"])], 0, 0, entry=entry))
    return out


def apply(result, rules: dict, found: list[Directive]) -> list:
    """The findings that remain; marks the directives that suppressed something."""
    if not found:
        return result.findings
    lines = _next_lines(result.report.document) if result.report else {}
    kept = []
    for f in result.findings:
        rule = rules.get(f.code)
        if rule is None or not any(_suppresses(d, rule, f, found, lines) for d in found):
            kept.append(f)
    return kept


def _suppresses(d: Directive, rule, f, found: list[Directive], next_lines: dict[int, int]) -> bool:
    if not d.covers(rule):
        return False
    hit = False
    if d.action == "disable-file":
        hit = True
    elif d.action == "disable-next-line":
        hit = f.start.line is not None and f.start.page is None and f.start.line == next_lines.get(d.line, d.line + 1)
    elif d.action == "disable":
        line = f.start.line
        if line is not None and f.start.page is None and line > d.line:
            enabled = [e for e in found if e.action == "enable" and d.line < e.line < line and (not e.selectors or e.covers(rule))]
            hit = not enabled
    elif d.action == "entry":
        e = d.entry
        hit = all(
            e[key] == value
            for key, value in (("page", f.start.page), ("paragraph", f.start.paragraph), ("line", f.start.line), ("section", f.section))
            if key in e
        )
    if hit:
        d.used = True
    return hit


def _next_lines(document) -> dict[int, int]:
    """For each line, the next line that holds text (what disable-next-line covers)."""
    lines = sorted(b.line for b in document.blocks if b.line is not None)
    out = {}
    for a, b in zip(lines, lines[1:]):
        for k in range(a, b):
            out[k] = b
    if lines:
        for k in range(0, lines[0]):
            out[k] = lines[0]
    return out


def sidecar_for(path: str) -> Path:
    return Path(path + ".gik-lint.yaml") if not path.endswith(".gik-lint.yaml") else Path(path)
