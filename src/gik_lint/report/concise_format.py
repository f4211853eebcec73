"""One line per finding, ``path:line:col: severity CODE message`` — for editors' error
formats (Vim's errorformat, Emacs compilation mode) and grep. Columns count UTF-8 bytes
by default, as Vim's and Emacs' do (``--column-unit`` to change it).

A PDF or Word report has no lines an editor can jump to: its place is written in words,
``path:第2页第16行: …`` or ``path:第12段: …``, which no ``%f:%l:%c`` error format takes
for a line and column."""

from __future__ import annotations

from gik_lint.report import column


def _where(result, f, unit: str) -> str:
    p = f.start
    if p.page is not None:
        return f"第{p.page}页" + (f"第{p.line}行" if p.line else "")
    if p.paragraph is not None:
        return f"第{p.paragraph}段"
    if p.line is not None:
        return f"{p.line}:{column(result, p, unit) or 1}"
    return "1:1"  # a finding about the whole report (a missing section): its first line


def render_check(results, rules=None, columns: str = "byte") -> str:
    lines = []
    for r in results:
        if r.error:
            lines.append(f"{r.path}:1:1: error GIK000 无法读取：{r.error}")
        for f in r.findings:
            level = "not-assessable" if f.outcome == "not-assessable" else f.severity
            lines.append(f"{r.path}:{_where(r, f, columns)}: {level} {f.code} {f.message} [{f.name}]")
    return "\n".join(lines) + ("\n" if lines else "")
