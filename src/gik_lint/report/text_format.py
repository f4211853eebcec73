"""Human-readable output."""

from __future__ import annotations

from collections import Counter

from gik_lint.pipeline import FileResult

_SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


def _where(p) -> str:
    if p.line is not None:
        return f"{p.line}:{p.column}"
    if p.page is not None:
        return f"第{p.page}页" + (f" {p.line}行" if p.line else "")
    if p.paragraph is not None:
        return f"第{p.paragraph}段"
    return "-"


def _header(result: FileResult) -> str:
    report = result.report
    facts = [
        report.agency or "机关未识别",
        f"{report.year}年度" if report.year else "年度未识别",
        f"{report.regime.id} 格式" if report.regime else "格式未定",
    ]
    return f"{result.path}  ({' · '.join(facts)})"


def render_check(results: list[FileResult]) -> str:
    lines: list[str] = []
    counts: Counter = Counter()
    for result in results:
        if result.error:
            lines.append(f"{result.path}: 无法检查：{result.error}")
            continue
        lines.append(_header(result))
        for f in result.findings:
            counts[f.severity] += 1
            lines.append(f"  {_where(f.start):>7}  {f.severity:<7} {f.code}  {f.message}")
            lines.append(f"  {'':>7}  {'':<7} {'':6} [{f.name}] 依据：{f.basis}")
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
    title = report.title
    out = [f"文件      {result.path}  ({doc.format}, {doc.encoding})"]
    if title:
        out.append(f"标题      {title.text}  (第 {doc.blocks[title.block].at(title.start).line} 行)")
    else:
        out.append("标题      未识别")
    out.append(f"机关      {report.agency or '未识别'}")
    out.append(f"机关类型  {report.issuer_kind}")
    source = {"title": "来自标题", "period": "来自统计期限"}.get(report.year_source or "", "")
    out.append(f"年度      {report.year or '未识别'}{f'  ({source})' if source else ''}")
    if report.regime:
        how = "按 --regime 指定" if report.regime_source == "option" else "按报告年度"
        out.append(f"格式      {report.regime.id}  {report.regime.name}  ({how})")
    else:
        out.append("格式      未定")
    out.append("章节")
    outline = report.outline
    for section in outline.sections():
        span = f"{outline.start(section.heading).line}-{outline.section_end(section).line}"
        sid = report.section_id(section) or "-"
        indent = "  " * section.depth
        out.append(f"  {span:>9}  {sid:<18} {indent}{section.heading.text}")
    if report.regime:
        missing = [s.id for s in report.regime.sections if s.id not in report.sections]
        out.append(f"未找到    {'、'.join(missing) if missing else '无'}")
    return "\n".join(out) + "\n"
