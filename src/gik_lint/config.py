"""Configuration: ``.gik-lint.yaml`` or ``[tool.gik-lint]`` in ``pyproject.toml`` (the
nearest above each report's folder), or ``--config FILE`` for every report.

    select: [GIK1, table]          # rules to run: codes, names or prefixes (default: all)
    ignore: [GIK103, content.wrong-level-wording]
    severity: {GIK210: info, table.incomplete: error}
    overrides:                      # per path (.gitignore patterns, relative to the configuration file)
      - files: ["archive/**"]
        ignore: [GIK013]
    exclude: [drafts/, "*.bak.txt"]  # not collected from folders (.gitignore patterns)
    regime: "2021"                  # instead of the report year's
    deadlines: {department: "01-25"}  # local deadlines, MM-DD of the next year
    fail-on: warning
    extends: [../province-pack]     # more rule packs (folders with a registry.yaml)

A configuration that cannot be used is a :class:`~gik_lint.packs.PackError` naming the
file, the line and the key; so is a rule it names that does not exist (:func:`check_rules`).
"""

from __future__ import annotations

import os
import re
import sys
from functools import lru_cache
from pathlib import Path

from gik_lint.ignore import Patterns
from gik_lint.packs import PackError
from gik_lint.records import field, record

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from typing import Any

NAMES = (".gik-lint.yaml", ".gik-lint.yml")
_KEYS = {"select", "ignore", "severity", "overrides", "regime", "deadlines", "fail-on", "extends", "exclude"}
_LEVELS = ("error", "warning", "info")
DEADLINE_KINDS = ("government", "department", "other", "default")  # issuer kinds a deadline is set for


def real_month_day(text: str) -> bool:
    """Whether ``text`` is MM-DD of a day that exists (02-29 does: in a leap year)."""
    import datetime

    m = re.fullmatch(r"(\d{2})-(\d{2})", text)
    try:
        return m is not None and bool(datetime.date(2000, int(m.group(1)), int(m.group(2))))
    except ValueError:
        return False


@record
class Override:
    files: list[str]
    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)

    @property
    def patterns(self) -> Patterns:
        return patterns(tuple(self.files))


@lru_cache(maxsize=256)
def patterns(lines: tuple[str, ...]) -> Patterns:
    return Patterns(lines)


class UsageError(Exception):
    """A command-line option that cannot be used (exit status 2)."""


@record
class Config:
    path: Path | None = None
    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    overrides: list[Override] = field(default_factory=list)
    regime: str | None = None
    deadlines: dict[str, str] = field(default_factory=dict)
    fail_on: str | None = None
    extends: list[Path] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)  # key -> "file:line" it came from
    lines: dict[str, int] = field(default_factory=dict)  # key -> its line in the file

    @property
    def root(self) -> Path:
        return self.path.parent if self.path else Path.cwd()

    def rules_for(self, rules: dict, path: str) -> list:
        """The rules that run on ``path``."""
        select, ignore = self.select, list(self.ignore)
        for o in self._overrides_for(path):
            select = o.select if o.select is not None else select
            ignore += o.ignore
        return [
            r for r in rules.values()
            if (select is None or any(matches(r, s) for s in select)) and not any(matches(r, s) for s in ignore)
        ]

    def severity_for(self, rule, path: str) -> str | None:
        """The severity the configuration sets for ``rule`` on ``path``, if any."""
        found = None
        for table in [self.severity] + [o.severity for o in self._overrides_for(path)]:
            for selector, level in table.items():
                if matches(rule, selector):
                    found = level
        return found

    def relative(self, path: str | Path) -> str | None:
        """``path`` relative to the configuration's folder (``/``-separated), None outside it."""
        try:
            relative = os.path.relpath(os.path.realpath(path), os.path.realpath(self.root)).replace(os.sep, "/")
        except ValueError:  # another drive
            return None
        return None if relative == ".." or relative.startswith("../") else relative

    def excludes(self, path: str | Path, is_folder: bool) -> bool:
        relative = self.relative(path)
        return relative is not None and patterns(tuple(self.exclude)).matches(relative, is_folder)

    def _overrides_for(self, path: str) -> list[Override]:
        if not self.overrides:  # (no path to resolve: asked once per rule and file)
            return []
        relative = self.relative(path)
        return [o for o in self.overrides if relative is not None and o.patterns.matches_file(relative)]


