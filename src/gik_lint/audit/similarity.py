"""How much two reports share: Jaccard similarity of their 8-character shingles,
estimated by MinHash signatures, and the passages they share."""

from __future__ import annotations

import hashlib
import operator
import re

SHINGLE = 8
BINS = 64  # signature length
_MASK = (1 << 61) - 1


def _normal(text: str) -> str:
    return re.sub(r"[\s\d　，。、；：,.;:()（）“”\"'《》]+", "", text)


def signature(text: str) -> list[int]:
    """A MinHash signature by one-permutation hashing: each shingle hashed once
    (blake2b, so the same in every process), its hash's bin and its value in the bin;
    a bin keeps its smallest value, and an empty bin borrows from the next filled one
    (densification), so equal bins estimate the Jaccard similarity of the shingle sets."""
    t = _normal(text)
    if len(t) < SHINGLE:
        return []
    bins: list[int | None] = [None] * BINS
    for i in range(len(t) - SHINGLE + 1):
        h = int.from_bytes(hashlib.blake2b(t[i : i + SHINGLE].encode(), digest_size=8).digest(), "big") & _MASK
        k, value = h % BINS, h // BINS
        if bins[k] is None or value < bins[k]:
            bins[k] = value
    filled = list(bins)
    for k in range(BINS):
        step = 1
        while filled[k] is None:
            borrowed = bins[(k + step) % BINS]
            if borrowed is not None:  # offset by the distance: two reports agree only where both borrowed alike
                filled[k] = borrowed + step * _MASK
            step += 1
    return filled


def estimate(a: list[int], b: list[int]) -> float:
    if not a or not b:
        return 0.0
    return sum(map(operator.eq, a, b)) / len(a)


def shared_passages(a: str, b: str, minimum: int = 30, limit: int = 5) -> list[str]:
    """Paragraphs of ``b`` that also stand in ``a`` (after normalising), longest first."""
    seen = {n for n in map(_normal, a.split("\n")) if len(n) >= minimum}
    found = [p.strip() for p in b.split("\n") if _normal(p) in seen]  # all of ``seen`` is long enough
    return sorted(found, key=len, reverse=True)[:limit]
