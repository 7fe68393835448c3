"""Shared fixtures: building real books in temporary folders.

A *book* here is a copy of the project's hand-written pages (conf.py, index,
topics, glossary, sources, references) with an archive of the test's choosing,
converted by the real converter and built by the real Sphinx.
"""

from __future__ import annotations

import contextlib
import datetime
import fcntl
import io
import os
import pickle
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn, TypeVar, cast

import pytest
from hypothesis import settings

from benchlib import testbook
from benchlib.blog import load_blog
from blogbook import cli
from blogbook.links import cli as links_cli
from blogbook.phrases import compile_phrases, text_words
from blogbook.sphinxext.domain import PostRecord

ROOT = Path(__file__).resolve().parents[1]
_Made = TypeVar("_Made")


# With CI set, Sphinx colours its output and redraws progress on one line; tests read
# the output as plain lines, as a terminal-less user would see it.
PLAIN_OUTPUT = {**os.environ, "NO_COLOR": "1"}


_PAGE_WRITTEN = re.compile(r"^writing output\.\.\. \[\s*\d+%\] (\S+)$", re.M)
PAGEFIND_STARTS = "pagefind: indexing the searched pages\n"


@dataclass(frozen=True)
class Build:
    returncode: int
    output: str  # stdout and stderr of sphinx-build
    outdir: Path

    @property
    def warnings(self) -> list[str]:
        return [line for line in self.output.splitlines() if "WARNING" in line or "ERROR" in line]

    @property
    def pages_written(self) -> list[str]:
        """The pages the output names as written ("writing output... [ 50%] page"), in
        its order: one a line, whichever process wrote it."""
        return _PAGE_WRITTEN.findall(self.output)

    @property
    def written_around_indexing(self) -> tuple[list[str], list[str]]:
        """The pages the output names as written before Pagefind starts indexing, and
        after; all of them after when Pagefind does not run."""
        before, started, after = self.output.partition(PAGEFIND_STARTS)
        if not started:
            before, after = "", before
        return _PAGE_WRITTEN.findall(before), _PAGE_WRITTEN.findall(after)


def copy_book(
    destination: Path, *, archive: dict[str, bytes] | None = None, editorial: str | None = None
) -> Path:
    """A book in *destination*: the project's pages, and *archive* (default: the real one,
    with the real editorial layer). The benchmark builds its books the same way."""
    if archive is None:
        archive, editorial = testbook.real_archive(), testbook.real_editorial()
    return testbook.copy_book(destination, archive=archive, editorial=editorial)


def convert(book: Path, *extra: str) -> int:
    """Convert *book*; when that writes pages, list their addresses in its links table
    (unchecked), as the editor does with ``make links``, so that builds do not warn."""
    status = cli.main(["--root", str(book), *extra])
    if status == 0 and not {"--check", "--dry-run"} & set(extra):
        with contextlib.redirect_stderr(io.StringIO()):
            assert links_cli.main(["--root", str(book), "--offline"]) == 0
    return status


def sphinx_build(
    srcdir: Path,
    outdir: Path,
    *,
    builder: str = "html",
    doctrees: Path | None = None,
    options: tuple[str, ...] = ("-n", "-W", "--keep-going"),
) -> Build:
    """Run sphinx-build as ``make html`` does (scripts/sphinx_build.py), in a separate
    process, so every run starts clean."""
    doctrees = doctrees or outdir.parent / f"doctrees-{outdir.name}"
    command = [
        sys.executable,
        str(ROOT / "scripts" / "sphinx_build.py"),
        *options,
        "-b",
        builder,
        "-d",
        str(doctrees),
        str(srcdir),
        str(outdir),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False, env=PLAIN_OUTPUT)
    return Build(returncode=done.returncode, output=done.stdout + done.stderr, outdir=outdir)


def once_per_run(
    factory: pytest.TempPathFactory, name: str, make: Callable[[Path], _Made]
) -> _Made:
    """``make(folder)``, once per run: under pytest-xdist, the first worker to ask makes it
    in a folder all the workers share, and the others wait for it and read its result.
    Nothing made here may be changed by a test."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return make(factory.mktemp(name))
    shared = factory.getbasetemp().parent / "shared"  # the run's folder, above each worker's
    shared.mkdir(exist_ok=True)
    with (shared / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        made = shared / f"{name}.pickle"
        if made.exists():
            return cast(_Made, pickle.loads(made.read_bytes()))
        folder = shared / name
        folder.mkdir(exist_ok=True)
        result = make(folder)
        made.write_bytes(pickle.dumps(result))
        return result


def _real_book(folder: Path) -> Path:
    book = copy_book(folder / "src")
    assert convert(book, "--strict") == 0
    return book


@pytest.fixture(scope="session")
def real_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real book's sources, converted strictly, once per test run."""
    return once_per_run(tmp_path_factory, "book", _real_book)


def _strict_html(book: Path, outdir: Path) -> Build:
    build = sphinx_build(book, outdir)
    assert (build.returncode, build.warnings) == (0, []), build.output
    return build


@pytest.fixture(scope="session")
def built_book(tmp_path_factory: pytest.TempPathFactory, real_book: Path) -> Build:
    """The real book built once per test run (strict HTML)."""
    html = real_book.parent / "html"
    return once_per_run(tmp_path_factory, "built-book", lambda _: _strict_html(real_book, html))


# The real archive plus synthetic posts: several posts on some days, untitled posts, and
# topics and citations shared unevenly, which one real month cannot show.
SYNTHETIC_POSTS = 40
SYNTHETIC_SOURCES = 30


def _synthetic_book(folder: Path) -> Path:
    blog = load_blog(seed=6, sources_count=SYNTHETIC_SOURCES)
    posts = blog.posts(blog.real_posts + SYNTHETIC_POSTS)
    book = blog.book(folder / "src", posts)
    assert convert(book) == 0
    return book


