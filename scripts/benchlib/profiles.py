"""Profiles (``--profile``): where the converter's and a build's time goes, by function.

Both run under cProfile, in one process each (a parallel build's workers would escape
the profile). The ``.prof`` files are written next to the JSON results, for
``python -m pstats`` or snakeviz; :func:`profile_report` also gives the top functions.
"""

from __future__ import annotations

import io
import pstats
import shutil
from pathlib import Path

from benchlib import runs

TOP_FUNCTIONS = 25


def top_functions(stats_path: Path, sort: str) -> str:
    out = io.StringIO()
    pstats.Stats(str(stats_path), stream=out).sort_stats(sort).print_stats(TOP_FUNCTIONS)
    return out.getvalue()


def profile_converter(book: Path, out: Path) -> Path:
    """A first run of the book's converter under cProfile (its output removed first)."""
    shutil.rmtree(book / "posts", ignore_errors=True)
    (book / "_build" / "convert-stamp.json").unlink(missing_ok=True)  # if runs are stamped
    path = out / "converter.prof"
    script = book / "scripts" / "convert.py"
    runs.run([runs.PYTHON, "-m", "cProfile", "-o", str(path), str(script), "--root", str(book)])
    return path


def profile_build(book: Path, out: Path) -> Path:
    """A clean serial build of *book* under cProfile."""
    shutil.rmtree(book / "_build", ignore_errors=True)
    path = out / "sphinx.prof"
    command = [
        runs.PYTHON, "-m", "cProfile", "-o", str(path), "-m", "sphinx", *runs.SPHINX_OPTIONS,
        "-b", "html", "-d", str(book / "_build" / "doctrees" / "html"), str(book),
        str(book / "_build" / "html"),
    ]  # fmt: skip
    runs.run(command, cwd=book)
    return path


def profile_report(converter_book: Path, build_book: Path, out: Path) -> str:
    """Profile both, write the ``.prof`` files into *out*, and give the top functions."""
    out.mkdir(parents=True, exist_ok=True)
    paths = (profile_converter(converter_book, out), profile_build(build_book, out))
    return "\n".join(
        f"\n=== {path.name}, by {sort} ===\n{top_functions(path, sort)}"
        for path in paths
        for sort in ("cumulative", "tottime")
    )
