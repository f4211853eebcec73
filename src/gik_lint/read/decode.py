"""Bytes to text: BOM, then strict UTF-8, then strict GB18030 (which covers GBK and
GB2312). No guessing: a file that is neither is reported, not mangled."""

from __future__ import annotations

import codecs

from gik_lint.read.document import ReadError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Control characters that never occur in a text report (tab, LF, VT, FF, CR excluded).
_BINARY_CONTROLS = bytes([*range(0, 9), *range(14, 28)])


# Labels pages declare for Chinese text; all are read as GB18030, their superset.
_GB_ALIASES = {"gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "ms936", "gb18030", "x-gb2312", "euc-cn"}


def decode(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Return ``(text, encoding)`` or raise :class:`ReadError`: by BOM, then the
    encoding the file declares (HTML ``<meta charset>``) if it decodes strictly, then
    strict UTF-8, then strict GB18030."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                raise ReadError(f"文件以 {encoding} 字节序标记开头，但内容无法按该编码解码") from None
    if _looks_binary(data):
        raise ReadError("不是文本文件（含有二进制数据）")
    candidates = ["utf-8", "gb18030"]
    if declared:
        # A single-byte label (latin-1 …) decodes anything into mojibake: only labels
        # that can carry Chinese are taken at their word.
        declared = declared.strip().lower()
        declared = "gb18030" if declared in _GB_ALIASES else declared
        if declared.startswith(("utf-8", "utf8", "gb18030", "big5")):
            candidates.insert(0, "utf-8" if declared.startswith("utf") else declared)
    for encoding in candidates:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise ReadError("无法识别文件编码：既不是 UTF-8，也不是 GB18030/GBK")


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = len(sample) - len(sample.translate(None, _BINARY_CONTROLS))
    return controls > max(2, len(sample) // 100)
