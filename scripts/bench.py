#!/usr/bin/env python3
"""Measure the converter and the book build at the size of the whole blog (issue 6).

Synthetic blogs in the real archive format, from a fixed seed (see ``benchlib``),
are converted and built the way ``make html`` does it, in books under a temporary
folder. Printed: a table of times, documents re-read, page sizes and peak memory,
and the issue's targets, met or missed. Written: the same as JSON (``--json``).
It is a benchmark, not a test: missing a target does not change the exit status;
a build that fails does.

    .venv/bin/python scripts/bench.py            # the full run: a few minutes
    .venv/bin/python scripts/bench.py --smoke    # 20 posts, every row, for the tests
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import pstats
import shutil
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib import report, runs, synth, testbook
from benchlib.corpus import Corpus

PROJECT = Path(__file__).resolve().parents[1]
DEFAULT_JSON = PROJECT / "_build" / "bench" / "bench.json"
TOP_FUNCTIONS = 25


@dataclass(frozen=True, kw_only=True)
class Options:
    sizes: tuple[int, ...]  # posts per built book, smallest first
    converter_posts: int
    blogger_posts: int
    jobs: tuple[str, ...]  # -j values compared on clean builds
    repeat: int  # clean builds of each size and -j; the fastest counts
    seed: int
    json_path: Path
    workdir: Path | None
    scripts: Path | None  # another converter and extension to measure (a scripts/ folder)
    keep: bool
    profile: bool


def _counts(text: str) -> tuple[int, ...]:
    return tuple(sorted({int(part) for part in text.split(",") if part.strip()}))


def parse_args(argv: Sequence[str]) -> Options:
    parser = argparse.ArgumentParser(prog="bench.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", default="100,1000", help="posts of the built books")
    parser.add_argument("--converter-posts", type=int, default=10_000)
    parser.add_argument("--blogger-posts", type=int, default=2_000)
    parser.add_argument("--jobs", default="1,2,3,auto", help="-j values to compare")
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="clean builds of each size and -j (the fastest counts: others' work only slows)",
    )
    parser.add_argument("--seed", type=int, default=2009)
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help="where to write results")
    parser.add_argument("--workdir", type=Path, help="where to make the books (default: a temp)")
    parser.add_argument(
        "--scripts",
        type=Path,
        help="measure this scripts/ folder (converter and extension) instead of the project's",
    )
    parser.add_argument("--keep", action="store_true", help="keep the books afterwards")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also profile the converter and a -j 1 build (cProfile, next to the JSON)",
    )
    parser.add_argument(
        "--smoke", action="store_true", help="20 posts everywhere and one -j: every row, fast"
    )
    args = parser.parse_args(argv)
    if args.smoke:
        args.posts, args.converter_posts, args.blogger_posts, args.jobs = "20", 20, 20, "2"
    sizes = _counts(args.posts)
    jobs = tuple(dict.fromkeys(part.strip() for part in args.jobs.split(",") if part.strip()))
    if not sizes or not jobs:
        parser.error("--posts and --jobs need at least one value")
    return Options(
        sizes=sizes,
        converter_posts=args.converter_posts,
        blogger_posts=args.blogger_posts,
        jobs=jobs,
        repeat=max(1, args.repeat),
        seed=args.seed,
        json_path=args.json,
        workdir=args.workdir,
        scripts=args.scripts.resolve() if args.scripts else None,
        keep=args.keep,
        profile=args.profile,
    )


@dataclass(frozen=True, kw_only=True)
class SynthBlog:
    """What every synthetic book shares: the real archive and editorial layer, the words."""

    corpus: Corpus
    sprinkles: synth.Sprinkles
    real_archive: dict[str, bytes]
    real_posts: int
    editorial: str  # the real editorial layer
    seed: int
    scripts: Path | None = None

    def book(self, path: Path, archive: dict[str, bytes], editorial: str | None = None) -> Path:
        return testbook.copy_book(
            path,
            archive=archive,
            editorial=self.editorial if editorial is None else editorial,
            scripts=self.scripts,
        )

    def posts(self, count: int) -> tuple[synth.SynthPost, ...]:
        """The synthetic posts of a book of *count* posts, the real ones included."""
        return synth.generate_posts(
            count - self.real_posts,
            corpus=self.corpus,
            sprinkles=self.sprinkles,
            seed=self.seed,
            skip_months=frozenset(self.real_archive),
        )

    def archive(self, posts: Sequence[synth.SynthPost]) -> dict[str, bytes]:
        return self.real_archive | synth.text_archive(posts)


def _conversion(done: runs.Conversion) -> dict[str, Any]:
    return {
        "seconds": done.run.seconds,
        "cpu_seconds": done.run.cpu_seconds,
        "written": done.written,
        "posts": done.posts,
        "warnings": done.warnings,
        "max_rss_mib": done.run.max_rss_mib,
        "returncode": done.run.returncode,
    }


def _check(done: runs.Run, what: str, problems: list[str]) -> None:
    if done.returncode != 0:
        shown = "\n  ".join(runs.warning_lines(done.output) or done.output.splitlines()[-5:])
        problems.append(f"{what} failed (exit {done.returncode}):\n  {shown}")


# --- the measurements -----------------------------------------------------------------------


def bench_converter(
    inputs: SynthBlog, count: int, workdir: Path, problems: list[str]
) -> dict[str, Any]:
    archive = inputs.archive(inputs.posts(count))
    book = inputs.book(workdir / f"convert-{count}", archive)
    first = runs.convert(book)
    rerun = runs.convert(book)
    _check(first.run, f"converter, {count} posts", problems)
    return {
        "posts": count,
        "archive_files": len(archive),
        "archive_bytes": sum(len(data) for data in archive.values()),
        "first": _conversion(first),
        "rerun": _conversion(rerun),
        "book": str(book),
    }


def make_html(book: Path, jobs: str) -> tuple[runs.Conversion, runs.SphinxBuild]:
    return runs.convert(book), runs.sphinx_build(book, jobs)


def _build_row(
    posts: int, jobs: str, converted: runs.Conversion, built: runs.SphinxBuild
) -> dict[str, Any]:
    return {
        "posts": posts,
        "jobs": jobs,
        "seconds": converted.run.seconds + built.run.seconds,
        "convert_seconds": converted.run.seconds,
        "sphinx_seconds": built.run.seconds,
        "cpu_seconds": converted.run.cpu_seconds + built.run.cpu_seconds,
        "reread": built.reread,
        "written": len(built.written),
        "warnings": built.warnings,
        "max_rss_mib": max(converted.run.max_rss_mib, built.run.max_rss_mib),
        "returncode": max(converted.run.returncode, built.run.returncode),
    }


def bench_clean_builds(
    inputs: SynthBlog, options: Options, workdir: Path, problems: list[str]
) -> tuple[list[dict[str, Any]], dict[tuple[int, str], Path]]:
    rows: list[dict[str, Any]] = []
    books: dict[tuple[int, str], Path] = {}
    for posts in options.sizes:
        archive = inputs.archive(inputs.posts(posts))
        for jobs in options.jobs:
            book = inputs.book(workdir / f"book-{posts}-j{jobs}", archive)
            tries = []
            for attempt in range(options.repeat):
                if attempt:  # from clean again: no output, no environment
                    shutil.rmtree(book / "_build")
                    shutil.rmtree(book / "posts")
                converted, built = make_html(book, jobs)
                _check(converted.run, f"converter, {posts} posts", problems)
                _check(built.run, f"sphinx-build, {posts} posts, -j {jobs}", problems)
                tries.append(_build_row(posts, jobs, converted, built))
            best = min(tries, key=lambda row: row["seconds"])
            rows.append(best | {"tries": [row["seconds"] for row in tries]})
            books[(posts, jobs)] = book
            print(
                f"  clean build, {posts} posts, -j {jobs}: {best['seconds']:.1f} s "
                f"({best['cpu_seconds']:.1f} CPU s)",
                file=sys.stderr,
            )
    return rows, books


def recommend_jobs(rows: list[dict[str, Any]], options: Options) -> tuple[str, str]:
    """The -j of the fastest clean build of the largest book; a smaller -j on a tie (3%)."""
    largest = [row for row in rows if row["posts"] == options.sizes[-1]]
    fastest = min(row["seconds"] for row in largest)
    chosen = next(row for row in largest if row["seconds"] <= fastest * 1.03)
    measured = ", ".join(f"-j {row['jobs']} {row['seconds']:.1f} s" for row in largest)
    cpus = os.cpu_count()
    return chosen["jobs"], f"clean build of {options.sizes[-1]:,} posts on {cpus} CPUs: {measured}"


def _rebuild_row(converted: runs.Conversion, built: runs.SphinxBuild) -> dict[str, Any]:
    return {
        "seconds": converted.run.seconds + built.run.seconds,
        "convert_seconds": converted.run.seconds,
        "sphinx_seconds": built.run.seconds,
        "cpu_seconds": converted.run.cpu_seconds + built.run.cpu_seconds,
        "converter_written": converted.written,
        "reread": built.reread,
        "reading": list(built.reading_lines),
        "written": list(built.written),
        "warnings": built.warnings,
        "max_rss_mib": max(converted.run.max_rss_mib, built.run.max_rss_mib),
        "returncode": max(converted.run.returncode, built.run.returncode),
    }


def _titled_near(posts: Sequence[synth.SynthPost], index: int) -> int:
    return next(i for i in range(index, len(posts)) if posts[i].title is not None)


def bench_rebuilds(
    inputs: SynthBlog, book: Path, count: int, jobs: str, problems: list[str]
) -> dict[str, Any]:
    posts = list(inputs.posts(count))
    result: dict[str, Any] = {"posts": count, "jobs": jobs}
    result["no_change"] = _rebuild_row(*make_html(book, jobs))
    for key, index, edit in (
        ("edit_body", _titled_near(posts, len(posts) // 2), synth.edit_body),
        ("edit_opening", _titled_near(posts, len(posts) // 3), synth.edit_opening),
    ):
        posts[index] = edit(posts[index])
        files = testbook.write_archive(book, inputs.archive(posts))
        converted, built = make_html(book, jobs)
        _check(built.run, f"sphinx-build after {key}", problems)
        result[key] = _rebuild_row(converted, built) | {
            "archive_files_written": files,
            "post": f"{posts[index].date} {posts[index].title}",
        }
    return result


def page_report(book: Path) -> dict[str, Any]:
    outdir = book / "_build" / "html"
    sizes = asdict(runs.page_sizes(outdir))
    overheads = []
    for page in (outdir / "posts").rglob("*.html"):
        relative = page.relative_to(outdir).with_suffix(".md")
        source = book / relative
        if source.exists() and source.name[:2].isdigit():
            overheads.append(page.stat().st_size - source.stat().st_size)
    sizes["overhead_mean_bytes"] = sum(overheads) / len(overheads) if overheads else 0.0
    return sizes


def blogger_ready() -> str | None:
    """Why Blogger exports cannot be read yet, or None."""
    try:
        from blogbook.parse_blogger import parse_blogger_export  # noqa: F401
    except Exception as exc:  # any failure to import means "not ready"
        return f"parse_blogger not importable: {exc}"
    return None


def bench_blogger(inputs: SynthBlog, count: int, workdir: Path) -> dict[str, Any]:
    result: dict[str, Any] = {"posts": count, "status": "n/a", "reason": ""}
    reason = blogger_ready()
    if reason is not None:
        return result | {"reason": reason}
    posts = synth.generate_posts(
        count, corpus=inputs.corpus, sprinkles=inputs.sprinkles, seed=inputs.seed
    )
    export = synth.blogger_export(posts, seed=inputs.seed)
    labels = {synth.label_of(slug): [slug] for slug, _ in inputs.sprinkles.topics}
    editorial = testbook.tiny_editorial(testbook.real_editorial(), labels=labels)
    book = inputs.book(workdir / f"blogger-{count}", {"blog-12-31-2018.xml": export}, editorial)
    done = runs.convert(book)
    if done.run.returncode != 0 or done.posts != count:
        shown = " | ".join(runs.warning_lines(done.run.output) or done.run.output.splitlines()[-3:])
        return result | {
            "reason": f"converter exit {done.run.returncode}, {done.posts} posts: {shown}"
        }
    return result | {
        "status": "ok",
        "seconds": done.run.seconds,
        "converted": done.posts,
        "written": done.written,
        "export_bytes": len(export),
        "max_rss_mib": done.run.max_rss_mib,
    }


# --- profiles -----------------------------------------------------------------------------


def _top(stats_path: Path, sort: str) -> str:
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
    """A clean serial build of *book* under cProfile (workers would escape the profile)."""
    shutil.rmtree(book / "_build", ignore_errors=True)
    path = out / "sphinx.prof"
    command = [
        runs.PYTHON, "-m", "cProfile", "-o", str(path), "-m", "sphinx", *runs.SPHINX_OPTIONS,
        "-b", "html", "-d", str(book / "_build" / "doctrees" / "html"), str(book),
        str(book / "_build" / "html"),
    ]  # fmt: skip
    runs.run(command, cwd=book)
    return path


# --- main -----------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    options = parse_args(sys.argv[1:] if argv is None else argv)
    workdir = options.workdir or Path(tempfile.mkdtemp(prefix="blogbook-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    editorial = testbook.real_editorial()
    inputs = SynthBlog(
        corpus=testbook.load_corpus(),
        sprinkles=testbook.load_sprinkles(editorial),
        real_archive=testbook.real_archive(),
        real_posts=testbook.real_post_count(),
        editorial=editorial,
        seed=options.seed,
        scripts=options.scripts,
    )
    problems: list[str] = []
    results: dict[str, Any] = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "load_average_at_start": os.getloadavg(),
        },
        "seed": options.seed,
        "sphinx_options": [*runs.SPHINX_OPTIONS, "-b", "html"],
        "scripts": str(options.scripts or PROJECT / "scripts"),
        "pythonpath": os.environ.get("PYTHONPATH", ""),
    }
    try:
        print(f"converter, {options.converter_posts:,} posts...", file=sys.stderr)
        results["converter"] = bench_converter(inputs, options.converter_posts, workdir, problems)
        print("clean builds...", file=sys.stderr)
        results["builds"], books = bench_clean_builds(inputs, options, workdir, problems)
        jobs, reason = recommend_jobs(results["builds"], options)
        results["recommended_jobs"], results["jobs_reason"] = jobs, reason
        print("rebuilds...", file=sys.stderr)
        largest = options.sizes[-1]
        results["rebuilds"] = bench_rebuilds(
            inputs, books[(largest, jobs)], largest, jobs, problems
        )
        results["pages"] = {
            str(posts): page_report(books[(posts, jobs)]) for posts in options.sizes
        }
        print(f"Blogger export, {options.blogger_posts:,} posts...", file=sys.stderr)
        results["blogger"] = bench_blogger(inputs, options.blogger_posts, workdir)
        results["machine"]["load_average_at_end"] = os.getloadavg()
        results["targets"] = [asdict(target) for target in report.targets(results)]
        results["problems"] = problems
        options.json_path.parent.mkdir(parents=True, exist_ok=True)
        if options.profile:
            out = options.json_path.parent
            converter_profile = profile_converter(Path(results["converter"]["book"]), out)
            build_profile = profile_build(books[(largest, jobs)], out)
            for path in (converter_profile, build_profile):
                for sort in ("cumulative", "tottime"):
                    print(f"\n=== {path.name}, by {sort} ===\n{_top(path, sort)}")
        options.json_path.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        print(report.table(results))
        print(f"\nresults: {options.json_path}")
    finally:
        if options.keep:
            print(f"books kept in {workdir}", file=sys.stderr)
        elif options.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
