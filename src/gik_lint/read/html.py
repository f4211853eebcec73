"""Web pages saved from government portals (.html, .htm).

Bytes are decoded here (BOM, then ``<meta charset>``, then strict UTF-8, then strict
GB18030) and handed to lxml as text, so the parser never guesses. The article body
is found among the portal's chrome by text density; the page's own metadata (title,
publication date, source organ) is kept in ``Document.meta``. Tables become grids
with their row and column spans; a cell holding only ``&nbsp;`` is blank, not zero.
Positions are lines and columns of the decoded source file.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from gik_lint.packcache import compile_re
from gik_lint.read.decode import decode
from gik_lint.read.document import Block, Document, Position, ReadError, grid_from_rows
from gik_lint.textnorm import arabic_dates, fold

FORMAT = "html"

_META_CHARSET = compile_re(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_XML_DECL = compile_re(r"^\s*<\?xml[^>]*\?>")
_NOISE_TAGS = ("script", "style", "noscript", "iframe", "nav", "header", "footer", "aside", "select", "button",
               "input", "textarea", "svg", "object", "embed", "head")
_NOISE_ATTR = compile_re(
    r"nav|menu|breadcrumb|crumb|footer|header|share|related|sidebar|side-bar|position|toolbar|login|search"
    r"|copyright|friend|link-?list|xglj|bottom|top-?bar|banner|guide|location|dqwz",
    re.I,
)
_BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article", "main",
               "blockquote", "pre", "dt", "dd", "dl", "center", "tr", "tbody", "thead", "tfoot", "form", "body",
               "address", "figure", "figcaption", "caption", "hr", "table", "td", "th"}
_HEADING = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_COUNTED = compile_re(r"[\u4e00-\u9fff0-9A-Za-z]")
_SPACE = compile_re(r"[\s\u00a0\u3000]+")
_WORD = compile_re(r"\S+")
_DATE = compile_re(r"(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")
_PUBLISHED_LABEL = compile_re(r"(发布(?:时间|日期)|发文日期|成文日期|生成日期|日期)\s*[:：]\s*")
_SOURCE_LABEL = compile_re(r"(?:信息)?来源\s*[:：]\s*([^\s|丨/]{2,40})")
_DATE_META = ("pubdate", "publishdate", "firstpublishedtime", "article:published_time", "dc.date", "publish_time")


def read(data: bytes, path: str, limits=None) -> Document:
    m = _META_CHARSET.search(data[:4096])
    source, encoding = decode(data, m.group(1).decode("ascii", "ignore") if m else None)
    from lxml import etree

    markup = _XML_DECL.sub("", source, count=1)
    if not markup.strip():
        raise ReadError("网页没有内容")
    # plain lxml.etree elements: lxml.html's element classes cost a lookup per node
    parser = etree.HTMLParser(no_network=True, remove_pis=True, huge_tree=False)
    try:
        root = etree.fromstring(markup, parser)
    except (etree.ParserError, ValueError) as exc:
        raise ReadError(f"无法解析网页：{exc}") from None
    if root is None:
        raise ReadError("网页没有内容")
    meta = _page_meta(root)
    locator = _Locator(source, markup_offset=len(source) - len(markup))
    content, weight = _content_root(root)
    builder = _Builder(locator, weight)
    builder.walk(content)
    builder.flush()
    blocks, tables = builder.blocks, builder.tables
    title = meta.get("title")
    if title and not any(_squash(title) in _squash(b.text) for b in blocks[:8]):
        # the title stood outside the article body: put it first, where the page has it
        at = source.find(title)
        line = source.count("\n", 0, at) + 1 if at >= 0 else 1
        column = at - source.rfind("\n", 0, at) if at >= 0 else 1
        blocks.insert(0, Block(title, line=line, column=column))
        for table in tables:
            table.after_block += 1
    if not blocks and not tables:
        raise ReadError("网页中没有正文文字")
    return Document(path=path, format=FORMAT, encoding=encoding, blocks=blocks, tables=tables, meta=meta, source=source)


def _squash(text: str) -> str:
    return _SPACE.sub("", text)


def _text(el) -> str:
    return _SPACE.sub(" ", "".join(el.itertext())).strip()


def _page_meta(root) -> dict[str, str]:
    meta: dict[str, str] = {}
    tags = {}
    for el in root.iter("meta"):
        name = (el.get("name") or el.get("property") or "").strip().lower()
        if name and el.get("content"):
            tags[name] = el.get("content").strip()
    for key in _DATE_META:
        if key in tags and _DATE.search(tags[key]):
            meta["published"] = _iso(_DATE.search(tags[key]))
            break
    page_text = " ".join(_text(el) for el in root.iter("body"))
    if "published" not in meta:
        page_text = arabic_dates(fold(page_text))  # a date in Chinese numerals: 二〇二一年一月二十日
        for label in _PUBLISHED_LABEL.finditer(page_text):
            date = _DATE.match(page_text, label.end())
            if date:
                meta["published"] = _iso(date)
                if label.group(1).startswith("发布"):
                    break
    source = tags.get("contentsource") or tags.get("source")
    if not source:
        found = _SOURCE_LABEL.search(page_text)
        source = found.group(1) if found else None
    if source:
        meta["source"] = source
    title = tags.get("articletitle")
    if not title:
        for tag in ("h1", "h2", "h3"):
            for el in root.iter(tag):
                text = _text(el)
                if "报告" in text:
                    title = text
                    break
            if title:
                break
    if not title:
        page_title = root.find(".//title")
        if page_title is not None and "报告" in (page_title.text or ""):
            title = re.split(r"\s*[_|｜]\s*|\s+-\s+", page_title.text.strip())[0]
    if title:
        meta["title"] = title
    return meta


def _iso(m: re.Match) -> str:
    return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"


def _weights(root) -> tuple[dict, dict]:
    """For every element: how much text it holds (CJK characters, letters, digits),
    and how much of that is link text; one pass, bottom up."""
    weight: dict = {}
    links: dict = {}

    def visit(el) -> None:
        w = len(_COUNTED.findall(el.text or "")) if isinstance(el.tag, str) else 0
        lw = 0
        for child in el:
            if isinstance(child.tag, str):
                visit(child)
                w += weight[child]
                lw += links[child]
            w += len(_COUNTED.findall(child.tail or ""))
        weight[el] = w
        links[el] = w if el.tag == "a" else lw

    visit(root)
    return weight, links


def _drop(el) -> None:
    """Remove ``el`` and what it holds, keeping the text that follows it."""
    parent = el.getparent()
    if el.tail:
        previous = el.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _content_root(root):
    """The element that holds the article: the container that gathers the most text
    from its paragraphs and tables, links and portal chrome not counted; and how much
    text each element holds (see _weights)."""
    weight, links = _weights(root)
    for el in [e for e in root.iter() if isinstance(e.tag, str) and e.getparent() is not None]:
        attrs = " ".join(filter(None, (el.get("id"), el.get("class"))))
        if el.tag in _NOISE_TAGS or (attrs and _NOISE_ATTR.search(attrs) and weight[el] < 400):
            for ancestor in el.iterancestors():  # what it held no longer counts above it
                weight[ancestor] -= weight[el]
                links[ancestor] -= links[el]
            _drop(el)
    scores: dict = {}
    for el in root.iter("p", "pre", "h1", "h2", "h3", "h4", "li", "table", "div", "td", "span", "font"):
        if el.tag == "table" and not _is_data_table(el, weight):
            continue  # a layout table: its cells count as paragraphs instead
        if el.tag in ("div", "td", "span", "font") and any(
            isinstance(c.tag, str) and c.tag in _BLOCK_TAGS for c in el
        ):
            continue  # only leaf containers count as paragraphs
        score = weight[el] - links[el]
        if score <= 0:
            continue
        parent = el.getparent()
        if parent is not None:
            scores[parent] = scores.get(parent, 0) + score
            grand = parent.getparent()
            if grand is not None:
                scores[grand] = scores.get(grand, 0) + score / 2
    body = root.find("body")
    if not scores:
        return (body if body is not None else root), weight
    best = max(scores, key=scores.get)
    # prefer the ancestor when the best node holds only part of the article
    parent = best.getparent()
    while parent is not None and parent.tag not in ("body", "html") and scores.get(parent, 0) > scores[best] * 1.2:
        best, parent = parent, parent.getparent()
    return best, weight


class _Locator:
    """Finds where text stands in the decoded source, moving forward only."""

    def __init__(self, source: str, markup_offset: int):
        self.source = source
        self.cursor = markup_offset
        self.line_starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", source)]

    def find(self, text: str, hint_line: int | None) -> tuple[int, int] | None:
        """(line, column) of ``text``'s first characters at or after the cursor."""
        key = text[:6]
        if hint_line is not None and hint_line - 1 < len(self.line_starts):
            self.cursor = max(self.cursor, self.line_starts[hint_line - 1])
        at = self.source.find(key, self.cursor, self.cursor + 50_000)
        if at < 0:
            return None
        self.cursor = at + len(key)
        line = bisect_right(self.line_starts, at)
        return line, at - self.line_starts[line - 1] + 1


