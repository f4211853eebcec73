"""The statistical tables as data (rules/catalog/tables/*.yaml): rows, columns and blocks with
their labels, from which every canonical cell id follows."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cached_property, lru_cache
from pathlib import Path

from gik_lint.packcache import compile_re
from gik_lint.packs import PackError, load_yaml, require, yaml_files
from gik_lint.records import field, record
from gik_lint.textnorm import compact

# numbering before a label: 一、 (一) 1. (1), or the mark of one whose numeral was lost (、 .)
_NUMBERING = compile_re(r"^(?:[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十]+\)|\d{1,2}(?:[.、](?!\d))|\(\d{1,2}\)|[、.](?!\d))+")


_OF_WHICH = compile_re(r"^其中[:：,，]?")  # "其中：1.网站公开数": a part of the row above


@lru_cache(maxsize=65536)
def label_key(text: str) -> str:
    """A label as compared: folded, no whitespace, no leading 其中 or numbering, straight quotes."""
    key = compact(text).replace("“", '"').replace("”", '"').strip(":：")
    return _NUMBERING.sub("", _OF_WHICH.sub("", key))


@record(frozen=True)
class Label:
    id: str
    label: str  # the format's wording
    also: tuple[str, ...] = ()
    under: str | None = None  # the header above it (columns), or
    group: str | None = None  # the group it belongs to (rows)
    optional: bool = False
    signed: bool = False  # may carry a sign (本年增/减)
    decimal: bool = False  # may be a decimal (amounts)
    at_least: str | None = None  # the column of the same row it is never below (历年累计 >= 本年度)
    # how the narrative states this row's figure (regexes over folded text without
    # whitespace, the figure captured as ``n``): what may settle how a run of digits splits
    said: tuple[re.Pattern, ...] = ()
    in_template: bool = True  # written in a blank report (gik-lint new); false for a merged alternative row

    @cached_property
    def keys(self) -> tuple[str, ...]:
        return (label_key(self.label),) + tuple(label_key(a) for a in self.also)


@record(frozen=True)
class Block:
    """A block of the proactive-disclosure table (第二十条第（一）项 …)."""

    id: str
    label: str
    rows: tuple[Label, ...]
    columns: tuple[Label, ...]


@record
class TableSpec:
    id: str
    title: str
    section: str
    anchors: tuple[str, ...]
    rows: tuple[Label, ...] = ()
    columns: tuple[Label, ...] = ()
    blocks: tuple[Block, ...] = ()
    groups: tuple[Label, ...] = ()
    regime: str = ""
    # words that open the table where it stands outside any section (its header row)
    starts: tuple[str, ...] = ()
    # rows vary from report to report (no national format): a row left out is not there
    # rather than unread
    rows_vary: bool = False
    # the units a 计量单位 column prints between a row's label and its values (条, 件, 元)
    units: tuple[str, ...] = ()
    # the column whose figures the narrative states (the rows' ``said``): 本年度, not 历年累计
    said_column: str | None = None
    # the catalog (regime key) of this table's other layout, tried on every report
    alternative: str | None = None
    # the words a blank report (gik-lint new) prints around the labels: ``corner`` (the
    # header over the row labels), ``note`` (the format's own relation note, in the corner
    # instead), ``over`` (the header over all the value columns)
    template: dict[str, str] = field(default_factory=dict)
    # makes the linear relations between its cells that the rule pack asserts (given by the
    # linter; see ``relations``)
    equations_of: Callable[[TableSpec], tuple] | None = field(default=None, repr=False, compare=False)
    _cell_ids: dict = field(default_factory=dict, repr=False, compare=False)
    _relations: tuple | None = field(default=None, repr=False, compare=False)

    @property
    def relations(self) -> tuple:
        """The exact linear relations between the table's cells (split.Equation over cell
        ids) that settle a run of digits into cells; made on first use (only a report
        whose table lost the spaces between its cells needs them)."""
        if self._relations is None:
            self._relations = tuple(self.equations_of(self)) if self.equations_of else ()
        return self._relations

    def cell_ids(self, optional: bool = False) -> tuple[str, ...]:
        """Every canonical cell of the table, in reading order."""
        if optional not in self._cell_ids:
            if self.blocks:
                ids = [f"{self.id}.{b.id}.{r.id}.{c.id}" for b in self.blocks for r in b.rows for c in b.columns]
            elif self.groups:
                ids = [f"{self.id}.{g.id}.{c.id}" for g in self.groups for c in self.columns]
            else:
                cols = [c for c in self.columns if optional or not c.optional]
                ids = [f"{self.id}.{r.id}.{c.id}" for r in self.rows for c in cols]
            self._cell_ids[optional] = tuple(ids)
        return self._cell_ids[optional]

    def column_ids(self) -> list[str]:
        return [c.id for c in self.columns if not c.optional]

    def row_ids(self) -> list[str]:
        return [r.id for r in self.rows]


def _labels(entries: dict, path: Path, where: str) -> tuple[Label, ...]:
    out = []
    for lid, entry in (entries or {}).items():
        if not isinstance(entry, dict) or "label" not in entry:
            raise PackError(path, f"{where}.{lid} 需要 label", key=str(lid))
        out.append(
            Label(
                id=str(lid),
                label=str(entry["label"]),
                also=tuple(str(a) for a in entry.get("also", ())),
                under=entry.get("under"),
                group=entry.get("group"),
                optional=bool(entry.get("optional", False)),
                signed=bool(entry.get("signed", False)),
                decimal=bool(entry.get("decimal", False)),
                at_least=entry.get("at_least"),
                said=_patterns(entry.get("said", ()), path, f"{where}.{lid}.said"),
                in_template=bool(entry.get("template", True)),
            )
        )
    return tuple(out)


def _patterns(texts, path: Path, where: str) -> tuple[re.Pattern, ...]:
    from gik_lint.check.regexcheck import RegexRisk, check

    out = []
    for text in texts:
        try:
            pattern = check(str(text))
        except (re.error, RegexRisk) as exc:
            what = "有灾难性回溯风险" if isinstance(exc, RegexRisk) else "无效"
            raise PackError(path, f"{where} 的正则表达式{what}：{exc}", line=_line(path, str(text)), key=where) from None
        if "n" not in pattern.groupindex:
            raise PackError(path, f"{where} 的正则表达式须以 (?P<n>…) 捕获数字", key=where)
        out.append(pattern)
    return tuple(out)


def _line(path: Path, text: str) -> int | None:
    """The first line of the file that holds ``text`` (a catalogue's pattern, as written)."""
    try:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if text in line or text.replace("\\", "\\\\") in line:
                return number
    except (OSError, UnicodeDecodeError):
        pass
    return None


def load_tables(directory: Path) -> dict[str, dict[str, TableSpec]]:
    """regime -> table id -> spec. A file may ``extends:`` another regime's tables and
    replace whole tables, or rows of one (``replace_rows``)."""
    raw = {}
    for path in yaml_files(directory):
        data = load_yaml(path)
        raw[str(require(data, "regime", (str, int), path))] = (path, data)
    out: dict[str, dict[str, TableSpec]] = {}

    def build(regime: str) -> dict[str, TableSpec]:
        if regime in out:
            return out[regime]
        path, data = raw[regime]
        tables: dict[str, TableSpec] = {}
        parent = data.get("extends")
        if parent is not None:
            if str(parent) not in raw:
                raise PackError(path, f"继承的表格定义「{parent}」不存在", key="extends")
            tables = {k: _copy(v) for k, v in build(str(parent)).items()}
        for tid, entry in require(data, "tables", dict, path).items():
            if "replace_rows" in entry:
                spec = tables[tid]
                rows: list[Label] = []
                for row in spec.rows:
                    if row.id in entry["replace_rows"]:
                        rows.extend(_labels(entry["replace_rows"][row.id], path, f"{tid}.replace_rows"))
                    else:
                        rows.append(row)
                spec.rows = tuple(rows)
                continue
            blocks = tuple(
                Block(bid, str(b["label"]), _labels(b.get("rows"), path, f"{tid}.{bid}"), _labels(b.get("columns"), path, f"{tid}.{bid}"))
                for bid, b in (entry.get("blocks") or {}).items()
            )
            tables[tid] = TableSpec(
                id=tid,
                title=str(require(entry, "title", str, path)),
                section=str(require(entry, "section", str, path)),
                anchors=tuple(compact(a) for a in require(entry, "anchors", list, path)),
                rows=_labels(entry.get("rows"), path, tid),
                columns=_labels(entry.get("columns"), path, tid),
                blocks=blocks,
                groups=_labels(entry.get("groups"), path, tid),
                starts=tuple(compact(a) for a in entry.get("starts", ())),
                rows_vary=bool(entry.get("rows_vary", False)),
                units=tuple(str(u) for u in entry.get("units", ())),
                said_column=entry.get("said_column"),
                template=_template(entry.get("template"), path, tid),
            )
        for spec in tables.values():
            spec.regime = regime
        out[regime] = tables
        return tables

    for regime in raw:
        build(regime)
    for regime, (path, data) in raw.items():  # alternative layouts of one table know each other
        other = data.get("alternative_to")
        if other is None:
            continue
        if str(other) not in out:
            raise PackError(path, f"alternative_to 所指的表格定义「{other}」不存在", key="alternative_to")
        for tid in out[regime].keys() & out[str(other)].keys():
            a, b = out[regime][tid], out[str(other)][tid]
            a.alternative, b.alternative = str(other), regime
            # a table is recognised by the labels of either layout
            a.anchors = b.anchors = tuple(dict.fromkeys(a.anchors + b.anchors))
    return out


def _template(value, path: Path, tid: str) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict) or any(k not in ("corner", "note", "over") or not isinstance(v, str) for k, v in value.items()):
        raise PackError(path, f"{tid}.template 应为 corner、note、over 到文字的映射", key=f"{tid}.template")
    return dict(value)


def _copy(spec: TableSpec) -> TableSpec:
    return TableSpec(spec.id, spec.title, spec.section, spec.anchors, spec.rows, spec.columns, spec.blocks, spec.groups,
                     starts=spec.starts, rows_vary=spec.rows_vary, units=spec.units, said_column=spec.said_column,
                     template=dict(spec.template))
