"""The benchmark's results read against its targets, and the printed table.

The targets are issue 16's, measured against the floor of the same run (the
book's sources on Sphinx's basic theme, :mod:`benchlib.floor`), issue 6's that it
keeps, and the search's (:mod:`benchlib.search`): Pagefind's, with Sphinx's beside it.
:func:`targets` and :func:`table` are pure: results in, targets or text out.
A target is met or missed; a failed command is not a target but a failure of the
run (:func:`benchlib.results.failures`).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence

from benchlib.results import (
    BOOK_SEARCH,
    ENGINE_ALONE,
    FLOOR_SEARCH,
    BuildRow,
    FloorRow,
    RebuildRow,
    Rebuilds,
    Results,
    SearchRow,
    Target,
)

KB = 1000
CONVERTER_SECONDS = 3.0
CONVERTER_FLOOR_RATIO = 0.12  # of the floor of the reference book
CLEAN_FLOOR_RATIO = 0.6  # two cores: 0.5 is the limit
LINEAR_SLACK = 1.1  # 3,000 posts may take 3.3 times 1,000 posts
NO_CHANGE_SECONDS = 2.0
EDIT_SECONDS = 2.0
EDIT_FLOOR_RATIO = 0.08
POST_PAGE_BYTES = 25 * KB  # the median post page
OVERHEAD_DRIFT = 0.05  # a post page's weight beyond its text may vary this much with size
REFERENCE_POSTS = 1000  # the ratios for the converter are to this book's floor
EDITS = (("edit_body", "later paragraph"), ("edit_opening", "opening words"))
SEARCH_MS = 300.0  # from opening search.html?q=WORDS to the first result drawn
SEARCH_BYTES = 300 * KB  # what the search alone fetches for one query


def _ratio(part: float, whole: float) -> float:
    return part / whole if whole > 0 else float("inf")


def clean_build(results: Results, posts: int) -> BuildRow:
    """The clean build of *posts* posts with the recommended -j."""
    jobs = results.recommended_jobs
    return next(row for row in results.builds if row.posts == posts and row.jobs == jobs)


def floor(results: Results, posts: int) -> FloorRow:
    return next(row for row in results.floors if row.posts == posts)


def reference_floor(results: Results) -> FloorRow:
    """The floor of the book nearest in size to the issue's 1,000 posts."""
    return min(results.floors, key=lambda row: (abs(row.posts - REFERENCE_POSTS), row.posts))


def _converter_targets(results: Results) -> Iterator[Target]:
    converter = results.converter
    first, rerun, base = converter.first, converter.rerun, reference_floor(results)
    ratio = _ratio(first.seconds, base.seconds)
    yield Target(
        name=f"converter, {converter.posts:,} posts, first run",
        measured=f"{first.seconds:.2f} s = {ratio:.2f}x floor of {base.posts:,} posts",
        limit=f"<= {CONVERTER_SECONDS:g} s, <= {CONVERTER_FLOOR_RATIO:g}x",
        met=first.seconds <= CONVERTER_SECONDS and ratio <= CONVERTER_FLOOR_RATIO,
    )
    yield Target(
        name="converter, no-change re-run",
        measured=f"{rerun.written} files written",
        limit="0 files",
        met=rerun.written == 0 and not rerun.failure,
    )


def _clean_targets(results: Results) -> Iterator[Target]:
    sizes = [row.posts for row in results.floors]
    for posts in sizes:
        build, base = clean_build(results, posts), floor(results, posts)
        ratio = _ratio(build.seconds, base.seconds)
        yield Target(
            name=f"clean make html, {posts:,} posts, -j {build.jobs} / floor",
            measured=f"{ratio:.2f}x ({build.seconds:.1f} s / {base.seconds:.1f} s)",
            limit=f"<= {CLEAN_FLOOR_RATIO:g}x",
            met=ratio <= CLEAN_FLOOR_RATIO,
        )
    for small, large in itertools.pairwise(sizes):
        ratio = _ratio(clean_build(results, large).seconds, clean_build(results, small).seconds)
        limit = LINEAR_SLACK * large / small
        yield Target(
            name=f"clean build, {large:,} posts / {small:,} posts (linear)",
            measured=f"{ratio:.2f}x",
            limit=f"<= {limit:.1f}x",
            met=ratio <= limit,
        )


