"""The whole run for one report: read -> structure -> interpret -> check."""

from __future__ import annotations

import os
from pathlib import Path

from gik_lint.check import KINDS, Finding, Rule, load_rules, run
from gik_lint.check.kinds import relation
from gik_lint.check.rule import retired_codes
from gik_lint.interpret import Report, interpret
from gik_lint.interpret.regime import Regime, load_regimes, vocabulary
from gik_lint.interpret.tables import load_tables
from gik_lint.layout import normalize
from gik_lint.packs import PackError, rules_dir
from gik_lint.read import READERS, Document, Limits, ReadError, read_bytes, read_path
from gik_lint.records import field, record
from gik_lint.structure.outline import build_outline


@record
class FileResult:
    path: str
    report: Report | None = None
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None  # why the file could not be linted (zh-CN)


class Linter:
    def __init__(
        self,
        rules_path: Path | None = None,
        regime: str | None = None,
        limits: Limits | None = None,
        published: dict[str, str] | None = None,
        deadlines: dict[str, str] | None = None,
        extra_packs: list[Path] | None = None,
    ):
        """``published``: publication dates the run is told, by file path or name ("*" for
        every file); ``deadlines``: issuer kind -> MM-DD, local deadlines for this run."""
        directory = rules_path or rules_dir()
        self.rules_root = directory
        self.limits = limits or Limits()
        self.published = published or {}
        self.deadlines = deadlines or {}
        self.regimes: dict[str, Regime] = load_regimes(directory / "catalog" / "regimes")
        self.tables = load_tables(directory / "catalog" / "tables")
        self.rules: dict[str, Rule] = load_rules(directory, KINDS, shipped=directory.resolve() == rules_dir().resolve())
        self.retired = retired_codes(directory)  # withdrawn codes: known, though no rule has them
        for pack in extra_packs or []:  # a province's own rules, beside the shipped ones
            self.retired |= retired_codes(pack)
            for code, rule in load_rules(pack, KINDS).items():
                if code in self.rules:
                    raise PackError(rule.path, f"规则代码 {code} 已被 {self.rules[code].path} 使用", key="code")
                self.rules[code] = rule
        relation.attach(self.tables, self.rules.values())  # the equalities that settle runs of digits
        self.vocabulary = vocabulary(self.regimes)
        if regime is not None and regime not in self.regimes:
            raise ValueError(f"unknown regime {regime!r}")
        self.regime = regime

    def warm(self) -> None:
        """Make now what the rules otherwise make on first use (relation expressions
        parsed, messages compiled), so that worker processes forked afterwards start
        with it. A rule that cannot be prepared fails where it is used, as it would."""
        from gik_lint.check.messages import template

        for rule in self.rules.values():
            try:
                getattr(KINDS[rule.kind], "prepare", lambda rule: None)(rule)
                template(rule, "message")
                template(rule, "message_en")
            except Exception:  # noqa: BLE001 - reported when the rule runs
                continue

    def analyse(self, document: Document, regime: str | None = None) -> Report:
        outline = build_outline(normalize(document, self.vocabulary), self.vocabulary)
        report = interpret(outline, self.regimes, regime or self.regime, self.tables)
        told = self.published_for(document.path)
        if told:
            report.published, report.published_source = told
        report.deadlines = dict(self.deadlines)
        return report

    def published_for(self, path: str) -> tuple[str, str] | None:
        """The publication date the run is told for the file at ``path``, and where from."""
        told = self.published.get(path) or self.published.get(os.path.basename(path))
        if told:
            return told, "list"
        return (self.published["*"], "option") if "*" in self.published else None

    def lint_document(self, document: Document, rules: list[Rule] | None = None) -> FileResult:
        report = self.analyse(document)
        findings = run(report, self.rules.values() if rules is None else rules)
        return FileResult(document.path, report, findings)

    def lint_bytes(self, data: bytes, name: str, rules: list[Rule] | None = None) -> FileResult:
        return self._guarded(name, lambda: read_bytes(data, name, self.limits), rules)

    def lint_path(self, path: Path, display: str | None = None, rules: list[Rule] | None = None) -> FileResult:
        return self._guarded(display or str(path), lambda: read_path(path, display, self.limits), rules)

    def _guarded(self, name: str, read, rules: list[Rule] | None = None) -> FileResult:
        try:
            return self.lint_document(read(), rules)
        except ReadError as exc:
            return FileResult(name, error=str(exc))
        except PackError:  # a rule pack's fault (a message template over its bounds): the run's, not the file's
            raise
        except Exception as exc:  # one broken file never stops a run
            if os.environ.get("GIK_LINT_DEBUG"):
                raise
            return FileResult(name, error=f"内部错误（请报告此问题）：{type(exc).__name__}: {exc}")


def read_published_list(path: Path) -> dict[str, str]:
    """A CSV of publication dates: a file name or path, then a date (YYYY-MM-DD); a header
    row and blank lines are skipped. Raises ValueError naming the line that is wrong."""
    import csv
    import re

    dates: dict[str, str] = {}
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for number, row in enumerate(csv.reader(fh), start=1):
            if not row or not "".join(row).strip():
                continue
            if len(row) < 2:
                raise ValueError(f"{path}:{number}: 应为「文件,发布日期」两列")
            name, date = row[0].strip(), row[1].strip()
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
                if number == 1:
                    continue  # a header row
                raise ValueError(f"{path}:{number}: 发布日期「{date}」应为 YYYY-MM-DD")
            dates[name] = date
    return dates


def collect(paths: list[str], skip=None, others: list[Path] | None = None) -> list[tuple[Path | None, str, str | None]]:
    """Expand files and folders into ``(path, display name, error)`` entries; a folder
    contributes every file with a supported suffix, recursively, in sorted order, except
    what ``skip(path, is_folder, folder)`` says to leave out (a file named itself is always linted).
    ``others``: where to add the files a folder holds in formats no reader takes (not the
    hidden ones, nor gik-lint's own configuration and sidecar files)."""
    skip = skip or (lambda path, is_folder, start: False)
    entries: list[tuple[Path | None, str, str | None]] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found = []
            # os.walk follows no symbolic link to a folder (no cycles); a link among the files, to
            # a device, a FIFO or in a loop, is collected, and refused by the reader in words
            for root, folders, files in os.walk(path):
                folders[:] = [f for f in folders if not skip(Path(root, f), True, path)]
                for f in files:
                    into = found if os.path.splitext(f)[1].lower() in READERS else others
                    if into is None or (into is others and (f.startswith(".") or f.endswith((".gik-lint.yaml", ".gik-lint.yml")))):
                        continue
                    if not skip(Path(root, f), False, path):
                        into.append(Path(root, f))
            if not found:
                entries.append((None, name, "文件夹中没有可检查的报告（支持 " + "、".join(sorted(READERS)) + "）"))
            entries.extend((p, str(p), None) for p in sorted(found))
        elif path.exists() or path.is_symlink():  # a link to nothing or a loop: the reader says which
            entries.append((path, name, None))
        else:
            entries.append((None, name, "路径不存在"))
    return entries
