"""The command line of ``scripts/links.py`` (``make links``): the only code of this
package that reads argv, touches files, prints and picks an exit code.

It runs the converter in memory on the book (as ``scripts/convert.py --root ROOT``
would), collects its addresses, brings ``data/links.csv`` up to date with them, checks
the addresses not checked recently, asks the Internet Archive for copies of the dead
ones, and writes the table (atomically, and only if it changed). An interrupted run
(Ctrl-C) writes what it checked before stopping.
"""

from __future__ import annotations

import argparse
import datetime
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from tqdm import tqdm

from blogbook import cli as convert_cli
from blogbook import diagnostics as diag
from blogbook.book import convert_book
from blogbook.links.addresses import Address, collect_addresses, source_urls
from blogbook.links.probe import Politeness, Prober, new_session
from blogbook.links.run import check_rows
from blogbook.links.table import Row, Status, TableError, format_table, merge, read_table
from blogbook.links.verdict import Answer, is_due, record_snapshot, wants_snapshot
from blogbook.links.wayback import ARCHIVE_API, Pacing, Wayback
from blogbook.writer import write_atomically

SAVE_EVERY = 25  # checks between two writes of the table, so a crash loses little

DESCRIPTION = """\
Check every external address of the book and record what answers in data/links.csv:
the url fields of references.bib, the links inside posts and the posts' original
addresses, each with the date the book cites it.

Addresses checked within --recheck-after days are kept as they are, so a second run
resumes where the first stopped. Statuses: ok (2xx after redirects), dead (404 or 410,
or failing on three checks at least 3 days apart), unreachable (no definite answer),
unchecked. For each dead address without a copy, the Internet Archive is asked for the
snapshot closest to the date the book cites it.
"""

EPILOG = """\
exit status: 0 done (dead links are data, not errors); 1 the book or the table does
not read; 2 wrong usage; 130 interrupted (what was checked is kept).
"""


@dataclass(frozen=True, kw_only=True)
class Options:
    root: Path
    table: Path
    today: datetime.date
    offline: bool  # write the table for the book's addresses, check nothing
    archive: bool  # ask the Internet Archive about dead addresses
    archive_api: str
    jobs: int
    recheck_after: int  # days
    politeness: Politeness  # towards the sites checked
    pacing: Pacing  # towards the Internet Archive


CHECKS = Politeness()
ARCHIVE = Pacing()
JOBS = 8
RECHECK_AFTER = 7


def _count(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text} is negative")
    return value


def _seconds(text: str) -> float:
    value = float(text)
    if not value >= 0:  # also refuses nan
        raise argparse.ArgumentTypeError(f"{text} is not a number of seconds")
    return value


def _add_check_options(parser: argparse.ArgumentParser) -> None:
    add = parser.add_argument
    add(
        "--jobs",
        type=_count,
        default=JOBS,
        metavar="N",
        help=f"checks at a time, all hosts together (default {JOBS}; never more than "
        f"{CHECKS.per_host} to one host)",
    )
    add(
        "--timeout",
        type=_seconds,
        default=CHECKS.timeout,
        metavar="S",
        help=f"seconds to wait for an answer (default {CHECKS.timeout:g})",
    )
    add(
        "--recheck-after",
        type=_count,
        default=RECHECK_AFTER,
        metavar="DAYS",
        help=f"keep rows checked within DAYS days as they are (default {RECHECK_AFTER}; "
        "0 checks every address)",
    )
    add(
        "--retries",
        type=_count,
        default=CHECKS.retries,
        metavar="N",
        help=f"more tries after a 429 or a 5xx (default {CHECKS.retries})",
    )
    add(
        "--backoff",
        type=_seconds,
        default=CHECKS.backoff,
        metavar="S",
        help="the first pause after a 429 or a 5xx without Retry-After, doubled each try "
        f"(default {CHECKS.backoff:g})",
    )
    add(
        "--max-wait",
        type=_seconds,
        default=CHECKS.max_wait,
        metavar="S",
        help="the longest pause, whatever Retry-After asks, the Internet Archive's "
        f"included (default {CHECKS.max_wait:g})",
    )


