"""Real Sphinx builds of the real book: every builder, zero warnings."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Build, convert, copy_book, sphinx_build


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    book = copy_book(tmp_path_factory.mktemp("builders") / "src")
    assert convert(book, "--strict") == 0
    return book


def test_html_build_has_no_warnings(built_book: Build) -> None:
    assert built_book.returncode == 0
    assert built_book.warnings == []


@pytest.mark.parametrize("builder", ["epub", "latex"])
def test_other_builders_have_no_warnings(book: Path, builder: str) -> None:
    build = sphinx_build(book, book.parent / builder, builder=builder)
    assert (build.returncode, build.warnings) == (0, []), build.output
