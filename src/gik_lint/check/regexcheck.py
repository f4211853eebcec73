"""A static check of the regular expressions a rule pack brings: a pattern that can take
exponential time on a report (catastrophic backtracking) is refused when its pack loads.

Conservative by design (``re``'s own parser, no matching): a repeat with no upper bound,
or one up to more than :data:`BOUND` times, is *unbounded*. Under an unbounded repeat a
pattern may not hold

* another unbounded repeat that the rest of the repeated part cannot tell apart from the
  next round: ``(a+)+``, ``(a*)*``, ``(\\d+,?)+``, ``(.*x)+`` (``(\\d+,)+`` is fine: the comma
  ends each round);
* an alternation whose branches can start with the same character, or one that can match
  nothing: ``(a|aa)+``, ``(a|ab)*``, ``(x|)+``;
* something that can match the empty string: ``(a?)+``.
"""

from __future__ import annotations

import re

try:  # Python 3.11+
    from re import _constants as C
    from re import _parser as P
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as C
    import sre_parse as P

BOUND = 10  # a repeat up to more than this many times counts as unbounded
MAX_LENGTH = 2000  # characters of one pattern

_ANY = "any"  # a character set: a list of (op, arg) items, or _ANY


class RegexRisk(ValueError):
    """Why a pattern is refused (zh-CN)."""


def check(pattern: str) -> re.Pattern:
    """The pattern compiled; :class:`re.error` if it is not a pattern, :class:`RegexRisk`
    if it risks catastrophic backtracking."""
    if not isinstance(pattern, str):
        raise re.error(f"应为字符串，实际为 {type(pattern).__name__}")
    if len(pattern) > MAX_LENGTH:
        raise RegexRisk(f"正则表达式过长（{len(pattern)} 个字符，上限 {MAX_LENGTH}）")
    from gik_lint import packcache

    compiled = packcache.compile_re(pattern)
    if not packcache.get("safe", pattern):  # checked once, by any earlier run
        _walk(P.parse(pattern), under=False)
        packcache.put("safe", pattern)
    return compiled


def _unbounded(hi) -> bool:
    return hi == C.MAXREPEAT or hi > BOUND


def _walk(items, under: bool) -> None:
    for op, av in items:
        if op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)):
            lo, hi, body = av
            if op != getattr(C, "POSSESSIVE_REPEAT", None) and _unbounded(hi):
                _repeated(body)
                _walk(body, True)
            else:
                _walk(body, under)
        elif op == C.SUBPATTERN:
            _walk(av[-1], under)
        elif op == C.BRANCH:
            for branch in av[1]:
                _walk(branch, under)
        elif op in (C.ASSERT, C.ASSERT_NOT):
            _walk(av[1], under)
        elif op == getattr(C, "ATOMIC_GROUP", None):
            _walk(av, False)
        elif op == C.GROUPREF_EXISTS:
            _walk(av[1], under)
            if av[2]:
                _walk(av[2], under)


def _repeated(body) -> None:
    """``body`` is repeated without bound: refuse the shapes that backtrack exponentially."""
    items = _flat(body)
    if _can_be_empty(items):
        raise RegexRisk("无上限重复的部分可以匹配空字符串（如 (a?)+、(a*)*），会导致灾难性回溯")
    for op, av in _iter_all(items):
        if op == C.BRANCH:
            branches = av[1]
            if any(_can_be_empty(b) for b in branches):
                raise RegexRisk("无上限重复中的选择分支可以匹配空字符串或彼此的开头（如 (x|)+、(a|aa)+），会导致灾难性回溯")
            firsts = [_first(b) for b in branches]
            for i in range(len(firsts)):
                for j in range(i + 1, len(firsts)):
                    if _overlap(firsts[i], firsts[j]):
                        raise RegexRisk("无上限重复中的选择分支可能以同一字符开头（如 (a|aa)+），会导致灾难性回溯")
    # an unbounded repeat inside: the rest of the round must end it with a character it cannot match
    for k, (op, av) in enumerate(items):
        if not _has_unbounded(op, av):
            continue
        chars = _chars([(op, av)])
        stop = False
        for op2, av2 in items[k + 1:]:
            if _can_be_empty([(op2, av2)]):
                if _overlap(chars, _first([(op2, av2)])):
                    break
                continue
            stop = not _overlap(chars, _first([(op2, av2)]))
            break
        if not stop:
            raise RegexRisk("嵌套的无上限重复（如 (a+)+、(\\d+,?)+），会导致灾难性回溯；请让每一轮以内层不能匹配的字符结束，或给重复加上限")


def _flat(items) -> list:
    """The sequence with its plain groups opened: ``((\\d+),)`` is ``\\d+ ,``."""
    out = []
    for op, av in items:
        if op == C.SUBPATTERN:
            out += _flat(av[-1])
        else:
            out.append((op, av))
    return out


def _iter_all(items):
    for op, av in items:
        yield op, av
        for sub in _children(op, av):
            yield from _iter_all(sub)


