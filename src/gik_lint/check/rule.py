"""Rules as data: one YAML unit per rule (rules/<group>/<CODE>.yaml)."""

from __future__ import annotations

import re
from pathlib import Path

from gik_lint.check.finding import SEVERITIES
from gik_lint.packcache import compile_re
from gik_lint.packs import PackError, line_of, load_yaml, require, yaml_files
from gik_lint.records import field, record

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from typing import Any

CODE = compile_re(r"GIK\d{3}")
NAME = compile_re(r"[a-z]+(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)+")
DOC_KEYS = ("what", "why", "example")


@record
class Rule:
    code: str
    name: str
    kind: str
    severity: str
    summary: str  # zh-CN, one line
    gloss: str  # English, one line
    message: str  # Jinja2 template, zh-CN
    message_en: str  # Jinja2 template, English
    basis: str
    docs: dict[str, str]
    examples: list[dict[str, Any]]
    options: dict[str, Any]
    regimes: tuple[str, ...] | None  # None: every regime
    path: Path
    aliases: tuple[str, ...] = ()  # former names (registry.yaml), still accepted as selectors
    fix: dict[str, Any] | None = None  # how the rule fixes what it finds (gik_lint.fix.kinds), if it can
    _prepared: dict[str, Any] = field(default_factory=dict, repr=False)  # see prepared()

    def prepared(self, name: str, make):
        """What a rule kind makes of the rule once (compiled patterns, a parsed
        expression), kept with the rule."""
        if name not in self._prepared:
            self._prepared[name] = make()
        return self._prepared[name]

    def applies_to(self, regime_id: str | None) -> bool:
        return self.regimes is None or regime_id in self.regimes


def load_rule(path: Path, kinds: dict) -> Rule:
    data = load_yaml(path)
    code = require(data, "code", str, path)
    if not CODE.fullmatch(code):
        raise PackError(path, f"规则代码「{code}」应形如 GIK123", key="code")
    if path.stem != code:
        raise PackError(path, f"文件名应与规则代码一致（{code}.yaml）", key="code")
    name = require(data, "name", str, path)
    if not NAME.fullmatch(name):
        raise PackError(path, f"规则名「{name}」应为点分小写形式，如 structure.missing-section", key="name")
    kind = require(data, "kind", str, path)
    if kind not in kinds:
        raise PackError(path, f"未知的规则类型「{kind}」（可用：{'、'.join(sorted(kinds))}）", key="kind")
    severity = require(data, "severity", str, path)
    if severity not in SEVERITIES:
        raise PackError(path, "应为 error、warning 或 info", key="severity")
    message = require(data, "message", dict, path)
    docs = require(data, "docs", dict, path)
    for key in DOC_KEYS:
        require(docs, key, str, path)
    examples = require(data, "examples", list, path)
    for example in examples:
        if not isinstance(example, dict) or not ("report" in example or "fixture" in example or "batch" in example):
            raise PackError(path, "每个示例需要 report（报告文字）、fixture（示例文件路径）或 batch（一组示例文件）", key="examples")
    outcomes = {require(e, "expect", str, path) for e in examples}
    if not outcomes >= {"pass", "fail"}:
        raise PackError(path, "每条规则至少需要一个 expect: fail 和一个 expect: pass 的示例", key="examples")
    regimes = data.get("regimes")
    fix = None
    if data.get("fix") is not None:
        from gik_lint.fix.kinds import validate

        fix = validate(data["fix"], path)
    if (fix is None) != ("fix" not in docs):
        raise PackError(path, "可修复的规则须在 docs.fix 中说明修复做什么；不可修复的规则不应有 docs.fix", key="docs")
    if fix is not None:
        require(docs, "fix", str, path)
    for example in examples:
        if "fixed" in example and (fix is None or not isinstance(example["fixed"], str) or "report" not in example):
            raise PackError(path, "示例的 fixed（修复后的报告文字）只用于可修复规则的 report 示例", key="examples")
    return Rule(
        code=code,
        name=name,
        kind=kind,
        severity=severity,
        summary=require(data, "summary", str, path),
        gloss=require(data, "gloss", str, path),
        message=require(message, "zh", str, path),
        message_en=require(message, "en", str, path),
        basis=require(data, "basis", str, path),
        docs={k: docs[k].strip() for k in DOC_KEYS + (("fix",) if fix is not None else ())},
        examples=examples,
        options=require(data, "options", dict, path, default={}),
        regimes=tuple(str(r) for r in regimes) if regimes else None,
        path=path,
        fix=fix,
    )


