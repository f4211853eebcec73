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
