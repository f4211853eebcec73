"""Caches keyed by an object's identity: what is worked out once for a parsed
expression or a table layout, which are made once and live as long as the run."""

from __future__ import annotations

from collections.abc import Callable, Hashable

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from typing import Any

LIMIT = 65_536  # entries; a full cache starts again rather than grow without end


def by_identity(cache: dict, owner: object, key: Hashable, make: Callable[[], Any]) -> Any:
    """``cache``'s value for ``owner`` (by identity) and ``key``, made by ``make()`` the
    first time. The entry holds ``owner``, so its id cannot pass to another object."""
    entry = cache.get((id(owner), key))
    if entry is None or entry[0] is not owner:
        if len(cache) >= LIMIT:
            cache.clear()
        entry = cache[id(owner), key] = (owner, make())
    return entry[1]
