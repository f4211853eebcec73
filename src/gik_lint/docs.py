"""Rule documentation generated from the rules themselves (docs/rules.md)."""

from __future__ import annotations


def rules_markdown(rules) -> str:
    rules = list(rules)
    out = [
        "# Rules",
        "",
        "Generated from the rule units (`rules/`) by `gik-lint rules --format markdown`; do not edit by hand.",
        "",
        "A rule marked 🔧 fixable fixes what it finds with `gik-lint check --fix` (text and Markdown",
        "reports; `--diff` shows the fix without writing it), where the fix is certain and touches no number.",
        "",
        "| code | name | severity | kind | fix | summary |",
        "|---|---|---|---|---|---|",
    ]
    out += [f"| [{r.code}](#{r.code.lower()}) | `{r.name}` | {r.severity} | {r.kind} | {'🔧' if r.fix else ''} | {r.summary} |"
            for r in rules]
    for r in rules:
        out += [
            "",
            f"## {r.code}",
            "",
            f"`{r.name}` · {r.severity} · kind `{r.kind}`" + (" · 🔧 fixable" if r.fix else ""),
            "",
            f"{r.summary} — {r.gloss}",
            "",
            f"**Basis (依据):** {r.basis}",
            "",
            f"**What.** {r.docs['what']}",
            "",
            f"**Why.** {r.docs['why']}",
            "",
            f"**Example.** {r.docs['example']}",
        ]
        if r.fix:
            out += ["", f"**Fix.** {r.docs['fix']}"]
    return "\n".join(out) + "\n"


def explain_text(rule) -> str:
    """One rule's documentation as ``gik-lint explain`` prints it."""
    out = [f"{rule.code}  {rule.name}", rule.summary, rule.gloss, "",
           f"类型 kind      {rule.kind}", f"级别 severity  {rule.severity}", f"依据 basis     {rule.basis}",
           f"修复 fix       {'可自动修复（check --fix）' if rule.fix else '不可自动修复'}"]
    for key, label in _SECTIONS:
        if key in rule.docs:
            out += ["", label, "  " + rule.docs[key]]
    return "\n".join(out) + "\n"


def explain_markdown(rule) -> str:
    """The same documentation as Markdown (an editor's hover)."""
    out = [f"**{rule.code}** `{rule.name}`", "", f"{rule.summary} — {rule.gloss}", "",
           f"类型 kind `{rule.kind}` · 级别 severity `{rule.severity}`", "", f"**依据 basis** {rule.basis}"]
    for key, label in _SECTIONS:
        if key in rule.docs:
            out += ["", f"**{label}** {rule.docs[key]}"]
    return "\n".join(out) + "\n"


_SECTIONS = (("what", "What it checks"), ("why", "Why"), ("example", "Example"), ("fix", "Fix"))


def rules_document():
    """docs/rules.md: in the installed package (the wheel carries a copy), else in the
    source tree this package runs from."""
    from pathlib import Path

    here = Path(__file__).resolve().parent
    packaged = here / "rules.md"
    return packaged if packaged.is_file() else here.parents[1] / "docs" / "rules.md"


def rules_url(code: str, base: str | None = None) -> str:
    """Where a rule's documentation is: ``base`` (a URL of docs/rules.md, wherever a team
    publishes it) or the local docs/rules.md, with the rule's anchor (``#gik101``)."""
    if not base:
        base = rules_document().as_uri()
    return f"{base.split('#')[0]}#{code.lower()}"
