"""What a document is: an annual report, a blank template of one, or not a report at all
(a README, meeting notes, a list of attachments, a notice that mentions 信息公开 once).

Precision first: a document is called a non-report only when nothing in it speaks for a
report. A real report whose title is garbled or missing, whose lines are hard-wrapped or
collapsed onto one, whose tables are flattened, or that predates the tables (2008) still
shows one of the signals: a report's title, two of the canonical sections, a statistical
table, or the report's subjects (主动公开, 依申请, 行政复议 …) in its text."""

from __future__ import annotations


from gik_lint.interpret.sections import map_sections
from gik_lint.packcache import compile_re
from gik_lint.textnorm import compact

REPORT, TEMPLATE, NOT_REPORT = "report", "template", "not-report"

# what a report's title names: the disclosure work and a report of it
_DISCLOSURE = compile_re(r"(?:信息公开|政务公开)")
_REPORT_NAME = compile_re(r"(?:信息公开|政务公开).{0,8}?(?:报告|年报)")
# a line that names the report but is a sentence, or another document about it
# ("关于报送2023年政府信息公开工作年度报告的通知"), is no report's title
_SENTENCE = compile_re(r"[，。；！？,;!?]")
_ABOUT_IT = compile_re(r"^(?:的)?(?:通知|函|批复|说明|清单|方案|模板|模版|范本|样本|纪要)")
# the subjects every report writes about, in its sections or its tables
_SUBJECTS = tuple(compile_re(p) for p in (
    r"主动公开", r"依申请", r"行政复议", r"行政诉讼", r"信息公开条例", r"存在的?(?:主要)?问题", r"改进",
    r"收费|减免", r"其他需要报告", r"总体情况", r"公开申请", r"年度报告|年报",
))
SUBJECTS_NEEDED = 5  # of the twelve: real reports name nine or more, notes and notices two or three
# a template's blanks, in its title or organ ("XX县", "20××年", "某某局", "〔 〕", "____")
_PLACEHOLDER = compile_re(r"X{2,}|x{2,}|×{2,}|\*{2,}|某某|〔\s*〕|_{2,}|○{2,}|〇{2,}|…")
_NUMBER = compile_re(r"[-+]?\d[\d,.]*%?")


def classify(report, regimes: dict) -> tuple[str, str | None]:
    """The document's kind (:data:`REPORT`, :data:`TEMPLATE`, :data:`NOT_REPORT`) and,
    for the last two, why (zh-CN)."""
    document = report.document
    if document.not_assessable or not document.blocks:
        return REPORT, None  # nothing to judge by: what cannot be read is said elsewhere (GIK002)
    shaped = _titled(report) or _sections(report, regimes) >= 2  # a report's title or its sections
    template = _template(report) if shaped else None
    if template:
        return TEMPLATE, template
    if shaped or report.tables:
        return REPORT, None
    text = compact("\n".join(b.text for b in document.blocks))
    if sum(1 for p in _SUBJECTS if p.search(text)) >= SUBJECTS_NEEDED:
        return REPORT, None
    return NOT_REPORT, "文件中既没有年度报告的标题，也没有其章节、统计表或主要内容（主动公开、依申请公开、行政复议等）"


def _titled(report) -> bool:
    """Whether a report's title names it: the title found at the top, or the page's own."""
    title = report.title
    if title is not None and _DISCLOSURE.search(compact(title.text)) and not _SENTENCE.search(title.text):
        block = report.document.blocks[title.end_block]
        if not _ABOUT_IT.match(compact(block.text[title.end:])):
            return True
    return bool(_REPORT_NAME.search(compact(report.document.meta.get("title", ""))))


def _sections(report, regimes: dict) -> int:
    """How many canonical sections the report's headings carry (under its regime, or the
    most under any regime when its year is not known)."""
    if report.regime is not None:
        return len(report.sections)
    return max((len(map_sections(report.outline, regime)) for regime in regimes.values()), default=0)


def _template(report) -> str | None:
    """Why the document, shaped as a report, is a blank template of one, or None: tables
    whose cells are all left blank, and a title or organ with placeholders, or neither
    organ nor year."""
    tables = report.document.tables
    cells = [cell.compact for table in tables for cell in table.cells]
    if not cells or "" not in cells or any(_NUMBER.fullmatch(c) for c in cells):
        return None
    named = " ".join(filter(None, (report.title.text if report.title else None, report.agency)))
    placeholder = _PLACEHOLDER.search(compact(named))
    if placeholder:
        return f"空白的年度报告模板：标题或机关名称中是占位符「{placeholder.group(0)}」，统计表均未填写"
    if report.agency is None and report.year is None:
        return "空白的年度报告模板：标题中没有机关名称和年度，统计表均未填写"
    return None
