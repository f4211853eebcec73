"""Mangled reports never crash the pipeline: every run ends in findings or a clear
file-level error, never an internal error."""

from __future__ import annotations

import random

import pytest

from conftest import FIXTURES, SEEDS

SOURCES = sorted((FIXTURES / "reports").glob("*.txt")) + sorted(SEEDS.glob("*.txt"))


def _mutations(data: bytes, rng: random.Random):
    text = data.decode("utf-8", errors="ignore")
    lines = text.split("\n")
    yield data[: rng.randrange(len(data))]  # truncated, possibly inside a character
    yield text.replace("\n", "").encode()  # all line breaks lost
    shuffled = lines[:]
    rng.shuffle(shuffled)
    yield "\n".join(shuffled).encode()  # lines out of order
    yield "\n".join(line[: rng.randrange(len(line) + 1)] for line in lines).encode()  # lines cut short
    noisy = bytearray(data)
    for _ in range(20):
        noisy[rng.randrange(len(noisy))] = rng.randrange(256)
    yield bytes(noisy)  # random bytes flipped
    yield ("\n".join("一、" + line for line in lines)).encode()  # every line a heading
    yield ("**" * 50 + "（一）" * 500 + "第" * 500).encode()


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_mangled_reports_do_not_crash(linter, source):
    rng = random.Random(source.name)
    for n, data in enumerate(_mutations(source.read_bytes(), rng)):
        result = linter.lint_bytes(data, source.name)
        assert result.error is None or "内部错误" not in result.error, (n, result.error)
