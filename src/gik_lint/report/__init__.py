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


def renderer(name: str):
    return import_module(f"gik_lint.report.{FORMATS[name]}").render_check
