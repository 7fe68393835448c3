"""Shared fixtures: building real books in temporary folders.

A *book* here is a copy of the project's hand-written pages (conf.py, index,
topics, glossary, sources, references) with an archive of the test's choosing,
converted by the real converter and built by the real Sphinx.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

from benchlib import testbook
from blogbook import cli

ROOT = Path(__file__).resolve().parents[1]


# With CI set, Sphinx colours its output and redraws progress on one line; tests read
# the output as plain lines, as a terminal-less user would see it.
PLAIN_OUTPUT = {**os.environ, "NO_COLOR": "1"}


@dataclass(frozen=True)
class Build:
    returncode: int
    output: str  # stdout and stderr of sphinx-build
    outdir: Path

    @property
    def warnings(self) -> list[str]:
        return [line for line in self.output.splitlines() if "WARNING" in line or "ERROR" in line]


def copy_book(
    destination: Path, *, archive: dict[str, bytes] | None = None, editorial: str | None = None
) -> Path:
    """A book in *destination*: the project's pages, and *archive* (default: the real one,
    with the real editorial layer). The benchmark builds its books the same way."""
    if archive is None:
        archive, editorial = testbook.real_archive(), testbook.real_editorial()
    return testbook.copy_book(destination, archive=archive, editorial=editorial)


def convert(book: Path, *extra: str) -> int:
    return cli.main(["--root", str(book), *extra])


def sphinx_build(
    srcdir: Path,
    outdir: Path,
    *,
    builder: str = "html",
    doctrees: Path | None = None,
    options: tuple[str, ...] = ("-n", "-W", "--keep-going"),
) -> Build:
    """Run sphinx-build as a user would (a separate process, so every run starts clean)."""
    doctrees = doctrees or outdir.parent / f"doctrees-{outdir.name}"
    command = [
        sys.executable,
        "-m",
        "sphinx",
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


@pytest.fixture(scope="session")
def built_book(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Build]:
    """The real book, converted and built once per test session (strict HTML)."""
    book = copy_book(tmp_path_factory.mktemp("book") / "src")
    assert convert(book, "--strict") == 0
    build = sphinx_build(book, book.parent / "html")
    assert build.returncode == 0, build.output
    yield build


@pytest.fixture
def make_book(tmp_path: Path) -> Callable[..., Path]:
    """A factory: ``make_book(archive={...}, editorial=...)`` -> converted book folder."""

    def factory(*, archive: dict[str, bytes] | None = None, editorial: str | None = None) -> Path:
        book = copy_book(tmp_path / "book", archive=archive, editorial=editorial)
        assert convert(book) == 0
        return book

    return factory


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="rewrite the expected outputs of case files and golden trees; review the diff",
    )


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


# Hypothesis: a fixed sequence of examples in CI, so a run there is reproducible.
settings.register_profile("ci", derandomize=True, deadline=None, max_examples=300)
settings.register_profile("dev", deadline=None, max_examples=150)
settings.load_profile("ci" if os.environ.get("CI") == "true" else "dev")
