"""section-count: an introduction that says how many parts the report has ("全文包括……
等六个部分", "由……N部分组成") agrees with the parts it has — its numbered parts and its
attachments ("附件1：……统计表") — and the parts it names are those the report has.

A listed name is compared with the parts by the regime's section wordings (the name and
a heading carry the same section) or by its words (a name the format does not know, such
as 统计表, found in a heading or an attachment's caption)."""

from __future__ import annotations


from gik_lint.check.finding import Hit
from gik_lint.check.kinds._text import view
from gik_lint.packcache import compile_re
from gik_lint.textnorm import cn_number, compact

NEEDS_REGIME = False

_STATEMENT = compile_re(r"(?:包括|包含|分为|由)(?P<names>[^。\d]{0,120}?)(?:等|共)?(?P<n>[一二三四五六七八九十]|\d{1,2})(?:个)?部分")
_ATTACHMENT = compile_re(r"附件\s*[\d一二三四五六七八九十]*\s*[:：]\s*(?P<caption>[^\s。；]{2,60})")
_SEPARATORS = compile_re(r"、|，|,|以及")
_AND = compile_re(r"[和及]")


def check(rule, report):
    parts = [s for s in report.outline.root.children]
    if len(parts) == 1 and parts[0].children:  # a title heading holding the report
        parts = parts[0].children
    numbered = [s for s in parts if s.heading.number is not None]
    if not numbered:
        return
    text = view(report, "document")
    for m in text.finditer(_STATEMENT):
        stated = cn_number(m.group("n"))
        if stated is None:
            return
        attachments = [a.group("caption") for a in _ATTACHMENT.finditer(text.flat, m.match.end())]
        for reading in report.tables.values():  # a table of its own (the 2008 statistics table) read where no part or attachment names it
            title = reading.table.spec.title
            if reading.table.found and report.regime.section(reading.table.spec.section) is None and not any(
                    title in compact(c) for c in [s.heading.text for s in numbered] + attachments):
                attachments.append(title)
        found = len(numbered) + len(attachments)
        captions = [s.heading.text for s in numbered] + attachments
        unlisted, absent = _compare(report, m.group("names"), numbered, captions)
        if stated != found or absent:
            yield Hit(start=m.start, end=m.end,
                      context={"stated": stated, "found": found, "text": m.group(0), "attachments": len(attachments),
                               "absent": absent, "unlisted": unlisted},
                      evidence={"stated": stated, "parts": captions, "listed_not_found": absent, "found_not_listed": unlisted})
        return  # the first such statement is the introduction's


def _names(listed: str, known) -> list[str]:
    """The names a statement lists: set apart by 、，以及, and by 和 / 及 where the two
    sides name different things (not "收费及减免情况", "行政复议和行政诉讼情况")."""
    out = []
    for name in (compact(x) for x in _SEPARATORS.split(listed)):
        halves = _AND.split(name, maxsplit=1) if _AND.search(name) else []
        if len(halves) == 2 and all(known(h) for h in halves) and known(halves[0]) != known(halves[1]):
            out += halves
        elif len(name) >= 2:
            out.append(name)
    return out


def _compare(report, listed: str, numbered, captions: list[str]) -> tuple[list[str], list[str]]:
    """(parts not listed, listed names no part carries)."""
    regime = report.regime
    if regime is None:
        return [], []

    def section_of(title: str) -> str | None:
        return next((s.id for s in regime.sections if s.match(compact(title)) is not None), None)

    def known(name: str):
        return section_of(name) or next((c for c in captions if name in compact(c)), None)

    names = _names(listed, known)
    if not names:
        return [], []

    listed_ids = {section_of(n) for n in names} - {None}
    carried = set(report.sections)  # sub-headings included (2008: topics under 概述)
    absent = [n for n in names if (sid := section_of(n)) is not None and sid not in carried
              or sid is None and not any(n in compact(c) or compact(c).endswith(n) for c in captions)]
    unlisted = [s.heading.text for s in numbered if (sid := report.section_id(s)) is not None and sid not in listed_ids]
    return unlisted, absent if len(absent) < len(names) else []