# the options each rule kind compiles as regular expressions: a path of keys, "[]" for
# every item of a list, "*" for every value of a mapping
REGEX_OPTIONS = {
    "text-pattern": ("patterns.[].regex", "by_level.*.[].regex", "unless_agency", "only_agency"),
    "narrative-table": ("mentions.[].pattern", "claims.[].pattern"),
    "section-substance": ("must_say.[].regex",),
}


def _at(value, steps: list[str], where: list):
    """(key path, value) of every value at ``steps`` below ``value``."""
    if not steps:
        yield where, value
        return
    step, rest = steps[0], steps[1:]
    if step == "[]":
        for i, item in enumerate(value if isinstance(value, list) else []):
            yield from _at(item, rest, where + [i])
    elif step == "*":
        for k, item in (value.items() if isinstance(value, dict) else ()):
            yield from _at(item, rest, where + [k])
    elif isinstance(value, dict) and value.get(step) is not None:
        yield from _at(value[step], rest, where + [step])


def _dotted(keys: list) -> str:
    return "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in keys).lstrip(".")


def vet(rule: Rule, kinds: dict, deep: bool = True) -> None:
    """Check now what the rule would otherwise make on first use, on a report: its
    message templates (sandboxed, see check.messages), its regular expressions (no
    catastrophic backtracking, see check.regexcheck) and whatever else its kind prepares
    (a relation's expression). A fault is a :class:`PackError` at the pack's file and line."""
    from gik_lint.check import messages, regexcheck

    path = rule.path
    for which, key in () if not deep else (("message", ["message", "zh"]), ("message_en", ["message", "en"])):
        try:
            messages.template(rule, which)
        except PackError as exc:
            raise PackError(path, exc.message, line=line_of(path, key), key=exc.key) from None
    for option in REGEX_OPTIONS.get(rule.kind, ()):
        for keys, pattern in _at(rule.options, option.split("."), []):
            keys = ["options"] + keys
            try:
                regexcheck.check(pattern)
            except (re.error, regexcheck.RegexRisk) as exc:
                what = "正则表达式无效" if isinstance(exc, re.error) else "正则表达式有灾难性回溯风险"
                raise PackError(path, f"{what}「{str(pattern)[:80]}」：{exc}", line=line_of(path, keys), key=_dotted(keys)) from None
    prepare = getattr(kinds[rule.kind], "prepare", None)
    if prepare is not None and deep:
        try:
            prepare(rule)
        except PackError as exc:
            keys = (exc.key or "options").split(".")
            raise PackError(path, exc.message, line=exc.line or line_of(path, keys), key=exc.key) from None
        except Exception as exc:  # noqa: BLE001 - options of the wrong shape
            raise PackError(path, f"选项无效：{type(exc).__name__}: {exc}", line=line_of(path, ["options"]), key="options") from None


def load_rules(directory: Path, kinds: dict, shipped: bool = False) -> dict[str, Rule]:
    """Every rule under ``directory``, by code, checked against ``registry.yaml``. The
    shipped rules' templates and expressions are checked by the test suite, so a run that
    renders nothing imports no Jinja2 (their regexes are checked all the same); every other
    pack's are checked here (see :func:`vet`)."""
    registry_path = directory / "registry.yaml"
    registry = require(load_yaml(registry_path), "codes", dict, registry_path)
    rules: dict[str, Rule] = {}
    for path in yaml_files(directory, "GIK", recursive=True):
        rule = load_rule(path, kinds)
        vet(rule, kinds, deep=not shipped)
        if rule.code in rules:
            raise PackError(path, f"规则代码 {rule.code} 与 {rules[rule.code].path} 重复", key="code")
        entry = registry.get(rule.code)
        if not isinstance(entry, dict) or entry.get("status", "active") != "active":
            raise PackError(path, f"规则代码 {rule.code} 未在 {registry_path.name} 中登记为有效代码", key="code")
        if entry.get("name") != rule.name:
            raise PackError(path, f"规则名应为登记的「{entry.get('name')}」", key="name")
        rule.aliases = tuple(str(a) for a in entry.get("aliases") or ())
        rules[rule.code] = rule
    for code, entry in registry.items():
        if code not in rules and (entry or {}).get("status", "active") == "active":
            raise PackError(registry_path, f"登记的规则 {code} 没有对应的规则文件", key=code)
    return dict(sorted(rules.items()))


def retired_codes(directory: Path) -> set[str]:
    """The codes ``registry.yaml`` keeps as withdrawn: known, though no rule has them."""
    registry = load_yaml(directory / "registry.yaml") or {}
    return {code for code, entry in (registry.get("codes") or {}).items() if (entry or {}).get("status", "active") != "active"}
