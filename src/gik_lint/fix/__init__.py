"""Safe autofix: the edits that fix a report's findings, where the fix is certain and
changes no meaning (``gik-lint check --fix`` / ``--diff``, and a language server's quick fixes).

A fix is data a finding carries, not a rewrite of the file: a rule that can fix what it
finds declares it in its YAML (``fix: {kind: ..., ...}``); one of a small closed set of fix
kinds (:mod:`gik_lint.fix.kinds`) works out the edits from the finding's evidence and the
report, and the finding carries them (``Finding.fix``). Only text and Markdown reports are
fixed (their source is the text the positions count in).

Public API
----------

``Edit(code, start_line, start_column, end_line, end_column, replacement, title, original="")``
    Replace the source characters from (``start_line``, ``start_column``) up to, not
    including, (``end_line``, ``end_column``) with ``replacement``. Lines and columns are
    1-based and count characters (code points) of the decoded source, lines split as the
    text reader splits them (CRLF, CR or LF): the coordinates of every finding's position,
    so a language server sends them as they are (an LSP ``Range`` is 0-based: subtract one
    from each, and count UTF-16 units where the client does). An insertion has start ==
    end. ``code`` is the rule's, ``title`` says what the edit does (zh-CN, for a quick-fix
    menu), ``original`` is the text the edit replaces, checked before it is made.

``Finding.fix``
    The edits of one finding (a tuple, made together or not at all), or None.

``plan(result) -> list[Edit]``
    The edits to make on a :class:`~gik_lint.pipeline.FileResult`: every fix of its
    findings that holds against the source (its original text is there, it changes no
    digit) and touches nothing an earlier finding's fix touches, sorted by position.
    Empty for a report in another format, or one that could not be read.

``apply(text, edits) -> str``
    The text with the edits made; :class:`FixError` if two overlap, one does not hold, or
    a digit of the text would change (the engine's guard: only a line inserted on its own,
    the statistical period's sentence, may bring digits, and the text's own stay as they were).

``fix_bytes(data, lint) -> Outcome``
    A report's bytes fixed round after round until nothing is left to fix, encoded as the
    file was (see :mod:`gik_lint.fix.files`).
"""

from __future__ import annotations

from gik_lint.fix.edits import Edit, FixError, Lines, apply, digits, overlap, safe
from gik_lint.fix.kinds import FORMATS

__all__ = ["Edit", "FixError", "FORMATS", "apply", "digits", "plan", "fixable"]


def plan(result) -> list[Edit]:
    report = getattr(result, "report", None)
    if report is None or getattr(result, "error", None):
        return []
    document = report.document
    if document.format not in FORMATS or document.source is None:
        return []
    lines = report.derived.get("fix.lines") or Lines(document.source)
    taken: list[Edit] = []
    for finding in result.findings:
        edits = finding.fix
        if not edits or not all(safe(e, lines) for e in edits):
            continue
        if any(overlap(e, t) for e in edits for t in taken) or any(overlap(a, b) for i, a in enumerate(edits) for b in edits[i + 1 :]):
            continue  # made in the next round, once the text has changed
        taken.extend(edits)
    return sorted(taken, key=Edit.sort_key)


def fixable(result) -> int:
    """How many of the result's findings carry a fix."""
    return sum(1 for f in getattr(result, "findings", ()) if f.fix)