def matches(rule, selector: str) -> bool:
    """A rule is selected by its code, its name, or a prefix of either (GIK2, table)."""
    s = str(selector).strip()
    return (
        rule.code == s.upper()
        or rule.name == s
        or s in rule.aliases
        or (re.fullmatch(r"GIK\d{0,2}", s.upper()) is not None and rule.code.startswith(s.upper()))
        or rule.name.startswith(s + ".")
    )


def find(start: Path | None = None) -> Path | None:
    """The configuration for a report in the folder ``start``: the nearest ``.gik-lint.yaml``
    in it or above it, or ``pyproject.toml`` with a ``[tool.gik-lint]`` table."""
    here = Path(os.path.realpath(start or Path.cwd()))
    for folder in [here, *here.parents]:
        for name in NAMES:
            if (folder / name).is_file():
                return folder / name
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _toml(pyproject)[0] is not None:
            return pyproject
    return None


def load(path: Path | None) -> Config:
    if path is None:
        return Config()
    if path.name == "pyproject.toml":
        data, lines = _toml(path)
        if data is None:
            raise PackError(path, "没有 [tool.gik-lint] 配置表")
    else:
        data, lines = _yaml(path)
    return _build(data or {}, lines, path)


def _yaml(path: Path) -> tuple[dict, dict[str, int]]:
    from gik_lint.packs import MAX_YAML_BYTES, parse_yaml, read_limited

    try:
        text = read_limited(path, MAX_YAML_BYTES).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PackError(path, f"无法读取配置：不是 UTF-8 编码（{exc.reason}）") from None
    node, data = parse_yaml(text, path)
    lines = {}
    import yaml

    if isinstance(node, yaml.MappingNode):  # a list or a text at the top is refused by _build
        for key, _ in node.value:
            lines[str(getattr(key, "value", ""))] = key.start_mark.line + 1
    return data, lines


_TOML_WARNED: set[Path] = set()


def _toml(path: Path) -> tuple[dict | None, dict[str, int]]:
    """The ``[tool.gik-lint]`` table of a ``pyproject.toml`` (None: it has none) and the line
    of each of its keys. A file that nowhere spells ``gik-lint`` (nor escapes a character,
    as a quoted key could) has none, and is not parsed."""
    from gik_lint.packs import MAX_YAML_BYTES, read_limited

    try:
        text = read_limited(path, MAX_YAML_BYTES).decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError(path, f"无法读取配置：{exc}") from None
    if "gik-lint" not in text and "\\u" not in text and "\\U" not in text:
        return None, {}
    try:
        import tomllib
    except ImportError:  # Python 3.10: tomli, a dependency there
        try:
            import tomli as tomllib
        except ImportError:
            if path not in _TOML_WARNED:
                _TOML_WARNED.add(path)
                print(f"gik-lint: 未安装 tomli，无法读取 {path}，已忽略其中的配置（Python 3.10 需要 pip install tomli）", file=sys.stderr)
            return None, {}
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        raise PackError(path, f"TOML 语法错误：{exc}", line=int(m.group(1)) if m else None) from None
    tool = data.get("tool")
    section = tool.get("gik-lint") if isinstance(tool, dict) else None
    if section is None:
        return None, {}
    lines, table = {}, None  # table: the key path of the current [header], quotes and spaces removed
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            table = [part.strip().strip("\"'") for part in stripped.strip("[]").split("#")[0].strip("[] ").split(".")]
            if table[:2] == ["tool", "gik-lint"] and len(table) > 2:
                lines.setdefault(table[2], number)
        elif table == ["tool", "gik-lint"] and "=" in stripped:
            lines.setdefault(stripped.split("=", 1)[0].split(".")[0].strip().strip("\"'"), number)
        elif table == ["tool"] and re.match(r"[\"']?gik-lint[\"']?\s*[=.]", stripped):
            lines.setdefault("", number)
    for key in section if isinstance(section, dict) else ():
        lines.setdefault(key, lines.get("", 0) or None)
    return section, lines


