"""The benchmark's results: one frozen record per measurement, and the whole run.

Records hold plain data only (numbers, strings, tuples and other records), so
``dataclasses.asdict(results)`` is the JSON file's content. A record of a command
that failed says why in ``failure`` (empty when it succeeded); :func:`failures`
gathers them, and any makes the benchmark's exit status 1.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, fields, is_dataclass
from typing import Any


@dataclass(frozen=True, kw_only=True)
class Machine:
    cpus: int | None
    python: str
    platform: str
    load_average_at_start: tuple[float, ...]  # 1, 5 and 15 minutes
    load_average_at_end: tuple[float, ...]


@dataclass(frozen=True, kw_only=True)
class SyntheticBook:
    """What a book of the synthetic blog holds: its posts and how often they cite."""

    posts: int  # the real posts included
    synthetic_posts: int
    sources: int  # synthetic sources cited, each in references.bib and the editorial layer
    citing_one_to_four: float  # share of synthetic posts citing 1 to 4 synthetic sources
    citations_per_post: float  # synthetic sources cited per synthetic post, on average


@dataclass(frozen=True, kw_only=True)
class ConverterPass:
    """One run of the converter."""

    seconds: float
    cpu_seconds: float
    max_rss_mib: float
    returncode: int
    posts: int  # as the converter counted them
    written: int
    warnings: int
    failure: str


@dataclass(frozen=True, kw_only=True)
class ConverterRow:
    posts: int
    archive_files: int
    archive_bytes: int
    first: ConverterPass  # from an empty posts/
    rerun: ConverterPass  # nothing changed since the first
    book: str


@dataclass(frozen=True, kw_only=True)
class BuildRow:
    """A clean ``make html``: the converter, then sphinx-build, with nothing built before."""

    posts: int
    jobs: str
    seconds: float  # the fastest try
    convert_seconds: float
    sphinx_seconds: float
    cpu_seconds: float
    reread: int  # documents read
    written: int  # HTML pages written
    warnings: int
    max_rss_mib: float
    returncode: int
    tries: tuple[float, ...]  # seconds of every try
    book: str
    failure: str


@dataclass(frozen=True, kw_only=True)
class FloorRow:
    """The same sources built by Sphinx's basic theme, in one process (issue 16)."""

    posts: int
    theme: str
    seconds: float
    cpu_seconds: float
    max_rss_mib: float
    returncode: int
    warnings: int
    post_pages: int
    failure: str


@dataclass(frozen=True, kw_only=True)
class RebuildRow:
    """``make html`` again, after one change (or none) to the archive."""

    post: str  # the post edited ("" for no change)
    archive_files_written: int
    seconds: float
    convert_seconds: float
    sphinx_seconds: float
    cpu_seconds: float
    converter_written: int
    converter_alongside: bool  # the converter ran alongside Sphinx's start (its time in Sphinx's)
    reread: int
    reading: tuple[str, ...]  # sphinx-build's "reading sources" lines
    written: tuple[str, ...]  # the HTML pages written
    warnings: int
    max_rss_mib: float
    returncode: int
    failure: str


@dataclass(frozen=True, kw_only=True)
class Rebuilds:
    posts: int
    jobs: str
    no_change: RebuildRow
    edit_body: RebuildRow  # a sentence added to a later paragraph: no list changes
    edit_opening: RebuildRow  # new first words: every list showing the opening changes


@dataclass(frozen=True, kw_only=True)
class PagesRow:
    posts: int
    post_pages: int
    post_mean_bytes: float
    post_median_bytes: float
    post_max_bytes: int
    html_total_bytes: int
    pagefind_bytes: int  # the search bundle on disk (_build/html/pagefind/)
    overhead_mean_bytes: float  # a post page's bytes beyond its MyST source's


# The searches measured, by the name their rows carry.
BOOK_SEARCH = "Pagefind"  # the book's search page
ENGINE_ALONE = "Pagefind alone"  # Pagefind's own UI on a page that holds nothing else
FLOOR_SEARCH = "Sphinx"  # Sphinx's search, on the floor's site


@dataclass(frozen=True, kw_only=True)
class SearchRow:
    """``search.html?q=QUERY`` in a real browser, from an empty cache (median of visits)."""

    engine: str  # BOOK_SEARCH, ENGINE_ALONE or FLOOR_SEARCH
    posts: int
    query: str
    first_result_ms: float  # from the start of the navigation to the first result drawn
    tries_ms: tuple[float, ...]  # of every visit
    bytes_total: int  # response bodies, every request of the visit
    bytes_search: int  # response bodies of what only the search needs
    requests_search: int
    results: int  # results shown
    failure: str


@dataclass(frozen=True, kw_only=True)
class BloggerRow:
    """The converter's first run on a Blogger export of synthetic posts alone."""

    posts: int
    converted: int
    seconds: float
    written: int
    warnings: int
    export_bytes: int
    max_rss_mib: float
    returncode: int
    failure: str


@dataclass(frozen=True, kw_only=True)
class Target:
    name: str
    measured: str
    limit: str
    met: bool


@dataclass(frozen=True, kw_only=True)
class Results:
    machine: Machine
    seed: int
    sphinx_options: tuple[str, ...]
    scripts: str  # the converter and extension measured
    pythonpath: str
    synthetic: tuple[SyntheticBook, ...]  # one per size of built book
    converter: ConverterRow
    builds: tuple[BuildRow, ...]
    recommended_jobs: str
    jobs_reason: str
    floors: tuple[FloorRow, ...]
    search: tuple[SearchRow, ...]  # the book's, Pagefind alone, Sphinx's: on the largest book
    rebuilds: tuple[Rebuilds, ...]
    pages: tuple[PagesRow, ...]
    blogger: BloggerRow
    targets: tuple[Target, ...] = ()
    problems: tuple[str, ...] = ()


def _records(value: Any) -> Iterator[Any]:
    if is_dataclass(value):
        yield value
        for field in fields(value):
            yield from _records(getattr(value, field.name))
    elif isinstance(value, tuple):
        for item in value:
            yield from _records(item)


def failures(record: object) -> tuple[str, ...]:
    """Every failed command in *record* (the results, or a part), in the order of the records."""
    return tuple(each.failure for each in _records(record) if getattr(each, "failure", ""))
