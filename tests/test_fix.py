"""Safe autofix (check --fix / --diff): only the fixes the rules declare, never a changed
number, the same fixes (or none) whatever the layout, the file's encoding and newlines kept."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import layout_variants as lv
from conftest import CORPUS, FIXTURES, SEEDS
from gik_lint.fix import Edit, FixError, apply, digits, plan
from gik_lint.fix.files import encode_like, fix_bytes
from gik_lint.pipeline import Linter

ALLOWED = {"GIK010", "GIK011", "GIK103"}
PERIOD = re.compile(r"本报告中所列数据的统计期限自((?:19|20)\d\d)年1月1日起至\1年12月31日止。")
CANONICAL = {spec.canonical for regime in Linter().regimes.values() for spec in regime.sections}

# a 2021 report with one fix of every kind: a doubled 年 and a space in the title, no
# statistical period, two headings worded as listed synonyms
ALL_KINDS = """某县教育局2021年年政府信息公开 工作年度报告

一、概述
2021年，我局认真贯彻落实《中华人民共和国政府信息公开条例》，主动公开政府信息120条。
二、主动公开政府信息情况
本年主动公开政府信息120条，其中规范性文件3件。
三、收到和处理政府信息公开申请情况
本年新收政府信息公开申请5件，全部按期答复。
四、政府信息公开行政复议和行政诉讼情况
本年未发生政府信息公开行政复议、行政诉讼。
五、存在的主要问题及改进情况
公开质量有待提高，下一步将加强培训。
六、其他事项
本年度未收取信息处理费。
"""
ALL_KINDS_FIXED = """某县教育局2021年政府信息公开工作年度报告

本报告中所列数据的统计期限自2021年1月1日起至2021年12月31日止。

