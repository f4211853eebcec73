"""Findings: small immutable values that every output format renders."""

from __future__ import annotations

from gik_lint.read import Position
from gik_lint.records import field, record

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from typing import Any

SEVERITIES = ("error", "warning", "info")
# A finding either says the report breaks the rule, or that the rule could not judge it
# (what it needs could not be read): never a pass, never a made-up failure.
OUTCOMES = ("fail", "not-assessable")
SEVERITY_RANK = {"error": 3, "warning": 2, "info": 1}


@record(frozen=True)
class Finding:
    code: str
    name: str
    kind: str
    severity: str
    message: str  # zh-CN
    message_en: str
    basis: str  # the provision that requires what the finding is about
    section: str | None  # canonical section id the finding concerns, also for a missing one
    start: Position
    end: Position
    evidence: dict[str, Any] = field(default_factory=dict, compare=False)
    outcome: str = "fail"
    # the edits that fix what the finding is about (gik_lint.fix.Edit), made together or not
    # at all; None when the rule cannot fix it, or not with certainty
    fix: tuple | None = field(default=None, compare=False)

    def sort_key(self) -> tuple:
        p = self.start
        return (p.page or 0, p.paragraph or 0, p.line or 0, p.column or 0, self.code, self.section or "")


@record
class Hit:
    """What a rule kind reports; the engine turns it into a :class:`Finding`."""

    start: Position
    end: Position
    section: str | None = None
    context: dict[str, Any] = field(default_factory=dict)  # variables for the message template
    evidence: dict[str, Any] = field(default_factory=dict)
    severity: str | None = None  # overrides the rule's default
    basis: str | None = None  # overrides the rule's general basis
    outcome: str = "fail"
