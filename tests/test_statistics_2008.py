"""The 2008-era statistics table (政府信息公开情况统计表): read by its labels from real
reports and from our own fixtures in other layouts, with the same findings."""

from __future__ import annotations

import re
import shutil
from collections import Counter

import pytest

from conftest import CORPUS, FIXTURES
from gik_lint.interpret.tables import load_tables
from gik_lint.interpret.title import organ_level
from gik_lint.packs import PackError
from gik_lint.read import read_bytes, read_path

TABLES_2008 = FIXTURES / "tables2008"


def _cells(linter, path):
    report = linter.analyse(read_path(path))
    table = report.tables["statistics"].table
    return table, {cid: c.value.number for cid, c in table.cells.items()}


def test_pingtan_2013_glued_digits_read_by_labels_and_narrative(linter):
    """"主动公开信息数条18535395" splits four ways; the text's 1853条 settles it, and
    "17135017" by the text's 1713条; "728" has one split only (7 / 28)."""
    table, cells = _cells(linter, CORPUS / "2013_pingtan_county.txt")
    assert (cells["statistics.proactive.year"], cells["statistics.proactive.cumulative"]) == (1853, 5395)
    assert (cells["statistics.proactive.website.year"], cells["statistics.proactive.website.cumulative"]) == (1713, 5017)
    assert (cells["statistics.apply.year"], cells["statistics.apply.cumulative"]) == (7, 28)
    assert [cells[f"statistics.apply.{w}.year"] for w in ("in_person", "fax", "email", "online", "letter", "other")] == [0, 0, 3, 4, 0, 0]
    assert table.cells["statistics.proactive.year"].split_from == "18535395"
    assert not table.unplaced and not table.unsplit


def test_pingtan_2013_findings(linter):
    findings = linter.lint_path(CORPUS / "2013_pingtan_county.txt").findings
    (parts,) = [f for f in findings if f.code == "GIK230"]  # one finding for both columns
    assert (parts.evidence["actual"], parts.evidence["expected"]) == ("1853", "1713")
    assert [o["actual"] for o in parts.evidence["others"]] == ["5395"]
    stated = sorted((f.evidence["stated"], f.evidence["table_value"]) for f in findings if f.code == "GIK303")
    assert stated == [("3", "4"), ("4", "0")]  # 网上申请3 vs 4, 信函申请4 vs 0
    assert not [f for f in findings if f.code in ("GIK231", "GIK232", "GIK233")]


def test_pingtan_2016_unknown_row_and_settled_run(linter):
    table, cells = _cells(linter, CORPUS / "2016_pingtan_zone.txt")
    assert (cells["statistics.proactive.year"], cells["statistics.proactive.cumulative"]) == (3460, 85376)
    assert cells["statistics.proactive.website.cumulative"] == 85376  # settled by 主动公开 = 网站 + 公报
    assert "statistics.apply.letter_fax.year" in cells  # a province's merged row
    findings = linter.lint_path(CORPUS / "2016_pingtan_zone.txt").findings
    (unknown,) = [f for f in findings if f.code == "GIK234"]
    assert unknown.severity == "info" and unknown.evidence["rows"][0]["label"] == "接受行政诉讼、举报数"
    assert not [f for f in findings if f.code.startswith("GIK23") and f.code != "GIK234"]


def _split(text: str) -> tuple[str, str]:
    """The report before its table's header, and the table from its header on."""
    at = re.search(r"指标名称|统计指标", text).start()
    return text[:at], text[at:]


def _collapsed(text: str) -> str:
    """The report as a crawler leaves it: one line, the table's cells run together."""
    head, table = _split(text)
    return head.replace("\n", "") + re.sub(r"[ \n]+", "", table)


def _grid_rows(text: str) -> tuple[str, list[list[str]]]:
    head, table = _split(text)
    return head, [line.split() for line in table.strip().split("\n")]


def _markdown(text: str) -> str:
    """The table as a Markdown grid (a converter's output): a cell per column."""
    head, rows = _grid_rows(text)
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])] + ["| " + " | ".join(r) + " |" for r in rows[1:]]
    return head + "\n".join(lines) + "\n"


