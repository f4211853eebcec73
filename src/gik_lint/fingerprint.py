"""A finding's content fingerprint: one key for a finding in every output (the JSON
contract, SARIF's ``partialFingerprints``, GitLab code quality, baselines, the audit's
history and triage), the same however the report moves around it.

Built from what the finding is about, never from where it stands: the rule's code, the
report's organ (as matched across spellings) and year, else the file's name, the section
it concerns, and the normalised words that are the problem, i.e. its evidence (quoted
text, figures, cell ids) without positions, without floats (an estimate such as a
similarity) and with another report named by its file name only, or, in a copy finding
(GIK403, GIK404), by its organ and year, without the passages the two share. Findings of one report
that agree on all of these are told apart by their order: the second one's key has an
occurrence index.

The key is computed alike from a :class:`~gik_lint.check.finding.Finding` and from its
JSON form (a cached audit row), so the check, the gate and the audit agree."""

from __future__ import annotations

import json
import os
import unicodedata
from collections import Counter
from decimal import Decimal

try:  # CPython's own SHA-256, the same digest: hashlib would load OpenSSL first (~2.5 ms of a start)
    from _sha256 import sha256  # Python 3.10, 3.11
except ImportError:
    try:
        from _sha2 import sha256  # Python 3.12+
    except ImportError:
        from hashlib import sha256

SARIF_KEY = "gikLint/v1"  # the partialFingerprints key; a new key if the recipe changes
# evidence keys that say where, not what (a key of these holding text, such as a cell's
# column label, is kept)
_POSITIONS = {"line", "column", "page", "paragraph", "end_line", "end_column", "position",
              "first_position", "table_position", "cell_position"}
_OTHER_REPORT = {"last_report", "other_report"}  # a path: only the file's name is content
# evidence that names another report by its organ and year (a copy finding): then its path
# and the passages the two share are shown, not content (a file renamed, a passage edited)
OTHER_IDENTITY = "other"
_SHOWN_WITH_IDENTITY = _OTHER_REPORT | {"passages", "other_agency", "other_year"}
# evidence that restates the rest for a reader (a failed relation written out): not content
_RESTATED = {"relation"}


def content(evidence: dict | None) -> dict:
    """What of a finding's ``evidence`` its fingerprint holds (before :func:`words`)."""
    evidence = evidence or {}
    left_out = _SHOWN_WITH_IDENTITY | _RESTATED if OTHER_IDENTITY in evidence else _RESTATED
    return {k: v for k, v in evidence.items() if k not in left_out}


def legacy(evidence: dict | None) -> dict:
    """``evidence`` as findings carried it before copy findings named the other report by
    organ and year (for the keys decisions were taken under)."""
    return {k: v for k, v in (evidence or {}).items() if k not in (OTHER_IDENTITY, "other_agency", "other_year")}


def words(value, key: str | None = None):
    """``value`` (evidence) in a normal form: texts NFKC without white space, numbers as
    the text they spell, positions and floats left out."""
    if isinstance(value, dict):
        return {k: words(v, k) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))
                if not (k in _POSITIONS and not isinstance(v, str)) and not isinstance(v, float)}
    if isinstance(value, (list, tuple)):
        return [words(v) for v in value if not isinstance(v, float)]
    if isinstance(value, str):
        if key in _OTHER_REPORT:
            value = os.path.basename(value.replace("\\", "/"))
        return "".join(unicodedata.normalize("NFKC", value).split())
    if value is None or isinstance(value, (bool, int)):
        return value
    if isinstance(value, Decimal):
        return str(value)
    return words(str(value))


def report_identity(agency: str | None, year: int | None, path: str) -> str:
    """Which report: its organ and year when both are known, else its file's name."""
    from gik_lint.audit.identity import organ_identity

    organ = organ_identity(agency)
    return f"{organ}|{year}" if organ and year else os.path.basename(path.replace("\\", "/"))


def keys(report: str, findings) -> list[str]:
    """The fingerprints of one report's ``findings`` (each ``(code, section, evidence)``),
    in their order: 32 hexadecimal digits each."""
    out, seen = [], Counter()
    for code, section, evidence in findings:
        held = json.dumps([code, report, section, words(content(evidence))], ensure_ascii=False, sort_keys=True)
        n = seen[held]
        seen[held] += 1
        out.append(sha256((held + (f"#{n}" if n else "")).encode("utf-8")).hexdigest()[:32])
    return out


def of_result(result) -> list[str]:
    """The fingerprints of a checked file's findings, in order."""
    report = result.report
    identity = report_identity(report.agency if report else None, report.year if report else None, result.path)
    return keys(identity, ((f.code, f.section, f.evidence) for f in result.findings))


def of_row(row: dict) -> list[str]:
    """The fingerprints of an audit row's findings (the JSON form), in order."""
    identity = report_identity(row.get("agency"), row.get("year"), row["path"])
    return keys(identity, ((f["code"], f.get("section"), f.get("evidence")) for f in row["findings"]))
