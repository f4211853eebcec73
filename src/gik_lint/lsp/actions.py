"""Code actions (quick fixes) for gik-lint's diagnostics, from a list of providers.

A provider is a function ``(document, diagnostic) -> list[CodeAction]``: given the
editor's buffer and one of gik-lint's diagnostics, the quick fixes it offers for it
(none if it has nothing to offer). :func:`actions_for` asks every provider about every
diagnostic of the request; a provider that fails is skipped, the others still answer.

The providers shipped here: the finding's safe fix, where its rule has one (the edits of
``check --fix``, :mod:`gik_lint.fix`), and suppression comments in the syntax
:mod:`gik_lint.suppress` reads — the same for text, Markdown and web pages:

- **this line**: ``<!-- gik-lint disable-next-line CODE name -->`` on a line of its own
  before the finding's line when that line starts a line of text of the report (the
  directive covers the next line that holds text); otherwise — a line inside a paragraph
  that the layout joined to the line above, or a web page's text that runs over several
  source lines — ``disable CODE`` before the line and ``enable CODE`` after it. An existing
  ``disable-next-line`` comment just above gets the code added instead.
- **the whole file**: ``<!-- gik-lint disable-file CODE name -->`` at the top (in a web
  page after its ``<!DOCTYPE>`` / XML declaration, so the page keeps its standards mode);
  an existing ``disable-file`` comment gets the code added instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lsprotocol import types

from gik_lint import suppress
from gik_lint.check.rule import CODE as _RULE_CODE
from gik_lint.check.rule import NAME as _RULE_NAME
from gik_lint.lsp.positions import Lines
from gik_lint.packcache import compile_re
from gik_lint.records import record

SOURCE = "gik-lint"
_PROLOGUE = compile_re(r"\ufeff?\s*(?:<\?xml[^>]*\?>\s*)?(?:<!doctype[^>]*>)?", re.I)
_INDENT = compile_re(r"[ \t]*")


@record(frozen=True)
class Document:
    """The editor's buffer an action edits."""

    uri: str
    text: str
    kind: str  # "text" | "markdown" | "html": the reader the buffer is linted with
    version: int | None = None
    encoding: str = "utf-16"  # the position encoding agreed with the client

    @property
    def lines(self) -> Lines:
        return Lines(self.text, self.encoding)


Provider = Callable[[Document, types.Diagnostic], list[types.CodeAction]]


def _is_ours(diagnostic: types.Diagnostic) -> bool:
    return diagnostic.source == SOURCE and isinstance(diagnostic.code, str) and bool(_RULE_CODE.fullmatch(diagnostic.code))


def _data(diagnostic: types.Diagnostic) -> dict:
    return diagnostic.data if isinstance(diagnostic.data, dict) else {}


def _name(diagnostic: types.Diagnostic) -> str | None:
    """The rule's name the diagnostic carries (a dotted name, nothing that could end a comment)."""
    name = _data(diagnostic).get("name")
    return name if isinstance(name, str) and _RULE_NAME.fullmatch(name) else None


def _selectors(diagnostic: types.Diagnostic) -> list[str]:
    name = _name(diagnostic)
    return [diagnostic.code, name] if name else [diagnostic.code]


def _label(diagnostic: types.Diagnostic) -> str:
    return " ".join(_selectors(diagnostic))


def _action(title: str, document: Document, diagnostic: types.Diagnostic, edits: list[types.TextEdit]) -> types.CodeAction:
    return types.CodeAction(
        title=title,
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diagnostic],
        edit=types.WorkspaceEdit(changes={document.uri: edits}),
    )


def _pos(at: tuple[int, int]) -> types.Position:
    return types.Position(line=at[0], character=at[1])


def _insert(at: tuple[int, int], text: str) -> types.TextEdit:
    return types.TextEdit(range=types.Range(start=_pos(at), end=_pos(at)), new_text=text)


def _replace(start: tuple[int, int], end: tuple[int, int], text: str) -> types.TextEdit:
    return types.TextEdit(range=types.Range(start=_pos(start), end=_pos(end)), new_text=text)


def _extended(document: Document, match: re.Match, codes: list[str]) -> types.TextEdit | None:
    """An edit adding ``codes`` to the directive ``match`` (in ``document.text``), or None
    when it names every rule already (no selector) or names the code."""
    named = suppress.selectors_of(match)
    if not named or codes[0] in named:
        return None
    lines = document.lines
    text = suppress.comment(match.group(1), named + [c for c in codes if c not in named])
    return _replace(lines.offset_position(match.start()), lines.offset_position(match.end()), text)