def _html(text: str) -> str:
    """The report as a portal's page: paragraphs, and the table as <table>."""
    head, rows = _grid_rows(text)
    paragraphs = "".join(f"<p>{line}</p>" for line in head.split("\n") if line.strip())
    cells = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f"<html><body>{paragraphs}<table>{cells}</table></body></html>"


def _swapped(text: str) -> str:
    """The table with 历年累计 printed before the year (its header says so)."""
    head, rows = _grid_rows(text)
    return head + "\n".join(" ".join(r[:2] + [r[3], r[2]] if len(r) == 4 else r) for r in rows) + "\n"


LAYOUTS = {
    "collapsed": (_collapsed, ".txt"),
    "markdown": (_markdown, ".md"),
    "html": (_html, ".html"),
    "swapped": (_swapped, ".txt"),
    "swapped-collapsed": (lambda t: _collapsed(_swapped(t)), ".txt"),
    "swapped-markdown": (lambda t: _markdown(_swapped(t)), ".md"),
}


@pytest.mark.parametrize("layout, suffix", LAYOUTS.values(), ids=LAYOUTS.keys())
@pytest.mark.parametrize("path", sorted(TABLES_2008.glob("*.txt")), ids=lambda p: p.stem)
def test_another_layout_keeps_the_findings(linter, path, layout, suffix):
    text = path.read_text(encoding="utf-8")
    baseline = linter.lint_bytes(text.encode("utf-8"), path.name).findings
    other = linter.lint_bytes(layout(text).encode("utf-8"), path.stem + suffix).findings
    key = lambda f: (f.code, f.severity, f.section)  # noqa: E731
    added = Counter(map(key, other)) - Counter(map(key, baseline))
    lost = Counter(map(key, baseline)) - Counter(map(key, other))
    # a run of digits that only the table's own (failing) relation could have split is not
    # assessable in that layout: the table's finding turns into GIK208, nothing else changes
    assert all(code == "GIK208" for code, _, _ in added), added
    assert all(f.outcome == "not-assessable" for f in other if f.code == "GIK208")
    assert not lost or (added and all(section == "statistics" for _, _, section in lost)), lost
    assert any(f.code.startswith("GIK23") or f.code == "GIK303" for f in baseline) or path.stem.endswith("ok")


def test_collapsed_without_narrative_is_not_guessed(linter):
    """With no figure in the text to settle "8206120", the row stays unsplit: no
    relation is judged on a guess."""
    text = _collapsed((TABLES_2008 / "proactive_fail.txt").read_text(encoding="utf-8"))
    text = text.replace("2015年全县主动公开政府信息820条，其中通过政府网站公开800条，通过政府公报公开20条。", "")
    findings = linter.lint_bytes(text.encode("utf-8"), "r.txt").findings
    assert not [f for f in findings if f.code == "GIK230"]
    (unsplit,) = [f for f in findings if f.code == "GIK208"]  # said so, never a silent pass
    assert unsplit.outcome == "not-assessable" and "8206120" in unsplit.message
    report = linter.analyse(read_bytes(text.encode("utf-8"), "r.txt"))
    assert [u.row for u in report.tables["statistics"].table.unsplit] == ["proactive"]


@pytest.mark.parametrize("organ, level", [
    ("淮安市洪泽区人民政府", "区"), ("平潭综合实验区管委会", "区"), ("河北省教育厅", "省"),
    ("上海市科学技术委员会", "市"), ("平潭县人民政府", "县"), ("某县市场监督管理局", "县"),
    ("广西壮族自治区教育厅", "省"), ("市公共资源交易中心", None),
])
def test_organ_level(organ, level):
    assert organ_level(organ) == level


def test_a_narrative_wording_must_capture_the_figure(tmp_path):
    shutil.copy(FIXTURES.parent / "rules" / "catalog" / "tables" / "2019.yaml", tmp_path / "2019.yaml")
    (tmp_path / "2008.yaml").write_text(
        "regime: '2008'\ntables:\n  statistics:\n    title: 统计表\n    section: statistics\n    anchors: [主动公开信息数]\n"
        "    columns: {year: {label: 本年度}}\n    rows: {proactive: {label: 主动公开信息数, said: ['主动公开\\d+条']}}\n",
        encoding="utf-8")
    with pytest.raises(PackError, match="捕获数字"):
        load_tables(tmp_path)