def _rebuild_targets(results: Results, rebuilds: Rebuilds) -> Iterator[Target]:
    quiet, base = rebuilds.no_change, floor(results, rebuilds.posts)
    yield Target(
        name=f"no-change make html, {rebuilds.posts:,} posts",
        measured=f"{quiet.seconds:.2f} s, {quiet.reread} re-read",
        limit=f"<= {NO_CHANGE_SECONDS:g} s, 0 re-read",
        met=quiet.seconds <= NO_CHANGE_SECONDS and quiet.reread == 0,
    )
    for key, label in EDITS:
        edit: RebuildRow = getattr(rebuilds, key)
        ratio = _ratio(edit.seconds, base.seconds)
        yield Target(
            name=f"one post edited ({label}), {rebuilds.posts:,} posts",
            measured=f"{edit.seconds:.2f} s = {ratio:.3f}x floor, {edit.reread} re-read",
            limit=f"<= {EDIT_SECONDS:g} s, <= {EDIT_FLOOR_RATIO:g}x, 1 re-read",
            met=edit.seconds <= EDIT_SECONDS and ratio <= EDIT_FLOOR_RATIO and edit.reread == 1,
        )


def _page_targets(results: Results) -> Iterator[Target]:
    smallest, largest = results.pages[0], results.pages[-1]
    yield Target(
        name=f"post page HTML, {largest.posts:,} posts (median; mean; max)",
        measured=(
            f"{largest.post_median_bytes / KB:.1f} KB; {largest.post_mean_bytes / KB:.1f} KB; "
            f"{largest.post_max_bytes / KB:.1f} KB"
        ),
        limit=f"median <= {POST_PAGE_BYTES / KB:g} KB",
        met=0 < largest.post_median_bytes <= POST_PAGE_BYTES,
    )
    if largest.posts != smallest.posts:
        drift = abs(_ratio(largest.overhead_mean_bytes, smallest.overhead_mean_bytes) - 1)
        yield Target(
            name="post page weight beyond its text, independent of size",
            measured=(
                f"{smallest.overhead_mean_bytes / KB:.1f} KB at {smallest.posts:,}, "
                f"{largest.overhead_mean_bytes / KB:.1f} KB at {largest.posts:,}"
            ),
            limit=f"within {OVERHEAD_DRIFT:.0%}",
            met=drift <= OVERHEAD_DRIFT,
        )


def _search(results: Results, engine: str) -> SearchRow | None:
    return next((row for row in results.search if row.engine == engine), None)


def _first_result(row: SearchRow) -> str:
    return f"{row.first_result_ms:.0f} ms, {row.results:,} shown"


def _search_bytes(row: SearchRow) -> str:
    return f"{row.bytes_search / KB:,.0f} KB, {row.bytes_total / KB:,.0f} KB with the page"


def _measured(row: SearchRow | None) -> bool:
    return row is not None and not row.failure and row.results > 0


def _search_targets(results: Results) -> Iterator[Target]:
    book, sphinx = _search(results, BOOK_SEARCH), _search(results, FLOOR_SEARCH)
    alone = _search(results, ENGINE_ALONE)
    if book is None:
        return
    where = f"({BOOK_SEARCH}), {book.posts:,} posts, {book.query!r}"
    checks = (
        (f"first search results {where}", _first_result, f"<= {SEARCH_MS:g} ms",
         book.first_result_ms <= SEARCH_MS),
        (f"bytes fetched for one search {where}", _search_bytes, f"<= {SEARCH_BYTES / KB:g} KB",
         book.bytes_search <= SEARCH_BYTES),
    )  # fmt: skip
    for name, figure, limit, within in checks:
        # Beside the book's figure: Pagefind's own on an empty page, and Sphinx's.
        beside = "; ".join(
            f"{engine}: {figure(row) if row is not None and _measured(row) else 'not measured'}"
            for engine, row in ((ENGINE_ALONE, alone), (FLOOR_SEARCH, sphinx))
        )
        yield Target(
            name=name,
            measured=f"{figure(book)} ({beside})" if _measured(book) else "failed",
            limit=limit,
            met=_measured(book) and within,
        )


def targets(results: Results) -> tuple[Target, ...]:
    return (
        *_converter_targets(results),
        *_clean_targets(results),
        *(target for each in results.rebuilds for target in _rebuild_targets(results, each)),
        *_page_targets(results),
        *_search_targets(results),
    )


# --- the table --------------------------------------------------------------------------

Row = tuple[str, str, str, str]  # measurement, time or size, detail, peak memory


def rows_to_text(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in [header, ["-" * width for width in widths], *rows]
    ]
    return "\n".join(line.rstrip() for line in lines)


def _mib(value: float) -> str:
    return f"{value:.0f} MiB"


def _split(convert: float, sphinx: float, digits: int) -> str:
    return f"convert {convert:.{digits}f} s + sphinx {sphinx:.{digits}f} s"


