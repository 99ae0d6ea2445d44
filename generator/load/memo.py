"""What this process has already worked out from a file's exact bytes, kept for its next load.

One process often loads the same project several times: `translations sync` before and
after writing back, an import that checks its result, the live preview, the test suite. A
file whose bytes were parsed before is not parsed again, and a file that passed a check in
the same context is not checked again. Everything is keyed by the sha256 of the bytes (and
by the context the caller names), so a changed file is always read afresh.

Parsed data is kept pickled: each load gets its own copy, so nothing a caller changes in
it reaches the next load. Positions (line and column of every value) are never changed by
their readers, so they are shared. Every table is bounded, oldest out first; a miss only
costs the work again.
"""

from __future__ import annotations

import pickle
import threading
from collections import OrderedDict
from typing import Callable, Hashable, TypeVar

T = TypeVar("T")


class Bounded:
    """A least-recently-used table of at most `size` entries, safe across threads."""

    def __init__(self, size: int):
        self.size = size
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable):
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: Hashable, value) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


_tables: list[Bounded] = []


def table(size: int) -> Bounded:
    """A table of this process's memory that forget() empties (later stages keep theirs here too)."""
    made = Bounded(size)
    _tables.append(made)
    return made


# A playbook's data pickles to ~30 kB and its positions take a few hundred: enough for a
# project of a thousand files, bounded well below what a build uses anyway.
_parsed = table(2048)
_positions = table(256)
_passed = table(16384)


def parsed(digest: str) -> tuple[object, str] | None:
    """(data, text) of the bytes with this sha256 as parsed earlier in this process, or None."""
    hit = _parsed.get(digest)
    return (pickle.loads(hit[0]), hit[1]) if hit is not None else None


def keep_parsed(digest: str, data, text: str) -> None:
    try:
        blob = pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, RecursionError):
        return  # parsed again next time
    _parsed.put(digest, (blob, text))


def positions(digest: str, compute: Callable[[], T]) -> T:
    """The positions worked out for the text with this sha256, computed on first use."""
    found = _positions.get(digest)
    if found is None:
        found = compute()
        _positions.put(digest, found)
    return found


def passed(digest: str, check: str, context: Hashable) -> bool:
    """Whether the file with this sha256 passed `check` in `context` earlier in this process."""
    return bool(digest) and _passed.get((digest, check, context)) is not None


def mark_passed(digest: str, check: str, context: Hashable) -> None:
    if digest:
        _passed.put((digest, check, context), True)


def forget() -> None:
    """Drop everything kept: from here on, as in a new process."""
    for kept in _tables:
        kept.clear()
