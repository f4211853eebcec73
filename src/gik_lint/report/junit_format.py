"""JUnit XML: a test suite per file, a test case per rule that ran on it; a finding at
error level is a failure, a warning or info is reported in the case's output."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr


def render_check(results, rules=None) -> str:
    suites = []
    total = failures = errors = 0
    for r in results:
        cases = []
        if r.error:
            errors += 1
            cases.append(f'    <testcase classname={quoteattr(r.path)} name="read"><error message={quoteattr(r.error)}/></testcase>')
        by_code: dict[str, list] = {}
        for f in r.findings:
            by_code.setdefault(f"{f.code} {f.name}", []).append(f)
        for name, findings in sorted(by_code.items()):
            text = "\n".join(f"{_where(f)} {f.severity} {f.message} 依据：{f.basis}" for f in findings)
            failing = [f for f in findings if f.severity == "error" and f.outcome == "fail"]
            if failing:
                failures += 1
                body = f'<failure message={quoteattr(failing[0].message)} type="{failing[0].severity}">{escape(text)}</failure>'
            else:
                body = f"<system-out>{escape(text)}</system-out>"
            cases.append(f"    <testcase classname={quoteattr(r.path)} name={quoteattr(name)}>{body}</testcase>")
        if not cases:
            cases.append(f'    <testcase classname={quoteattr(r.path)} name="gik-lint"/>')
        total += len(cases)
        suites.append(
            f"  <testsuite name={quoteattr(r.path)} tests=\"{len(cases)}\" "
            f"failures=\"{sum(1 for c in cases if '<failure' in c)}\" errors=\"{1 if r.error else 0}\">\n" + "\n".join(cases) + "\n  </testsuite>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<testsuites name="gik-lint" tests="{total}" failures="{failures}" errors="{errors}">\n'
        + "\n".join(suites)
        + "\n</testsuites>\n"
    )


def _where(f) -> str:
    p = f.start
    if p.page is not None:
        return f"第{p.page}页{f'第{p.line}行' if p.line else ''}"
    if p.paragraph is not None:
        return f"第{p.paragraph}段"
    return f"{p.line}:{p.column}"
