"""Feedback letters, one Word file per organ (``gik-lint audit --letters``): what the office
sends each organ whose reports it audited, its findings in the order to fix them.

A letter (关于××政府信息公开工作年度报告审核意见的函) has one part per report of the organ
(an organ audited over several years gets one letter); a part lists the report's findings
errors first, then warnings, then info, and those no rule could assess in a part of their
own (需人工核对); within a group, in the report's order. Each finding: its number, code
and rule, the message, the place, the section, the evidence as sentences and the legal
basis. A finding the office dismissed in triage is left out; one it confirmed is marked.

Word files because offices exchange them; python-docx (the ``[letters]`` extra) writes
them. Text from reports goes in as text: characters XML cannot hold are dropped."""

from __future__ import annotations

import hashlib
import io
import json
import re
import time
import unicodedata
from pathlib import Path

from gik_lint import __version__
from gik_lint.audit.outputs import SEVERITY_ZH, where
from gik_lint.audit.pictures import labels
from gik_lint.audit.staging import LETTERS_MANIFEST, _test_pause
from gik_lint.packcache import compile_re
from gik_lint.report.evidence_text import describe

OFFICE_PLACEHOLDER = "【审核单位名称】"
ADDRESSEE_PLACEHOLDER = "【报送单位名称】"
# the order to fix them in: errors, warnings, info; then what no rule could assess
GROUPS = (("error", "须整改"), ("warning", "应整改"), ("info", "建议修改"))
MANUAL = "需人工核对"
_ORDINAL = "一二三四五六七八九十"
NAME_LIMIT = 60  # characters of a letter's file name before .docx (Windows keeps paths under 260)
_FORBIDDEN = compile_re(r'[\\/:*?"<>|\x00-\x1f\x7f]')  # what Windows (or any system) refuses in a file name
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(1, 10)), *(f"LPT{n}" for n in range(1, 10))}
_NOT_XML = compile_re("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")

# fonts: Chinese text in 宋体 / 黑体 (every Chinese Windows, WPS and Word has them; elsewhere
# the font table's charset 86, GB2312, makes LibreOffice substitute a Chinese font)
BODY_FONT, HEADING_FONT, LATIN_FONT = "宋体", "黑体", "Times New Roman"
_FONT_TABLE = {"宋体": ("SimSun", "02010600030101010101"), "黑体": ("SimHei", "02010609060101010101")}


def available() -> bool:
    """Whether python-docx, which writes the letters, is installed."""
    try:
        import docx  # noqa: F401
    except ImportError:
        return False
    return True


def clean(text) -> str:
    """Report text as a letter can hold it: no character XML refuses, whitespace as single spaces."""
    text = str(text if text is not None else "")
    text = text.encode("utf-8", "replace").decode("utf-8")  # a file name's undecodable bytes
    return " ".join(_NOT_XML.sub("", text).split())


def safe_name(text: str, limit: int = NAME_LIMIT) -> str:
    """``text`` as a file name every system takes: no / \\ : * ? " < > | nor control
    characters, no trailing dot or space, no reserved device name, at most ``limit`` characters."""
    name = _FORBIDDEN.sub("_", unicodedata.normalize("NFC", clean(text)))
    name = name[:limit].rstrip(" .") or "报告"
    if name.split(".")[0].upper() in _RESERVED:
        name = "_" + name
    return name


def _date(started: str) -> str:
    """2025-01-05 09:30:00 -> 2025年1月5日 (the run's date, as a letter is dated)."""
    match = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", started or "")
    if not match:
        return clean(started)
    year, month, day = match.groups()
    return f"{year}年{int(month)}月{int(day)}日"


def _ordinal(n: int) -> str:
    if n > 99:
        return str(n)
    if n <= 10:
        return _ORDINAL[n - 1]
    tens, units = divmod(n, 10)
    return (_ORDINAL[tens - 1] if tens > 1 else "") + "十" + (_ORDINAL[units - 1] if units else "")


def organs(rows: list[dict]) -> list[tuple[str | None, list[dict]]]:
    """The reports by organ: (organ's name as addressed, its reports by year and file), the
    organs by name; a report whose organ is not identified is a letter of its own (None)."""
    by_organ: dict[str, list[dict]] = {}
    alone = []
    for row in rows:
        key = row.get("identity") or row.get("agency")
        if key:
            by_organ.setdefault(key, []).append(row)
        else:
            alone.append(row)
    letters = []
    for _, reports in sorted(by_organ.items()):
        reports.sort(key=lambda r: (r.get("year") or 0, r["path"]))
        # addressed by the name the latest report gives itself (淮安市洪泽区人民政府, not 洪泽区人民政府)
        latest = reports[-1]
        letters.append((latest.get("agency") or latest.get("identity"), reports))
    letters += [(None, [row]) for row in sorted(alone, key=lambda r: r["path"])]
    return letters


