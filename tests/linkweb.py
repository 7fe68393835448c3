"""A web in a thread on 127.0.0.1, for the tests of ``scripts/links.py``.

Each path plays one case a link checker meets; the server counts the requests it gets
per path, remembers the User-Agents, and how many requests were under way at once.
``/wayback/available`` plays the Internet Archive's availability API, answering from
``snapshots`` (address -> the ``closest`` record), or 429 once ``archive_429_after``
queries have been answered.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

SLOW = 0.8  # seconds /slow takes to answer; tests give a shorter time-out
BUSY = 0.1  # seconds /busy-N takes, long enough for requests to overlap

ANSWERS = {
    "/ok": (200, {}),
    "/moved": (301, {"Location": "/ok"}),
    "/moved-gone": (301, {"Location": "/gone"}),
    "/gone": (404, {}),
    "/removed": (410, {}),
    "/broken": (503, {}),
    "/forbidden": (403, {}),
    "/report": (404, {}),
    "/old-report": (410, {}),
    "/new": (200, {}),
}


class FakeWeb:
    def __init__(self) -> None:
        self.hits: Counter[str] = Counter()
        self.agents: list[str] = []
        self.archive_queries: list[dict[str, str]] = []
        self.archive_times: list[float] = []
        self.snapshots: dict[str, dict[str, Any]] = {}
        self.archive_429_after: int | None = None
        self.in_flight = 0
        self.most_in_flight = 0
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.web = self  # what Handler answers from
        self.server.daemon_threads = True  # a slow answer must not hold up the shutdown
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    @property
    def archive_api(self) -> str:
        return self.url("/wayback/available")

    def page_hits(self) -> int:
        """Requests for pages, the archive's API aside."""
        return sum(n for path, n in self.hits.items() if not path.startswith("/wayback/"))

    def start(self) -> FakeWeb:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def refused_url() -> str:
    """An address on a port nothing listens on: the connection is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/refused"


class Handler(BaseHTTPRequestHandler):
    server: Any
    _counted = False  # this request is counted in the web's requests in flight

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet: pytest shows stderr of failing tests

    def do_GET(self) -> None:
        web = self.server.web
        parts = urlsplit(self.path)
        with web.lock:
            web.hits[parts.path] += 1
            seen = web.hits[parts.path]
            web.agents.append(self.headers.get("User-Agent", ""))
            web.in_flight += 1
            web.most_in_flight = max(web.most_in_flight, web.in_flight)
        self._counted = True
        try:
            self._answer(parts.path, parts.query, seen)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a time-out): nothing to answer
        finally:
            self._done()

    def _done(self) -> None:
        """The request is answered. Noted before the answer is sent: once the client has it,
        it may send its next request before this thread would get back here."""
        if self._counted:
            self._counted = False
            with self.server.web.lock:
                self.server.web.in_flight -= 1

    def _answer(self, path: str, query: str, seen: int) -> None:
        if path == "/wayback/available":
            self._archive(query)
        elif path == "/busy":  # 429 first, then fine
            if seen == 1:
                self._send(429, {"Retry-After": "1"})
            else:
                self._send(200, {})
        elif path == "/slow":
            time.sleep(SLOW)
            self._send(200, {})
        elif path.startswith("/busy-"):
            time.sleep(BUSY)
            self._send(200, {})
        elif path.startswith("/posts/"):
            self._send(200, {})
        else:
            code, headers = ANSWERS.get(path, (404, {}))
            self._send(code, headers)

    def _archive(self, query: str) -> None:
        web = self.server.web
        params = {name: values[0] for name, values in parse_qs(query).items()}
        with web.lock:
            web.archive_times.append(time.monotonic())
            cutoff = web.archive_429_after
            limited = cutoff is not None and len(web.archive_queries) >= cutoff
            if not limited:
                web.archive_queries.append(params)
        if limited:
            self._send(429, {"Retry-After": "30"})
            return
        closest = web.snapshots.get(params.get("url", ""))
        answer = {"archived_snapshots": {"closest": closest} if closest else {}}
        self._send(200, {"Content-Type": "application/json"}, json.dumps(answer).encode())

    def _send(self, code: int, headers: dict[str, str], body: bytes = b"a page\n") -> None:
        self._done()
        self.send_response(code)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