def _children(op, av):
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)):
        return [av[2]]
    if op == C.SUBPATTERN:
        return [av[-1]]
    if op == C.BRANCH:
        return list(av[1])
    if op == getattr(C, "ATOMIC_GROUP", None):
        return [av]
    if op == C.GROUPREF_EXISTS:
        return [b for b in (av[1], av[2]) if b]
    return []  # lookarounds are checked on their own (_walk)


def _has_unbounded(op, av) -> bool:
    for o, a in _iter_all([(op, av)]):
        if o in (C.MAX_REPEAT, C.MIN_REPEAT) and _unbounded(a[1]):
            return True
    return False


def _can_be_empty(items) -> bool:
    for op, av in items:
        if op in (C.LITERAL, C.NOT_LITERAL, C.ANY, C.IN, C.CATEGORY):
            return False
        if op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)):
            if av[0] > 0 and not _can_be_empty(av[2]):
                return False
        elif op == C.SUBPATTERN:
            if not _can_be_empty(av[-1]):
                return False
        elif op == getattr(C, "ATOMIC_GROUP", None):
            if not _can_be_empty(av):
                return False
        elif op == C.BRANCH:
            if not any(_can_be_empty(b) for b in av[1]):
                return False
        elif op == C.GROUPREF:
            return True  # conservatively: a back reference may be empty
    return True


def _first(items):
    """The characters the items can start with: a list of set items, or _ANY."""
    out = []
    for op, av in items:
        if op in (C.LITERAL, C.NOT_LITERAL, C.IN, C.CATEGORY):
            out.append((op, av))
            return out
        if op == C.ANY or op == C.GROUPREF:
            return _ANY
        if op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)):
            sub = _first(av[2])
            if sub is _ANY:
                return _ANY
            out += sub
            if av[0] > 0 and not _can_be_empty(av[2]):
                return out
        elif op in (C.SUBPATTERN, getattr(C, "ATOMIC_GROUP", None)):
            body = av[-1] if op == C.SUBPATTERN else av
            sub = _first(body)
            if sub is _ANY:
                return _ANY
            out += sub
            if not _can_be_empty(body):
                return out
        elif op == C.BRANCH:
            for b in av[1]:
                sub = _first(b)
                if sub is _ANY:
                    return _ANY
                out += sub
            if not any(_can_be_empty(b) for b in av[1]):
                return out
        elif op in (C.AT, C.ASSERT, C.ASSERT_NOT):
            continue
        else:
            return _ANY
    return out


def _chars(items):
    """Every character the items can match anywhere: a list of set items, or _ANY."""
    out = []
    for op, av in _iter_all(items):
        if op in (C.LITERAL, C.NOT_LITERAL, C.IN, C.CATEGORY):
            out.append((op, av))
        elif op in (C.ANY, C.GROUPREF):
            return _ANY
    return out


_SAMPLES = "0 9aZz_\t\n\u3000中,，。、/-.年月日元件一十"


def _overlap(a, b) -> bool:
    if a is _ANY or b is _ANY:
        return bool(a) and bool(b)
    if not a or not b:
        return False
    candidates = set(_SAMPLES)
    for items in (a, b):
        for op, av in items:
            candidates |= _mentioned(op, av)
    return any(_member(a, ch) and _member(b, ch) for ch in candidates)


def _mentioned(op, av) -> set[str]:
    if op in (C.LITERAL, C.NOT_LITERAL):
        return {chr(av), chr(av + 1) if av + 1 < 0x110000 else chr(av)}
    if op == C.IN:
        out = set()
        for o, a in av:
            if o == C.LITERAL:
                out.add(chr(a))
            elif o == C.RANGE:
                out |= {chr(a[0]), chr(a[1]), chr((a[0] + a[1]) // 2)}
        return out
    return set()


_CATEGORY = {
    C.CATEGORY_DIGIT: str.isdecimal,
    C.CATEGORY_NOT_DIGIT: lambda c: not c.isdecimal(),
    C.CATEGORY_SPACE: lambda c: bool(re.match(r"\s", c)),
    C.CATEGORY_NOT_SPACE: lambda c: not re.match(r"\s", c),
    C.CATEGORY_WORD: lambda c: bool(re.match(r"\w", c)),
    C.CATEGORY_NOT_WORD: lambda c: not re.match(r"\w", c),
}


def _member(items, ch: str) -> bool:
    return any(_item_has(op, av, ch) for op, av in items)


def _item_has(op, av, ch: str) -> bool:
    if op == C.LITERAL:
        return ord(ch) == av
    if op == C.NOT_LITERAL:
        return ord(ch) != av
    if op == C.CATEGORY:
        return _CATEGORY.get(av, lambda c: True)(ch)
    if op == C.IN:
        negate = bool(av) and av[0][0] == C.NEGATE
        hit = False
        for o, a in av[1:] if negate else av:
            if (o == C.LITERAL and ord(ch) == a) or (o == C.RANGE and a[0] <= ord(ch) <= a[1]) or \
               (o == C.CATEGORY and _CATEGORY.get(a, lambda c: True)(ch)):
                hit = True
                break
        return hit != negate
    return True
