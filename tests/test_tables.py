"""The statistical tables: anchoring values on their labels in every format, the
relations between cells, and what happens when values cannot be placed."""

from __future__ import annotations

import random
import re
from collections import Counter

import pytest

from conftest import CORPUS, FIXTURES
from gik_lint.read import read_bytes

TABLES = FIXTURES / "tables"
# variant -> the table findings (code, outcome) it must give, in every format
EXPECTED = {
    "ok": {},
    "a1_fail": {("GIK220", "fail"): 2},
    "a2_fail": {("GIK221", "fail"): 1, ("GIK222", "fail"): 2},
    "a3_fail": {("GIK221", "fail"): 1, ("GIK222", "fail"): 1},
    "a4_fail": {("GIK220", "fail"): 2, ("GIK223", "fail"): 1},
    "r1_fail": {("GIK224", "fail"): 1},
    "blank_row": {("GIK210", "fail"): 1, ("GIK221", "not-assessable"): 1, ("GIK222", "not-assessable"): 1},
    "placeholder_row": {("GIK210", "fail"): 1, ("GIK221", "not-assessable"): 1, ("GIK222", "not-assessable"): 1},
    "invalid_values": {("GIK211", "fail"): 2, ("GIK221", "fail"): 2, ("GIK222", "fail"): 1},
    "label_typo": {("GIK202", "fail"): 1},
    "proactive_2019_layout": {("GIK203", "fail"): 1},
    "single_other_row": {("GIK204", "fail"): 1},
    "subtotal_column": {},
    "missing_row": {("GIK206", "fail"): 1, ("GIK221", "not-assessable"): 1, ("GIK222", "not-assessable"): 1},
    "rows_out_of_order": {},
}


def test_every_variant_is_expected():
    assert {p.stem for p in TABLES.glob("*.md")} == set(EXPECTED)


@pytest.mark.parametrize("variant", sorted(EXPECTED))
@pytest.mark.parametrize("fmt", [".md", ".html", ".txt", ".docx", ".pdf"])
def test_variant_findings(linter, variant, fmt):
    result = linter.lint_path(TABLES / f"{variant}{fmt}")
    got = Counter((f.code, f.outcome) for f in result.findings if f.code.startswith("GIK2"))
    want = Counter(EXPECTED[variant])
    if fmt == ".txt" and variant == "missing_row":  # from text, a row not there may only not have been read
        want = Counter({("GIK206", "not-assessable"): 1, **{k: v for k, v in want.items() if k[0] != "GIK206"}})
    assert got == want


def _cells(linter, path_or_text, name="r.txt"):
    if isinstance(path_or_text, str):
        report = linter.analyse(read_bytes(path_or_text.encode("utf-8"), name))
    else:
        report = linter.lint_path(path_or_text).report
    return {cid: c.value.raw for t in report.tables.values() for cid, c in t.table.cells.items()}


def test_the_same_cells_from_every_format(linter):
    md = _cells(linter, TABLES / "ok.md")
    assert len(md) == 10 + 175 + 15
    assert _cells(linter, TABLES / "ok.html") == md
    assert _cells(linter, TABLES / "ok.txt") == md
    assert md["applications.deny.secret.total"] == "1"
    assert md["applications.other.misc.total"] == "0"
    assert md["review_litigation.lit_after_review.total"] == "1"
    assert md["proactive.art20_8.admin_fees.amount_10k_yuan"] == "86.35"


def test_subtotal_column_is_its_own_cell(linter):
    cells = _cells(linter, TABLES / "subtotal_column.md")
    assert cells["applications.new.org_subtotal"] == "6"
    assert cells["applications.new.total"] == "26"


def test_single_other_row_is_the_2019_cell(linter):
    report = linter.lint_path(TABLES / "single_other_row.md").report
    reading = report.tables["applications"]
    assert reading.layout == "2019"
    assert "applications.other.total" in reading.table.cells


