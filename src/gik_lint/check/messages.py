"""Rule messages are Jinja2 templates; the environment is built on first use, so a run
without findings never imports Jinja2."""

from __future__ import annotations

from typing import Any

_env = None


def template(rule, which: str):
    """The rule's ``message`` or ``message_en`` template, compiled once."""
    return rule.prepared(which, lambda: _environment().from_string(getattr(rule, which)))


def _environment():
    global _env
    if _env is None:
        import jinja2

        _env = jinja2.Environment(autoescape=False, undefined=jinja2.StrictUndefined, keep_trailing_newline=False)
    return _env


def render(rule, which: str, context: dict[str, Any]) -> str:
    return " ".join(template(rule, which).render(**context).split())
