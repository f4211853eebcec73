"""suppression: findings about the suppression comments and sidecar entries themselves
(one that suppresses nothing, with --warn-unused-suppressions). They are made where the
suppressions are applied (gik_lint/suppress.py); this kind judges nothing on its own."""

from __future__ import annotations

NEEDS_REGIME = False


def check(rule, report):
    return iter(())
