"""A parallel build writes the same book as a serial one, byte for byte.

The book's extension declares itself parallel-safe; this holds it to that. The
book is the real archive plus synthetic posts (several posts on some days,
untitled posts, topics and citations), built with ``-j 1`` and with ``-j N``.
Every output file is compared, HTML and everything else: nothing in this book
legitimately varies between two builds, so nothing is excluded.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from benchlib import synth, testbook
from conftest import Build, convert, copy_book, sphinx_build

pytestmark = pytest.mark.build

SYNTHETIC_POSTS = 40
OPTIONS = ("-n", "-W", "--keep-going")


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    editorial = testbook.real_editorial()
    real = testbook.real_archive()
    posts = synth.generate_posts(
        SYNTHETIC_POSTS,
        corpus=testbook.load_corpus(),
        sprinkles=testbook.load_sprinkles(editorial),
        seed=6,
        skip_months=frozenset(real),
    )
    archive = real | synth.text_archive(posts)
    book = copy_book(
        tmp_path_factory.mktemp("parallel") / "src", archive=archive, editorial=editorial
    )
    assert convert(book) == 0
    return book


@pytest.fixture(scope="module")
def serial(book: Path) -> Build:
    build = sphinx_build(book, book.parent / "html-j1", options=OPTIONS)
    assert (build.returncode, build.warnings) == (0, []), build.output
    return build


def output_files(outdir: Path) -> dict[str, bytes]:
    return {
        path.relative_to(outdir).as_posix(): path.read_bytes()
        for path in sorted(outdir.rglob("*"))
        if path.is_file()
    }


@pytest.mark.parametrize("jobs", ["2", "3"])
def test_parallel_output_is_byte_identical(book: Path, serial: Build, jobs: str) -> None:
    parallel = sphinx_build(book, book.parent / f"html-j{jobs}", options=(*OPTIONS, "-j", jobs))
    assert (parallel.returncode, parallel.warnings) == (0, []), parallel.output
    # Chunks of documents ("A .. B") show that both reading and writing ran in parallel.
    assert re.search(r"^reading sources\.\.\. \[\s*\d+%\] \S+ \.\. \S+$", parallel.output, re.M)
    assert re.search(r"^writing output\.\.\. \[\s*\d+%\] \S+ \.\. \S+$", parallel.output, re.M)
    expected, found = output_files(serial.outdir), output_files(parallel.outdir)
    assert sorted(found) == sorted(expected)
    assert any(name.endswith(".html") for name in found)
    differing = [name for name in expected if found[name] != expected[name]]
    assert differing == []