def _synthetic_rows(results: Results) -> Iterator[Row]:
    for book in results.synthetic:
        yield (
            f"synthetic blog, {book.posts:,} posts",
            f"{book.sources} sources cited",
            f"{book.citing_one_to_four:.0%} of {book.synthetic_posts:,} synthetic posts cite "
            f"1-4; {book.citations_per_post:.1f} per post",
            "",
        )


def _converter_rows(results: Results) -> Iterator[Row]:
    converter = results.converter
    for run, label in ((converter.first, "first run"), (converter.rerun, "no-change re-run")):
        yield (
            f"converter {converter.posts:,} posts, {label}",
            f"{run.seconds:.2f} s",
            f"{run.written} written, {run.cpu_seconds:.1f} CPU s",
            _mib(run.max_rss_mib),
        )


def _build_rows(results: Results) -> Iterator[Row]:
    for build in results.builds:
        warned = f", {build.warnings} warnings" if build.warnings else ""
        yield (
            f"make html clean, {build.posts:,} posts, -j {build.jobs}",
            f"{build.seconds:.1f} s",
            _split(build.convert_seconds, build.sphinx_seconds, 1)
            + f", {build.cpu_seconds:.0f} CPU s{warned}",
            _mib(build.max_rss_mib),
        )
    for row in results.floors:
        yield (
            f"floor ({row.theme} theme, -j 1), {row.posts:,} posts",
            f"{row.seconds:.1f} s",
            f"sphinx only, {row.post_pages:,} post pages, {row.warnings} warnings",
            _mib(row.max_rss_mib),
        )


def _rebuild_rows(results: Results) -> Iterator[Row]:
    edits = ((key, f"one post edited ({where})") for key, where in EDITS)
    labels = (("no_change", "no change"), *edits)
    for rebuilds in results.rebuilds:
        for key, label in labels:
            row: RebuildRow = getattr(rebuilds, key)
            yield (
                f"make html again, {rebuilds.posts:,} posts, -j {rebuilds.jobs}: {label}",
                f"{row.seconds:.2f} s",
                (
                    "sphinx with the converter alongside"
                    if row.converter_alongside
                    else _split(row.convert_seconds, row.sphinx_seconds, 2)
                )
                + f"; {row.reread} re-read, {len(row.written)} pages written",
                _mib(row.max_rss_mib),
            )


def _page_rows(results: Results) -> Iterator[Row]:
    for sizes in results.pages:
        yield (
            f"HTML, {sizes.posts:,} posts",
            f"post page median {sizes.post_median_bytes / KB:.1f} KB, "
            f"max {sizes.post_max_bytes / KB:.1f} KB",
            f"total {sizes.html_total_bytes / KB / KB:.1f} MB, "
            f"Pagefind bundle {sizes.pagefind_bytes / KB:.0f} KB",
            "",
        )


def _search_rows(results: Results) -> Iterator[Row]:
    for row in results.search:
        label = f"search {row.query!r}, {row.posts:,} posts: {row.engine}"
        if row.failure:
            yield (label, "failed", row.failure.splitlines()[0], "")
            continue
        yield (
            label,
            f"first result {row.first_result_ms:.0f} ms",
            f"{row.results:,} shown; search {row.bytes_search / KB:,.0f} KB in "
            f"{row.requests_search:,} requests, {row.bytes_total / KB:,.0f} KB in all",
            "",
        )


def _blogger_rows(results: Results) -> Iterator[Row]:
    blogger = results.blogger
    yield (
        f"Blogger export, {blogger.posts:,} posts, converted",
        f"{blogger.seconds:.2f} s",
        f"{blogger.converted:,} posts, {blogger.export_bytes / KB / KB:.1f} MB",
        _mib(blogger.max_rss_mib),
    )


def table(results: Results) -> str:
    rows = [
        *_synthetic_rows(results),
        *_converter_rows(results),
        *_build_rows(results),
        *_rebuild_rows(results),
        *_page_rows(results),
        *_search_rows(results),
        *_blogger_rows(results),
    ]
    text = rows_to_text(("measurement", "time / size", "detail", "peak RSS"), rows)
    checks = [
        (target.name, target.measured, target.limit, "met" if target.met else "MISSED")
        for target in results.targets
    ]
    text += "\n\n" + rows_to_text(("target", "measured", "limit", ""), checks)
    text += f"\n\nrecommended: -j {results.recommended_jobs} ({results.jobs_reason})"
    start, end = results.machine.load_average_at_start[0], results.machine.load_average_at_end[0]
    text += f"\nload average (1 min) at start {start:.2f}, at end {end:.2f}: other work skews times"
    return text