def _build(data: Any, lines: dict[str, int], path: Path) -> Config:
    if not isinstance(data, dict):
        raise PackError(path, "配置应为键值映射")

    def fail(key: str, message: str):
        raise PackError(path, message, line=lines.get(key), key=key)

    for key in data:
        if not isinstance(key, str):  # `1: x`, `true: x`
            raise PackError(path, f"配置项名称应为文字，而不是 {key!r}（可用：{'、'.join(sorted(_KEYS))}）", line=lines.get(str(key)))

    unknown = set(data) - _KEYS - {k.replace("-", "_") for k in _KEYS}
    for key in sorted(unknown):
        fail(key, f"未知的配置项（可用：{'、'.join(sorted(_KEYS))}）")
    config = Config(path=path, lines={k: v for k, v in lines.items() if v})

    def strings(key: str, value: Any) -> list[str]:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
            fail(key, "应为路径模式的列表" if key in ("exclude", "overrides") else "应为规则代码、名称或前缀的列表")
        return [str(v) for v in value]

    def levels(key: str, value: Any) -> dict[str, str]:
        if not isinstance(value, dict) or not all(v in _LEVELS for v in value.values()):
            fail(key, "应为「规则: error|warning|info」的映射")
        return {str(k): v for k, v in value.items()}

    for key, value in data.items():
        config.sources[key] = f"{path}:{lines.get(key, '?')}"
        name = key.replace("_", "-")
        if name == "select":
            config.select = strings(key, value)
        elif name == "ignore":
            config.ignore = strings(key, value)
        elif name == "severity":
            config.severity = levels(key, value)
        elif name == "regime":
            if str(value) not in ("2008", "2019", "2021"):
                fail(key, "应为 2008、2019 或 2021")
            config.regime = str(value)
        elif name == "deadlines":
            if not isinstance(value, dict) or not all(re.fullmatch(r"\d{2}-\d{2}", str(v)) for v in value.values()):
                fail(key, "应为「机关类型: MM-DD」的映射")
            for kind, day in value.items():
                if kind not in DEADLINE_KINDS:
                    fail(key, f"未知的机关类型「{kind}」（可用：{'、'.join(DEADLINE_KINDS)}）")
                if not real_month_day(str(day)):
                    fail(key, f"不存在的月日「{day}」")
            config.deadlines = {str(k): str(v) for k, v in value.items()}
        elif name == "fail-on":
            if value not in _LEVELS:
                fail(key, "应为 error、warning 或 info")
            config.fail_on = value
        elif name == "extends":
            for entry in strings(key, value):
                pack = Path(os.path.realpath(path.parent / entry))
                if not (pack / "registry.yaml").is_file():
                    fail(key, f"规则包「{entry}」不存在或缺少 registry.yaml")
                config.extends.append(pack)
        elif name == "exclude":
            config.exclude = strings(key, value)
        elif name == "overrides":
            if not isinstance(value, list):
                fail(key, "应为列表")
            for entry in value:
                if not isinstance(entry, dict) or "files" not in entry:
                    fail(key, "每一项需要 files（路径通配符列表）")
                config.overrides.append(
                    Override(
                        files=strings(key, entry["files"]),
                        select=strings(key, entry["select"]) if "select" in entry else None,
                        ignore=strings(key, entry.get("ignore", [])),
                        severity=levels(key, entry.get("severity", {})),
                    )
                )
    return config


def unknown_selectors(selectors, rules: dict, retired: set[str] = frozenset()) -> list[str]:
    """The selectors that name no rule: not a code, name, former name or prefix of one, nor
    a withdrawn code."""
    return [s for s in selectors if str(s).strip().upper() not in retired and not any(matches(r, s) for r in rules.values())]


def check_rules(config: Config, rules: dict, retired: set[str] = frozenset()) -> None:
    """Raise a :class:`PackError` at the line of the key that names a rule that does not
    exist (a typo such as GIK1O1 would otherwise select nothing, silently)."""
    named = [("select", config.select or []), ("ignore", config.ignore), ("severity", list(config.severity))]
    for o in config.overrides:
        named += [("overrides", (o.select or []) + o.ignore + list(o.severity))]
    for key, selectors in named:
        for s in unknown_selectors(selectors, rules, retired):
            raise PackError(config.path or "配置", f"未知的规则「{s}」（不是规则代码、名称或前缀；用 gik-lint rules 查看全部规则）",
                            line=_line_of(config, key), key=key)
    if config.select is not None and not any(matches(r, s) for r in rules.values() for s in config.select):
        raise PackError(config.path or "配置", "select 没有选中任何规则", line=_line_of(config, "select"), key="select")


def _line_of(config: Config, key: str) -> int | None:
    return config.lines.get(key) or config.lines.get(key.replace("-", "_"))
