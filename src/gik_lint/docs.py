"""Rule documentation generated from the rules themselves (docs/rules.md)."""

from __future__ import annotations


def rules_markdown(rules) -> str:
    rules = list(rules)
    out = [
        "# Rules",
        "",
        "Generated from the rule units (`rules/`) by `gik-lint rules --format markdown`; do not edit by hand.",
        "",
        "| code | name | severity | kind | summary |",
        "|---|---|---|---|---|",
    ]
    out += [f"| [{r.code}](#{r.code.lower()}) | `{r.name}` | {r.severity} | {r.kind} | {r.summary} |" for r in rules]
    for r in rules:
        out += [
            "",
            f"## {r.code}",
            "",
            f"`{r.name}` · {r.severity} · kind `{r.kind}`",
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
    return "\n".join(out) + "\n"


def explain_text(rule) -> str:
    """One rule's documentation as ``gik-lint explain`` prints it."""
    out = [f"{rule.code}  {rule.name}", rule.summary, rule.gloss, "",
           f"类型 kind      {rule.kind}", f"级别 severity  {rule.severity}", f"依据 basis     {rule.basis}"]
    for key, label in _SECTIONS:
        out += ["", label, "  " + rule.docs[key]]
    return "\n".join(out) + "\n"


def explain_markdown(rule) -> str:
    """The same documentation as Markdown (an editor's hover)."""
    out = [f"**{rule.code}** `{rule.name}`", "", f"{rule.summary} — {rule.gloss}", "",
           f"类型 kind `{rule.kind}` · 级别 severity `{rule.severity}`", "", f"**依据 basis** {rule.basis}"]
    for key, label in _SECTIONS:
        out += ["", f"**{label}** {rule.docs[key]}"]
    return "\n".join(out) + "\n"


_SECTIONS = (("what", "What it checks"), ("why", "Why"), ("example", "Example"))


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