def test_value_cells_keep_raw_text_and_kind(linter):
    report = linter.lint_path(TABLES / "placeholder_row.md").report
    cell = report.tables["applications"].table.cells["applications.deny.query.natural"]
    assert (cell.value.raw, cell.value.kind, cell.value.number) == ("/", "placeholder", None)
    blank = linter.lint_path(TABLES / "blank_row.md").report.tables["applications"].table.cells
    assert blank["applications.deny.safety.total"].value.kind == "blank"  # never 0


def test_relation_finding_carries_evidence(linter):
    result = linter.lint_path(TABLES / "r1_fail.md")
    (finding,) = [f for f in result.findings if f.code == "GIK224"]
    assert finding.evidence["cell"] == "review_litigation.review.total"
    assert (finding.evidence["actual"], finding.evidence["expected"]) == ("3", "4")
    assert {c["id"] for c in finding.evidence["cells"]} == {
        f"review_litigation.review.{k}" for k in ("total", "upheld", "corrected", "other", "pending")
    }
    line = (TABLES / "r1_fail.md").read_text(encoding="utf-8").splitlines()[finding.start.line - 1]
    assert line[finding.start.column - 1 :].startswith("3 ")  # points at the 总计 cell


def test_hongze_2023_table_defects(linter):
    result = linter.lint_path(CORPUS / "2023_huaian_hongze_district.pdf")
    r1 = sorted((f.evidence["binding"]["g"], f.evidence["actual"], f.evidence["expected"]) for f in result.findings if f.code == "GIK224")
    assert r1 == [("lit_after_review", "0", "5"), ("review", "0", "11")]
    (label,) = [f for f in result.findings if f.code == "GIK202"]
    assert label.evidence["found"] == "2.其他法律行政止公开"
    assert not [f for f in result.findings if f.code.startswith("GIK2") and f.code not in ("GIK202", "GIK204", "GIK224")]


def test_hongze_2024_only_the_label(linter):
    result = linter.lint_path(CORPUS / "2024_huaian_hongze_district.pdf")
    assert [f.code for f in result.findings if f.code.startswith("GIK2") and f.severity in ("error", "warning")] == ["GIK202"]


def test_huaian_city_2024_is_clean(linter):
    result = linter.lint_path(CORPUS / "2024_huaian_city.pdf")
    assert [f.code for f in result.findings if f.code.startswith("GIK2")] == []


# --- property: how the text is laid out never moves a value into a wrong cell -------

BASE = (TABLES / "ok.txt").read_text(encoding="utf-8")


def _mutate(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    out = []
    for line in lines:
        if rng.random() < 0.15:  # a stray number of its own between rows: a year, a page number
            out.append(rng.choice(["2022", "- 4 -", "— 7 —", "第 3 页", "12"]))
        m = re.match(r"^(\S+?)(\s{2}.*\d)$", line)
        if m and rng.random() < 0.3 and len(m.group(1)) > 6:  # wrap the label
            cut = rng.randrange(3, len(m.group(1)) - 2)
            out += [m.group(1)[:cut], m.group(1)[cut:] + m.group(2)]
            continue
        sep = rng.choice(["  ", "\t", " | ", "   ", "\u3000"])
        out.append(re.sub(r"(?<=\S)  (?=[\d/+-])", lambda _: sep, line))
    return "\n".join(out)


@pytest.mark.parametrize("seed", range(40))
def test_layout_noise_never_moves_a_value(linter, seed):
    """Wrapped labels, other separators and stray numbers between rows of a clean
    report: every value read lands in its own cell, and nothing is claimed to be wrong
    — what could not be read is only ever not assessable."""
    reference = _cells(linter, BASE)
    mutated = _mutate(BASE, random.Random(seed))
    result = linter.lint_bytes(mutated.encode("utf-8"), "r.txt")
    for reading in result.report.tables.values():
        for cid, cell in reading.table.cells.items():
            assert reference.get(cid) == cell.value.raw, (cid, cell.value.raw, reference.get(cid))
    assert [f.code for f in result.findings if f.outcome == "fail" and f.code.startswith("GIK2")] == []