def suppress_line(document: Document, diagnostic: types.Diagnostic) -> list[types.CodeAction]:
    """Suppress the diagnostic's rule on its line."""
    mode = _data(diagnostic).get("suppress")
    if mode not in ("next-line", "range"):
        return []  # a finding without a line of its own: only the whole file can be meant
    lines = document.lines
    line = diagnostic.range.start.line
    if line >= len(lines):
        return []
    codes = _selectors(diagnostic)
    title = f"在本行禁用 {_label(diagnostic)}（插入抑制注释）"
    eol = lines.line_ending
    indent = _INDENT.match(lines.line_text(line)).group(0) if document.kind == "html" else ""
    if mode == "next-line":
        if line > 0:  # a disable-next-line comment just above: the code is added to it
            above = lines.line_text(line - 1)
            at = lines.line_offset(line - 1) + len(above) - len(above.lstrip())
            found = suppress.DIRECTIVE.match(document.text, at)
            if found and found.group(1) == "disable-next-line" and not document.text[found.end():at + len(above.lstrip())].strip():
                edit = _extended(document, found, codes)
                if edit is not None:
                    return [_action(title, document, diagnostic, [edit])]
        return [_action(title, document, diagnostic,
                        [_insert(lines.position(line + 1, 1), indent + suppress.comment("disable-next-line", codes) + eol)])]
    begin = _insert(lines.position(line + 1, 1), indent + suppress.comment("disable", codes) + eol)
    close = suppress.comment("enable", [diagnostic.code])
    if line + 1 < len(lines):
        end = _insert(lines.position(line + 2, 1), indent + close + eol)
    else:  # the last line: the comment goes after it
        end = _insert(lines.line_end(line + 1), eol + close)
    return [_action(title, document, diagnostic, [begin, end])]


def suppress_file(document: Document, diagnostic: types.Diagnostic) -> list[types.CodeAction]:
    """Suppress the diagnostic's rule in the whole file."""
    codes = _selectors(diagnostic)
    title = f"在整个文件中禁用 {_label(diagnostic)}（插入抑制注释）"
    for found in suppress.DIRECTIVE.finditer(document.text):
        if found.group(1) == "disable-file" and suppress.selectors_of(found):
            edit = _extended(document, found, codes)
            if edit is not None:
                return [_action(title, document, diagnostic, [edit])]
            break
    lines = document.lines
    directive = suppress.comment("disable-file", codes)
    prologue = _PROLOGUE.match(document.text).group(0) if document.kind == "html" else ""
    if prologue.strip("\ufeff \t\r\n"):  # after the page's <!DOCTYPE> or XML declaration
        at = lines.offset_position(len(prologue.rstrip()))
        return [_action(title, document, diagnostic, [_insert(at, lines.line_ending + directive)])]
    return [_action(title, document, diagnostic, [_insert(lines.position(1, 1), directive + lines.line_ending)])]


def safe_fix(document: Document, diagnostic: types.Diagnostic) -> list[types.CodeAction]:
    """The finding's safe fix (``check --fix``'s, carried in the diagnostic's data), as the
    preferred quick fix; none when the buffer no longer holds what the fix replaces, or
    the fix would change a digit (the fix engine's own guard)."""
    from gik_lint.fix.edits import Edit, safe
    from gik_lint.fix.edits import Lines as Source

    found = _data(diagnostic).get("fix")
    if not found:
        return []
    edits = [Edit(str(diagnostic.code), *item) for item in found]
    source = Source(document.text[1:] if document.text.startswith("\ufeff") else document.text)
    if not all(safe(edit, source) for edit in edits):
        return []
    lines = document.lines
    changes = [_replace(lines.position(e.start_line, e.start_column), lines.position(e.end_line, e.end_column), e.replacement)
               for e in edits]
    action = _action(f"修复：{edits[0].title}", document, diagnostic, changes)
    action.is_preferred = True
    return [action]


# The providers asked, in order. Their actions are offered in this order: the safe fix
# first, then the suppressions.
PROVIDERS: list[Provider] = [
    safe_fix,
    suppress_line,
    suppress_file,
]


def actions_for(document: Document, diagnostics, providers: list[Provider] | None = None, log=None) -> list[types.CodeAction]:
    """Every provider's actions for each of gik-lint's ``diagnostics``."""
    actions: list[types.CodeAction] = []
    for diagnostic in diagnostics:
        if not _is_ours(diagnostic):
            continue
        for provider in PROVIDERS if providers is None else providers:
            try:
                actions.extend(provider(document, diagnostic))
            except Exception as exc:  # noqa: BLE001 - one provider's fault never takes the others' actions away
                if log is not None:
                    log(f"代码操作 {getattr(provider, '__name__', provider)} 出错：{type(exc).__name__}: {exc}")
    return actions