class _Builder:
    """Walks the article in reading order: text into blocks, tables into grids."""

    def __init__(self, locator: _Locator, weight: dict):
        self.locator = locator
        self.weight = weight  # text held, by element
        self.blocks: list[Block] = []
        self.tables = []
        self.pieces: list[tuple[str, int | None]] = []  # (text, sourceline of its element)
        self.level: int | None = None

    def flush(self) -> None:
        text, anchors = "", []
        for piece, line in self.pieces:
            piece = _SPACE.sub(" ", piece)
            if not piece.strip():
                if text and not text.endswith(" "):
                    text += " "
                continue
            if not text:
                piece = piece.lstrip()
            for word in _WORD.finditer(piece):
                found = self.locator.find(word.group().replace("\u00a0", " "), line)
                if found:
                    anchors.append((len(text) + word.start(), *found))
            text += piece
        self.pieces = []
        text = text.rstrip()
        if text:
            first = anchors[0] if anchors else (0, None, 1)
            self.blocks.append(
                Block(text, line=first[1], column=first[2], heading_level=self.level, anchors=tuple(anchors) or None)
            )
        self.level = None

    def walk(self, el) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "br":
            self.flush()
        elif tag == "table" and _is_data_table(el, self.weight):
            self.flush()
            self.tables.append(self._table(el))
        elif tag:
            block = tag in _BLOCK_TAGS
            if block:
                self.flush()
                if tag in _HEADING:
                    self.level = _HEADING[tag]
            if el.text:
                self.pieces.append((el.text, el.sourceline))
            for child in el:
                self.walk(child)
                if child.tail:
                    self.pieces.append((child.tail, child.sourceline))
            if block:
                self.flush()

    def _table(self, el):
        rows = []
        for tr in el.iter("tr"):
            if _nearest_table(tr) is not el:
                continue  # a row of a nested table
            row = []
            for cell in tr:
                if not isinstance(cell.tag, str) or cell.tag not in ("td", "th"):
                    continue
                text = _text(cell)
                found = self.locator.find(text, cell.sourceline) if text else None
                pos = Position(*found) if found else Position(cell.sourceline, None)
                row.append((text, _span(cell.get("rowspan")), _span(cell.get("colspan")), pos))
            if row:
                rows.append(row)
        return grid_from_rows(rows, Position(el.sourceline, None), after_block=len(self.blocks))


def _span(value: str | None) -> int:
    if value is None:
        return 1
    try:
        return max(1, min(int((value or "1").strip()), 1000))
    except ValueError:
        return 1


def _nearest_table(el):
    parent = el.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent


def _is_data_table(el, weight: dict) -> bool:
    """A table of data, not one that lays out the page: no nested tables and no long
    paragraphs in its cells."""
    if el.find(".//table") is not None:
        return False
    cells = list(el.iter("td", "th"))
    return bool(cells) and max(weight.get(c, 0) for c in cells) < 300


