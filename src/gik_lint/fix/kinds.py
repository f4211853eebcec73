"""The closed set of fix kinds. A rule that can fix what it finds says so in its YAML
(``fix: {kind: KIND, ...options}``); the kind works out the edits from the finding and the
report, or none when the fix would not be certain. Every edit is checked against the
source before it is offered (the text it replaces is there, on one line), so a finding
carries a fix only where one can be made.

* ``title-style`` (GIK010) — options ``problems``: which of the title's problems to fix:
  ``doubled`` deletes the repeated character of "2016年年" (年, 度, 的 written twice),
  ``space`` deletes a run of spaces between two Chinese characters of the title (not one
  after an organ's name, where a joint title sets two organs apart). Only inside the
  recognised title, never across a line break.
* ``heading-wording`` (GIK103) — options ``qualities`` (how the heading was recognised:
  ``synonym``, a wording listed as meaning the section; never a wording family or a
  fallback) and ``regimes``: replaces the heading's title after its numbering ("一、",
  "（二）", Markdown "## " stay) with the format's wording.
* ``period-statement`` (GIK011) — options ``regimes`` and ``sentence`` (the wording, with
  ``{year}``): a report that states no statistical period gets the sentence as a line of its
  own after the title, when the year is read from the title.
"""

from __future__ import annotations


from gik_lint.fix.edits import Edit, Lines, safe
from gik_lint.packcache import compile_re
from gik_lint.packs import PackError

FORMATS = ("text", "markdown")  # the formats whose source a fix can edit

