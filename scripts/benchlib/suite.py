"""The whole benchmark, measurement after measurement, as one :class:`Results`.

:func:`run_benchmark` makes the synthetic blog, then measures in this order: the
converter on the largest archive; clean builds of every size with every ``-j``, each
size followed by its floor; on the books of the recommended ``-j``, the page sizes,
the search, then the rebuilds (which edit the archive); last, a Blogger export.
Progress goes to *log*; nothing is printed here and nothing exits.
"""

from __future__ import annotations

import os
import platform
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from benchlib import report, runs
from benchlib.blog import SynthBlog, load_blog
from benchlib.blogger import measure_blogger
from benchlib.builds import measure_clean_builds, recommend_jobs
from benchlib.converter import measure_converter
from benchlib.floor import measure_floor
from benchlib.pages import measure_pages
from benchlib.rebuilds import measure_rebuilds
from benchlib.results import BuildRow, FloorRow, Machine, Results, SyntheticBook, failures
from benchlib.search import QUERY, measure_search

PROJECT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True, kw_only=True)
class Options:
    sizes: tuple[int, ...]  # posts per built book, smallest first
    converter_posts: int
    blogger_posts: int
    sources: int  # synthetic sources in the catalogue
    jobs: tuple[str, ...]  # -j values compared on clean builds
    repeat: int  # clean builds of each size and -j; the fastest counts
    search_visits: int  # visits to the search page of each engine; the median counts
    seed: int
    scripts: Path | None  # another converter and extension to measure (a scripts/ folder)


def synthetic_book(blog: SynthBlog, count: int) -> SyntheticBook:
    posts = blog.posts(count)
    cited = [len(post.sources) for post in posts]
    return SyntheticBook(
        posts=count,
        synthetic_posts=len(posts),
        sources=len(blog.cited(posts)),
        citing_one_to_four=sum(1 <= n <= 4 for n in cited) / len(posts) if posts else 0.0,
        citations_per_post=sum(cited) / len(posts) if posts else 0.0,
    )


def _machine(start: tuple[float, ...]) -> Machine:
    return Machine(
        cpus=os.cpu_count(),
        python=platform.python_version(),
        platform=platform.platform(),
        load_average_at_start=start,
        load_average_at_end=os.getloadavg(),
    )


@dataclass(frozen=True, kw_only=True)
class CleanBuilds:
    builds: tuple[BuildRow, ...]
    books: dict[tuple[int, str], Path]  # (posts, -j) -> the book
    floors: tuple[FloorRow, ...]
    floor_books: dict[int, Path]  # posts -> the book whose _build/floor holds the floor


def _clean_builds_and_floors(
    blog: SynthBlog, options: Options, workdir: Path, log: Callable[[str], None]
) -> CleanBuilds:
    """Clean builds of every size with every -j, each size's floor measured right after
    its builds (in the book of the first -j): a shared machine's speed drifts over
    minutes, and a ratio of two moments far apart would measure the drift."""
    builds: list[BuildRow] = []
    books: dict[tuple[int, str], Path] = {}
    floors: list[FloorRow] = []
    floor_books: dict[int, Path] = {}
    for posts in options.sizes:
        rows, made = measure_clean_builds(
            blog,
            sizes=(posts,),
            jobs=options.jobs,
            repeat=options.repeat,
            workdir=workdir,
            log=log,
        )
        builds.extend(rows)
        books.update(made)
        floor_books[posts] = made[(posts, options.jobs[0])]
        floors.append(measure_floor(floor_books[posts], posts))
        log(f"  floor, {posts:,} posts: {floors[-1].seconds:.1f} s")
    return CleanBuilds(
        builds=tuple(builds), books=books, floors=tuple(floors), floor_books=floor_books
    )


def run_benchmark(options: Options, workdir: Path, log: Callable[[str], None]) -> Results:
    start = os.getloadavg()
    blog = load_blog(seed=options.seed, sources_count=options.sources, scripts=options.scripts)
    log(f"converter, {options.converter_posts:,} posts...")
    converter = measure_converter(blog, options.converter_posts, workdir)
    log("clean builds, each size's floor right after them...")
    clean = _clean_builds_and_floors(blog, options, workdir, log)
    jobs, reason = recommend_jobs(clean.builds, options.sizes[-1])
    chosen = {posts: clean.books[(posts, jobs)] for posts in options.sizes}
    pages = tuple(measure_pages(book, posts) for posts, book in chosen.items())
    largest = options.sizes[-1]
    log(f"search for {QUERY!r}, {largest:,} posts, in a browser...")
    search = measure_search(
        chosen[largest], largest, options.search_visits, floor_book=clean.floor_books[largest]
    )
    log("rebuilds...")
    rebuilds = tuple(measure_rebuilds(blog, book, posts, jobs) for posts, book in chosen.items())
    log(f"Blogger export, {options.blogger_posts:,} posts...")
    blogger = measure_blogger(blog, options.blogger_posts, workdir)
    results = Results(
        machine=_machine(start),
        seed=options.seed,
        sphinx_options=(*runs.SPHINX_OPTIONS, "-b", "html"),
        scripts=str(options.scripts or PROJECT / "scripts"),
        pythonpath=os.environ.get("PYTHONPATH", ""),
        synthetic=tuple(synthetic_book(blog, posts) for posts in options.sizes),
        converter=converter,
        builds=clean.builds,
        recommended_jobs=jobs,
        jobs_reason=reason,
        floors=clean.floors,
        search=search,
        rebuilds=rebuilds,
        pages=pages,
        blogger=blogger,
    )
    return replace(results, targets=report.targets(results), problems=failures(results))
