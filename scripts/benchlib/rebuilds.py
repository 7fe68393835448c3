"""``make html`` again on a built book: with no change, and after one post is edited.

An edit goes where the editor makes it, into ``archive/``: the converter rewrites the
post's page, and Sphinx reads that one document again. Two edits: a sentence added
to a later paragraph (no list shows it) and new opening words (every list that
shows the post's opening changes).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from benchlib import runs, synth, testbook
from benchlib.blog import SynthBlog
from benchlib.results import RebuildRow, Rebuilds


def make_html_again(book: Path, jobs: str) -> tuple[runs.Conversion, runs.SphinxBuild]:
    """What ``make html`` does on a built book: if the Makefile's test finds no source
    newer than the last good build, the converter (which only repeats its report when
    nothing changed) and the test again; after a change, Sphinx with the converter
    alongside (its time then counted as Sphinx's)."""
    current = runs.html_current(book)
    if current.returncode == 0:
        converted = runs.convert(book)
        again = runs.html_current(book)
        if again.returncode == 0:
            checks = replace(current, seconds=current.seconds + again.seconds)
            return converted, runs.nothing_built(checks)
    built = runs.html_build(book, jobs, convert=True)
    return runs.conversion_in(built), replace(
        built, run=replace(built.run, seconds=current.seconds + built.run.seconds)
    )


def rebuild(book: Path, jobs: str, *, what: str, post: str = "", files: int = 0) -> RebuildRow:
    converted, built = make_html_again(book, jobs)
    return RebuildRow(
        post=post,
        archive_files_written=files,
        seconds=converted.run.seconds + built.run.seconds,
        convert_seconds=converted.run.seconds,
        sphinx_seconds=built.run.seconds,
        cpu_seconds=converted.run.cpu_seconds + built.run.cpu_seconds,
        converter_written=converted.written,
        converter_alongside=any(part.startswith("--convert=") for part in built.run.command),
        reread=built.reread,
        reading=built.reading_lines,
        written=built.written,
        warnings=built.warnings,
        max_rss_mib=max(converted.run.max_rss_mib, built.run.max_rss_mib),
        returncode=max(converted.run.returncode, built.run.returncode),
        failure=runs.failure(converted.run, f"converter, {what}")
        or runs.failure(built.run, f"sphinx-build, {what}", warnings=built.warnings),
    )


def _titled_near(posts: Sequence[synth.SynthPost], index: int) -> int:
    return next(i for i in range(index, len(posts)) if posts[i].title is not None)


def measure_rebuilds(blog: SynthBlog, book: Path, count: int, jobs: str) -> Rebuilds:
    """The three rebuilds of *book*, a built book of *count* posts; its archive is edited."""
    posts = list(blog.posts(count))
    edits = {"no_change": rebuild(book, jobs, what=f"{count:,} posts, no change")}
    for key, where, edit in (
        ("edit_body", len(posts) // 2, synth.edit_body),
        ("edit_opening", len(posts) // 3, synth.edit_opening),
    ):
        index = _titled_near(posts, where)
        posts[index] = edit(posts[index])
        files = testbook.write_archive(book, blog.archive(posts))
        name = f"{posts[index].date} {posts[index].title}"
        what = f"{count:,} posts, after {key}"
        edits[key] = rebuild(book, jobs, what=what, post=name, files=files)
    return Rebuilds(
        posts=count,
        jobs=jobs,
        no_change=edits["no_change"],
        edit_body=edits["edit_body"],
        edit_opening=edits["edit_opening"],
    )
