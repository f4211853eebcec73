"""PyYAML's safe loader with limits (imported only when a YAML file must be parsed: a run
whose rule packs are all in the compiled cache never imports PyYAML)."""

from __future__ import annotations

import yaml

from gik_lint.packs import MAX_ALIASES, MAX_DEPTH, MAX_NODES

try:
    from yaml.cyaml import CParser as _Parser
except ImportError:  # PyYAML without libyaml: the pure-Python reader, scanner and parser

    class _Parser(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser):
        def __init__(self, stream):
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)



class OverLimit(yaml.MarkedYAMLError):
    pass


class _GuardedComposer(yaml.composer.Composer):
    """PyYAML's composer, counting as it goes: the nodes (an alias counts as every node of
    what it stands for, so an alias bomb is refused before it is expanded), the aliases
    and the depth."""

    def __init__(self):
        super().__init__()
        self._nodes = self._aliases = self._depth = 0
        self._sizes: dict[int, int] = {}

    def _over(self, mark, message: str):
        raise OverLimit(None, None, message, mark)

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            node = super().compose_node(parent, index)
            self._aliases += 1
            self._nodes += self._sizes.get(id(node), 1)
            if self._aliases > MAX_ALIASES:
                self._over(event.start_mark, f"别名（*alias）超过 {MAX_ALIASES} 个")
            if self._nodes > MAX_NODES:
                self._over(event.start_mark, f"展开别名后节点超过 {MAX_NODES} 个（疑似别名炸弹）")
            return node
        event = self.peek_event()
        self._depth += 1
        if self._depth > MAX_DEPTH:
            self._over(event.start_mark, f"嵌套超过 {MAX_DEPTH} 层")
        self._nodes += 1
        if self._nodes > MAX_NODES:
            self._over(event.start_mark, f"节点超过 {MAX_NODES} 个")
        start = self._nodes
        node = super().compose_node(parent, index)
        if getattr(event, "anchor", None):
            self._sizes[id(node)] = self._nodes - start + 1
        self._depth -= 1
        return node


class GuardedLoader(_GuardedComposer, _Parser, yaml.constructor.SafeConstructor, yaml.resolver.Resolver):
    """A safe loader (the C parser when PyYAML has it) with the limits above."""

    def __init__(self, stream):
        _Parser.__init__(self, stream)
        _GuardedComposer.__init__(self)
        yaml.constructor.SafeConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)
