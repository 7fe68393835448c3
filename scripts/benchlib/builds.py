"""Clean builds, as the editor makes them: the converter, then ``make html``.

Each size of book is built with each ``-j`` compared, from nothing (no ``posts/``,
no ``_build/``), *repeat* times; the fastest try counts, since other work on the
machine only ever slows a build. :func:`recommend_jobs` picks the ``-j`` of the
fastest clean build of the largest book.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from benchlib import runs
from benchlib.blog import SynthBlog
from benchlib.results import BuildRow

TIE = 1.03  # builds within 3% of the fastest are as fast: the smaller -j is recommended


def make_html(book: Path, jobs: str) -> tuple[runs.Conversion, runs.SphinxBuild]:
    """The editor after adding posts: the converter, ``make links`` (untimed: it lists
    the new addresses), then ``make html``, whose converter only repeats its report."""
    conversion = runs.convert(book)
    runs.list_links(book)
    current = runs.html_current(book)  # fails: there is no good build yet
    built = runs.html_build(book, jobs, convert=True)
    return conversion, replace(
        built, run=replace(built.run, seconds=current.seconds + built.run.seconds)
    )


def clean_build(book: Path, posts: int, jobs: str) -> BuildRow:
    """One clean build of *book* (whose ``posts/`` and ``_build/`` are removed first)."""
    shutil.rmtree(book / "_build", ignore_errors=True)
    shutil.rmtree(book / "posts", ignore_errors=True)
    converted, built = make_html(book, jobs)
    what = f"clean build, {posts:,} posts, -j {jobs}"
    return BuildRow(
        posts=posts,
        jobs=jobs,
        seconds=converted.run.seconds + built.run.seconds,
        convert_seconds=converted.run.seconds,
        sphinx_seconds=built.run.seconds,
        cpu_seconds=converted.run.cpu_seconds + built.run.cpu_seconds,
        reread=built.reread,
        written=len(built.written),
        warnings=built.warnings,
        max_rss_mib=max(converted.run.max_rss_mib, built.run.max_rss_mib),
        returncode=max(converted.run.returncode, built.run.returncode),
        tries=(converted.run.seconds + built.run.seconds,),
        book=str(book),
        failure=runs.failure(converted.run, f"converter of the {what}")
        or runs.failure(built.run, f"sphinx-build of the {what}", warnings=built.warnings),
    )


def best_of(book: Path, posts: int, jobs: str, repeat: int) -> BuildRow:
    tries = [clean_build(book, posts, jobs) for _ in range(repeat)]
    failed = [row for row in tries if row.failure]
    best = failed[0] if failed else min(tries, key=lambda row: row.seconds)
    return replace(best, tries=tuple(row.seconds for row in tries))


def measure_clean_builds(
    blog: SynthBlog,
    *,
    sizes: Sequence[int],
    jobs: Sequence[str],
    repeat: int,
    workdir: Path,
    log: Callable[[str], None],
) -> tuple[tuple[BuildRow, ...], dict[tuple[int, str], Path]]:
    """Every size with every -j; the rows, and the books (kept for what follows)."""
    rows: list[BuildRow] = []
    books: dict[tuple[int, str], Path] = {}
    for posts in sizes:
        synthetic = blog.posts(posts)
        for each in jobs:
            book = blog.book(workdir / f"book-{posts}-j{each}", synthetic)
            row = best_of(book, posts, each, repeat)
            log(f"  clean build, {posts:,} posts, -j {each}: {row.seconds:.1f} s")
            rows.append(row)
            books[(posts, each)] = book
    return tuple(rows), books


def recommend_jobs(rows: Sequence[BuildRow], largest: int) -> tuple[str, str]:
    """The -j of the fastest clean build of the *largest* book, and why."""
    candidates = [row for row in rows if row.posts == largest]
    fastest = min(row.seconds for row in candidates)
    chosen = next(row for row in candidates if row.seconds <= fastest * TIE)
    measured = ", ".join(f"-j {row.jobs} {row.seconds:.1f} s" for row in candidates)
    cpus = os.cpu_count()
    return chosen.jobs, f"clean build of {largest:,} posts on {cpus} CPUs: {measured}"