def file_names(letters: list[tuple[str | None, list[dict]]]) -> list[str]:
    """Each letter's file name: 机关-2023-2024.docx (the years of its reports), or
    机关未识别-文件名.docx; unique, whatever the case (Windows and macOS ignore it)."""
    taken: set[str] = set()
    names = []
    for organ, reports in letters:
        years = sorted({r["year"] for r in reports if r.get("year")})
        if organ:
            suffix = "".join(f"-{y}" for y in years)
            if len(suffix) > NAME_LIMIT // 3:  # many years: the first and the last
                suffix = f"-{years[0]}至{years[-1]}"
            stem = safe_name(organ, NAME_LIMIT - len(suffix)) + suffix
        else:
            stem = "机关未识别-" + safe_name(Path(reports[0]["path"]).stem, NAME_LIMIT - 6)
        name, n = stem, 1
        while name.casefold() in taken:
            n += 1
            name = f"{stem}-{n}"
        taken.add(name.casefold())
        names.append(name + ".docx")
    return names


def _position(f: dict) -> tuple:
    """Where a finding is in its report, for the report's order: the findings that concern
    the whole report (no position) first."""
    return (f.get("page") or 0, f.get("line") or 0, f.get("column") or 0, f.get("paragraph") or 0)


def in_order(findings: list[dict], decisions: dict) -> list[tuple[str, list[dict]]]:
    """The findings to put in a letter, in the order to fix them: (group, findings) for
    错误, 警告, 提示 and 需人工核对, each in the report's order; dismissed ones left out."""
    kept = [f for f in findings if (decisions.get(f.get("fingerprint")) or ("",))[0] != "dismissed"]
    groups = []
    for severity, _ in GROUPS:
        group = [f for f in kept if f.get("outcome", "fail") == "fail" and f.get("severity") == severity]
        groups.append((severity, sorted(group, key=_position)))
    manual = [f for f in kept if f.get("outcome", "fail") != "fail" or f.get("severity") not in SEVERITY_ZH]
    groups.append((MANUAL, sorted(manual, key=_position)))
    return [(name, group) for name, group in groups if group]


def _section_name(f: dict, row: dict, regimes: dict | None) -> str:
    section = f.get("section")
    if not section:
        return ""
    regime = (regimes or {}).get(row.get("regime") or "")
    spec = regime.section(section) if regime is not None else None
    return spec.canonical if spec is not None else ""


def write_letters(folder: Path, rows: list[dict], rules: dict, run: int, started: str, office: str | None = None,
                  decisions: dict | None = None, regimes: dict | None = None) -> list[Path]:
    """One letter per organ into ``folder`` (created; the audit stages it and puts it in
    place), and the manifest of what was written. ``rules``: code -> Rule (its summary);
    ``decisions``: fingerprint -> (decision, note) from the history's triage; ``regimes``:
    the linter's, to name sections. Returns the letters' paths."""
    folder.mkdir(parents=True, exist_ok=True)
    letters = organs(rows)
    template = _template() if letters else b""
    written = []
    manifest = {}
    for (organ, reports), name in zip(letters, file_names(letters)):
        path = folder / name
        buffer = io.BytesIO()
        _letter(template, organ, reports, rules, run, started, office, decisions or {}, regimes).save(buffer)
        path.write_bytes(buffer.getvalue())  # (on disk: Staging.done syncs the folder's files)
        manifest[name] = hashlib.sha256(buffer.getvalue()).hexdigest()
        written.append(path)
        pause = _test_pause("letter")
        if pause:
            time.sleep(pause)
    (folder / LETTERS_MANIFEST).write_text(json.dumps({"tool": "gik-lint", "run": run, "letters": manifest}, ensure_ascii=False,
                                              indent=1) + "\n", encoding="utf-8")
    return written


# --- the Word document ----------------------------------------------------------------------

