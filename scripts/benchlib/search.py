"""The search as a reader meets it: ``search.html?q=WORDS`` opened in a real browser.

The book's search (Pagefind, in ``_build/html``), the same index searched by Pagefind's
own UI on an otherwise empty page (how soon the engine alone shows results, a floor for
the book's page), and Sphinx's own search (the floor's site, :mod:`benchlib.floor`) are
each served on 127.0.0.1 by the standard library's HTTP server and opened by Debian's
``chromium``, driven by Playwright, in a fresh browser context each time (an empty
cache, as a first visit). Measured, the median of
:data:`REPEAT` visits:

- the milliseconds from the start of the navigation until the first result is in the
  page (an init script's ``MutationObserver`` notes ``performance.now()``); Pagefind's
  first result counts once its title link is drawn, not its loading placeholder;
- the bytes fetched, in all and by the search alone (Pagefind: its bundle under
  ``pagefind/`` and the book's ``_static/search.js``; Sphinx: its index, search tools,
  language data and stemmers, and the pages its search fetches for their summaries),
  as they cross the network (the browser's encoded body sizes): like Read the Docs,
  the server here compresses text (HTML, CSS, JavaScript, JSON) with gzip when the
  browser accepts it; Pagefind's index files are compressed already and sent as they are;
- the results shown, so that a search that finds nothing is a failure, not a fast pass.

A visit ends when the network has been quiet for :data:`QUIET_SECONDS`.
"""

from __future__ import annotations

import functools
import gzip
import io
import json
import shutil
import statistics
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from playwright.sync_api import Browser, Error, Page, Request, Response, sync_playwright

from benchlib.results import BOOK_SEARCH, ENGINE_ALONE, FLOOR_SEARCH, SearchRow

# In about 70% of synthetic posts (the corpus's words, benchlib.corpus) and most real
# ones: every book finds it, and the largest finds it in thousands of pages.
QUERY = "Ofsted"
REPEAT = 3
QUIET_SECONDS = 0.5  # no request under way for this long: the search is done
FIRST_RESULT_SECONDS = 60.0
TIMEOUT_SECONDS = 300.0  # a visit; Sphinx fetches the page of each of thousands of results
BROWSER_NAMES = ("chromium", "chromium-browser")
# Headless, and quiet: without the background-networking flags chromium tries to reach
# Google's services, and a closed network refuses the connections. The browser tests
# start chromium with these too.
BROWSER_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
# Notes when the first element matching the selector enters the page.
OBSERVER = """(selector => {
  const observer = new MutationObserver(() => {
    if (window.__firstResult === undefined && document.querySelector(selector)) {
      window.__firstResult = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, { childList: true, subtree: true });
})(%s);"""
_SPHINX_FILES = ("searchindex.js", "searchtools.js", "language_data.js", "stemmer.js")
_COMPRESSED = ("text/", "application/javascript", "application/json", "image/svg+xml")


def _pagefind_request(path: str, resource_type: str) -> bool:
    return path.startswith("/pagefind/") or path == "/_static/search.js"


def _sphinx_request(path: str, resource_type: str) -> bool:
    # Summaries: searchtools fetches each result's page (fetch), which no page load does.
    return path.endswith(_SPHINX_FILES) or resource_type in ("fetch", "xhr")


@dataclass(frozen=True, kw_only=True)
class Engine:
    name: str
    site: Path  # the built HTML
    index: str  # the search's index in the site: without it there is nothing to measure
    first_result: str  # a result drawn: its time counts
    result: str  # one result shown: counted
    is_search: Callable[[str, str], bool]  # (path, resource type): fetched for the search only
    page: str = "search.html"  # opened with ?q=QUERY
    # A page written into the site for the visits and removed after (or "": the site's own).
    page_html: str = ""


