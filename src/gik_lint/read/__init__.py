"""Read stage: bytes -> :class:`Document`, one module per format behind one interface.

A format module has ``FORMAT`` (its name) and ``read(data, path, limits)`` returning a
:class:`Document` or raising :class:`ReadError`; ``READERS`` names the module for each
suffix, and a module is imported when a file of its format is first read (checking a text
report never imports the web-page, Word or PDF readers). A new format is one more module
and its suffixes in ``READERS``.
"""

from __future__ import annotations

import os
from pathlib import Path

from importlib import import_module

from gik_lint.read.document import Block, Cell, Document, Position, ReadError, Table, TooLarge
from gik_lint.records import record

__all__ = ["Block", "Cell", "Document", "Limits", "Position", "ReadError", "Table", "TooLarge", "READERS", "read_bytes", "unsupported", "read_limited", "read_path"]

MIB = 1024 * 1024


@record(frozen=True)
class Limits:
    """What a single input may cost, so that hostile files fail fast, and whether images
    are read by OCR."""

    max_bytes: int = 50 * MIB  # the file itself
    max_unpacked: int = 200 * MIB  # all parts of a .docx, uncompressed
    max_part: int = 64 * MIB  # one XML part of a .docx, uncompressed
    max_ratio: int = 200  # compression ratio of a .docx part beyond which it is a zip bomb
    max_pages: int = 1000  # pages of a PDF
    # "auto": OCR the pages without a text layer (and images); "always": every page;
    # "never": a scan stays not assessable
    ocr: str = "auto"
    ocr_max_pages: int = 40  # pages of one file to OCR at most
    ocr_page_seconds: float = 60.0  # what each page to OCR adds to the file's time limit


# suffix -> the module that reads it
READERS = {
    **dict.fromkeys((".txt", ".text", ".md", ".markdown"), "text"),
    **dict.fromkeys((".html", ".htm", ".shtml", ".xhtml"), "html"),
    **dict.fromkeys((".docx", ".docm"), "docx"),
    ".pdf": "pdf",
    **dict.fromkeys((".png", ".jpg", ".jpeg", ".tif", ".tiff"), "image"),
}

_LEGACY = {
    ".doc": "旧版 Word 文件（.doc）",
    ".wps": "WPS 文件（.wps）",
    ".et": "WPS 表格文件（.et）",
    ".xls": "Excel 文件（.xls）",
    ".xlsx": "Excel 文件（.xlsx）",
    ".rtf": "RTF 文件",
}
_KIND_ZH = {
    "pdf": "PDF",
    "zip": "zip 压缩包（如 .docx）",
    "ole": "旧版 Office/WPS 文件（如 .doc）或加密的 Word 文件",
    "html": "网页（HTML）",
    "image": "图片",
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
    if head.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")):
        return "image"
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<html" in lowered[:256]:
        return "html"
    return None


_EXPECTED = {"pdf": {"pdf"}, "docx": {"zip"}, "html": {"html", None}, "text": {None, "html"}, "markdown": {None, "html"}, "image": {"image"}}


def unsupported(path: str | Path) -> str | None:
    """Why a file named ``path`` cannot be read, by its name alone (a format no reader
    takes), or None: the message ``check`` gives for it."""
    suffix = os.path.splitext(str(path))[1].lower()
    if suffix in READERS:
        return None
    if suffix in _LEGACY:
        return f"不支持{_LEGACY[suffix]}，请另存为 .docx 或 .pdf 后再检查"
    return f"不支持的文件格式「{suffix or '无扩展名'}」（支持：{'、'.join(sorted(READERS))}）"


def read_bytes(data: bytes, path: str, limits: Limits | None = None) -> Document:
    """Read ``data`` as the report named ``path`` (the name picks the format)."""
    limits = limits or Limits()
    why = unsupported(path)
    if why:
        raise ReadError(why)
    suffix = os.path.splitext(path)[1].lower()
    module = import_module(f"gik_lint.read.{READERS[suffix]}")
    if not data:
        raise ReadError("文件为空（0 字节）")
    if len(data) > limits.max_bytes:
        raise TooLarge(f"文件过大（{len(data) / MIB:.1f} MB，上限 {limits.max_bytes / MIB:g} MB）")
    kind = sniff(data)
    if kind not in _EXPECTED[module.FORMAT]:
        raise ReadError(f"扩展名为 {suffix}，但文件内容是 {_KIND_ZH[kind]}，无法按 {suffix} 读取")
    return module.read(data, path, limits)


def _kind_of(mode: int) -> str | None:
    """What a file that is not a regular file is, in words (None: a regular file)."""
    import stat

    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "文件夹"
    if stat.S_ISFIFO(mode):
        return "命名管道（FIFO）"
    if stat.S_ISSOCK(mode):
        return "套接字（socket）"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备文件"
    return "特殊文件"


def read_limited(path: Path | str, max_bytes: int) -> bytes:
    """The bytes of the regular file at ``path``, never more than ``max_bytes`` of them:
    anything else (a FIFO, a device such as /dev/zero, a socket, a folder, a symbolic link
    to one of these or a loop of links) is a :class:`ReadError` before a byte is read. The
    file is looked at before it is opened (opening a FIFO would wait for a writer), opened
    without blocking, looked at again (it may have been swapped), and read at most
    ``max_bytes + 1`` bytes at a time, so that a file growing as it is read is refused too."""
    import errno

    try:
        kind = _kind_of(os.stat(path).st_mode)
        if kind == "文件夹":
            raise ReadError("这是一个文件夹，不是文件")
        if kind:
            raise ReadError(f"不是普通文件（{kind}），不予读取")
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except ReadError:
        raise
    except FileNotFoundError:
        raise ReadError("文件不存在") from None
    except PermissionError:
        raise ReadError("没有读取该文件的权限") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise ReadError("符号链接形成循环，无法读取") from None
        raise ReadError(f"无法读取文件：{exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        kind = _kind_of(info.st_mode)
        if kind:
            raise ReadError(f"不是普通文件（{kind}），不予读取")
        if info.st_size > max_bytes:
            raise TooLarge(f"文件过大（{info.st_size / MIB:.1f} MB，上限 {max_bytes / MIB:g} MB）")
        chunks, total = [], 0
        while total <= max_bytes:
            chunk = os.read(fd, min(max_bytes + 1 - total, 8 * MIB))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > max_bytes:
            raise TooLarge(f"文件过大（超过上限 {max_bytes / MIB:g} MB）")
        return b"".join(chunks)
    except OSError as exc:
        if exc.errno == errno.EISDIR:
            raise ReadError("这是一个文件夹，不是文件") from None
        raise ReadError(f"无法读取文件：{exc.strerror or exc}") from None
    finally:
        os.close(fd)


def read_path(path: Path, display: str | None = None, limits: Limits | None = None) -> Document:
    limits = limits or Limits()
    return read_bytes(read_limited(path, limits.max_bytes), display or str(path), limits)
