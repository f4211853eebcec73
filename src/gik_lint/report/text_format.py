"""Human-readable output."""

from __future__ import annotations

from collections import Counter

from gik_lint.pipeline import FileResult
from gik_lint.read import Position
from gik_lint.report import column


def where(p: Position, column: bool = True, at: int | None = None) -> str:
    """A position as a person reads it: 12:5, 第3页 第7行, 第12段 (``at``: the column in
    another unit than characters)."""
    if p.page is not None:
        return f"第{p.page}页" + (f" 第{p.line}行" if p.line else "")
    if p.paragraph is not None:
        return f"第{p.paragraph}段"
    if p.line is not None:
        return f"{p.line}:{at or p.column}" if column and p.column else str(p.line)
    return "-"


def _header(result: FileResult) -> str:
    report = result.report
    facts = [
        report.agency or "机关未识别",
        f"{report.year}年度" if report.year else "年度未识别",
        f"{report.regime.id} 格式" if report.regime else "格式未定",
    ]
    return f"{result.path}  ({' · '.join(facts)})"


_COLOUR = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m", "not-assessable": "\033[35m"}
_RESET, _DIM = "\033[0m", "\033[2m"


def _source_line(result: FileResult, f) -> str | None:
    """The offending line of a text report, shortened around the finding's column."""
    document = result.report.document if result.report else None
    if document is None or document.format not in ("text", "markdown") or f.start.line is None:
        return None
    block = next((b for b in document.blocks if b.line == f.start.line), None)
    if block is None:
        return None
    column = (f.start.column or 1) - 1
    start = max(0, column - 20)
    text = block.text[start : start + 60].rstrip()
    return ("…" if start else "") + text + ("…" if len(block.text) > start + 60 else "")


def render_check(results: list[FileResult], rules=None, colour: bool = False, columns: str = "char") -> str:
    def paint(level: str, text: str) -> str:
        return f"{_COLOUR.get(level, '')}{text}{_RESET}" if colour else text

    lines: list[str] = []
    counts: Counter = Counter()
    for result in results:
        if result.error:
            lines.append(f"{result.path}: {paint('error', '无法检查')}：{result.error}")
            continue
        lines.append(_header(result))
        for f in result.findings:
            counts[f.severity] += 1
            level = "not-assessable" if f.outcome == "not-assessable" else f.severity
            label = "无法评估" if level == "not-assessable" else level
            place = where(f.start, at=column(result, f.start, columns))
            lines.append(f"  {place:>9}  {paint(level, f'{label:<7}')} {f.code}  {f.message}")
            source = _source_line(result, f)
            if source:
                lines.append(f"  {'':>9}  {'':<7} {'':6} {paint('dim', '│ ' + source) if colour else '│ ' + source}")
            detail = f"[{f.name}] 依据：{f.basis}"
            lines.append(f"  {'':>9}  {'':<7} {'':6} {_DIM + detail + _RESET if colour else detail}")
        if not result.findings:
            lines.append("  未发现问题")
    errors = sum(1 for r in results if r.error)
    summary = (
        f"共检查 {len(results) - errors} 个文件"
        + (f"，{errors} 个文件无法检查" if errors else "")
        + f"：{counts['error']} 个错误，{counts['warning']} 个警告，{counts['info']} 条提示"
    )
    lines += ["", summary]
    return "\n".join(lines) + "\n"


def render_inspect(result: FileResult) -> str:
    if result.error:
        return f"{result.path}: 无法读取：{result.error}\n"
    report = result.report
    doc = report.document
    out = [f"文件      {result.path}  ({doc.format}{', ' + doc.encoding if doc.encoding else ''})"]
    if doc.not_assessable:
        out.append(f"无法评估  {doc.not_assessable}")
        return "\n".join(out) + "\n"
    if report.kind != "report":
        out.append(f"不是报告  {report.kind_reason}")
    title = report.title
    if title:
        out.append(f"标题      {title.text}  ({where(doc.blocks[title.block].at(title.start), column=False)})")
    else:
        out.append("标题      未识别")
    out.append(f"机关      {report.agency or '未识别'}")
    out.append(f"机关类型  {report.issuer_kind}")
    source = {"title": "来自标题", "period": "来自统计期限", "page": "来自网页标题", "body": "来自正文"}.get(report.year_source or "", "")
    out.append(f"年度      {report.year or '未识别'}{f'  ({source})' if source else ''}")
    if report.regime:
        how = "按 --regime 指定" if report.regime_source == "option" else "按报告年度"
        out.append(f"格式      {report.regime.id}  {report.regime.name}  ({how})")
    else:
        out.append("格式      未定")
    for key, label in (("published", "发布日期"), ("source", "来源"), ("title", "页面标题")):
        if key in doc.meta:
            out.append(f"{label:<8}  {doc.meta[key]}")
    out.append("章节")
    outline = report.outline
    for section in outline.sections():
        start = where(outline.start(section.heading), column=False)
        end = where(outline.section_end(section), column=False)
        span = start if start == end else f"{start}-{end}"
        sid = report.section_id(section) or "-"
        out.append(f"  {span:>9}  {sid:<18} {'  ' * section.depth}{section.heading.text}")
    if report.regime:
        missing = [s.id for s in report.regime.sections if s.id not in report.sections]
        out.append(f"未找到    {'、'.join(missing) if missing else '无'}")
    for tid, reading in report.tables.items():
        table = reading.table
        source = "文字" if table.from_text else "表格"
        out.append(f"统计表    {tid}  {table.spec.title}  ({reading.layout} 格式，读自{source}，{len(table.cells)} 个单元格)")
        rows: dict[str, list] = {}
        for cell in table.cells.values():
            rows.setdefault(cell.id.rsplit(".", 1)[0], []).append(cell)
        for row_id, cells in rows.items():
            values = "  ".join(f"{c.id.rsplit('.', 1)[1]}={c.value.raw or '␣'}" for c in cells)
            runs = "".join(f"“{r}”" for r in dict.fromkeys(c.split_from for c in cells if c.split_from is not None))
            split = f"  由连写的数字{runs}拆分" if runs else ""
            out.append(f"    {row_id:<28} {values}  ({where(cells[0].position, column=False)}){split}")
        for u in table.unplaced:
            out.append(f"    未能对应：「{u.label}」{'、'.join(u.values)}（{u.reason}）")
        for u in table.unsplit:
            out.append(f"    未能拆分：「{u.label}」“{u.run}”（{u.columns} 栏，{_UNSPLIT[u.status]}，{u.count}{'' if u.exact else '+'} 种）")
    for n, table in enumerate(doc.tables, start=1):
        out.append(f"表格 {n}    {table.n_rows} 行 × {table.n_cols} 列  ({where(table.position, column=False)})")
        for row in table.grid():
            out.append("    | " + " | ".join(_cell(c) for c in row) + " |")
    return "\n".join(out) + "\n"


_UNSPLIT = {
    "several": "可拆分为多种结果",
    "contradicts": "各种拆分都无法与其他行一起满足各列的勾稽关系",
    "inconsistent": "各种拆分都不满足本行的勾稽关系",
    "impossible": "无法拆分",
    "too-many": "可能的拆分过多",
}


def _cell(cell) -> str:
    if cell is None:
        return "〃"  # covered by a merged cell
    return cell.text if cell.text else "␣"
