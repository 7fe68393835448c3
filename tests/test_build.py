"""Real Sphinx builds of the real book: every builder, zero warnings."""

from __future__ import annotations

import pytest

from conftest import Build


def test_html_build_has_no_warnings(built_book: Build) -> None:
    assert built_book.returncode == 0
    assert built_book.warnings == []


@pytest.mark.parametrize("builder", ["epub", "latex"])
def test_other_builders_have_no_warnings(
    builder: str, built_epub: Build, built_latex: Build
) -> None:
    build = built_epub if builder == "epub" else built_latex
    assert (build.returncode, build.warnings) == (0, []), build.output
