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