# Pagefind's Default UI, with the book's search options, on a page that holds nothing else:
# how soon the engine itself shows results on this machine, a floor for the book's page.
ALONE_PAGE = "bench-pagefind-alone.html"  # written for the visits, removed after
_ALONE_HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Pagefind alone</title>
<link rel="stylesheet" href="pagefind/pagefind-ui.css"></head>
<body><main><div id="search"></div></main>
<script src="pagefind/pagefind-ui.js"></script>
<script>
const ui = new PagefindUI({ element: "#search", showSubResults: true, showImages: false,
  resetStyles: false, debounceTimeoutMs: 100 });
const words = new URLSearchParams(location.search).get("q");
if (words) { ui.triggerSearch(words); }
</script></body></html>
"""
PAGEFIND_RESULT = ".pagefind-ui__result"


def _pagefind(site: Path, name: str, page: str = "search.html", page_html: str = "") -> Engine:
    return Engine(
        name=name,
        site=site,
        index="pagefind/pagefind-entry.json",
        first_result=f"{PAGEFIND_RESULT} .pagefind-ui__result-link",
        result=PAGEFIND_RESULT,
        is_search=_pagefind_request,
        page=page,
        page_html=page_html,
    )


def engines(book: Path, floor_book: Path | None = None) -> tuple[Engine, ...]:
    """The book's search, Pagefind alone on an empty page, and the floor's search, of
    *book* (built), its floor built in *floor_book* (by default *book* itself)."""
    html = book / "_build" / "html"
    return (
        _pagefind(html, BOOK_SEARCH),
        _pagefind(html, ENGINE_ALONE, page=ALONE_PAGE, page_html=_ALONE_HTML),
        Engine(
            name=FLOOR_SEARCH,
            site=(floor_book or book) / "_build" / "floor" / "html",
            index="searchindex.js",
            first_result="#search-results li a",
            result="#search-results li",
            is_search=_sphinx_request,
        ),
    )


@functools.lru_cache(maxsize=512)
def _gzipped(path: Path, mtime_ns: int) -> bytes:
    """A file compressed once, as a host's cache keeps it (*mtime_ns* keys the cache)."""
    return gzip.compress(path.read_bytes(), mtime=0)


class _QuietHandler(SimpleHTTPRequestHandler):
    """Files as a web host serves them: text compressed with gzip for a browser that
    accepts it (as Read the Docs does), the rest as it is; no log."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        kind = self.guess_type(str(path))
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.is_file() and kind.startswith(_COMPRESSED)):
            return super().send_head()
        body = _gzipped(path, path.stat().st_mtime_ns)
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """*site* over HTTP on a free port: its base address, ending in "/"."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@dataclass
class Traffic:
    """The requests of one visit: those under way, and every response."""

    pending: set[Request] = field(default_factory=set)
    responses: list[Response] = field(default_factory=list)
    last: float = field(default_factory=time.monotonic)

    def watch(self, page: Page) -> None:
        page.on("request", self._started)
        page.on("requestfinished", self._ended)
        page.on("requestfailed", self._ended)
        page.on("response", self._responded)

    def _started(self, request: Request) -> None:
        self.pending.add(request)
        self.last = time.monotonic()

    def _responded(self, response: Response) -> None:
        self.responses.append(response)

    def _ended(self, request: Request) -> None:
        self.pending.discard(request)
        self.last = time.monotonic()

    def wait_quiet(self, page: Page, deadline: float) -> None:
        while self.pending or time.monotonic() - self.last < QUIET_SECONDS:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{len(self.pending)} requests still under way")
            page.wait_for_timeout(50)


@dataclass(frozen=True, kw_only=True)
class Visit:
    first_result_ms: float
    bytes_total: int
    bytes_search: int
    requests_search: int
    results: int


