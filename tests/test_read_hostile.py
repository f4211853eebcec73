"""Broken and hostile inputs (fixtures/formats/hostile, made by make_hostile.py): each
ends in one clear file-level error or one not-assessable finding, never a hang, a
traceback or a partial lint presented as complete."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import FIXTURES

HOSTILE = FIXTURES / "formats" / "hostile"

ERRORS = {
    "binary.html": "二进制",
    "empty.html": "没有内容",
    "garbage.pdf": "PDF 文件损坏",
    "truncated.pdf": "PDF 文件损坏",
    "pdf_named.docx": "扩展名为 .docx，但文件内容是 PDF",
    "not_a_zip.docx": "扩展名为 .docx，但文件内容是 纯文本",
    "truncated.docx": "zip 结构损坏",
    "no_document_part.docx": "缺少 word/document.xml",
    "zip_bomb.docx": "zip 炸弹",
    "entity_expansion.docx": "DTD",
    "malformed_xml.docx": "不是有效的 XML",
}
NOT_ASSESSABLE = {"scanned_no_text_layer.pdf": "没有文字层", "encrypted.pdf": "已加密"}


def test_every_hostile_file_is_covered():
    assert {p.name for p in HOSTILE.iterdir()} == set(ERRORS) | set(NOT_ASSESSABLE) | {
        "entity_expansion.html",
        "malformed.html",
    }


@pytest.mark.parametrize("name,message", sorted(ERRORS.items()))
def test_hostile_file_is_a_clear_error(linter, name, message):
    result = linter.lint_path(HOSTILE / name)
    assert result.error is not None and message in result.error, result.error
    assert result.findings == []


@pytest.mark.parametrize("name,reason", sorted(NOT_ASSESSABLE.items()))
def test_unreadable_pdf_gets_exactly_one_not_assessable_finding(linter, name, reason):
    result = linter.lint_path(HOSTILE / name)
    assert result.error is None
    (finding,) = result.findings
    assert (finding.code, finding.outcome) == ("GIK002", "not-assessable")
    assert reason in finding.message


def test_html_entities_are_not_expanded(linter):
    result = linter.lint_path(HOSTILE / "entity_expansion.html")
    assert result.error is None
    text = " ".join(b.text for b in result.report.document.blocks)
    assert "lollol" not in text and len(text) < 200


def test_malformed_html_is_read_as_far_as_it_goes(linter):
    doc = linter.lint_path(HOSTILE / "malformed.html").report.document
    assert [b.text for b in doc.blocks] == ["某县人民政府2021年政府信息公开工作年度报告", "一、总体情况"]
    assert [[c.text for c in row] for row in doc.tables[0].grid()] == [["本年新收", "3"]]


def test_pdf_without_the_extra_names_it(tmp_path):
    script = (
        "import sys\n"
        "sys.modules['pypdfium2'] = None\n"  # as if the [pdf] extra were not installed
        "sys.modules['pdfplumber'] = None\n"
        "from gik_lint.cli import main\n"
        f"sys.exit(main(['check', {str(HOSTILE / 'encrypted.pdf')!r}]))\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "pip install 'gik-lint[pdf]'" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_legacy_word_file_is_named(linter, tmp_path):
    path = tmp_path / "report.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    assert "另存为 .docx" in linter.lint_path(path).error


def test_size_limit_applies_to_every_format(tmp_path):
    from gik_lint.pipeline import Linter
    from gik_lint.read import Limits

    small = Linter(limits=Limits(max_bytes=100))
    for name in ("malformed.html", "encrypted.pdf", "zip_bomb.docx"):
        assert "文件过大" in small.lint_path(HOSTILE / name).error
