"""Read stage: bytes -> :class:`Document`, one reader per format."""

from __future__ import annotations

import os
from pathlib import Path

from gik_lint.read.document import Block, Document, Position, ReadError
from gik_lint.read.text import read_text

# suffix -> (format name, reader)
READERS = {
    ".txt": ("text", read_text),
    ".text": ("text", read_text),
    ".md": ("markdown", read_text),
    ".markdown": ("markdown", read_text),
}

MAX_BYTES = 50 * 1024 * 1024

__all__ = ["Block", "Document", "Position", "ReadError", "READERS", "read_bytes", "read_path"]


def read_bytes(data: bytes, path: str) -> Document:
    """Read ``data`` as the report named ``path`` (the name picks the format)."""
    suffix = os.path.splitext(path)[1].lower()
    if suffix not in READERS:
        supported = "、".join(sorted(READERS))
        raise ReadError(f"不支持的文件格式「{suffix or '无扩展名'}」（支持：{supported}）")
    if not data:
        raise ReadError("文件为空（0 字节）")
    if len(data) > MAX_BYTES:
        raise ReadError(f"文件过大（{len(data) // (1024 * 1024)} MB，上限 {MAX_BYTES // (1024 * 1024)} MB）")
    fmt, reader = READERS[suffix]
    return reader(data, path, fmt)


def read_path(path: Path, display: str | None = None) -> Document:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ReadError(f"文件过大（{size // (1024 * 1024)} MB，上限 {MAX_BYTES // (1024 * 1024)} MB）")
        data = path.read_bytes()
    except FileNotFoundError:
        raise ReadError("文件不存在") from None
    except IsADirectoryError:
        raise ReadError("这是一个文件夹，不是文件") from None
    except PermissionError:
        raise ReadError("没有读取该文件的权限") from None
    except OSError as exc:
        raise ReadError(f"无法读取文件：{exc.strerror or exc}") from None
    return read_bytes(data, display or str(path))