def _add_archive_options(parser: argparse.ArgumentParser) -> None:
    add = parser.add_argument
    add(
        "--no-archive",
        dest="archive",
        action="store_false",
        help="do not ask the Internet Archive for copies of dead addresses",
    )
    add(
        "--archive-api",
        default=ARCHIVE_API,
        metavar="URL",
        help=f"the availability API (default {ARCHIVE_API})",
    )
    add(
        "--archive-pace",
        type=_seconds,
        default=ARCHIVE.pace,
        metavar="S",
        help="seconds from one request to the Internet Archive to the next "
        f"(default {ARCHIVE.pace:g})",
    )
    add(
        "--archive-give-up",
        type=_count,
        default=ARCHIVE.give_up_after,
        metavar="N",
        help="stop asking the Internet Archive after N troubles in a row (429s, errors) "
        f"(default {ARCHIVE.give_up_after})",
    )


def parse_args(argv: Sequence[str]) -> Options:
    parser = argparse.ArgumentParser(
        prog="links.py",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add = parser.add_argument
    add("--root", type=Path, default=convert_cli.PROJECT_ROOT, help="the book's folder")
    add(
        "--table",
        type=Path,
        metavar="PATH",
        help="the table to bring up to date (default: ROOT/data/links.csv)",
    )
    add(
        "--offline",
        action="store_true",
        help="check nothing: write the table for the book's addresses, new ones unchecked",
    )
    add(
        "--today",
        type=datetime.date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="the date to record checks under (default: today)",
    )
    _add_check_options(parser)
    _add_archive_options(parser)
    args = parser.parse_args(argv)
    root = args.root.resolve()
    return Options(
        root=root,
        table=args.table or root / "data" / "links.csv",
        today=args.today or datetime.date.today(),
        offline=args.offline,
        archive=args.archive,
        archive_api=args.archive_api,
        jobs=max(1, args.jobs),
        recheck_after=args.recheck_after,
        politeness=replace(
            CHECKS,
            timeout=args.timeout,
            retries=args.retries,
            backoff=args.backoff,
            max_wait=args.max_wait,
        ),
        pacing=replace(
            ARCHIVE,
            pace=args.archive_pace,
            max_wait=args.max_wait,
            give_up_after=max(1, args.archive_give_up),
            timeout=max(args.timeout, ARCHIVE.timeout),
        ),
    )


def read_book(root: Path) -> tuple[Address, ...] | None:
    """The book's addresses, by the converter run in memory; None (and the converter's
    messages printed) if the book does not convert."""
    convert_options = convert_cli.parse_args(["--root", str(root)])
    inputs, problems = convert_cli.read_inputs(convert_options)
    if not diag.has_errors(problems):
        conversion = convert_book(inputs)
        problems = list(conversion.diagnostics)
    if diag.has_errors(problems):
        for problem in problems:
            print(problem.format(), file=sys.stderr)
        return None
    bibliography = inputs.bibliography[1] if inputs.bibliography is not None else ""
    return collect_addresses(conversion.pages, source_urls(bibliography))


def load_table(path: Path) -> tuple[Row, ...]:
    """The rows of the table at *path*; none if there is no table yet."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ()
    return read_table(text)


def save_table(path: Path, rows: Iterable[Row]) -> None:
    """Write the table atomically, and only if its bytes change."""
    text = format_table(rows)
    try:
        if path.read_bytes() == text.encode("utf-8"):
            return
    except FileNotFoundError:
        pass
    write_atomically(path, text)


class Ledger:
    """The table as this run knows it, written every :data:`SAVE_EVERY` changes."""

    def __init__(self, path: Path, rows: Iterable[Row]) -> None:
        self.path = path
        self.rows = {row.url: row for row in rows}
        self.unsaved = 0

    def update(self, row: Row) -> None:
        self.rows[row.url] = row
        self.unsaved += 1
        if self.unsaved >= SAVE_EVERY:
            self.save()

    def save(self) -> None:
        save_table(self.path, self.rows.values())
        self.unsaved = 0


@dataclass(frozen=True, kw_only=True)
class Checks:
    done: int  # checks this run, the rate-limited ones included
    limited: int  # still 429 after backing off: left as they were


@dataclass(frozen=True, kw_only=True)
class Lookups:
    found: int  # copies found this run
    left: int  # dead addresses the Internet Archive was not asked about, or did not answer
    stopped: str  # why it stopped asking, or ""


def check_links(ledger: Ledger, options: Options) -> Checks:
    due = [row for row in ledger.rows.values() if is_due(row, options.today, options.recheck_after)]
    limited = done = 0
    with Prober(options.politeness) as prober:
        results = check_rows(due, prober.check, jobs=options.jobs, today=options.today)
        bar = tqdm(
            results, total=len(due), desc="checking", unit="link", file=sys.stderr, disable=None
        )
        try:
            for row, outcome in bar:
                ledger.update(row)
                done += 1
                limited += outcome.answer is Answer.LIMITED
        finally:
            bar.close()
            results.close()
    return Checks(done=done, limited=limited)


def find_copies(ledger: Ledger, options: Options) -> Lookups:
    today, recheck_after = options.today, options.recheck_after
    wanted = [
        row for _, row in sorted(ledger.rows.items()) if wants_snapshot(row, today, recheck_after)
    ]
    if not options.archive or not wanted:
        return Lookups(found=0, left=len(wanted), stopped="")
    found = answered = 0
    with new_session() as session:
        wayback = Wayback(options.archive_api, session, options.pacing)
        bar = tqdm(
            wanted, desc="asking the Internet Archive", unit="link", file=sys.stderr, disable=None
        )
        with bar:
            for row in bar:
                lookup = wayback.lookup(row.url, row.cited)
                if lookup.answered:
                    ledger.update(record_snapshot(row, lookup.snapshot, today))
                    answered += 1
                    found += lookup.snapshot is not None
                if wayback.stopped:
                    break
    stopped = ""
    if wayback.stopped:
        stopped = (
            f"the Internet Archive did not answer {wayback.troubles} times in a row "
            f"(last: {wayback.last_trouble}): stopped asking"
        )
    return Lookups(found=found, left=len(wanted) - answered, stopped=stopped)


def summary(rows: Iterable[Row], options: Options, checks: Checks, lookups: Lookups) -> str:
    """What the run did and what the table now says, for the editor."""
    rows = tuple(rows)
    counts = {status: sum(row.status is status for row in rows) for status in Status}
    archived = sum(bool(row.archived_url) for row in rows)
    dead_without = sum(row.status is Status.DEAD and not row.archived_url for row in rows)
    lines = [
        f"{len(rows)} addresses: {counts[Status.OK]} ok, {counts[Status.DEAD]} dead, "
        f"{counts[Status.UNREACHABLE]} unreachable, {counts[Status.UNCHECKED]} unchecked",
    ]
    if options.offline:
        lines.append("offline: nothing checked; new addresses are unchecked")
    else:
        kept = len(rows) - checks.done
        lines.append(
            f"checked {checks.done} this run; kept {kept} checked within "
            f"{options.recheck_after} days"
        )
    if checks.limited:
        lines.append(
            f"{checks.limited} still answered 429 (too many requests) after backing off: "
            "left as they were, for the next run"
        )
    lines.append(
        f"archived copies: {lookups.found} found this run, {archived} in the table; "
        f"{dead_without} dead without a copy"
    )
    if lookups.stopped:
        lines.append(f"{lookups.stopped}; {lookups.left} lookups left for the next run")
    elif lookups.left and not options.offline:
        lines.append(f"{lookups.left} lookups left for the next run")
    return "".join(f"links: {line}\n" for line in lines)


def main(argv: Sequence[str] | None = None) -> int:
    options = parse_args(sys.argv[1:] if argv is None else argv)
    addresses = read_book(options.root)
    if addresses is None:
        return 1
    try:
        rows = load_table(options.table)
    except TableError as error:
        print(f"{options.table}:{error.line}: error: {error}", file=sys.stderr)
        return 1
    ledger = Ledger(options.table, merge(rows, addresses))
    checks, lookups = Checks(done=0, limited=0), Lookups(found=0, left=0, stopped="")
    try:
        if not options.offline:
            checks = check_links(ledger, options)
            ledger.save()
            lookups = find_copies(ledger, options)
    except KeyboardInterrupt:
        ledger.save()
        print("links: interrupted; the table keeps what was checked", file=sys.stderr)
        return 130
    except BaseException:
        ledger.save()  # a bug or a full disk: still keep the checks made before it
        raise
    ledger.save()
    print(summary(ledger.rows.values(), options, checks, lookups), end="", file=sys.stderr)
    return 0
