"""Reading .txt and .md: encodings, positions, bad input."""

from __future__ import annotations

import pytest

from conftest import CORPUS, SEEDS
from gik_lint.read import ReadError, read_bytes, read_path

SEED = SEEDS / "000_84cfd1913db39861.txt"


@pytest.mark.parametrize("name", ["2016_heyuan_ggzy.txt", "2017_zhongwei_ggzy.txt"])
def test_reads_corpus_text_files(name):
    doc = read_path(CORPUS / name)
    raw = (CORPUS / name).read_text(encoding="utf-8").split("\n")
    assert doc.encoding == "utf-8"
    for block in doc.blocks:  # every block is its source line, verbatim
        assert raw[block.line - 1] == block.text


@pytest.mark.parametrize("encoding,expected", [("gb18030", "gb18030"), ("utf-16", "utf-16"), ("utf-8-sig", "utf-8-sig")])
def test_encodings_give_the_same_findings(linter, tmp_path, encoding, expected):
    text = SEED.read_text(encoding="utf-8")
    path = tmp_path / "report.txt"
    path.write_bytes(text.encode(encoding))
    reference = linter.lint_path(SEED)
    result = linter.lint_path(path)
    assert result.report.document.encoding == expected
    assert [(f.code, f.section, f.start, f.end) for f in result.findings] == [
        (f.code, f.section, f.start, f.end) for f in reference.findings
    ]


def test_gbk_bytes_are_gb18030():
    doc = read_bytes("一、总体情况\n本年度主动公开信息。".encode("gbk"), "r.txt")
    assert doc.encoding == "gb18030"
    assert doc.blocks[0].text == "一、总体情况"


def test_crlf_and_cr_line_endings_keep_line_numbers():
    doc = read_bytes("标题\r\n\r\n一、总体情况\r二、主动公开政府信息情况\n".encode(), "r.txt")
    assert [(b.line, b.text, b.blank_before) for b in doc.blocks] == [
        (1, "标题", False),
        (3, "一、总体情况", True),
        (4, "二、主动公开政府信息情况", False),
    ]


@pytest.mark.parametrize(
    "data,message",
    [
        (b"", "文件为空"),
        (b"  \n\t\r\n\xe3\x80\x80\n", "文件为空"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "文件内容是 图片"),
        (b"\x00\x01\x02\x03" * 100, "二进制"),
        ("中文".encode("utf-8") + b"\x80\x80\xff", "无法识别文件编码"),
    ],
)
def test_bad_input_is_a_read_error(data, message):
    with pytest.raises(ReadError, match=message):
        read_bytes(data, "bad.txt")


def test_unsupported_suffix():
    with pytest.raises(ReadError, match="不支持的文件格式"):
        read_bytes(b"hello", "report.xyz")


def test_missing_file(tmp_path):
    with pytest.raises(ReadError, match="不存在"):
        read_path(tmp_path / "nope.txt")


def test_size_limit(tmp_path):
    from gik_lint.read import Limits

    with pytest.raises(ReadError, match="文件过大"):
        read_bytes(b"a" * 2048, "big.txt", Limits(max_bytes=1024))
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 2048)
    with pytest.raises(ReadError, match="文件过大"):  # refused before it is read into memory
        read_path(big, limits=Limits(max_bytes=1024))


def test_console_script_is_declared():
    from importlib.metadata import entry_points

    (script,) = [e for e in entry_points(group="console_scripts") if e.name == "gik-lint"]
    assert script.value == "gik_lint.cli:run"
