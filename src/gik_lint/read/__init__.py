"""Read stage: bytes -> :class:`Document`, one module per format behind one interface.

A format module has ``FORMAT`` (its name), ``SUFFIXES`` and ``read(data, path, limits)``
returning a :class:`Document` or raising :class:`ReadError`. A new format is one more
module in ``_FORMATS``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from gik_lint.read import docx, html, pdf, text
from gik_lint.read.document import Block, Cell, Document, Position, ReadError, Table

__all__ = ["Block", "Cell", "Document", "Limits", "Position", "ReadError", "Table", "READERS", "read_bytes", "read_path"]

MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What a single input may cost, so that hostile files fail fast."""

    max_bytes: int = 50 * MIB  # the file itself
    max_unpacked: int = 200 * MIB  # all parts of a .docx, uncompressed
    max_part: int = 64 * MIB  # one XML part of a .docx, uncompressed
    max_ratio: int = 200  # compression ratio of a .docx part beyond which it is a zip bomb
    max_pages: int = 1000  # pages of a PDF


_FORMATS = (text, html, docx, pdf)
READERS = {suffix: module for module in _FORMATS for suffix in module.SUFFIXES}

_LEGACY = {
    ".doc": "旧版 Word 文件（.doc）",
    ".wps": "WPS 文件（.wps）",
    ".xls": "Excel 文件（.xls）",
    ".xlsx": "Excel 文件（.xlsx）",
    ".rtf": "RTF 文件",
}
_KIND_ZH = {
    "pdf": "PDF",
    "zip": "zip 压缩包（如 .docx）",
    "ole": "旧版 Office/WPS 文件（如 .doc）或加密的 Word 文件",
    "html": "网页（HTML）",
    None: "纯文本",
}


def sniff(data: bytes) -> str | None:
    """What the bytes are, whatever the file is called: pdf, zip, ole, html or None."""
    head = data[:1024]
    if head.startswith(b"%PDF-") or b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<html" in lowered[:256]:
        return "html"
    return None


_EXPECTED = {"pdf": {"pdf"}, "docx": {"zip"}, "html": {"html", None}, "text": {None, "html"}, "markdown": {None, "html"}}


def read_bytes(data: bytes, path: str, limits: Limits | None = None) -> Document:
    """Read ``data`` as the report named ``path`` (the name picks the format)."""
    limits = limits or Limits()
    suffix = os.path.splitext(path)[1].lower()
    module = READERS.get(suffix)
    if module is None:
        if suffix in _LEGACY:
            raise ReadError(f"不支持{_LEGACY[suffix]}，请另存为 .docx 或 .pdf 后再检查")
        supported = "、".join(sorted(READERS))
        raise ReadError(f"不支持的文件格式「{suffix or '无扩展名'}」（支持：{supported}）")
    if not data:
        raise ReadError("文件为空（0 字节）")
    if len(data) > limits.max_bytes:
        raise ReadError(f"文件过大（{len(data) / MIB:.1f} MB，上限 {limits.max_bytes / MIB:.0f} MB）")
    kind = sniff(data)
    if kind not in _EXPECTED[module.FORMAT]:
        raise ReadError(f"扩展名为 {suffix}，但文件内容是 {_KIND_ZH[kind]}，无法按 {suffix} 读取")
    return module.read(data, path, limits)


def read_path(path: Path, display: str | None = None, limits: Limits | None = None) -> Document:
    limits = limits or Limits()
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise ReadError(f"文件过大（{size / MIB:.1f} MB，上限 {limits.max_bytes / MIB:.0f} MB）")
        data = path.read_bytes()
    except FileNotFoundError:
        raise ReadError("文件不存在") from None
    except IsADirectoryError:
        raise ReadError("这是一个文件夹，不是文件") from None
    except PermissionError:
        raise ReadError("没有读取该文件的权限") from None
    except OSError as exc:
        raise ReadError(f"无法读取文件：{exc.strerror or exc}") from None
    return read_bytes(data, display or str(path), limits)
