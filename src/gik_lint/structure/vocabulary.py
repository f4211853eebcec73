"""The section titles the structure stage may rely on where layout alone cannot
decide: a heading inside text that lost its line breaks, a heading wrapped onto a
second line, a heading written without a number. Built from the rule packs' section
catalogues; titles and patterns apply to compacted text (folded, no whitespace)."""

from __future__ import annotations

from collections.abc import Iterable

from gik_lint.memo import by_identity
from gik_lint.packcache import compile_re
from gik_lint.textnorm import compact

_PREFIXES: dict = {}
_BODY_STARTS: dict = {}
_FAMILY_SPAN = 30  # characters a title found by its wording family may run to
_CJK = compile_re(r"[\u4e00-\u9fff]")
# what a title does not hold: body text after it ("…情况2016年我区…"), the next heading ("…四、…")
_RUN_ON = compile_re(r"[\u4e00-\u9fff]\d|.[一二三四五六七八九十][、.是]")
_TITLE_END = compile_re(r"(?:情况|工作|事项|措施|举措|问题|数量|类别|形式|打算|建议|概述|概况|对策|方向|方式|途径)$")


class Vocabulary:
    def __init__(self, titles: Iterable[str] = (), patterns: Iterable[str] = ()):
        self.titles = {compact(t) for t in titles if t}
        patterns = list(patterns)
        # one alternation: a single regex call per candidate length
        self._family = compile_re("|".join(f"(?:{p})" for p in patterns)) if patterns else None
        self._longest = max((len(t) for t in self.titles), default=0)
        self._lengths = sorted({len(t) for t in self.titles if len(t) >= 2}, reverse=True)
        self._starts = {t[:2] for t in self.titles}

    def may_start(self, head: str) -> bool:
        """Whether a line whose first two characters are ``head`` may be a title: they
        start one, or a space among them leaves it open."""
        return head in self._starts or len(head) < 2 or head[0].isspace() or head[1].isspace()

    def is_exact(self, title: str) -> bool:
        return title in self.titles

    def is_title(self, title: str) -> bool:
        return title in self.titles or bool(self._family and self._family.fullmatch(title))

    def prefix(self, text: str, minimum: int = 4) -> int:
        """Length of the section title that ``text`` starts with, or 0.

        The longest known title wins, unless a wording pattern matches a longer prefix
        that ends as titles end (情况, 事项, 措施 …): then the longest such prefix after
        which no Chinese text follows, else (when no title matches word for word) the
        shortest; failing both, the shortest prefix that a wording pattern matches (so
        the title stops before the running text). Answers are kept: the same row labels
        and headings come back in report after report."""
        return by_identity(_PREFIXES, self, (text, minimum), lambda: self._prefix(text, minimum))

    def exact_prefix(self, text: str) -> int:
        """Length of the longest section title, word for word, that ``text`` starts with, or 0."""
        return next((n for n in self._lengths if n <= len(text) and text[:n] in self.titles), 0)

    def body_start(self, text: str) -> int:
        """Where the body surely starts in ``text`` that opens with a section title run
        into its body: after a title word for word that no longer title of its wording
        family could continue, or after the longest family title that the body visibly
        follows (a digit, a bracket); 0 when it cannot be told. Answers are kept, as for
        ``prefix``."""
        return by_identity(_BODY_STARTS, self, text, lambda: self._body_start(text))

    def _body_start(self, text: str) -> int:
        exact = self.exact_prefix(text)
        ended = [n for n in self._ended(text, self._family_prefixes(text), exact) if n < len(text)]
        closed = [n for n in ended if not _CJK.match(text, n)]
        if closed:
            return closed[-1]
        return exact if exact and not ended and exact < len(text) else 0

    def _family_prefixes(self, text: str, minimum: int = 4) -> list[int]:
        """Lengths of the prefixes of ``text`` that a wording pattern matches and that hold
        no body text (a figure, the next heading)."""
        if not self._family:
            return []
        return [
            n for n in range(minimum, min(len(text), _FAMILY_SPAN) + 1)
            if self._family.fullmatch(text, 0, n) and not _RUN_ON.search(text, 0, n)
        ]

    @staticmethod
    def _ended(text: str, family: list[int], shorter: int) -> list[int]:
        """Those of ``family`` longer than ``shorter`` that end as titles end."""
        return [n for n in family if n > shorter and _TITLE_END.search(text, 0, n)]

    def _prefix(self, text: str, minimum: int) -> int:
        exact = self.exact_prefix(text)
        family = self._family_prefixes(text, minimum)
        ended = self._ended(text, family, exact)
        if ended:  # "政府信息依申请公开工作情况2013年…": the title ends where the text stops reading as one
            closed = [n for n in ended if n == len(text) or not _CJK.match(text, n)]
            if closed or not exact:
                return closed[-1] if closed else ended[0]
        return exact or (family[0] if family else 0)
