"""Check stage: rules (YAML data) run by a small engine over closed rule kinds."""

from gik_lint.check.engine import run
from gik_lint.check.finding import SEVERITIES, SEVERITY_RANK, Finding
from gik_lint.check.kinds import KINDS
from gik_lint.check.rule import Rule, load_rules

__all__ = ["KINDS", "SEVERITIES", "SEVERITY_RANK", "Finding", "Rule", "load_rules", "run"]
