"""Checking many addresses at once: threads, and the order that spreads them over hosts.

:func:`check_rows` yields each row as soon as its check is done, so the command line
can show progress and keep every result even if the run is interrupted. Rows go out
host by host in turn, so that the per-host limit of :class:`~blogbook.links.probe.Prober`
rarely holds a thread idle.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Generator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from urllib.parse import urlsplit

from blogbook.links.table import Row
from blogbook.links.verdict import Outcome, record_check


def spread_over_hosts(rows: Sequence[Row]) -> tuple[Row, ...]:
    """*rows* reordered: the first of each host, then the second of each, and so on
    (hosts, and rows within a host, in the order given)."""
    by_host: dict[str, list[Row]] = {}
    for row in rows:
        by_host.setdefault((urlsplit(row.url).hostname or "").lower(), []).append(row)
    queues = list(by_host.values())
    longest = max((len(queue) for queue in queues), default=0)
    return tuple(queue[i] for i in range(longest) for queue in queues if i < len(queue))


def check_rows(
    rows: Sequence[Row],
    check: Callable[[str], Outcome],
    *,
    jobs: int,
    today: datetime.date,
) -> Generator[tuple[Row, Outcome], None, None]:
    """Check *rows* with *jobs* threads; yield (new row, outcome) as each check ends.

    Closing the iterator early (or an interrupt while it waits) cancels the checks not
    yet begun; those under way end within the time-out.
    """
    executor = ThreadPoolExecutor(max_workers=max(1, jobs), thread_name_prefix="links")
    try:
        futures: dict[Future[Outcome], Row] = {
            executor.submit(check, row.url): row for row in spread_over_hosts(rows)
        }
        for future in as_completed(futures):
            outcome = future.result()
            yield record_check(futures[future], outcome, today), outcome
    finally:
        executor.shutdown(wait=False, cancel_futures=True)
