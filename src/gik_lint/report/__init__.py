"""Report stage: findings and recognised structure rendered for people and machines.

Each format is a module with ``render_check(results) -> str``; they are imported only
when chosen."""

from __future__ import annotations

from importlib import import_module

FORMATS = {
    "text": "text_format",
    "concise": "concise_format",
    "json": "json_format",
    "sarif": "sarif_format",
    "junit": "junit_format",
    "github": "github_format",
    "gitlab": "gitlab_format",
}


# what a column counts: characters (code points, as findings carry them), UTF-8 bytes (Vim's
# col(), Emacs' byte columns) or UTF-16 code units (LSP, SARIF's default, VS Code);
# each format's default is what its consumer expects
COLUMN_UNITS = ("char", "byte", "utf16")
DEFAULT_COLUMNS = {"concise": "byte", "sarif": "utf16"}
WITH_COLUMNS = ("text", "concise", "json", "sarif", "github")  # (JUnit and GitLab give lines only)


def renderer(name: str):
    return import_module(f"gik_lint.report.{FORMATS[name]}").render_check


def column(result, position, unit: str = "char") -> int | None:
    """``position``'s column in ``unit``, counted on its line of the decoded source (a
    report without one, a PDF or Word file, keeps the character column)."""
    if position.column is None or unit == "char" or result.report is None:
        return position.column
    line = result.report.document.source_line(position.line)
    if line is None:
        return position.column
    before = line[: position.column - 1]
    if unit == "byte":
        return len(before.encode("utf-8", "surrogatepass")) + 1
    return len(before.encode("utf-16-le", "surrogatepass")) // 2 + 1
