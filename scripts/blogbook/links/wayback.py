"""Asking the Internet Archive for the snapshot of an address closest to a date.

The availability API (``https://archive.org/wayback/available?url=...&timestamp=YYYYMMDD``)
answers ``{"archived_snapshots": {"closest": {"available": true, "url": ...,
"timestamp": "YYYYMMDDhhmmss", "status": "200"}}}``, or ``{"archived_snapshots": {}}``
when it holds no copy. :func:`read_availability` reads that, purely.

The Internet Archive publishes no rate limit; users report 429s at one request every
6 s, and its staff say that ignoring 429s for over a minute gets an address blocked for
an hour, doubling on repeats. So :class:`Wayback` makes one request at a time, at least
``pace`` seconds apart; after a 429 it waits as ``Retry-After`` asks (or ``backoff``),
and after ``give_up_after`` troubles in a row (429s, errors, no answer) it stops asking
for the rest of the run. What it found until then is kept.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable
from dataclasses import dataclass

import requests

from blogbook.links.probe import retry_delay
from blogbook.links.verdict import Snapshot

ARCHIVE_API = "https://archive.org/wayback/available"


def query(url: str, cited: datetime.date | None) -> dict[str, str]:
    """The API's parameters: the address, and the date to be closest to if known."""
    params = {"url": url}
    if cited is not None:
        params["timestamp"] = cited.strftime("%Y%m%d")
    return params


def read_availability(payload: object) -> Snapshot | None:
    """The closest snapshot in an availability answer, if it is available and was a
    2xx page when taken (a snapshot of an error page is no copy)."""
    snapshots = payload.get("archived_snapshots") if isinstance(payload, dict) else None
    closest = snapshots.get("closest") if isinstance(snapshots, dict) else None
    if not isinstance(closest, dict) or closest.get("available") is not True:
        return None
    url, stamp, status = closest.get("url"), closest.get("timestamp"), closest.get("status")
    if not isinstance(url, str) or not isinstance(stamp, str) or not url:
        return None
    if status is not None and not str(status).startswith("2"):
        return None
    try:
        taken = datetime.date(int(stamp[:4]), int(stamp[4:6]), int(stamp[6:8]))
    except ValueError:
        return None
    if url.startswith("http://web.archive.org/"):  # the API answers http; the site is https
        url = "https://" + url.removeprefix("http://")
    return Snapshot(url=url, taken=taken)


@dataclass(frozen=True, kw_only=True)
class Lookup:
    answered: bool  # False: ask again another time
    snapshot: Snapshot | None = None


@dataclass(frozen=True, kw_only=True)
class Pacing:
    pace: float = 6.0  # seconds from one request to the next
    backoff: float = 60.0  # the pause after a 429 without Retry-After
    max_wait: float = 120.0  # the longest pause, whatever Retry-After asks
    give_up_after: int = 2  # troubles in a row before it stops asking
    timeout: float = 30.0


class Wayback:
    """One request at a time to the availability API, paced; gives up on repeated trouble."""

    def __init__(
        self,
        api: str,
        session: requests.Session,
        pacing: Pacing,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.api = api
        self.session = session
        self.pacing = pacing
        self.clock = clock
        self.sleep = sleep
        self.troubles = 0  # in a row
        self.last_trouble = ""
        self.stopped = False
        self._next_at = 0.0

    def lookup(self, url: str, cited: datetime.date | None) -> Lookup:
        while not self.stopped:
            code, payload, retry_after = self._ask(url, cited)
            if code == 200 and payload is not None:
                self.troubles = 0
                return Lookup(answered=True, snapshot=read_availability(payload))
            self._trouble("429 too many requests" if code == 429 else _describe(code))
            if code != 429:
                return Lookup(answered=False)
            if not self.stopped:
                now = datetime.datetime.now(datetime.UTC)
                pacing = self.pacing
                wait = retry_delay(
                    retry_after, 0, backoff=pacing.backoff, max_wait=pacing.max_wait, now=now
                )
                self._next_at = max(self._next_at, self.clock() + wait)
        return Lookup(answered=False)

    def _trouble(self, what: str) -> None:
        self.troubles += 1
        self.last_trouble = what
        if self.troubles >= self.pacing.give_up_after:
            self.stopped = True

    def _ask(self, url: str, cited: datetime.date | None) -> tuple[int | None, object, str | None]:
        """(HTTP status or None, the JSON answer or None, Retry-After)."""
        while (wait := self._next_at - self.clock()) > 0:
            self.sleep(wait)
        try:
            response = self.session.get(
                self.api, params=query(url, cited), timeout=self.pacing.timeout
            )
        except requests.RequestException:
            return None, None, None
        finally:
            self._next_at = self.clock() + self.pacing.pace
        with response:
            try:
                payload = response.json() if response.status_code == 200 else None
            except ValueError:
                payload = None
            return response.status_code, payload, response.headers.get("Retry-After")


def _describe(code: int | None) -> str:
    if code is None:
        return "no answer"
    return "an answer that is not JSON" if code == 200 else f"HTTP {code}"
