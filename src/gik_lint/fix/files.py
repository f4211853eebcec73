"""Fixing a report's bytes: lint, make the fixes, lint again until nothing is left to fix,
and give the text back in the file's own encoding (GB18030/GBK, UTF-8 with or without a
byte order mark, UTF-16/32 with theirs) and newline style. A text that cannot be written
back losslessly in its encoding is not fixed."""

from __future__ import annotations

import codecs
from collections import Counter
from collections.abc import Callable

from gik_lint.fix import FORMATS, plan
from gik_lint.fix.edits import Edit, FixError, apply
from gik_lint.records import field, record

ROUNDS = 10  # a fix may make another possible ("年年年"); never more than this many rounds

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_FORMAT_NAMES = {"html": "网页（HTML）", "docx": "Word", "pdf": "PDF", "image": "图片"}


@record
class Outcome:
    result: object  # the FileResult of the text as fixed (as it was, when nothing was fixed)
    initial: object = None  # the FileResult of the text as it was
    before: str | None = None  # the decoded source as read
    after: str | None = None  # as fixed
    data: bytes | None = None  # the fixed text encoded as the file was (None: nothing fixed)
    edits: list[Edit] = field(default_factory=list)  # every edit made, round after round
    refused: str | None = None  # why the file was not fixed, or not completely (zh-CN)

    @property
    def changed(self) -> bool:
        return self.data is not None and self.after != self.before

    def summary(self) -> str:
        """「GIK010 2 处，GIK011 1 处」"""
        counts = Counter(e.code for e in self.edits)
        return "，".join(f"{code} {n} 处" for code, n in sorted(counts.items()))


def encode_like(text: str, original: bytes, encoding: str) -> bytes:
    """``text`` encoded as ``original`` was: its byte order mark, then its encoding
    (:class:`UnicodeEncodeError` when a character has no place in it)."""
    for bom, codec in _BOMS:
        if original.startswith(bom):
            return bom + text.encode(codec)
    return text.encode(encoding)


def fix_bytes(data: bytes, lint: Callable[[bytes], object], fixable_codes=frozenset(), rounds: int = ROUNDS) -> Outcome:
    """Lint ``data`` (``lint(bytes) -> FileResult``), make the fixes its findings carry,
    and again, until no fix is left or ``rounds`` have been made. ``fixable_codes``: the
    rules that can fix (to say so for a report in a format that cannot be fixed)."""
    result = lint(data)
    report = getattr(result, "report", None)
    if result.error or report is None:
        return Outcome(result, result)
    document = report.document
    if document.format not in FORMATS or document.source is None:
        if any(f.code in fixable_codes for f in result.findings):
            name = _FORMAT_NAMES.get(document.format, document.format)
            return Outcome(result, result, refused=f"无法自动修复{name}文件（只修复 .txt 和 .md 文件），问题照常报告")
        return Outcome(result, result)
    before = text = document.source
    encoding = document.encoding or "utf-8"
    try:
        lossless = encode_like(before, data, encoding) == data
    except (UnicodeEncodeError, LookupError):
        lossless = False
    if not lossless:
        if plan(result):
            return Outcome(result, result, before, refused=f"文件无法按原编码（{encoding}）逐字节写回，未作修改")
        return Outcome(result, result, before)
    outcome = Outcome(result, result, before, before)
    current = data
    for _ in range(rounds):
        edits = plan(outcome.result)
        if not edits:
            break
        try:
            fixed = apply(text, edits)
        except FixError as exc:
            outcome.refused = str(exc)
            break
        try:
            encoded = encode_like(fixed, data, encoding)
        except UnicodeEncodeError:
            outcome.refused = f"修改后的文字无法用原编码（{encoding}）保存"
            break
        linted = lint(encoded)
        if linted.error or linted.report is None or linted.report.document.source != fixed:
            outcome.refused = f"修改后的文件无法重新检查：{linted.error or '读出的文字与修改不一致'}"
            break
        text, current, outcome.result = fixed, encoded, linted
        outcome.edits.extend(edits)
    if text != before:
        outcome.after, outcome.data = text, current
    return outcome
