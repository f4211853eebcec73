"""One line per finding, ``path:line:col: severity CODE message`` — for editors' error
formats (Vim's errorformat, Emacs compilation mode) and grep."""

from __future__ import annotations


def _where(f) -> str:
    p = f.start
    if p.line is not None and p.page is None:
        return f"{p.line}:{p.column or 1}"
    if p.page is not None:
        return f"{p.page}:{p.line or 1}"  # page:line for PDF
    return f"{p.paragraph or 1}:1"  # paragraph for Word


def render_check(results, rules=None) -> str:
    lines = []
    for r in results:
        if r.error:
            lines.append(f"{r.path}:1:1: error GIK000 无法读取：{r.error}")
        for f in r.findings:
            level = "not-assessable" if f.outcome == "not-assessable" else f.severity
            lines.append(f"{r.path}:{_where(f)}: {level} {f.code} {f.message} [{f.name}]")
    return "\n".join(lines) + ("\n" if lines else "")
