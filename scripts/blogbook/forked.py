"""A function over many items on every core, for the converter's first run on a large book;
and one long task beside the rest (:func:`beside`).

Workers are forked after the items exist, so each starts with the items and the
function in its memory (rules compiled, posts parsed) and is sent only the number of
an item; only results travel back. Sending parsed posts to a worker and back took
longer than the work itself. Below :data:`MANY` items, or with one core, or where
processes cannot be forked, everything runs in this process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

MANY = 1000  # items; below this, starting processes costs more than it saves
CHUNK = 250  # items a worker is sent at once

# A worker's function and items, set once as it starts (a forked copy of the caller's).
_work: tuple[Callable[[Any], Any], Sequence[Any]] | None = None


def cores() -> int:
    # Linux tells which cores the process may use; elsewhere (no fork there), one.
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1


def map_forked(function: Callable[[Item], Result], items: Sequence[Item]) -> list[Result]:
    """``[function(item) for item in items]``, in order, on every core when there are many."""
    if len(items) < MANY or cores() < 2:
        return [function(item) for item in items]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(
        cores(), mp_context=context, initializer=_start, initargs=(function, items)
    ) as pool:
        return list(pool.map(_call, range(len(items)), chunksize=CHUNK))


class Beside:
    """A task running in a forked copy of this process; :meth:`wait` says if it succeeded."""

    def __init__(self, process: multiprocessing.process.BaseProcess | None) -> None:
        self._process = process

    def wait(self) -> bool:
        if self._process is None:
            return True  # it ran at once, in this process
        self._process.join()
        return self._process.exitcode == 0


def beside(function: Callable[..., object], *args: object, many: bool) -> Beside:
    """Start ``function(*args)`` beside what this process does next, if *many* (a large
    task on more than one core); else run it now. Its outcome must be files: a forked
    copy gives nothing back but success."""
    if not many or cores() < 2:
        function(*args)
        return Beside(None)
    process = multiprocessing.get_context("fork").Process(target=function, args=args)
    process.start()
    return Beside(process)


def _start(function: Callable[[Any], Any], items: Sequence[Any]) -> None:
    global _work
    _work = (function, items)


def _call(at: int) -> Any:
    assert _work is not None
    function, items = _work
    return function(items[at])
