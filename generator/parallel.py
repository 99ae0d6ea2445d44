"""Work spread over forked processes, for the stages that scale with the number of playbooks.

Forked workers see the parent's data (corpus, templates, caches) without copying it;
only their results travel back, pickled. When the caller says the work is too small,
on one core, or after stay_in_process(), the work runs in this process.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_TASK: Callable | None = None  # what the forked workers run (inherited, never pickled)
_fork_allowed = True


def stay_in_process() -> None:
    """From now on, run all work in this process. For processes that start threads of their
    own (the live preview's file watcher): forking then could copy a lock one of them holds
    into the child, locked for ever."""
    global _fork_allowed
    _fork_allowed = False


def jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _run(item):
    return _TASK(item)


def fork_map(fn: Callable[[T], R], items: Sequence[T], in_processes: bool = True,
             each: Callable[[T, R], None] | None = None) -> list[R]:
    """[fn(item) for item in items], in forked processes if `in_processes` (the caller knows
    whether the work is worth it) and this machine and process allow; results in order.
    `each(item, result)` is called in this process as soon as each result is in, in order
    (the build starts a language's MkDocs run as soon as its pages are written)."""
    workers = min(jobs(), len(items))
    results: list[R] = []
    if (not in_processes or workers < 2 or not _fork_allowed
            or "fork" not in multiprocessing.get_all_start_methods()):
        for item in items:
            results.append(fn(item))
            if each is not None:
                each(item, results[-1])
        return results
    global _TASK
    _TASK = fn
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
            for item, result in zip(items, pool.map(_run, items)):
                results.append(result)
                if each is not None:
                    each(item, result)
            return results
    finally:
        _TASK = None


def chunks(items: Sequence[T], count: int) -> list[Sequence[T]]:
    """`items` cut into `count` runs of nearly equal length, in order."""
    count = max(1, min(count, len(items)))
    size, extra = divmod(len(items), count)
    out, start = [], 0
    for i in range(count):
        end = start + size + (1 if i < extra else 0)
        out.append(items[start:end])
        start = end
    return out
