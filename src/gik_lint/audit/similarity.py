"""How much two reports share: Jaccard similarity of their 8-character shingles,
estimated by MinHash signatures, and the passages they share."""

from __future__ import annotations

import operator
import re
from array import array

SHINGLE = 8
BINS = 64  # signature length
_BORROWED = 1 << 56  # above any value a bin holds (< 2**55): a borrowed value never equals an own one
# A prime drawn at random (61 bits): a shingle's hash is the number its code points spell
# (32 bits each) modulo this prime, which mixes every character into every bit (a prime
# near a power of two would not). Fixed, so the same in every process and every run.
_PRIME = 0x104B68278A9A021F


def _normal(text: str) -> str:
    return re.sub(r"[\s\d　，。、；：,.;:()（）“”\"'《》]+", "", text)


def signature(text: str) -> array:
    """A MinHash signature by one-permutation hashing: each shingle hashed once (see
    ``_PRIME``), its hash's bin and its value in the bin; a bin keeps its smallest value, and
    an empty bin borrows from the next filled one (densification), so equal bins
    estimate the Jaccard similarity of the shingle sets. Kept as 64-bit integers: a batch
    holds one for every report."""
    t = _normal(text)
    if len(t) < SHINGLE:
        return array("q")
    data, width = t.encode("utf-32-le"), 4 * SHINGLE
    number = int.from_bytes
    hashes = {number(data[i : i + width], "little") % _PRIME for i in range(0, len(data) - width + 1, 4)}
    smallest = {h % BINS: h // BINS for h in sorted(hashes, reverse=True)}  # the smallest of a bin comes last
    bins = [smallest.get(k) for k in range(BINS)]
    filled = list(bins)
    for k in range(BINS):
        step = 1
        while filled[k] is None:
            borrowed = bins[(k + step) % BINS]
            if borrowed is not None:  # offset by the distance: two reports agree only where both borrowed alike
                filled[k] = borrowed + step * _BORROWED
            step += 1
    return array("q", filled)


def estimate(a, b) -> float:
    if not a or not b:
        return 0.0
    return sum(map(operator.eq, a, b)) / len(a)


def shared_passages(a: str, b: str, minimum: int = 30, limit: int = 5) -> list[str]:
    """Paragraphs of ``b`` that also stand in ``a`` (after normalising), longest first."""
    seen = {n for n in map(_normal, a.split("\n")) if len(n) >= minimum}
    found = [p.strip() for p in b.split("\n") if _normal(p) in seen]  # all of ``seen`` is long enough
    return sorted(found, key=len, reverse=True)[:limit]
