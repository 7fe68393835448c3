"""A parallel build writes the same book as a serial one, byte for byte.

The book's extension declares itself parallel-safe; this holds it to that. The
book is the real archive plus synthetic posts (several posts on some days,
untitled posts, topics and citations), built with ``-j 1`` and with ``-j N``.
Every output file is compared, HTML and everything else, but for the search bundle,
which Pagefind does not write the same way twice (see ``SEARCH_BUNDLE``).
"""

from __future__ import annotations

import re
import shutil
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from blogbook import cli, forked
from blogbook.book import convert_book
from conftest import Build, sphinx_build

pytestmark = pytest.mark.build

OPTIONS = ("-n", "-W", "--keep-going")


# Pagefind 1.5.2 names and orders its filter chunks differently on every run, even on the
# same pages (a second run over a copy of a site gives other files): its bundle is left
# out, and the pages it reads are compared instead.
SEARCH_BUNDLE = "pagefind/"


def output_files(outdir: Path) -> dict[str, bytes]:
    return {
        name: path.read_bytes()
        for path in sorted(outdir.rglob("*"))
        if path.is_file()
        and not (name := path.relative_to(outdir).as_posix()).startswith(SEARCH_BUNDLE)
    }


@pytest.mark.parametrize("jobs", ["2", "3"])
def test_parallel_output_is_byte_identical(
    synthetic_book: Path, synthetic_build: Build, jobs: str
) -> None:
    book, serial = synthetic_book, synthetic_build
    parallel = sphinx_build(book, book.parent / f"html-j{jobs}", options=(*OPTIONS, "-j", jobs))
    assert (parallel.returncode, parallel.warnings) == (0, []), parallel.output
    # Chunks of documents ("A .. B") show that reading ran in parallel; writing names each
    # page (test_sphinx_build.py checks which process wrote it).
    assert re.search(r"^reading sources\.\.\. \[\s*\d+%\] \S+ \.\. \S+$", parallel.output, re.M)
    pages = parallel.pages_written
    assert sorted(pages) == sorted(serial.pages_written)
    # The searched pages first, as in a serial build: Pagefind indexes during the rest.
    assert [sorted(part) for part in parallel.written_around_indexing] == [
        sorted(part) for part in serial.written_around_indexing
    ]
    assert len(pages) == len(set(pages)) > 40
    expected, found = output_files(serial.outdir), output_files(parallel.outdir)
    assert sorted(found) == sorted(expected)
    assert any(name.endswith(".html") for name in found)
    differing = [name for name in expected if found[name] != expected[name]]
    assert differing == []


# A post whose link is a source's address: annotating it changes the post (the link
# becomes a citation), which a worker must send back.
LINKED_POST = """
Sunday, 30 December 2018

A linked report

The inquiry http://www.rotherham.gov.uk/downloads/file/1407/independent_inquiry_cse_in_rotherham
said what it found.
"""


def test_the_converter_annotates_as_well_on_two_processes(
    synthetic_book: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large book's posts are annotated in worker processes; the outputs, diagnostics
    and all, are the ones a single process gives."""
    book = tmp_path / "book"
    shutil.copytree(synthetic_book, book, ignore=shutil.ignore_patterns("_build", "posts"))
    with (book / "archive" / "2018-12.txt").open("a", encoding="utf-8") as archive:
        archive.write(LINKED_POST)
    inputs, problems = cli.read_inputs(cli.parse_args(["--root", str(book)]))
    assert problems == []
    serial = convert_book(inputs)
    [linked] = [page for page in serial.pages if page.title == "A linked report"]
    assert [citation.keys for citation in linked.citations] == [("jay2014rotherham",)]
    monkeypatch.setattr(forked, "MANY", 2)
    monkeypatch.setattr(forked, "CHUNK", 7)
    monkeypatch.setattr(forked, "cores", lambda: 2)  # two cores, whatever the machine
    pools: list[int] = []

    class CountedPool(ProcessPoolExecutor):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            pools.append(1)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(forked, "ProcessPoolExecutor", CountedPool)
    parallel = convert_book(inputs)
    assert (parallel.outputs, parallel.diagnostics) == (serial.outputs, serial.diagnostics)
    # The notes for the next run too: each post and page digested where it was made.
    assert parallel.annotations == serial.annotations
    assert len(parallel.pages) == len(serial.pages) > 40
    assert pools == [1, 1, 1]  # annotating, relating, rendering