一、总体情况
2021年，我局认真贯彻落实《中华人民共和国政府信息公开条例》，主动公开政府信息120条。
二、主动公开政府信息情况
本年主动公开政府信息120条，其中规范性文件3件。
三、收到和处理政府信息公开申请情况
本年新收政府信息公开申请5件，全部按期答复。
四、政府信息公开行政复议、行政诉讼情况
本年未发生政府信息公开行政复议、行政诉讼。
五、存在的主要问题及改进情况
公开质量有待提高，下一步将加强培训。
六、其他需要报告的事项
本年度未收取信息处理费。
"""


def gik(*args, input: bytes | None = None, cwd=None):
    proc = subprocess.run([sys.executable, "-m", "gik_lint", *args], capture_output=True, input=input, cwd=cwd)
    return proc.returncode, proc.stdout, proc.stderr.decode("utf-8")


def numbers(text: str) -> str:
    """The digits of a report, the statistical-period sentence a fix inserts left out."""
    return digits("\n".join(line for line in re.split(r"\r\n|\r|\n", text) if not PERIOD.fullmatch(line.strip())))


def _texts() -> list[Path]:
    return sorted(SEEDS.glob("*.txt")) + sorted(CORPUS.glob("*.txt")) + sorted(CORPUS.glob("*.md"))


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter()


def _fix(linter: Linter, text: str, name: str = "report.txt"):
    return fix_bytes(text.encode("utf-8"), lambda b: linter.lint_bytes(b, name), {c for c, r in linter.rules.items() if r.fix})


def _kind_ok(edit: Edit) -> bool:
    """Every edit is one of the kinds the rules declare."""
    if edit.code == "GIK010":
        return edit.replacement == "" and (edit.original.isspace() or edit.original in ("年", "度", "的"))
    if edit.code == "GIK103":
        return edit.replacement in CANONICAL and not digits(edit.original)
    if edit.code == "GIK011":
        return edit.original == "" and bool(PERIOD.fullmatch(edit.replacement.strip()))
    return False


# --- the done-when: seeds and the text corpus ------------------------------------------


def test_fix_seeds_and_corpus(tmp_path):
    """--fix on copies of the seeds and the corpus's text and Markdown reports: only fixes
    of the allowed kinds, a second run finds nothing left to fix, the numbers byte-identical."""
    originals = {}
    for path in _texts():
        target = tmp_path / f"{path.parent.name}_{path.name}"
        shutil.copy(path, target)
        originals[target.name] = path.read_bytes()
    code, _, err = gik("check", "--fix", str(tmp_path))
    assert code in (0, 1) and "Traceback" not in err
    fixed_lines = [line for line in err.splitlines() if "已修复" in line]
    assert fixed_lines, err  # seed 002's title is fixed
    for line in fixed_lines:
        assert set(re.findall(r"GIK\d{3}", line)) <= ALLOWED, line
    changed = 0
    for name, before in originals.items():
        after = (tmp_path / name).read_bytes()
        changed += after != before
        assert numbers(after.decode("utf-8")) == numbers(before.decode("utf-8")), name
    assert changed >= 2
    snapshot = {name: (tmp_path / name).read_bytes() for name in originals}
    code2, _, err2 = gik("check", "--fix", str(tmp_path))
    assert "已修复" not in err2 and code2 == code
    assert {name: (tmp_path / name).read_bytes() for name in originals} == snapshot


@pytest.mark.parametrize("path", _texts(), ids=lambda p: p.name)
def test_fix_edits_are_of_the_declared_kinds(linter, path):
    text = path.read_bytes().decode("utf-8")
    outcome = _fix(linter, text, path.name)
    assert outcome.refused is None
    assert all(_kind_ok(e) for e in outcome.edits), outcome.edits
    if outcome.changed:
        assert numbers(outcome.after) == numbers(text)
        assert not plan(outcome.result)  # nothing left to fix
        assert not any(f.fix for f in outcome.result.findings)


def test_every_kind_of_fix(linter):
    outcome = _fix(linter, ALL_KINDS)
    assert outcome.after == ALL_KINDS_FIXED
    assert {e.code for e in outcome.edits} == ALLOWED
    assert all(_kind_ok(e) for e in outcome.edits)
    codes = {f.code for f in outcome.result.findings}
    assert not codes & {"GIK011", "GIK103"} and "GIK010" not in codes
    assert numbers(outcome.after) == numbers(ALL_KINDS)


def test_markdown_heading_keeps_its_markup(linter):
    text = ALL_KINDS.replace("一、概述", "## 一、概 述").replace("六、其他事项", "## **六、其他事项**")
    after = _fix(linter, text, "report.md").after
    assert "## 一、总体情况\n" in after and "## **六、其他需要报告的事项**\n" in after


def test_what_is_not_certain_is_not_fixed(linter):
    # 2008 regime: no format wording to reword to, no period sentence required of it
    old = ALL_KINDS.replace("2021年", "2016年")
    edits = _fix(linter, old).edits
    assert {e.code for e in edits} == {"GIK010"}
    # a heading recognised by its wording family, one that says more than the format's
    family = ALL_KINDS.replace("四、政府信息公开行政复议和行政诉讼情况", "四、行政复议、行政诉讼及投诉举报情况")
    assert "投诉举报" in _fix(linter, family).after
    # a heading with a number in it is never reworded
    numbered = ALL_KINDS.replace("一、概述", "一、2021年工作概述")
    assert "一、2021年工作概述" in _fix(linter, numbered).after
    # no year in the title: no period sentence
    untitled = ALL_KINDS.replace("某县教育局2021年年政府信息公开 工作年度报告", "某县教育局政府信息公开工作年度报告")
    assert not PERIOD.search(_fix(linter, untitled).after or "")
    # a joint title: the space between two organs stays
    joint = ALL_KINDS.replace("某县教育局2021年年政府信息公开 工作年度报告", "中共某县委 某县人民政府2021年政府信息公开工作年度报告")
    assert "中共某县委 某县人民政府" in _fix(linter, joint).after


# --- metamorphic: the same report laid out otherwise gets the same fixes, or none -------


def _signature(edits: list[Edit]) -> set[tuple[str, str, str]]:
    return {(e.code, e.original, e.replacement.strip("\r\n")) for e in edits}


def _metamorphic_sources() -> list[tuple[str, str]]:
    out = [("all_kinds.txt", ALL_KINDS)]
    for path in _texts() + sorted((FIXTURES / "reports").glob("*.txt")) + sorted((FIXTURES / "reports").glob("*.md")):
        data = path.read_bytes()
        try:
            out.append((path.name, data.decode("utf-8")))
        except UnicodeDecodeError:
            continue
    return out


@pytest.mark.parametrize("variant", ["hard_wrap", "collapse"])
@pytest.mark.parametrize("name,text", _metamorphic_sources(), ids=[n for n, _ in _metamorphic_sources()])
def test_layout_gets_the_same_fixes_or_none(linter, name, text, variant):
    original = _signature(_fix(linter, text, name).edits)
    laid_out = lv.hard_wrap(text, name) if variant == "hard_wrap" else lv.collapse(text)
    outcome = _fix(linter, laid_out, name)
    assert _signature(outcome.edits) <= original, (name, variant)  # never a fix the report itself does not get
    if outcome.changed:
        assert numbers(outcome.after) == numbers(laid_out)


def test_all_kinds_survive_hard_wrapping(linter):
    """The short lines of the report are not wrapped: every fix is still made."""
    outcome = _fix(linter, lv.hard_wrap(ALL_KINDS, "all_kinds.txt"))
    assert {e.code for e in outcome.edits} == ALLOWED


# --- the command line ---------------------------------------------------------------------


def test_diff_writes_nothing(tmp_path):
    report = tmp_path / "r.txt"
    report.write_text(ALL_KINDS, encoding="utf-8")
    stamp = report.stat().st_mtime_ns
    code, out, err = gik("check", "--diff", str(report))
    assert report.read_text(encoding="utf-8") == ALL_KINDS and report.stat().st_mtime_ns == stamp
    diff = out.decode("utf-8")
    name = str(report).replace("\\", "/").lstrip("/")
    assert diff.startswith(f"--- a/{name}\n+++ b/{name}\n")  # as git writes a path: patch -p1 takes it
    assert "-四、政府信息公开行政复议和行政诉讼情况\n+四、政府信息公开行政复议、行政诉讼情况\n" in diff
    assert "+本报告中所列数据的统计期限自2021年1月1日起至2021年12月31日止。\n" in diff
    assert "可修复 6 处" in err
    assert code == gik("check", str(report))[0]  # the file as it is: the exit code check gives
    assert list(tmp_path.iterdir()) == [report]  # no temporary file left either


def test_fix_writes_and_exit_code_reflects_what_remains(tmp_path):
    report = tmp_path / "r.txt"
    report.write_text(ALL_KINDS, encoding="utf-8")
    rules = ("--select", "GIK010,GIK011,GIK103", "--fail-on", "info")  # the report has no tables: those findings stay
    assert gik("check", *rules, str(report))[0] == 1
    code, out, err = gik("check", "--fix", *rules, str(report))
    assert report.read_text(encoding="utf-8") == ALL_KINDS_FIXED
    assert "已修复 6 处（GIK010 2 处，GIK011 1 处，GIK103 3 处）" in err
    assert code == 0 and "未发现问题" in out.decode("utf-8")
    assert list(tmp_path.iterdir()) == [report]


def test_fix_keeps_permissions(tmp_path):
    report = tmp_path / "r.txt"
    report.write_text(ALL_KINDS, encoding="utf-8")
    os.chmod(report, 0o640)
    gik("check", "--fix", str(report))
    assert report.read_text(encoding="utf-8") == ALL_KINDS_FIXED and (report.stat().st_mode & 0o777) == 0o640


@pytest.mark.parametrize("encoding,bom,newline", [
    ("gbk", b"", "\r\n"),
    ("gb18030", b"", "\n"),
    ("utf-8", b"\xef\xbb\xbf", "\r\n"),
    ("utf-16-le", b"\xff\xfe", "\n"),
    ("utf-16-be", b"\xfe\xff", "\r\n"),
])
def test_encoding_and_newlines_kept(tmp_path, encoding, bom, newline):
    report = tmp_path / "r.txt"
    report.write_bytes(bom + ALL_KINDS.replace("\n", newline).encode(encoding))
    code, _, err = gik("check", "--fix", str(report))
    assert "已修复 6 处" in err, err
    assert report.read_bytes() == bom + ALL_KINDS_FIXED.replace("\n", newline).encode(encoding)


def test_stdin_fix_prints_the_fixed_text(tmp_path):
    code, out, err = gik("check", "--fix", "-", input=ALL_KINDS.encode("gbk"))
    assert out == ALL_KINDS_FIXED.encode("gbk")
    assert "已修复 6 处" in err and "GIK" in err  # the findings left go to standard error
    code, out, err = gik("check", "--fix", "-", "--stdin-filename", "r.md", input=b"no report at all\n")
    assert out == b"no report at all\n"  # nothing to fix: the text as it came
    code, out, _ = gik("check", "--diff", "-", input=ALL_KINDS.encode("utf-8"))
    assert out.decode("utf-8").startswith("--- a/stdin.txt\n")


def test_other_formats_are_not_fixed(tmp_path):
    page = tmp_path / "r.html"
    body = "".join(f"<p>{line}</p>" for line in ALL_KINDS.splitlines() if line)
    page.write_text(f"<html><head><meta charset='utf-8'></head><body>{body}</body></html>", encoding="utf-8")
    before = page.read_bytes()
    code, out, err = gik("check", "--fix", str(page))
    assert page.read_bytes() == before
    assert "无法自动修复网页（HTML）文件（只修复 .txt 和 .md 文件），问题照常报告" in err
    assert "GIK010" in out.decode("utf-8") and code == gik("check", str(page))[0]


def test_suppressed_findings_are_not_fixed(tmp_path):
    report = tmp_path / "r.txt"
    report.write_text(ALL_KINDS + "<!-- gik-lint disable-file GIK103 -->\n", encoding="utf-8")
    gik("check", "--fix", str(report))
    text = report.read_text(encoding="utf-8")
    assert "六、其他事项" in text and "统计期限" in text


# --- the edits themselves -----------------------------------------------------------------


def _edit(line, col, end_col, replacement, original, end_line=None):
    return Edit("GIK999", line, col, end_line or line, end_col, replacement, "测试", original)


def test_apply_refuses_overlaps_digits_and_stale_edits():
    text = "第一行2021年年\n第二行\n"
    assert apply(text, [_edit(1, 9, 10, "", "年")]) == "第一行2021年\n第二行\n"
    with pytest.raises(FixError):  # overlapping
        apply(text, [_edit(1, 8, 10, "", "年年"), _edit(1, 9, 10, "", "年")])
    with pytest.raises(FixError):  # the same place twice
        apply(text, [_edit(1, 9, 9, "x", ""), _edit(1, 9, 9, "y", "")])
    with pytest.raises(FixError):  # a digit changed
        apply(text, [_edit(1, 4, 8, "2022", "2021")])
    with pytest.raises(FixError):  # a digit removed
        apply(text, [_edit(1, 7, 8, "", "1")])
    with pytest.raises(FixError):  # a Chinese numeral removed
        apply(text, [_edit(1, 2, 3, "", "一")])
    with pytest.raises(FixError):  # digits inserted into a line
        apply(text, [_edit(2, 1, 1, "3", "")])
    with pytest.raises(FixError):  # the text is no longer what the edit replaces
        apply(text, [_edit(2, 1, 2, "", "第一")])
    # a line of its own may bring digits: the statistical period's year
    assert apply(text, [_edit(1, 10, 10, "\n统计期限自2021年", "")]) == "第一行2021年年\n统计期限自2021年\n第二行\n"


def test_encode_like_keeps_the_bom_and_refuses_what_it_cannot_hold(linter):
    assert encode_like("年", b"\xef\xbb\xbfx", "utf-8") == b"\xef\xbb\xbf" + "年".encode("utf-8")
    assert encode_like("年", b"\xff\xfe\x00\x00x", "utf-32") == b"\xff\xfe\x00\x00" + "年".encode("utf-32-le")
    with pytest.raises(UnicodeEncodeError):
        encode_like("年", b"x", "ascii")

    def lint(data: bytes):  # a file read as a single-byte encoding cannot take a Chinese character back
        result = linter.lint_bytes(data, "r.txt")
        result.report.document.encoding = "ascii"
        return result

    outcome = fix_bytes(ALL_KINDS.encode("utf-8"), lint)
    assert not outcome.changed and "无法按原编码" in outcome.refused
