"""gik-lint: a compliance linter for government information-disclosure annual reports.

The pipeline runs one way: ``read`` (bytes -> document) -> ``structure`` (outline)
-> ``interpret`` (year, regime, canonical sections) -> ``check`` (YAML rules)
-> ``report`` (text, JSON).
"""

__version__ = "0.1.0"
