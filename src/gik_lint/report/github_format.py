"""GitHub Actions workflow commands: ``::error file=…,line=…,col=…,title=…::message``,
shown as annotations on the pull request. Chosen by default when GITHUB_ACTIONS is set."""

from __future__ import annotations

from gik_lint.report import column

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _escape(text: str, property_: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def render_check(results, rules=None, columns: str = "char") -> str:
    lines = []
    for r in results:
        if r.error:
            lines.append(f"::error file={_escape(r.path, True)},title=GIK000::{_escape('无法读取：' + r.error)}")
        for f in r.findings:
            props = [f"file={_escape(r.path, True)}"]
            if f.start.line is not None and f.start.page is None:
                props.append(f"line={f.start.line}")
                if f.start.column:
                    props.append(f"col={column(r, f.start, columns)}")
                if f.end.line is not None:
                    props.append(f"endLine={f.end.line}")
            props.append(f"title={_escape(f'{f.code} {f.name}', True)}")
            where = f"（第{f.start.page}页）" if f.start.page else (f"（第{f.start.paragraph}段）" if f.start.paragraph else "")
            lines.append(f"::{_LEVEL[f.severity]} {','.join(props)}::{_escape(f.message + where + ' 依据：' + f.basis)}")
    return "\n".join(lines) + ("\n" if lines else "")
