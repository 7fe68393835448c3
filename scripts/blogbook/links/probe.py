"""Checking one address over HTTP, politely.

A :class:`Prober` asks for each address with a GET whose body it never reads
(``stream=True``): servers that refuse HEAD answer GET the same as a browser. It follows
redirects and reports where they ended (:class:`~blogbook.links.verdict.Outcome`).

Politeness, so that no site has reason to block the book:

- a User-Agent naming the book and its address (:data:`USER_AGENT`);
- at most :attr:`Politeness.per_host` requests at a time to one host;
- on 429 or a 5xx, a pause for that host as long as ``Retry-After`` asks (or a
  doubling back-off without it), capped at :attr:`Politeness.max_wait`, then another
  try, at most :attr:`Politeness.retries` more; other failures (time-outs, refused
  connections) are not retried within a run: the next run retests them.
"""

from __future__ import annotations

import datetime
import email.utils
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import TracebackType
from urllib.parse import urlsplit

import requests

from blogbook.links.verdict import Answer, Outcome

# The book's address: html_baseurl in conf.py (a test keeps the two the same).
BOOK_ADDRESS = "https://chris-mills-child-protection-blog.readthedocs.io/en/latest/"
USER_AGENT = (
    f"blogbook-links/1.0 (+{BOOK_ADDRESS}; the link checker of the book "
    f"Chris Mills's Child Protection Blog) python-requests/{requests.__version__}"
)
ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@dataclass(frozen=True, kw_only=True)
class Politeness:
    timeout: float = 20.0  # seconds to connect, and to wait for the answer to begin
    retries: int = 2  # more tries after a 429 or a 5xx
    backoff: float = 5.0  # the first pause when there is no Retry-After; doubled each time
    max_wait: float = 120.0  # the longest pause, whatever Retry-After asks
    per_host: int = 2  # requests at a time to one host


def new_session() -> requests.Session:
    session = requests.Session()
    session.headers.update({"User-Agent": USER_AGENT, "Accept": ACCEPT})
    return session


def retry_delay(
    retry_after: str | None,
    attempt: int,
    *,
    backoff: float,
    max_wait: float,
    now: datetime.datetime,
) -> float:
    """Seconds to wait before try *attempt* + 1 (0-based): what ``Retry-After`` asks, as
    seconds or as an HTTP date, or else *backoff* doubled per try; at most *max_wait*."""
    seconds = None
    value = (retry_after or "").strip()
    if value.isdigit():
        seconds = float(value)
    elif value:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            when = None
        if when is not None:
            when = when if when.tzinfo else when.replace(tzinfo=datetime.UTC)
            seconds = max(0.0, (when - now).total_seconds())
    if seconds is None:
        seconds = backoff * 2**attempt
    return min(seconds, max_wait)


def classify(code: int, final_url: str) -> Outcome:
    """What an HTTP status at the end of any redirects says about the address."""
    if 200 <= code < 300:
        return Outcome(answer=Answer.OK, http_code=code, final_url=final_url)
    if code in (404, 410):
        return Outcome(answer=Answer.GONE, http_code=code, final_url=final_url)
    if code == 429:
        return Outcome(answer=Answer.LIMITED, http_code=code, final_url=final_url)
    answer = Answer.NO_ANSWER if code >= 500 else Answer.OTHER
    return Outcome(answer=answer, http_code=code, final_url=final_url, problem="http")


@dataclass
class _Gate:
    slots: threading.Semaphore
    resume_at: float = 0.0


@dataclass
class HostGates:
    """At most *per_host* requests at a time to each host, and pauses they all honour."""

    per_host: int
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    _gates: dict[str, _Gate] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _gate(self, host: str) -> _Gate:
        with self._lock:
            return self._gates.setdefault(host, _Gate(threading.Semaphore(self.per_host)))

    @contextmanager
    def turn(self, host: str) -> Iterator[None]:
        gate = self._gate(host)
        with gate.slots:
            while (wait := gate.resume_at - self.clock()) > 0:
                self.sleep(wait)
            yield

    def pause(self, host: str, seconds: float) -> None:
        gate = self._gate(host)
        with self._lock:
            gate.resume_at = max(gate.resume_at, self.clock() + seconds)


class Prober:
    """Checks addresses, from as many threads as wanted; close it (or use ``with``)."""

    def __init__(self, politeness: Politeness, *, sleep: Callable[[float], None] = time.sleep):
        self.politeness = politeness
        self.gates = HostGates(politeness.per_host, sleep=sleep)
        self._local = threading.local()
        self._sessions: list[requests.Session] = []
        self._lock = threading.Lock()

    def __enter__(self) -> Prober:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            for session in self._sessions:
                session.close()
            self._sessions.clear()

    def _session(self) -> requests.Session:
        """One session per thread: requests does not promise a shared one is thread-safe."""
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = new_session()
            with self._lock:
                self._sessions.append(session)
        return session

    def check(self, url: str) -> Outcome:
        host = (urlsplit(url).hostname or "").lower()
        politeness = self.politeness
        for attempt in range(politeness.retries + 1):
            with self.gates.turn(host):
                try:
                    code, final_url, retry_after = self._get(url)
                except requests.Timeout:
                    return Outcome(answer=Answer.NO_ANSWER, problem="timeout")
                except requests.TooManyRedirects:
                    return Outcome(answer=Answer.OTHER, problem="redirects")
                except requests.ConnectionError:  # refused, reset, no such name, TLS
                    return Outcome(answer=Answer.NO_ANSWER, problem="connection")
                except (requests.RequestException, ValueError):  # an address requests refuses
                    return Outcome(answer=Answer.OTHER, problem="invalid")
            if code != 429 and code < 500:
                break
            if attempt < politeness.retries:
                now = datetime.datetime.now(datetime.UTC)
                wait = retry_delay(
                    retry_after,
                    attempt,
                    backoff=politeness.backoff,
                    max_wait=politeness.max_wait,
                    now=now,
                )
                self.gates.pause(host, wait)
        return classify(code, final_url)

    def _get(self, url: str) -> tuple[int, str, str | None]:
        response = self._session().get(
            url, timeout=self.politeness.timeout, stream=True, allow_redirects=True
        )
        with response:  # closing unread: the body is never downloaded
            return response.status_code, response.url, response.headers.get("Retry-After")
