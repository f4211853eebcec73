"""What a run does with the findings before it reports them: the configuration's
severities, the report's own suppressions (and the unused ones, on request)."""

from __future__ import annotations

from pathlib import Path

from gik_lint import suppress
from gik_lint.check.finding import Finding
from gik_lint.config import Config, unknown_selectors
from gik_lint.packs import PackError
from gik_lint.records import replace


def apply(result, rules: dict, config: Config | None = None, warn_unused: bool = False) -> None:
    """Change ``result.findings`` in place."""
    if result.report is None:
        return
    if config is not None:
        result.findings = [_severity(f, rules, config, result.path) for f in result.findings]
    sidecar = suppress.sidecar_for(result.path)
    found = suppress.directives(result.report.document, sidecar)
    for d in found:
        if d.line == 0:  # the sidecar file's: a rule it names must exist
            for s in unknown_selectors(d.selectors, rules):
                raise PackError(sidecar, f"未知的规则「{s}」（不是规则代码、名称或前缀；用 gik-lint rules 查看全部规则）")
    result.findings = suppress.apply(result, rules, found)
    unused_rule = rules.get("GIK900")
    if warn_unused and unused_rule is not None:
        result.findings += [_unused(d, unused_rule, result) for d in found if not d.used]
        result.findings.sort(key=Finding.sort_key)


def _severity(f: Finding, rules: dict, config: Config, path: str) -> Finding:
    rule = rules.get(f.code)
    level = config.severity_for(rule, path) if rule else None
    return replace(f, severity=level) if level and level != f.severity else f


def _unused(d: suppress.Directive, rule, result) -> Finding:
    from gik_lint.check.messages import render
    from gik_lint.read import Position

    text = f"gik-lint {d.action} {' '.join(d.selectors)}".strip() if d.action != "entry" else f"{Path(result.path).name}.gik-lint.yaml: {d.entry}"
    where = Position(d.line, d.column) if d.line else Position(1, 1)
    context = {"directive": text}
    return Finding(
        code=rule.code, name=rule.name, kind=rule.kind, severity=rule.severity,
        message=render(rule, "message", context), message_en=render(rule, "message_en", context),
        basis=rule.basis, section=None, start=where, end=where, evidence={"directive": text},
    )
