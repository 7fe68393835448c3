"""The converter on a large book: a first run from an empty ``posts/``, then a re-run.

The re-run changes nothing, so it must write nothing. A run that exits non-zero is
a failure; warnings are not (untitled synthetic posts have no editorial title).
"""

from __future__ import annotations

from pathlib import Path

from benchlib import runs
from benchlib.blog import SynthBlog
from benchlib.results import ConverterPass, ConverterRow


def converter_pass(done: runs.Conversion, what: str) -> ConverterPass:
    return ConverterPass(
        seconds=done.run.seconds,
        cpu_seconds=done.run.cpu_seconds,
        max_rss_mib=done.run.max_rss_mib,
        returncode=done.run.returncode,
        posts=done.posts,
        written=done.written,
        warnings=done.warnings,
        failure=runs.failure(done.run, what),
    )


def measure_converter(blog: SynthBlog, count: int, workdir: Path) -> ConverterRow:
    posts = blog.posts(count)
    book = blog.book(workdir / f"convert-{count}", posts)
    archive = blog.archive(posts)
    first = runs.convert(book)
    rerun = runs.convert(book)
    return ConverterRow(
        posts=count,
        archive_files=len(archive),
        archive_bytes=sum(len(data) for data in archive.values()),
        first=converter_pass(first, f"converter, {count:,} posts"),
        rerun=converter_pass(rerun, f"converter again, {count:,} posts"),
        book=str(book),
    )
