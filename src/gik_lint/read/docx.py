"""Word files (.docx), read from the zip with lxml directly.

What Word shows is what is read: automatic list numbering ("一、" that is not in the
paragraph text) is rebuilt from numbering.xml; tracked changes are taken as accepted
(insertions kept, deletions dropped); fields give their result, not their code; text
boxes are read after the paragraph that anchors them; hidden text is skipped. Tables
keep their merged cells (gridSpan, vMerge). Positions are paragraph numbers: every
paragraph of the body, tables and text boxes included, counted from 1.

The zip and its XML are checked before use: too many parts, too large once unpacked,
a suspicious compression ratio, or a DTD (entity expansion) end the read with an error.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile

from gik_lint.packcache import compile_re
from gik_lint.read.document import Block, Document, Position, ReadError, grid_from_rows

FORMAT = "docx"

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_MAX_PARTS = 10_000
_HEADING_NAME = compile_re(r"(?:heading|标题)\s*(\d)", re.I)
_CN = "零一二三四五六七八九"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_CACHE: dict = {}  # (builder, digest of the part) -> parsed styles or numbering
_SKIP = {W + "del", W + "moveFrom", W + "instrText", W + "delText", MC + "Fallback", W + "rPr", W + "pPr"}
# tags as lxml names them, made once (the run walk compares every element with them)
_FLD_CHAR, _FLD_CHAR_TYPE, _TEXT_BOX, _RUN, _TEXT, _TAB, _HYPHEN, _PARAGRAPH = (
    W + t for t in ("fldChar", "fldCharType", "txbxContent", "r", "t", "tab", "noBreakHyphen", "p")
)
_BREAKS = (W + "br", W + "cr")
_RUN_PROPERTIES, _VANISH, _VAL = W + "rPr", W + "vanish", W + "val"
_SPACES = compile_re(r"\s+")
_SPACES_IN_LINE = compile_re(r"[ \t\u00a0]+")


def read(data: bytes, path: str, limits) -> Document:
    parts = _Parts(data, limits)
    body = parts.xml("word/document.xml", required=True).find(W + "body")
    if body is None:
        raise ReadError("不是有效的 .docx 文件（word/document.xml 中没有正文）")
    styles = parts.cached("word/styles.xml", _Styles)
    numbering = _Numbering(parts.cached("word/numbering.xml", _NumberingDefinitions))
    reader = _BodyReader(styles, numbering)
    reader.container(body)
    if not reader.blocks and not reader.tables:
        raise ReadError("Word 文件中没有文字")
    meta = {}
    core = parts.xml("docProps/core.xml")
    if core is not None:
        title = core.find("{http://purl.org/dc/elements/1.1/}title")
        if title is not None and title.text and "报告" in title.text:
            meta["title"] = title.text.strip()
    return Document(path, FORMAT, None, reader.blocks, reader.tables, meta)


class _Parts:
    def __init__(self, data: bytes, limits):
        self.limits = limits
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, ValueError, OSError) as exc:
            raise ReadError(f"不是有效的 .docx 文件（zip 结构损坏：{exc}）") from None
        if len(infos) > _MAX_PARTS:
            raise ReadError(f".docx 包含的部件过多（{len(infos)} 个），拒绝读取")
        if sum(i.file_size for i in infos) > limits.max_unpacked:
            raise ReadError(".docx 解压后过大，可能是 zip 炸弹，拒绝读取")

    def cached(self, name: str, build):
        """``build(root)`` for a part, shared by files whose part is byte-identical
        (reports made from one template share their styles and numbering)."""
        raw = self.raw(name)
        key = (build, hashlib.blake2b(raw or b"", digest_size=16).digest())
        if key not in _CACHE:
            if len(_CACHE) > 64:
                _CACHE.clear()
            _CACHE[key] = build(self._parse(name, raw) if raw is not None else None)
        return _CACHE[key]

    def xml(self, name: str, required: bool = False):
        raw = self.raw(name, required)
        return None if raw is None else self._parse(name, raw)

    def raw(self, name: str, required: bool = False) -> bytes | None:
        try:
            info = self.zip.getinfo(name)
        except KeyError:
            if required:
                raise ReadError(f"不是有效的 .docx 文件（缺少 {name}）") from None
            return None
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > self.limits.max_part or (info.file_size > 1_000_000 and ratio > self.limits.max_ratio):
            raise ReadError(f".docx 中的 {name} 解压后过大或压缩比异常，可能是 zip 炸弹，拒绝读取")
        try:
            with self.zip.open(info) as fh:
                raw = fh.read(self.limits.max_part + 1)
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError) as exc:
            raise ReadError(f".docx 中的 {name} 无法解压：{exc}") from None
        if len(raw) > self.limits.max_part:
            raise ReadError(f".docx 中的 {name} 解压后过大，拒绝读取")
        return raw

    @staticmethod
    def _parse(name: str, raw: bytes):
        from lxml import etree

        if b"<!DOCTYPE" in raw[:4096] or b"<!ENTITY" in raw[:4096]:
            raise ReadError(f".docx 中的 {name} 含有 DTD/实体声明，拒绝解析（可能是恶意文件）")
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
        try:
            return etree.fromstring(raw, parser=parser)
        except etree.XMLSyntaxError as exc:
            raise ReadError(f".docx 中的 {name} 不是有效的 XML：{exc}") from None


def _val(el, tag: str) -> str | None:
    found = el.find(W + tag) if el is not None else None
    return found.get(_VAL) if found is not None else None


class _Styles:
    """Heading levels and list numbering that paragraph styles carry."""

    def __init__(self, root):
        self.level: dict[str, int] = {}
        self.numpr: dict[str, tuple[str, int]] = {}
        based: dict[str, str] = {}
        if root is None:
            return
        for style in root.iter(W + "style"):
            sid = style.get(W + "styleId")
            if not sid:
                continue
            name = _val(style, "name") or ""
            ppr = style.find(W + "pPr")
            m = _HEADING_NAME.search(name) or _HEADING_NAME.search(sid)
            outline = _val(ppr, "outlineLvl")
            if m:
                self.level[sid] = int(m.group(1))
            elif outline is not None and outline.isdigit() and int(outline) < 9:
                self.level[sid] = int(outline) + 1
            numpr = ppr.find(W + "numPr") if ppr is not None else None
            if numpr is not None and _val(numpr, "numId"):
                self.numpr[sid] = (_val(numpr, "numId"), int(_val(numpr, "ilvl") or 0))
            if _val(style, "basedOn"):
                based[sid] = _val(style, "basedOn")
        for sid, parent in based.items():  # inherit along basedOn chains
            seen = {sid}
            while parent and parent not in seen:
                seen.add(parent)
                if sid not in self.level and parent in self.level:
                    self.level[sid] = self.level[parent]
                if sid not in self.numpr and parent in self.numpr:
                    self.numpr[sid] = self.numpr[parent]
                parent = based.get(parent)


class _NumberingDefinitions:
    """The list formats of numbering.xml: per list, per level, format, text and start."""

    def __init__(self, root):
        self.abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        if root is None:
            return
        for ab in root.iter(W + "abstractNum"):
            levels = {}
            for lvl in ab.iter(W + "lvl"):
                ilvl = int(lvl.get(W + "ilvl") or 0)
                start = _val(lvl, "start")
                levels[ilvl] = (_val(lvl, "numFmt") or "decimal", _val(lvl, "lvlText") or "", int(start or 1))
            self.abstract[ab.get(W + "abstractNumId")] = levels
        for num in root.iter(W + "num"):
            overrides = {}
            for ov in num.iter(W + "lvlOverride"):
                start = _val(ov, "startOverride")
                if start is not None:
                    overrides[int(ov.get(W + "ilvl") or 0)] = int(start)
            self.nums[num.get(W + "numId")] = (_val(num, "abstractNumId"), overrides)


class _Numbering:
    """Rebuilds the labels Word draws for automatic numbering ("一、", "（一）", "1."),
    counting as the document goes."""

    def __init__(self, definitions: _NumberingDefinitions):
        self.abstract = definitions.abstract
        self.nums = definitions.nums
        self.counters: dict[str, dict[int, int]] = {}

    def label(self, num_id: str, ilvl: int) -> str:
        if num_id not in self.nums or num_id == "0":
            return ""
        abstract_id, overrides = self.nums[num_id]
        levels = self.abstract.get(abstract_id, {})
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, {})
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        start = overrides.get(ilvl, levels[ilvl][2])
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        fmt, text, _ = levels[ilvl]
        if fmt in ("bullet", "none"):
            return ""

        def number(match: re.Match) -> str:
            k = int(match.group(1)) - 1
            level_fmt = levels.get(k, ("decimal", "", 1))[0]
            value = counters.get(k, overrides.get(k, levels.get(k, ("", "", 1))[2]))
            return _format(value, level_fmt)

        return re.sub(r"%(\d)", number, text)


def _format(n: int, fmt: str) -> str:
    if fmt.startswith("chinese") or fmt in ("ideographDigital", "taiwaneseCounting", "japaneseCounting"):
        return _chinese(n)
    if fmt.startswith("decimalEnclosedCircle") and 1 <= n <= 20:
        return _CIRCLED[n - 1]
    if fmt == "ideographTraditional" and 1 <= n <= 10:
        return _TIANGAN[n - 1]
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(d) + 0xFEE0) for d in str(n))
    if fmt in ("upperLetter", "lowerLetter") and 1 <= n <= 26:
        return chr((65 if fmt == "upperLetter" else 97) + n - 1)
    if fmt in ("upperRoman", "lowerRoman"):
        roman = _roman(n)
        return roman if fmt == "upperRoman" else roman.lower()
    return str(n)


def _chinese(n: int) -> str:
    if n < 10:
        return _CN[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else _CN[tens]) + "十" + (_CN[ones] if ones else "")
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, numeral in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                           (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + numeral, n - value
    return out


class _BodyReader:
    def __init__(self, styles: _Styles, numbering: _Numbering):
        self.styles = styles
        self.numbering = numbering
        self.blocks: list[Block] = []
        self.tables = []
        self.paragraphs = 0
        self.blank = False

    def container(self, el) -> None:
        """Paragraphs and tables of the body, a cell, or a text box, in order."""
        for child in el:
            if child.tag == W + "p":
                self.paragraph(child)
            elif child.tag == W + "tbl":
                self.tables.append(self.table(child))
                self.blank = True
            elif child.tag in (W + "sdt", W + "customXml", W + "sdtContent", W + "ins", W + "moveTo"):
                self.container(child)

    def paragraph(self, p) -> None:
        self.paragraphs += 1
        number = self.paragraphs
        lines, boxes = _runs_text(p)
        ppr = p.find(W + "pPr")
        style = _val(ppr, "pStyle")
        level = self.styles.level.get(style) if style else None
        outline = _val(ppr, "outlineLvl")
        if outline is not None and outline.isdigit() and int(outline) < 9:
            level = int(outline) + 1
        numpr = ppr.find(W + "numPr") if ppr is not None else None
        num = (_val(numpr, "numId"), int(_val(numpr, "ilvl") or 0)) if numpr is not None else self.styles.numpr.get(style)
        label = self.numbering.label(*num) if num and num[0] else ""
        if label and lines and not lines[0].lstrip().startswith(label.strip()):
            lines[0] = label + lines[0].lstrip()
        for line in lines:
            text = _SPACES_IN_LINE.sub(" ", line).strip()
            if not text:
                self.blank = True
                continue
            self.blocks.append(Block(text, paragraph=number, blank_before=self.blank, heading_level=level))
            self.blank = False
        if not any(line.strip() for line in lines):
            self.blank = True
        for box in boxes:
            self.container(box)

    def table(self, tbl):
        rows = []
        origin: dict[int, list] = {}  # grid column -> the cell (as a list) a vertical merge continues
        first_paragraph = self.paragraphs + 1
        for tr in tbl.iterchildren(W + "tr"):
            row, col = [], int(_val(tr.find(W + "trPr"), "gridBefore") or 0)
            for tc in tr.findall(W + "tc"):
                tcpr = tc.find(W + "tcPr")
                span = int(_val(tcpr, "gridSpan") or 1)
                vmerge = tcpr.find(W + "vMerge") if tcpr is not None else None
                start = self.paragraphs + 1
                text = self.cell_text(tc)
                if vmerge is not None and vmerge.get(W + "val") != "restart" and col in origin:
                    origin[col][1] += 1  # continue the merged cell above
                    if text:
                        origin[col][0] = (origin[col][0] + " " + text).strip()
                else:
                    cell = [text, 1, span, Position(paragraph=start)]
                    row.append(cell)
                    for c in range(col, col + span):
                        origin[c] = cell
                col += span
            rows.append(row)
        table = grid_from_rows([[tuple(c) for c in row] for row in rows], Position(paragraph=first_paragraph), len(self.blocks))
        return table

    def cell_text(self, tc) -> str:
        texts = []
        for p in tc.iter(W + "p"):
            self.paragraphs += 1
            lines, _ = _runs_text(p)
            texts.extend(lines)
        return _SPACES.sub(" ", " ".join(texts)).strip()


def _runs_text(p) -> tuple[list[str], list]:
    """The paragraph's visible text as lines (split at line breaks) and its text boxes."""
    lines = [""]
    boxes = []
    in_code = False  # inside a complex field's code (fldChar begin .. separate)

    def walk(el):
        nonlocal in_code
        for child in el:
            tag = child.tag
            if tag in _SKIP or not isinstance(tag, str):
                continue
            if tag == _FLD_CHAR:
                kind = child.get(_FLD_CHAR_TYPE)
                if kind == "begin":
                    in_code = True
                elif kind in ("separate", "end"):
                    in_code = False
            elif tag == _TEXT_BOX:
                boxes.append(child)
            elif tag == _RUN and _hidden(child):
                continue
            elif in_code:
                walk(child)  # still look for the field's end
            elif tag == _TEXT:
                lines[-1] += child.text or ""
            elif tag == _TAB:
                lines[-1] += "\t"
            elif tag in _BREAKS:
                lines.append("")
            elif tag == _HYPHEN:
                lines[-1] += "-"
            elif tag == _PARAGRAPH and lines[-1]:
                lines.append("")  # a paragraph nested in a run (rare)
                walk(child)
            else:
                walk(child)

    walk(p)
    return lines, boxes


def _hidden(run) -> bool:
    rpr = run[0] if len(run) else None  # w:rPr, where present, comes first
    if rpr is None or rpr.tag != _RUN_PROPERTIES:
        return False
    vanish = rpr.find(_VANISH)
    return vanish is not None and vanish.get(_VAL) not in ("0", "false", "off")
