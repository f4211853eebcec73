"""Positions for every consumer: columns in characters, UTF-8 bytes (Vim, Emacs) or UTF-16
code units (LSP, SARIF, VS Code), and PDF/Word places that no error format misreads."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from conftest import CORPUS

# 𠀀 is outside the BMP: 1 character, 4 UTF-8 bytes, 2 UTF-16 code units
REPORT = "某县人民政府2021年政府信息公开工作年度报告\n\n一、总体情况\n\n𠀀𠀀本年度，我县认真贯彻落实《条例》。统计期限自至。\n"
BEFORE = "𠀀𠀀本年度，我县认真贯彻落实《条例》。"  # what stands before GIK011's column on line 5


def gik(*args, stdin: bytes | None = None):
    proc = subprocess.run([sys.executable, "-m", "gik_lint", *map(str, args)], capture_output=True, input=stdin)
    return proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")


@pytest.fixture
def report(tmp_path):
    path = tmp_path / "county.txt"
    path.write_text(REPORT, encoding="utf-8")
    return path


def _gik011(output: str) -> str:
    return next(line for line in output.splitlines() if "GIK011" in line)


@pytest.mark.parametrize("unit, expected", [
    ("char", len(BEFORE) + 1),
    ("byte", len(BEFORE.encode("utf-8")) + 1),
    ("utf16", len(BEFORE.encode("utf-16-le")) // 2 + 1),
])
def test_concise_columns_in_each_unit(report, unit, expected):
    _, out, _ = gik("check", report, "--format", "concise", "--column-unit", unit)
    assert _gik011(out).startswith(f"{report}:5:{expected}: warning GIK011")


def test_concise_counts_bytes_by_default_as_vim_does(report):
    _, out, _ = gik("check", report, "--format", "concise")
    line = _gik011(out)
    column = int(line.split(":")[2])
    source = report.read_bytes().split(b"\n")[4]
    assert source[column - 1 :].startswith("统计期限".encode("utf-8"))  # Vim's col() lands on the words


def test_text_github_and_json_count_characters_by_default(report):
    _, out, _ = gik("check", report)
    assert f"5:{len(BEFORE) + 1}" in _gik011(out)
    _, out, _ = gik("check", report, "--format", "github")
    assert f"line=5,col={len(BEFORE) + 1}," in _gik011(out)
    _, out, _ = gik("check", report, "--format", "json")
    data = json.loads(out)
    assert data["column_unit"] == "char"
    finding = next(f for f in data["files"][0]["findings"] if f["code"] == "GIK011")
    assert (finding["line"], finding["column"]) == (5, len(BEFORE) + 1)
    _, out, _ = gik("check", report, "--format", "json", "--column-unit", "utf16")
    data = json.loads(out)
    finding = next(f for f in data["files"][0]["findings"] if f["code"] == "GIK011")
    assert data["column_unit"] == "utf16" and finding["column"] == len(BEFORE) + 2 + 1


def test_sarif_says_what_its_columns_count(report):
    _, out, _ = gik("check", report, "--format", "sarif")
    run = json.loads(out)["runs"][0]
    assert run["columnKind"] == "utf16CodeUnits"  # SARIF's own default, said
    result = next(r for r in run["results"] if r["ruleId"] == "GIK011")
    assert result["locations"][0]["physicalLocation"]["region"]["startColumn"] == len(BEFORE) + 2 + 1
    _, out, _ = gik("check", report, "--format", "sarif", "--column-unit", "char")
    run = json.loads(out)["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    code, _, err = gik("check", report, "--format", "sarif", "--column-unit", "byte")
    assert code == 2 and "SARIF" in err


def test_pdf_places_are_words_no_error_format_reads_as_line_and_column():
    pdf = CORPUS / "2023_huaian_hongze_district.pdf"
    _, out, _ = gik("check", pdf, "--format", "concise")
    lines = out.splitlines()
    assert lines and all(line.startswith(f"{pdf}:第") for line in lines)
    vim = re.compile(r"^(?P<f>[^:]+):(?P<l>\d+):(?:(?P<c>\d+):)?")  # %f:%l:%c: and %f:%l:
    assert not any(vim.match(line) for line in lines)
    assert any(re.match(rf"{re.escape(str(pdf))}:第4页第44行: error GIK224 ", line) for line in lines)
    _, out, _ = gik("check", pdf, "--format", "sarif")
    results = json.loads(out)["runs"][0]["results"]
    gik224 = next(r for r in results if r["ruleId"] == "GIK224")
    assert "region" not in gik224["locations"][0]["physicalLocation"]  # no line SARIF could misread
    assert (gik224["properties"]["page"], gik224["properties"]["line_on_page"]) == (4, 44)


def test_word_places_are_paragraphs(tmp_path):
    from docx import Document

    document = Document()
    document.add_paragraph("某县人民政府2021年政府信息公开工作年度报告")
    document.add_paragraph("一、总体情况")
    path = tmp_path / "county.docx"
    document.save(path)
    _, out, _ = gik("check", path, "--format", "concise")
    assert out and all(re.match(rf"{re.escape(str(path))}:第\d+段: ", line) for line in out.splitlines())


def test_lines_are_counted_as_the_reader_counts_them():
    # Hebei 2019: a crawler's record, lines ended by CR LF and by runs of lone CRs
    path = CORPUS / "2019_hebei_education.txt"
    _, out, _ = gik("check", path, "--format", "json")
    from gik_lint.read import read_bytes

    document = read_bytes(path.read_bytes(), str(path))
    findings = [f for f in json.loads(out)["files"][0]["findings"] if f["line"]]
    assert {f["line"] for f in findings} >= {222, 336, 881, 990}  # lines far into the file, past hundreds of CRs
    for f in findings:
        block = next(b for b in document.blocks if b.line == f["line"])
        assert document.source_line(f["line"]) == block.text
    _, utf16, _ = gik("check", path, "--format", "json", "--column-unit", "utf16")
    assert [f["column"] for f in json.loads(utf16)["files"][0]["findings"]] == \
        [f["column"] for f in json.loads(out)["files"][0]["findings"]]  # all of its text is in the BMP


def test_standard_input_columns(report):
    _, out, _ = gik("check", "-", "--stdin-filename", "county.txt", "--format", "concise", stdin=REPORT.encode("utf-8"))
    assert f":5:{len(BEFORE.encode('utf-8')) + 1}: warning GIK011" in _gik011(out)