@pytest.fixture(scope="session")
def synthetic_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return once_per_run(tmp_path_factory, "synthetic", _synthetic_book)


@pytest.fixture(scope="session")
def synthetic_build(tmp_path_factory: pytest.TempPathFactory, synthetic_book: Path) -> Build:
    """The synthetic book built in one process, strictly."""
    html = synthetic_book.parent / "html-j1"
    return once_per_run(
        tmp_path_factory, "synthetic-build", lambda _: _strict_html(synthetic_book, html)
    )


@pytest.fixture(scope="session")
def built_epub(tmp_path_factory: pytest.TempPathFactory, real_book: Path) -> Build:
    """The real book as an EPUB, built once per test run (strict; warnings are checked
    by the tests)."""
    epub = real_book.parent / "epub"
    return once_per_run(
        tmp_path_factory, "epub", lambda _: sphinx_build(real_book, epub, builder="epub")
    )


@pytest.fixture(scope="session")
def built_latex(tmp_path_factory: pytest.TempPathFactory, real_book: Path) -> Build:
    """The LaTeX sources of the real book's PDF, built once per test run."""
    latex = real_book.parent / "latex"
    return once_per_run(
        tmp_path_factory, "latex", lambda _: sphinx_build(real_book, latex, builder="latex")
    )


@pytest.fixture
def make_book(tmp_path: Path) -> Callable[..., Path]:
    """A factory: ``make_book(archive={...}, editorial=...)`` -> converted book folder."""

    def factory(*, archive: dict[str, bytes] | None = None, editorial: str | None = None) -> Path:
        book = copy_book(tmp_path / "book", archive=archive, editorial=editorial)
        assert convert(book) == 0
        return book

    return factory


def pytest_sessionstart(session: pytest.Session) -> None:
    """Start with empty caches. mutmut (make mutation) runs each mutant's tests in a process
    forked from one that has run them already: phrases compiled there would hide a mutant of
    the code that compiles them."""
    compile_phrases.cache_clear()
    text_words.cache_clear()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="rewrite the expected outputs of case files and golden trees; review the diff",
    )


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


def check_golden(golden: Path, actual: str, *, update: bool) -> None:
    """*actual* must be the golden file's text; with --update-goldens a differing golden is
    rewritten and the test fails once, so that a rewrite is never a silent pass."""
    expected = golden.read_text(encoding="utf-8") if golden.exists() else None
    if update and actual != expected:
        golden.write_text(actual, encoding="utf-8")
        pytest.fail(f"{golden.name}: golden rewritten; review the diff", pytrace=False)
    assert actual == expected


# --- groups of tests left out on purpose: `make test WITHOUT=browser,pdf` ------------------

GROUPS = ("browser", "epub", "feed", "pdf")  # markers of tests that need programs beyond Python
_LEFT_OUT = pytest.StashKey[dict[str, int]]()


def left_out_groups() -> set[str]:
    """The groups the user asked to leave out (make passes WITHOUT as TESTS_WITHOUT)."""
    text = os.environ.get("TESTS_WITHOUT", "")
    return {part.strip() for part in text.replace(" ", ",").split(",") if part.strip()}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    without = left_out_groups()
    unknown = without - set(GROUPS)
    if unknown:
        raise pytest.UsageError(f"WITHOUT: unknown {', '.join(sorted(unknown))}")
    counts: dict[str, int] = {}
    kept, dropped = [], []
    for item in items:
        groups = [group for group in GROUPS if group in without and item.get_closest_marker(group)]
        if groups:
            dropped.append(item)
            counts[groups[0]] = counts.get(groups[0], 0) + 1
        else:
            kept.append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept
    config.stash[_LEFT_OUT] = counts
    if hasattr(config, "workerinput"):  # a pytest-xdist worker: tell the controller
        config.workeroutput["left_out"] = counts  # type: ignore[attr-defined]


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:
    """pytest-xdist's controller collects nothing itself: each worker, having collected
    every test, reports the same counts of tests left out."""
    counts = getattr(node, "workeroutput", {}).get("left_out")
    if counts is not None:
        node.config.stash[_LEFT_OUT] = counts


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    for group, number in sorted(config.stash.get(_LEFT_OUT, {}).items()):
        terminalreporter.write_line(
            f"NOT RUN, as asked (WITHOUT={group}): {number} {group} test{'s' if number > 1 else ''}",
            yellow=True,
            bold=True,
        )


def missing(what: str, how: str, group: str) -> NoReturn:
    """A program a test needs is not installed: fail, saying how to get it. ``make test``
    installs it; a test is never skipped for want of it."""
    pytest.fail(
        f"{what} is missing; {how}, or run `make test`, which installs it "
        f"(or leave these tests out: make test WITHOUT={group})",
        pytrace=False,
    )


# Hypothesis: a fixed sequence of examples in CI, so a run there is reproducible.
settings.register_profile("ci", derandomize=True, deadline=None, max_examples=300)
settings.register_profile("dev", deadline=None, max_examples=150)
settings.load_profile("ci" if os.environ.get("CI") == "true" else "dev")


def post_record(day: int, *cited: str) -> PostRecord:
    """The record the book keeps of a post *day* days after 1 January 2014, citing *cited*."""
    date = datetime.date(2014, 1, 1) + datetime.timedelta(days=day)
    return PostRecord(
        docname=f"posts/{date:%Y/%m/%d}-post-{day}",
        title=f"Post {day}",
        title_source="archive",
        date=date,
        order_in_day=1,
        topics=(),
        opening="",
        original_url=None,
        cited_keys=cited,
    )
