"""Fixtures for reading the built book in a real browser.

The book built by ``built_book`` is served on 127.0.0.1 by the standard library's HTTP server;
Debian's ``chromium`` is driven by Playwright (its own browser downloads are not used). A
:class:`Reader` is a browser tab that records what a reader would notice going wrong: console
errors, script errors, failed requests and error responses.

Without chromium, or without axe-core (``npm ci``), the tests fail and say how to get them
(``make test`` gets both); ``make test WITHOUT=browser`` leaves them out, saying so.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Request, Response, sync_playwright

from benchlib.search import BROWSER_ARGS, find_chromium  # the benchmark's browser, the same way
from conftest import ROOT, Build, missing

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VIEWPORT = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = find_chromium()
    if path is None:
        missing("chromium", "install it with `sudo apt-get install chromium`", "browser")
    return path


@pytest.fixture(scope="session")
def axe_script() -> Path:
    if not AXE.is_file():
        missing(
            f"axe-core ({AXE.relative_to(ROOT)})", "run `npm ci` in the book's folder", "browser"
        )
    return AXE


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def site(built_book: Build) -> Iterator[str]:
    """The built book over HTTP, on a free port: its base address, ending in "/"."""
    handler = functools.partial(QuietHandler, directory=str(built_book.outdir))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium_path, headless=True, args=list(BROWSER_ARGS)
        )
        try:
            yield launched
        finally:
            launched.close()


@dataclass
class Reader:
    """A browser tab on the book that notes every problem a reader could run into."""

    page: Page
    site: str
    problems: list[str] = field(default_factory=list)
    visited: list[str] = field(default_factory=list)

    def path(self) -> str:
        """The current page's path in the book (with its fragment, if any)."""
        parts = urlsplit(self.page.url)
        path = parts.path.removeprefix("/")
        return f"{path}#{parts.fragment}" if parts.fragment else path

    def open(self, path: str) -> None:
        response = self.page.goto(self.site + path)
        assert response is not None and response.ok, f"{path}: {response and response.status}"

    def note(self, problem: str) -> None:
        self.problems.append(f"{self.path()}: {problem}")

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.note(f"console error: {message.text}")

    def on_response(self, response: Response) -> None:
        if response.status >= 400:
            self.note(f"{response.status} for {response.url}")

    def on_request_failed(self, request: Request) -> None:
        # Aborted: the reader moved on (a click) before it finished, e.g. the favicon.
        if request.failure != "net::ERR_ABORTED":
            self.note(f"request failed ({request.failure}): {request.url}")

    def on_navigated(self, frame: Any) -> None:
        if frame == self.page.main_frame:
            self.visited.append(self.path())


@pytest.fixture
def reader(browser: Browser, site: str) -> Iterator[Reader]:
    context = browser.new_context(viewport=VIEWPORT)  # type: ignore[arg-type]
    page = context.new_page()
    reader = Reader(page=page, site=site)
    page.on("console", reader.on_console)
    page.on("pageerror", lambda error: reader.note(f"script error: {error}"))
    page.on("response", reader.on_response)
    page.on("requestfailed", reader.on_request_failed)
    page.on("framenavigated", reader.on_navigated)
    try:
        yield reader
    finally:
        context.close()
