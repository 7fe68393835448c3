#!/usr/bin/env python3
"""Measure the converter and the book build at the size of the whole blog (issues 6 and 16).

Synthetic blogs in the real archive format, from a fixed seed, with about 200
synthetic sources cited (see ``benchlib``), are converted and built the way
``make html`` does it, in books under a temporary folder, and measured against the
floor: the same sources on Sphinx's basic theme, in one process, built right after the
book's own clean builds of the same size; the search is measured in chromium, the
book's (Pagefind) beside Pagefind alone on an empty page and the floor's (Sphinx's). Printed: a
table of times, documents re-read, page sizes, peak memory and the search's time and
bytes, and the targets, met or missed.
Written: the same as JSON (``--json``). It is a benchmark, not a test: a missed target
does not change the exit status; a command that fails (a conversion, a build, the
floor) makes it 1.

    .venv/bin/python scripts/bench.py            # the full run: 100, 1,000 and 3,000 posts
    .venv/bin/python scripts/bench.py --posts 100,300 --converter-posts 2000
    .venv/bin/python scripts/bench.py --smoke    # 20 posts, every row, for the tests
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib import report
from benchlib.profiles import profile_report
from benchlib.results import Results
from benchlib.search import REPEAT
from benchlib.suite import Options, run_benchmark

PROJECT = Path(__file__).resolve().parents[1]
DEFAULT_JSON = PROJECT / "_build" / "bench" / "bench.json"
MIN_POSTS = 20
SMOKE = {
    "posts": str(MIN_POSTS),
    "converter_posts": 20,
    "blogger_posts": 20,
    "jobs": "2",
    "search_visits": 1,
}


def _counts(text: str) -> tuple[int, ...]:
    return tuple(sorted({int(part) for part in text.split(",") if part.strip()}))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bench.py", description=__doc__.split("\n\n")[0])
    add = parser.add_argument
    add("--posts", default="100,1000,3000", help="posts of the built books (default %(default)s)")
    add("--converter-posts", type=int, default=10_000, help="posts converted (%(default)s)")
    add("--blogger-posts", type=int, default=2_000, help="posts of the Blogger export")
    add("--sources", type=int, default=200, help="synthetic sources (default %(default)s)")
    add("--jobs", default="1,2,3,auto", help="-j values compared (default %(default)s)")
    add("--repeat", type=int, default=1, help="clean builds of each size and -j; fastest counts")
    add("--search-visits", type=int, default=REPEAT, help="visits to each search; median counts")
    add("--seed", type=int, default=2009)
    add("--json", type=Path, default=DEFAULT_JSON, help="where to write the results")
    add("--workdir", type=Path, help="where to make the books (default: a temporary folder)")
    add("--scripts", type=Path, help="measure this scripts/ folder instead of the project's")
    add("--keep", action="store_true", help="keep the books afterwards")
    add("--profile", action="store_true", help="also profile the converter and a -j 1 build")
    add("--smoke", action="store_true", help="20 posts everywhere and one -j: every row, fast")
    return parser


@dataclass(frozen=True, kw_only=True)
class Command:
    """What to measure, and what the command line does around it."""

    options: Options
    json_path: Path
    workdir: Path | None  # None: a temporary folder, removed afterwards
    keep: bool
    profile: bool


def parse_args(argv: Sequence[str]) -> Command:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.smoke:
        parser.set_defaults(**SMOKE)
        args = parser.parse_args(argv)
    sizes = _counts(args.posts)
    jobs = tuple(dict.fromkeys(part.strip() for part in args.jobs.split(",") if part.strip()))
    if not sizes or not jobs:
        parser.error("--posts and --jobs need at least one value")
    if sizes[0] < MIN_POSTS:  # the real month's posts, and synthetic ones to edit
        parser.error(f"--posts: at least {MIN_POSTS} posts a book")
    options = Options(
        sizes=sizes,
        converter_posts=args.converter_posts,
        blogger_posts=args.blogger_posts,
        sources=args.sources,
        jobs=jobs,
        repeat=max(1, args.repeat),
        search_visits=max(1, args.search_visits),
        seed=args.seed,
        scripts=args.scripts.resolve() if args.scripts else None,
    )
    return Command(
        options=options,
        json_path=args.json,
        workdir=args.workdir,
        keep=args.keep,
        profile=args.profile,
    )


def _log(message: str) -> None:
    print(message, file=sys.stderr)


def _profile(results: Results, out: Path) -> str:
    largest = results.builds[-1].posts
    build = report.clean_build(results, largest)
    return profile_report(Path(results.converter.book), Path(build.book), out)


def main(argv: Sequence[str] | None = None) -> int:
    command = parse_args(sys.argv[1:] if argv is None else argv)
    workdir = command.workdir or Path(tempfile.mkdtemp(prefix="blogbook-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    out = command.json_path
    try:
        results = run_benchmark(command.options, workdir, _log)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(asdict(results), indent=2) + "\n", encoding="utf-8")
        if command.profile:
            print(_profile(results, out.parent))
        print(report.table(results))
        print(f"\nresults: {out}")
    finally:
        if command.keep:
            _log(f"books kept in {workdir}")
        elif command.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    for problem in results.problems:
        _log(f"error: {problem}")
    return 1 if results.problems else 0


if __name__ == "__main__":
    sys.exit(main())
