"""What a check means for an address: its status, and when a failing one is dead.

Pure: a row and the outcome of one check in, the new row out.

- ``ok``: a 2xx answer, after redirects.
- ``dead``: a definite answer that the page is gone, 404 or 410 after redirects; or
  an address promoted by the rule below.
- ``unreachable``: no definite answer: a time-out, a refused or reset connection, a
  name that does not resolve, a 5xx, or another answer (403, 401, ...). Never dead on
  one try.
- ``unchecked``: never checked yet. A check this run could not make (the server kept
  answering 429) leaves the row as it was, so a new address stays unchecked.

**Promotion**, modelled on the Internet Archive's link bot, which calls a link dead
only after it failed on three checks, each at least three days after the one before:
a failing check counts as a retest only if it comes at least :data:`RETEST_DAYS` days
after the row's last counted check (``checked``); a failure that comes sooner leaves
the row as it was. An address becomes ``dead`` when :data:`FAILURES_TO_DIE` failures
in a row are counted (the first and two retests, so at least six days apart end to end)
and the last one got no answer at all or a 5xx: a server that answers 403 is alive and
only refuses us, so such an address stays ``unreachable`` however long it fails. Any
2xx or 404/410 ends a run of failures. A failure never turns a dead address back.
"""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass, replace

from blogbook.links.table import Row, Status

RETEST_DAYS = 3
FAILURES_TO_DIE = 3


class Answer(enum.Enum):
    OK = "ok"  # 2xx after redirects
    GONE = "gone"  # 404 or 410 after redirects
    NO_ANSWER = "no-answer"  # time-out, connection failure, 5xx: may be promoted
    OTHER = "other"  # another answer (403, 401, 400, ...): fails, never promoted
    LIMITED = "limited"  # 429 even after backing off: not checked this time


@dataclass(frozen=True, kw_only=True)
class Outcome:
    answer: Answer
    http_code: int | None = None
    final_url: str = ""  # the address after redirects
    problem: str = ""  # timeout, connection, redirects, http


@dataclass(frozen=True, kw_only=True)
class Snapshot:
    """The Internet Archive's copy of an address."""

    url: str
    taken: datetime.date


def is_due(row: Row, today: datetime.date, recheck_after: int) -> bool:
    """Whether to check *row* again: never checked, or not within *recheck_after* days."""
    return row.checked is None or (today - row.checked).days >= recheck_after


def record_check(row: Row, outcome: Outcome, today: datetime.date) -> Row:
    """*row* after a check made *today* that had *outcome*."""
    if outcome.answer is Answer.LIMITED:
        return row
    checked = replace(
        row,
        checked=today,
        http_code=outcome.http_code,
        final_url=outcome.final_url if outcome.final_url != row.url else "",
        problem=outcome.problem,
    )
    if outcome.answer is Answer.OK:
        return replace(checked, status=Status.OK, failures=0, failing_since=None, problem="")
    if outcome.answer is Answer.GONE:
        return replace(checked, status=Status.DEAD, failures=0, failing_since=None, problem="")
    still_dead = row.status is Status.DEAD
    if row.failures == 0 or row.checked is None:
        status = Status.DEAD if still_dead else Status.UNREACHABLE
        return replace(checked, status=status, failures=1, failing_since=today)
    if (today - row.checked).days < RETEST_DAYS:
        return row  # too soon to count as a retest
    failures = row.failures + 1
    promoted = failures >= FAILURES_TO_DIE and outcome.answer is Answer.NO_ANSWER
    status = Status.DEAD if promoted or still_dead else Status.UNREACHABLE
    return replace(checked, status=status, failures=failures)


def wants_snapshot(row: Row, today: datetime.date, recheck_after: int) -> bool:
    """Whether to ask the Internet Archive about *row*: dead, without a copy yet, and not
    asked within *recheck_after* days."""
    if row.status is not Status.DEAD or row.archived_url:
        return False
    asked = row.archive_checked
    return asked is None or (today - asked).days >= recheck_after


def record_snapshot(row: Row, snapshot: Snapshot | None, today: datetime.date) -> Row:
    """*row* after the Internet Archive answered *today* (*snapshot* None: no copy)."""
    if snapshot is None:
        return replace(row, archive_checked=today)
    return replace(
        row, archive_checked=today, archived_url=snapshot.url, archived_at=snapshot.taken
    )
