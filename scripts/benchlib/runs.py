"""Commands run as a user runs them, timed and measured; sphinx-build's output read.

Each command is a child process: wall-clock seconds from start to exit, and the
peak resident memory of the largest process of its tree (``wait4``'s ``ru_maxrss``:
a parallel build's workers are its children, so they count, each on its own).
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

PYTHON = sys.executable
# The project's Makefile: `make html` skips sphinx-build when its test says the last good
# build is current, and the benchmark asks the same test.
MAKEFILE = Path(__file__).resolve().parents[2] / "Makefile"
HTML_DONE = Path("_build") / "html" / ".done"  # as the Makefile's HTML_DONE
# The Makefile's options (SPHINXOPTS and the html target), the book's folder as source.
SPHINX_OPTIONS = ("-n", "-W", "--keep-going")
# With CI set, Sphinx colours its output and redraws progress on one line; the bench
# reads the output as plain lines.
PLAIN_OUTPUT = {**os.environ, "NO_COLOR": "1"}


@dataclass(frozen=True, kw_only=True)
class Run:
    command: tuple[str, ...]
    returncode: int
    seconds: float  # wall clock
    cpu_seconds: float  # user and system, the process and its children
    max_rss_mib: float
    output: str  # stdout then stderr


def run(command: Sequence[str], *, cwd: Path | None = None) -> Run:
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen(list(command), cwd=cwd, stdout=out, stderr=err, env=PLAIN_OUTPUT)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        out.seek(0)
        err.seek(0)
        output = out.read().decode("utf-8", "replace") + err.read().decode("utf-8", "replace")
    return Run(
        command=tuple(command),
        returncode=child.returncode,
        seconds=seconds,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        max_rss_mib=usage.ru_maxrss / 1024,  # KiB on Linux
        output=output,
    )


# --- the converter ----------------------------------------------------------------------

_CONVERTED = re.compile(r"^(\d+) posts: (\d+) files written, (\d+) removed, (\d+) unchanged", re.M)


@dataclass(frozen=True, kw_only=True)
class Conversion:
    run: Run
    posts: int
    written: int
    removed: int
    unchanged: int
    warnings: int


def convert(book: Path, *extra: str) -> Conversion:
    script = book / "scripts" / "convert.py"
    done = run([PYTHON, str(script), "--root", str(book), *extra])
    match = _CONVERTED.search(done.output)
    numbers = [int(group) for group in match.groups()] if match else [0, 0, 0, 0]
    return Conversion(
        run=done,
        posts=numbers[0],
        written=numbers[1],
        removed=numbers[2],
        unchanged=numbers[3],
        warnings=done.output.count(": warning: "),
    )


def list_links(book: Path) -> None:
    """List the converted book's addresses in its links table, unchecked (no network)."""
    script = book / "scripts" / "links.py"
    if script.is_file():  # the floor's older scripts may have none
        done = run([PYTHON, str(script), "--root", str(book), "--offline"])
        assert done.returncode == 0, done.output


# --- sphinx-build -------------------------------------------------------------------------

_UPDATING = re.compile(
    r"updating environment: (?:\[[^\]]*\] )?(\d+) added, (\d+) changed, (\d+) removed"
)
_READING = re.compile(r"^reading sources\.\.\. \[\s*\d+%\] (.+)$", re.M)


@dataclass(frozen=True, kw_only=True)
class SphinxBuild:
    run: Run
    added: int
    changed: int
    removed: int
    reading_lines: tuple[str, ...]  # "reading sources... [ 50%] NAME" (or "A .. B" when parallel)
    written: tuple[str, ...]  # output files whose bytes or times changed
    warnings: int

    @property
    def reread(self) -> int:
        return self.added + self.changed


def html_files(outdir: Path) -> dict[str, int]:
    """Every HTML page of a build: relative path -> mtime (ns)."""
    if not outdir.is_dir():
        return {}
    return {
        path.relative_to(outdir).as_posix(): path.stat().st_mtime_ns
        for path in outdir.rglob("*.html")
        if "_static" not in path.parts and "_sources" not in path.parts
    }


def _launcher(book: Path, plain: bool) -> tuple[str, ...]:
    script = book / "scripts" / "sphinx_build.py"  # absent from an older --scripts folder
    return (PYTHON, "-m", "sphinx") if plain or not script.exists() else (PYTHON, str(script))