def _fonts(element, east: str, latin: str = LATIN_FONT) -> None:
    """Set the fonts of a style's or a run's properties, Chinese text in ``east``, and say
    the text is Chinese (zh-CN), so that Word, WPS and LibreOffice pick a Chinese font."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rpr = element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    for key, value in (("w:ascii", latin), ("w:hAnsi", latin), ("w:eastAsia", east), ("w:cs", latin), ("w:hint", "eastAsia")):
        fonts.set(qn(key), value)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        following = [rpr.find(qn(t)) for t in ("w:eastAsianLayout", "w:specVanish", "w:oMath")]
        following = [e for e in following if e is not None]
        if following:
            following[0].addprevious(lang)
        else:
            rpr.append(lang)
    lang.set(qn("w:val"), "zh-CN")
    lang.set(qn("w:eastAsia"), "zh-CN")


def _font_table(document) -> None:
    """Declare 宋体 and 黑体 in the font table with their English names and the GB2312
    charset: where they are missing, Word and LibreOffice substitute a Chinese font."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    part = document.part.part_related_by(RT.FONT_TABLE)
    blob = part.blob.decode("utf-8")
    entries = "".join(
        f'<w:font w:name="{name}"><w:altName w:val="{alt}"/><w:panose1 w:val="{panose}"/><w:charset w:val="86"/>'
        f'<w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>'
        for name, (alt, panose) in _FONT_TABLE.items() if f'w:name="{name}"' not in blob)
    part._blob = blob.replace("</w:fonts>", entries + "</w:fonts>").encode("utf-8")


# the letter's own paragraph styles (built once into a template, see _template), based on
# Normal: name -> (size, bold, first-line indent, left indent, space before, space after,
# keep with next, right-aligned); sizes and spaces in points
_STYLES = {
    "Letter Body": (None, False, 24, None, None, None, False, False),  # indented by two characters
    "Finding": (None, True, None, None, 6, 1, True, False),  # kept with its details
    "Finding Detail": (None, False, None, 18, None, 1, True, False),
    "Signature": (None, False, None, None, None, None, False, True),
    "Letter Note": (9, False, None, None, 12, None, False, False),  # small, grey
}


def _styles(document) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    styles = document.styles
    normal = styles["Normal"]
    normal.font.size = Pt(12)
    _fonts(normal.element, BODY_FONT)
    normal.paragraph_format.line_spacing = 1.25
    normal.paragraph_format.space_after = Pt(3)
    for name, size, align in (("Title", 20, WD_ALIGN_PARAGRAPH.CENTER), ("Heading 1", 15, None),
                              ("Heading 2", 13, None)):
        style = styles[name]
        _fonts(style.element, HEADING_FONT)
        style.font.size = Pt(size)
        style.font.bold = name != "Title"
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        if align is not None:
            style.paragraph_format.alignment = align
        style.paragraph_format.space_before = Pt(12)
        style.paragraph_format.space_after = Pt(18 if name == "Title" else 6)
        ppr = style.element.get_or_add_pPr()
        border = ppr.find(qn("w:pBdr"))  # the template's Title has a rule under it
        if border is not None:
            ppr.remove(border)
    for name, (size, bold, first, left, before, after, keep, right) in _STYLES.items():
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.quick_style = True
        fmt = style.paragraph_format
        if size:
            style.font.size = Pt(size)
            style.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
        if bold:
            style.font.bold = True
        if first is not None:
            fmt.first_line_indent = Pt(first)
        if left is not None:
            fmt.left_indent = Pt(left)
        if before is not None:
            fmt.space_before = Pt(before)
        if after is not None:
            fmt.space_after = Pt(after)
        if keep:
            fmt.keep_with_next = True
        if right:
            fmt.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _font_table(document)


def _page(document) -> None:
    """A4, with the margins of an official document (GB/T 9704)."""
    from docx.shared import Mm

    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)