_DOUBLED = compile_re(r"([年度的])\1+")
_INNER_SPACE = compile_re(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
_ORGAN_END = compile_re(r"(?:政府|局|委员会|委|厅|办公室|办公厅|办事处|中心|院|所|站|处|署|办|会|部|队|室)$")
_AFTER_TITLE = compile_re(r"[\s#*_》]*")
_TERMINATORS = "。；;！!？?：:"
QUALITIES = {"synonym": 2}  # interpret.regime.SYNONYM: the only recognition certain enough to reword


def _title_style(rule, report, hit, lines: Lines) -> list[Edit] | None:
    from gik_lint.textnorm import squeeze

    problem = hit.evidence.get("problem")
    title = report.title
    if title is None or problem not in rule.fix.get("problems", ()):
        return None
    blocks = report.document.blocks
    if title.block == title.end_block:
        segments = [(title.block, title.start, title.end)]
    else:  # the organ on a line above the year and the document's name
        segments = [(title.block, title.start, len(blocks[title.block].text)), (title.end_block, 0, title.end)]
    edits: list[Edit] = []
    for b, start, end in segments:
        block = blocks[b]
        if problem == "doubled":
            squeezed, index = squeeze(block.text[start:end])
            for m in _DOUBLED.finditer(squeezed):
                for k in range(m.start() + 1, m.end()):
                    i = start + index[k]
                    edits.append(_edit(rule, block, i, i + 1, "", f"删除标题中重复的「{m.group(1)}」"))
        else:
            for m in _INNER_SPACE.finditer(block.folded, start, end):
                if _ORGAN_END.search(block.folded[start : m.start()]):
                    continue  # "中共某县委 某县人民政府…": two organs set apart
                edits.append(_edit(rule, block, m.start(), m.end(), "", "删除标题中多余的空格"))
    return _checked(edits, lines)


def _heading_wording(rule, report, hit, lines: Lines) -> list[Edit] | None:
    from gik_lint.textnorm import squeeze

    allowed = {QUALITIES[q] for q in rule.fix.get("qualities", ())}
    match = report.sections.get(hit.section)
    if report.regime is None or report.regime.id not in rule.fix.get("regimes", ()) or match is None:
        return None
    spec = report.regime.section(match.id)
    heading = match.section.heading
    if match.quality not in allowed or heading is None or heading.block != heading.end_block or spec is None:
        return None
    block = report.document.blocks[heading.block]
    written = block.text[heading.start : heading.end]
    squeezed, index = squeeze(written)
    stripped = squeezed.rstrip(_TERMINATORS)
    if not stripped.endswith(heading.title) or not heading.title:
        return None
    k = len(stripped) - len(heading.title)
    a, b = heading.start + index[k], heading.start + index[len(stripped) - 1] + 1
    old = block.text[a:b]
    return _checked([_edit(rule, block, a, b, spec.canonical, f"把章节标题「{' '.join(old.split())}」改为规定表述「{spec.canonical}」")], lines)


def _period_statement(rule, report, hit, lines: Lines) -> list[Edit] | None:
    title = report.title
    if hit.evidence.get("problem") != "missing" or title is None or report.regime is None:
        return None
    if report.regime.id not in rule.fix.get("regimes", ()) or report.year_source != "title" or title.year != report.year:
        return None
    block = report.document.blocks[title.end_block]
    last = block.at(max(title.end - 1, 0))
    if last.line is None or last.column is None:
        return None
    line = lines.line(last.line) if last.line <= len(lines.starts) else None
    if line is None or not _AFTER_TITLE.fullmatch(line, last.column):
        return None  # the title's line goes on with the body (a collapsed page): no place for a line
    newline = lines.newline_after(last.line)
    following = lines.line(last.line + 1) if last.line < len(lines.starts) else None
    gap = newline * 2 if following is not None and not following.strip() else newline  # keep the paragraphs' spacing
    sentence = rule.fix["sentence"].format(year=report.year)
    column = len(line) + 1
    edit = Edit(rule.code, last.line, column, last.line, column, gap + sentence, f"在标题后补充统计期限说明「{sentence}」", "")
    return _checked([edit], lines)


def _edit(rule, block, i: int, j: int, replacement: str, title: str) -> Edit | None:
    """The edit replacing ``block.text[i:j]``, where it stands in the source; None when the
    characters do not stand together on one line there."""
    if j <= i:
        return None
    p, q = block.at(i), block.at(j - 1)
    if None in (p.line, p.column, q.line, q.column) or p.line != q.line or q.column - p.column != j - 1 - i:
        return None
    return Edit(rule.code, p.line, p.column, q.line, q.column + 1, replacement, title, block.text[i:j])


def _checked(edits: list[Edit | None], lines: Lines) -> list[Edit] | None:
    """The edits, if every one of them can be made safely; else none (a fix is made whole or not at all)."""
    if not edits or any(e is None or not safe(e, lines) for e in edits):
        return None
    return edits


KINDS = {
    "title-style": (_title_style, {"problems": ("doubled", "space")}),
    "heading-wording": (_heading_wording, {"qualities": tuple(QUALITIES), "regimes": None}),
    "period-statement": (_period_statement, {"regimes": None, "sentence": None}),
}


def validate(fix, path) -> dict:
    """A rule's ``fix:`` mapping, checked when its pack loads."""
    if not isinstance(fix, dict) or not isinstance(fix.get("kind"), str):
        raise PackError(path, "fix 应为含 kind 的映射", key="fix")
    kind = fix["kind"]
    if kind not in KINDS:
        raise PackError(path, f"未知的修复类型「{kind}」（可用：{'、'.join(sorted(KINDS))}）", key="fix.kind")
    allowed = KINDS[kind][1]
    for key, value in fix.items():
        if key == "kind":
            continue
        if key not in allowed:
            raise PackError(path, f"修复类型 {kind} 没有选项「{key}」", key=f"fix.{key}")
        if allowed[key] is not None:
            if not isinstance(value, list) or any(v not in allowed[key] for v in value):
                raise PackError(path, f"fix.{key} 应为以下各项的列表：{'、'.join(allowed[key])}", key=f"fix.{key}")
        elif key == "regimes":
            if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
                raise PackError(path, "fix.regimes 应为格式的列表，如 [\"2019\", \"2021\"]", key="fix.regimes")
        elif key == "sentence":
            if not isinstance(value, str):
                raise PackError(path, "fix.sentence 应为字符串", key="fix.sentence")
            try:
                value.format(year=2021)
            except (KeyError, IndexError, ValueError) as exc:
                raise PackError(path, f"fix.sentence 只能使用 {{year}}：{exc}", key="fix.sentence") from None
            if "\r" in value or "\n" in value:
                raise PackError(path, "fix.sentence 应为一行", key="fix.sentence")
    missing = [k for k in allowed if k not in fix]
    if missing:
        raise PackError(path, f"修复类型 {kind} 需要选项：{'、'.join(missing)}", key="fix")
    out = dict(fix)
    if "regimes" in out:
        out["regimes"] = [str(r) for r in out["regimes"]]
    return out


def compute(rule, report, hit) -> tuple[Edit, ...] | None:
    """The edits that fix the finding ``hit`` of ``rule`` on ``report``, or None."""
    document = report.document
    if document.format not in FORMATS or document.source is None:
        return None
    lines = report.derived.get("fix.lines")
    if lines is None:
        lines = report.derived["fix.lines"] = Lines(document.source)
    edits = KINDS[rule.fix["kind"]][0](rule, report, hit, lines)
    return tuple(edits) if edits else None
