"""How much two reports share: Jaccard similarity of their 8-character shingles,
estimated by MinHash signatures, and the passages they share."""

from __future__ import annotations

import hashlib
import re

SHINGLE = 8
PERMUTATIONS = 64
_MASK = (1 << 61) - 1
_SEEDS = [int(hashlib.blake2b(str(i).encode(), digest_size=8).hexdigest(), 16) & _MASK for i in range(PERMUTATIONS)]


def _normal(text: str) -> str:
    return re.sub(r"[\s\d　，。、；：,.;:()（）“”\"'《》]+", "", text)


def shingles(text: str) -> set[int]:
    t = _normal(text)
    return {hash(t[i : i + SHINGLE]) & _MASK for i in range(max(1, len(t) - SHINGLE + 1))} if t else set()


def signature(text: str) -> list[int]:
    """MinHash signature (deterministic across processes: blake2b, not hash())."""
    t = _normal(text)
    if len(t) < SHINGLE:
        return []
    grams = {int.from_bytes(hashlib.blake2b(t[i : i + SHINGLE].encode(), digest_size=8).digest(), "big") & _MASK
             for i in range(len(t) - SHINGLE + 1)}
    return [min((g ^ seed) for g in grams) for seed in _SEEDS]


def estimate(a: list[int], b: list[int]) -> float:
    if not a or not b:
        return 0.0
    return sum(x == y for x, y in zip(a, b)) / len(a)


def shared_passages(a: str, b: str, minimum: int = 30, limit: int = 5) -> list[str]:
    """Paragraphs of ``b`` that also stand in ``a`` (after normalising), longest first."""
    seen = {_normal(p) for p in a.split("\n") if len(_normal(p)) >= minimum}
    found = [p.strip() for p in b.split("\n") if len(_normal(p)) >= minimum and _normal(p) in seen]
    return sorted(found, key=len, reverse=True)[:limit]