def _template() -> bytes:
    """An empty letter with its styles, fonts and page: made once per run, each letter starts from it."""
    from docx import Document

    document = Document()
    _styles(document)
    _page(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


class _Letter:
    """A letter being written: paragraphs in the template's styles (looked up once)."""

    def __init__(self, template: bytes):
        from docx import Document

        self.document = Document(io.BytesIO(template))
        # style ids, set on each paragraph as they are (python-docx would look the default style
        # up for each paragraph given a style object: most of a letter's time)
        styles = self.document.styles
        self.ids = {name: styles[name].style_id for name in ("Title", "Heading 1", "Heading 2", *_STYLES)}

    def add(self, text: str = "", style: str = "Normal", label: str | None = None):
        paragraph = self.document.add_paragraph()
        if style != "Normal":
            paragraph._p.style = self.ids[style]
        if label:
            paragraph.add_run(label).bold = True
        if text:
            paragraph.add_run(clean(text))
        return paragraph


def _counts(groups: list[tuple[str, list[dict]]]) -> str:
    n = {name: len(group) for name, group in groups}
    line = f"{n.get('error', 0)} 个错误、{n.get('warning', 0)} 个警告、{n.get('info', 0)} 条提示"
    if n.get(MANUAL):
        line += f"；另有 {n[MANUAL]} 项需人工核对"
    return line


def _letter(template: bytes, organ: str | None, reports: list[dict], rules: dict, run: int, started: str,
            office: str | None, decisions: dict, regimes: dict | None):
    letter = _Letter(template)
    office_name = clean(office) or OFFICE_PLACEHOLDER
    years = sorted({r["year"] for r in reports if r.get("year")})
    years_text = "、".join(f"{y}年" for y in years)
    organ_text = clean(organ)
    if organ_text:
        title = f"关于{organ_text}{years_text}政府信息公开工作年度报告审核意见的函"
    else:
        title = f"关于政府信息公开工作年度报告（{clean(Path(reports[0]['path']).name)}）审核意见的函"
    properties = letter.document.core_properties
    properties.title, properties.author, properties.language = title, clean(office) or "gik-lint", "zh-CN"
    properties.comments = f"gik-lint {__version__}，第 {run} 次审核（{clean(started)}）"

    letter.add(title, "Title")
    letter.add(f"{organ_text or ADDRESSEE_PLACEHOLDER}：")
    letter.add(f"我单位对你单位{'报送的' if not years_text else ''}{years_text}政府信息公开工作年度报告进行了审核。"
               f"现将审核意见函告如下，请按所列顺序逐项核实整改：“错误”为不符合规定、须予修改的问题，“警告”为应予修改的问题，"
               f"“提示”为建议修改之处；“需人工核对”的事项无法自动判定，请对照原文核实。每项均注明所在位置、所见证据和依据。",
               "Letter Body")

    for number, row in enumerate(reports, start=1):
        letter.add(f"{_ordinal(number)}、" + (f"{row['year']}年度报告" if row.get("year") else "年度报告"), "Heading 1")
        letter.add(Path(row["path"]).name, label="文件：")
        if row.get("title"):
            letter.add(row["title"], label="标题：")
        if row.get("error"):
            letter.add(f"该文件无法读取，未能审核。原因：{clean(row['error']).rstrip('。')}。"
                       f"请核实文件是否完整，重新报送可以读取的文件。", label="审核结果：")
            continue
        groups = in_order(row.get("findings") or [], decisions)
        if not groups:
            letter.add("未发现需要整改的问题。", label="审核结果：")
            continue
        letter.add(_counts(groups) + "。", label="审核结果：")
        item = 0
        for index, (name, group) in enumerate(groups, start=1):
            label = MANUAL if name == MANUAL else f"{SEVERITY_ZH[name]}（{dict(GROUPS)[name]}）"
            letter.add(f"（{_ordinal(index)}）{label}，共 {len(group)} 项", "Heading 2")
            for f in group:
                item += 1
                _finding(letter, item, f, row, rules, decisions, regimes)

    letter.add()
    letter.add("请你单位对照上述意见逐项核实整改，在原发布渠道更新年度报告，并将整改情况函告我单位。", "Letter Body")
    letter.add("特此函告。", "Letter Body")
    letter.add()
    letter.add(office_name, "Signature")
    letter.add(_date(started), "Signature")
    letter.add(f"（本函依据 gik-lint {__version__} 第 {run} 次审核（{clean(started)}）的结果编制；问题的判定以所列依据为准。）",
               "Letter Note")
    return letter.document


def _finding(letter: _Letter, item: int, f: dict, row: dict, rules: dict, decisions: dict, regimes: dict | None) -> None:
    rule = rules.get(f.get("code"))
    summary = clean(getattr(rule, "summary", "") or f.get("name") or "")
    severity = "无法评估" if f.get("outcome", "fail") != "fail" else SEVERITY_ZH.get(f.get("severity"), f.get("severity"))
    decision = decisions.get(f.get("fingerprint"))
    confirmed = bool(decision) and decision[0] == "confirmed"
    letter.add(f"{item}. {clean(f.get('code'))}【{severity}】{summary}" + ("（经复核确认）" if confirmed else ""), "Finding")
    details = [("问题：", f.get("message"))]
    place = where(f)
    section = _section_name(f, row, regimes)
    if place or section:
        details.append(("位置：", "；".join(p for p in (place, f"「{section}」部分" if section else "") if p)))
    evidence = describe(f.get("evidence"), labels(row.get("tables") or []))
    if evidence:
        details.append(("证据：", evidence))
    details.append(("依据：", f.get("basis") or ""))
    if confirmed and decision[1]:
        details.append(("复核意见：", decision[1]))
    for label, text in details:
        last = letter.add(text, "Finding Detail", label=label)
    last.paragraph_format.keep_with_next = False  # the finding is kept together, not with the next one
