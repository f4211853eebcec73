"""Rule messages are Jinja2 templates; the environment is built on first use, so a run
without findings never imports Jinja2."""

from __future__ import annotations

from typing import Any

_env = None


def render(rule, which: str, context: dict[str, Any]) -> str:
    global _env
    template = rule._templates.get(which)
    if template is None:
        if _env is None:
            import jinja2

            _env = jinja2.Environment(autoescape=False, undefined=jinja2.StrictUndefined, keep_trailing_newline=False)
        template = rule._templates[which] = _env.from_string(getattr(rule, which))
    return " ".join(template.render(**context).split())