def visit(browser: Browser, base: str, engine: Engine) -> Visit:
    """One reader's search, from an empty cache."""
    context = browser.new_context()
    try:
        context.add_init_script(script=OBSERVER % json.dumps(engine.first_result))
        page = context.new_page()
        traffic = Traffic()
        traffic.watch(page)
        deadline = time.monotonic() + TIMEOUT_SECONDS
        page.goto(f"{base}{engine.page}?q={quote(QUERY)}")
        page.wait_for_function(
            "window.__firstResult !== undefined", timeout=FIRST_RESULT_SECONDS * 1e3
        )
        traffic.wait_quiet(page, deadline)
        sizes = [
            (response.request, response.request.sizes()["responseBodySize"])
            for response in traffic.responses
            if response.ok
        ]
        search = [
            size
            for request, size in sizes
            if engine.is_search(urlsplit(request.url).path, request.resource_type)
        ]
        return Visit(
            first_result_ms=float(page.evaluate("window.__firstResult")),
            bytes_total=sum(size for _, size in sizes),
            bytes_search=sum(search),
            requests_search=len(search),
            results=page.locator(engine.result).count(),
        )
    finally:
        context.close()


def _row(engine: Engine, posts: int, visits: list[Visit], failure: str = "") -> SearchRow:
    def median(key: Callable[[Visit], float]) -> float:
        return statistics.median(key(each) for each in visits) if visits else 0.0

    results = int(median(lambda each: each.results))
    if not failure and results == 0:
        failure = f"the {engine.name} search for {QUERY!r} on {posts:,} posts found nothing"
    return SearchRow(
        engine=engine.name,
        posts=posts,
        query=QUERY,
        first_result_ms=median(lambda each: each.first_result_ms),
        tries_ms=tuple(each.first_result_ms for each in visits),
        bytes_total=int(median(lambda each: each.bytes_total)),
        bytes_search=int(median(lambda each: each.bytes_search)),
        requests_search=int(median(lambda each: each.requests_search)),
        results=results,
        failure=failure,
    )


def _measure(browser: Browser, engine: Engine, posts: int, repeat: int) -> SearchRow:
    # A page the bench writes need not be there; the site's own search page must.
    needed = (engine.index,) if engine.page_html else (engine.page, engine.index)
    missing = [name for name in needed if not (engine.site / name).is_file()]
    if missing:
        return _row(
            engine, posts, [], f"{engine.name} search: no {' or '.join(missing)} in {engine.site}"
        )
    written = engine.site / engine.page
    if engine.page_html:
        written.write_text(engine.page_html, encoding="utf-8")
    visits: list[Visit] = []
    try:
        with serve(engine.site) as base:
            visits.extend(visit(browser, base, engine) for _ in range(repeat))
    except (Error, TimeoutError) as error:
        what = f"the {engine.name} search for {QUERY!r} on {posts:,} posts"
        return _row(engine, posts, [], f"{what} failed in the browser: {error}")
    finally:
        if engine.page_html:
            written.unlink(missing_ok=True)
    return _row(engine, posts, visits)


def find_chromium() -> str | None:
    return next(filter(None, map(shutil.which, BROWSER_NAMES)), None)


def measure_search(
    book: Path, posts: int, repeat: int = REPEAT, floor_book: Path | None = None
) -> tuple[SearchRow, ...]:
    """The book's search, Pagefind alone and Sphinx's (its floor built in *floor_book*,
    by default *book*), on *book* of *posts* posts, each the median of *repeat* visits;
    a row that could not be measured says why in ``failure``."""
    chosen = engines(book, floor_book)

    def unmeasured(why: str) -> tuple[SearchRow, ...]:
        return tuple(_row(engine, posts, [], f"search not measured: {why}") for engine in chosen)

    chromium = find_chromium()
    if chromium is None:
        return unmeasured("chromium is not installed (`sudo apt-get install chromium`)")
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(
                executable_path=chromium, headless=True, args=list(BROWSER_ARGS)
            )
        except Error as error:
            return unmeasured(f"{chromium} did not start: {error}")
        try:
            return tuple(_measure(browser, engine, posts, repeat) for engine in chosen)
        finally:
            browser.close()
