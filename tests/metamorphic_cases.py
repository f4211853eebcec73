"""The metamorphic comparison: every report of ../shared/corpus and fixtures/reports, each
layout variant of it (tests/layout_variants.py), and what may differ between their findings.

Used by tests/test_metamorphic.py and benchmarks/metamorphic.py.

A finding is keyed ``(code, section, cell)``. ``cell`` is the cell id the finding is placed
at (relation findings: ``evidence["cell"]``; cell-value and narrative-table findings: the
first of ``evidence["cells"]``), or for a finding about a table row (table-shape,
label-deviation) ``TABLE.ROW``, else None. Keys are counted (a multiset): three title
findings are three keys, and losing one of them is a loss. Only findings of severity
warning or error whose outcome is not ``not-assessable`` are compared.

A variant is OK when it adds no key and every key it loses is *turned not-assessable*: the
variant has a not-assessable finding about the same section, or about the table the lost
cell belongs to (a not-assessable finding about no section and no table covers the whole
report).
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

import layout_variants as lv

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
FIXTURE_REPORTS = ROOT / "fixtures" / "reports"

COMPARED_SEVERITIES = ("warning", "error")
VARIANTS = ("hard_wrap", "collapse", "cjk_spaces", "fullwidth_digits", "html", "docx")
TEXT_SUFFIXES = (".txt", ".md")


@dataclass(frozen=True)
class Source:
    """One report: ``path`` is the file; ``name`` what the report and its variants are
    linted as (a .pdf/.html/.docx report is compared as its extracted text, NAME.txt)."""

    path: Path
    origin: str  # "corpus" or "fixtures"

    @property
    def extracted(self) -> bool:
        return self.path.suffix.lower() not in TEXT_SUFFIXES

    @property
    def name(self) -> str:
        return self.path.stem + ".txt" if self.extracted else self.path.name

    @property
    def id(self) -> str:
        return self.path.name


def sources() -> list[Source]:
    """Every report file in the corpus (truth.yaml's is_report; the blank template is
    not a report) and every fixture report with an expected-findings file."""
    truth = yaml.safe_load((CORPUS / "truth.yaml").read_text(encoding="utf-8"))
    found = [Source(CORPUS / e["file"], "corpus") for e in truth["files"] if e.get("is_report", True)]
    for expected in sorted(FIXTURE_REPORTS.glob("*.expected.yaml")):
        stem = expected.name[: -len(".expected.yaml")]
        matches = [p for p in FIXTURE_REPORTS.glob(stem + ".*") if not p.name.endswith(".expected.yaml")]
        assert len(matches) == 1, (stem, matches)
        found.append(Source(matches[0], "fixtures"))
    return found


# ---------------------------------------------------------------------------
# The text of a report
# ---------------------------------------------------------------------------


def _pipe(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split())


def render_table(table) -> list[str]:
    """A read table as pipe rows: every grid slot, the slots a merged cell covers
    beyond its first left empty (as make_formats writes Markdown), a ``|---|`` row
    after the first."""
    lines = []
    for r, row in enumerate(table.grid()):
        lines.append("| " + " | ".join("" if cell is None else _pipe(cell.text) for cell in row) + " |")
        if r == 0:
            lines.append("|" + "---|" * len(row))
    return lines


def document_text(document) -> str:
    """What gik-lint's reader extracted, as text: one line per block (a source heading as
    ``#`` Markdown), a blank line where the source has a break, each table as pipe rows
    where it stands (the printed table lines of a PDF give way to it)."""
    lines: list[str] = []
    pending = sorted(document.tables, key=lambda t: t.after_block)
    k = 0

    def flush(upto: int) -> None:
        nonlocal k
        while k < len(pending) and pending[k].after_block <= upto:
            lines.extend(["", *render_table(pending[k]), ""])
            k += 1

    for i, block in enumerate(document.blocks):
        flush(i)
        if block.table is not None:
            continue
        if block.blank_before and lines and lines[-1] != "":
            lines.append("")
        text = block.text.replace("\r", " ").replace("\n", " ")
        lines.append(("#" * block.heading_level + " " + text.strip()) if block.heading_level else text)
    flush(len(document.blocks) + len(pending))
    return "\n".join(lines).strip("\n") + "\n"


def source_text(source: Source) -> str:
    """The text the variants are made from: the decoded file, or what the reader
    extracted from a .pdf/.html/.docx report."""
    from gik_lint.read import read_path
    from gik_lint.read.decode import decode

    if source.extracted:
        return document_text(read_path(source.path))
    text, _encoding = decode(source.path.read_bytes())
    return text[1:] if text.startswith("\ufeff") else text


# ---------------------------------------------------------------------------
# Variants
# ---------------------------------------------------------------------------


def _stem(name: str) -> str:
    return os.path.splitext(name)[0]


def make_variant(variant: str, text: str, name: str) -> tuple[bytes, str]:
    """(bytes, file name) of one variant. Text variants keep the name (a crawled page stays
    .txt, a Markdown report .md); the re-exports are NAME.html and NAME.docx."""
    if variant == "hard_wrap":
        return lv.hard_wrap(text, name).encode("utf-8"), name
    if variant == "collapse":
        return lv.collapse(text).encode("utf-8"), name
    if variant == "cjk_spaces":
        return lv.cjk_spaces(text, name).encode("utf-8"), name
    if variant == "fullwidth_digits":
        return lv.fullwidth_digits(text).encode("utf-8"), name
    if variant == "html":
        return lv.to_html(text), _stem(name) + ".html"
    if variant == "docx":
        return lv.to_docx(text), _stem(name) + ".docx"
    raise ValueError(variant)


def not_applicable(variant: str, text: str, data: bytes) -> str | None:
    """Why the variant could not change this report at all (None when it did)."""
    if variant in ("html", "docx"):
        return None
    before = [line.strip() for line in lv.split_lines(text) if line.strip()]
    after = [line.strip() for line in lv.split_lines(data.decode("utf-8")) if line.strip()]
    if before != after:
        return None
    return {
        "collapse": "the body is already one line",
        "cjk_spaces": "no line with two adjacent Chinese characters outside title and tables",
        "fullwidth_digits": "no ASCII digit in the text",
        "hard_wrap": "nothing to wrap",
    }[variant]


# Pairs where the variant cannot change the report (asserted, so the list cannot grow unnoticed).
NOT_APPLICABLE = {
    ("2013_pingtan_county.txt", "collapse"): "the body is already one line",
    ("2016_pingtan_zone.txt", "collapse"): "the body is already one line",
    ("2020_pingtan_zone.txt", "collapse"): "the body is already one line",
}


# ---------------------------------------------------------------------------
# Findings
# ---------------------------------------------------------------------------


def cell_of(finding) -> str | None:
    evidence = finding.evidence or {}
    if evidence.get("cell"):
        return str(evidence["cell"])
    cells = evidence.get("cells")
    if cells:
        first = cells[0]
        return str(first["id"]) if isinstance(first, dict) else str(first)
    if evidence.get("table") and evidence.get("row"):
        return f"{evidence['table']}.{evidence['row']}"
    return None


def key_of(finding) -> tuple:
    return (finding.code, finding.section, cell_of(finding))


def compared(findings) -> list:
    return [f for f in findings if f.severity in COMPARED_SEVERITIES and f.outcome != "not-assessable"]


def not_assessable(findings) -> list:
    return [f for f in findings if f.outcome == "not-assessable"]


def _covers(na, key) -> bool:
    _code, section, cell = key
    table = (na.evidence or {}).get("table")
    if na.section is None and not table:
        return True  # about the whole report
    if section is not None and na.section == section:
        return True
    return bool(cell and table and cell.split(".", 1)[0] == table)


@dataclass
class Comparison:
    added: list = field(default_factory=list)  # (key, message)
    lost: list = field(default_factory=list)  # (key, message): a key gone without a not-assessable finding
    turned_na: list = field(default_factory=list)  # (key, message, the not-assessable finding's message)
    error: str | None = None  # the variant could not be linted at all

    @property
    def ok(self) -> bool:
        return not (self.added or self.lost or self.error)

    def describe(self) -> str:
        lines = []
        if self.error:
            lines.append(f"variant not linted: {self.error}")
        for title, entries in (("added", self.added), ("lost", self.lost)):
            if entries:
                lines.append(f"{title} ({len(entries)}):")
                lines += [f"  {k[0]} section={k[1]} cell={k[2]}: {message}" for k, message in entries]
        if self.turned_na:
            lines.append(f"turned not-assessable ({len(self.turned_na)}):")
            lines += [f"  {k[0]} section={k[1]} cell={k[2]}: {message}  <- {na}" for k, message, na in self.turned_na]
        return "\n".join(lines)


def compare(baseline, variant) -> Comparison:
    """``baseline`` and ``variant``: FileResults."""
    result = Comparison()
    if variant.error:
        result.error = variant.error
    base = compared(baseline.findings)
    other = compared(variant.findings)
    base_count = Counter(key_of(f) for f in base)
    other_count = Counter(key_of(f) for f in other)
    nas = not_assessable(variant.findings)
    seen: Counter = Counter()
    for f in other:  # the extra ones of a key: the last of them
        k = key_of(f)
        seen[k] += 1
        if seen[k] > base_count[k]:
            result.added.append((k, f.message))
    seen = Counter()
    for f in base:
        k = key_of(f)
        seen[k] += 1
        if seen[k] > other_count[k]:
            cover = next((na for na in nas if _covers(na, k)), None)
            if cover is not None:
                result.turned_na.append((k, f.message, cover.message))
            else:
                result.lost.append((k, f.message))
    return result


# ---------------------------------------------------------------------------
# One place for the expensive parts, cached
# ---------------------------------------------------------------------------


class Cases:
    """Texts, baselines and variant results, each worked out once."""

    def __init__(self, linter):
        self.linter = linter
        self._texts: dict = {}
        self._baselines: dict = {}
        self._originals: dict = {}

    def text(self, source: Source) -> str:
        if source.id not in self._texts:
            self._texts[source.id] = source_text(source)
        return self._texts[source.id]

    def baseline(self, source: Source):
        """The findings to compare with: the file's own for a text report, those of the
        extracted text (as NAME.txt) for a .pdf/.html/.docx report."""
        if source.id not in self._baselines:
            if source.extracted:
                self._baselines[source.id] = self.linter.lint_bytes(self.text(source).encode("utf-8"), source.name)
            else:
                self._baselines[source.id] = self.linter.lint_path(source.path)
        return self._baselines[source.id]

    def original(self, source: Source):
        """The findings on the file itself (differs from ``baseline`` only for
        .pdf/.html/.docx reports)."""
        if source.id not in self._originals:
            self._originals[source.id] = self.linter.lint_path(source.path)
        return self._originals[source.id]

    def variant(self, source: Source, variant: str):
        """(bytes, name, FileResult, why not applicable or None)."""
        text = self.text(source)
        data, name = make_variant(variant, text, source.name)
        why = not_applicable(variant, text, data)
        return data, name, self.linter.lint_bytes(data, name), why