def sphinx_build(
    book: Path,
    jobs: str | None,
    *,
    outdir: Path | None = None,
    confdir: Path | None = None,
    plain: bool = False,
    convert: bool = False,
) -> SphinxBuild:
    """``make html`` in *book*, with ``-j jobs`` when given; into *outdir* (default
    ``_build/html``, its doctrees beside it), configured from *confdir* when given;
    started as the Makefile starts it (the book's ``scripts/sphinx_build.py``, with the
    converter alongside if *convert*), or, if *plain*, as Sphinx's own ``python -m sphinx``."""
    outdir = outdir or book / "_build" / "html"
    doctrees = outdir.parent / "doctrees" / outdir.name
    before = html_files(outdir)
    alongside = (f"--convert={book}",) if convert else ()
    parallel = ("-j", jobs) if jobs and jobs != "1" else ()
    configured = ("-c", str(confdir)) if confdir is not None else ()
    command = [
        *_launcher(book, plain), *alongside, *SPHINX_OPTIONS, *parallel, *configured,
        "-b", "html", "-d", str(doctrees), str(book), str(outdir),
    ]  # fmt: skip
    done = run(command, cwd=book)
    after = html_files(outdir)
    written = tuple(sorted(name for name, stamp in after.items() if before.get(name) != stamp))
    match = _UPDATING.search(done.output)
    added, changed, removed = (int(group) for group in match.groups()) if match else (0, 0, 0)
    return SphinxBuild(
        run=done,
        added=added,
        changed=changed,
        removed=removed,
        reading_lines=tuple(_READING.findall(done.output)),
        written=written,
        warnings=len(_problem_lines(done.output)),
    )


def html_current(book: Path) -> Run:
    """The Makefile's test: exit status 0 when the last good build is current."""
    make = ["make", "--no-print-directory", "-s", "-f", str(MAKEFILE), "-C", str(book)]
    return run([*make, "html-current"])


def nothing_built(current: Run) -> SphinxBuild:
    return SphinxBuild(
        run=current, added=0, changed=0, removed=0, reading_lines=(), written=(), warnings=0
    )


def html_build(book: Path, jobs: str, *, convert: bool = False) -> SphinxBuild:
    """sphinx-build as ``make html`` runs it (the converter alongside if *convert*), noted
    as good if it succeeds."""
    built = sphinx_build(book, jobs, convert=convert)
    if built.run.returncode == 0 and built.warnings == 0:
        (book / HTML_DONE).touch()
    return built


def conversion_in(built: SphinxBuild) -> Conversion:
    """The converter's part of a build that ran it alongside, read from its output."""
    match = _CONVERTED.search(built.run.output)
    numbers = [int(group) for group in match.groups()] if match else [0, 0, 0, 0]
    return Conversion(
        run=replace(built.run, seconds=0.0, cpu_seconds=0.0),
        posts=numbers[0],
        written=numbers[1],
        removed=numbers[2],
        unchanged=numbers[3],
        warnings=built.run.output.count(": warning: "),
    )


@dataclass(frozen=True, kw_only=True)
class PageSizes:
    post_pages: int
    post_mean_bytes: float
    post_median_bytes: float
    post_max_bytes: int
    html_total_bytes: int
    pagefind_bytes: int


def _is_post_page(relative: str) -> bool:
    return re.fullmatch(r"posts/\d{4}/\d{2}/\d{2}-[a-z0-9-]+\.html", relative) is not None


def page_sizes(outdir: Path) -> PageSizes:
    sizes = {
        path.relative_to(outdir).as_posix(): path.stat().st_size for path in outdir.rglob("*.html")
    }
    posts = [size for name, size in sizes.items() if _is_post_page(name)]
    bundle = outdir / "pagefind"
    return PageSizes(
        post_pages=len(posts),
        post_mean_bytes=statistics.mean(posts) if posts else 0.0,
        post_median_bytes=statistics.median(posts) if posts else 0.0,
        post_max_bytes=max(posts, default=0),
        html_total_bytes=sum(sizes.values()),
        pagefind_bytes=sum(path.stat().st_size for path in bundle.rglob("*") if path.is_file()),
    )


def _problem_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if "WARNING" in line or "ERROR" in line]


def failure(done: Run, what: str, *, warnings: int = 0) -> str:
    """Why *done* failed, for the report ("" if it exited 0 with no warning)."""
    if done.returncode == 0 and warnings == 0:
        return ""
    shown = _problem_lines(done.output)[:5] or done.output.splitlines()[-5:]
    lines = "\n  ".join(shown)
    return f"{what} failed (exit {done.returncode}, {warnings} warnings):\n  {lines}"


def summarise(names: Iterable[str], limit: int = 6) -> str:
    names = list(names)
    shown = ", ".join(names[:limit])
    return shown + (f", … ({len(names)} in all)" if len(names) > limit else "")
