"""``data/links.csv``: one row per address of the book, what is known about it.

The table is data, committed and reviewed: UTF-8, a header row, one row per address,
sorted by address, dates in ISO form, so that the same knowledge always gives the same
bytes and a diff shows only what changed. The build reads it (never the network);
``scripts/links.py`` writes it.

Columns (see README, "Links that still lead somewhere"):

``url``              the address exactly as the book gives it
``status``           ``ok``, ``dead``, ``unreachable`` or ``unchecked``
``checked``          the date of the check the status rests on
``http_code``        the last answer's HTTP status, after redirects; empty if none came
``final_url``        where redirects led, when that is elsewhere
``failures``         checks in a row that got no definite answer (counted as
                     :mod:`blogbook.links.verdict` says)
``failing_since``    the date of the first of those checks
``problem``          why the last check failed: ``timeout``, ``connection``,
                     ``redirects``, ``http`` (an answer other than 2xx, 404, 410)
``cited``            the date the book cites the address (the Internet Archive is asked
                     for the snapshot closest to it)
``archived_url``     the Internet Archive's snapshot of a dead address
``archived_at``      the date of that snapshot
``archive_checked``  when the Internet Archive was last asked about the address
"""

from __future__ import annotations

import csv
import datetime
import enum
import io
from collections.abc import Iterable
from dataclasses import dataclass, fields, replace

from blogbook.links.addresses import Address


class Status(enum.StrEnum):
    OK = "ok"
    DEAD = "dead"
    UNREACHABLE = "unreachable"
    UNCHECKED = "unchecked"


@dataclass(frozen=True, kw_only=True)
class Row:
    url: str
    status: Status = Status.UNCHECKED
    checked: datetime.date | None = None
    http_code: int | None = None
    final_url: str = ""
    failures: int = 0
    failing_since: datetime.date | None = None
    problem: str = ""
    cited: datetime.date | None = None
    archived_url: str = ""
    archived_at: datetime.date | None = None
    archive_checked: datetime.date | None = None


COLUMNS = tuple(field.name for field in fields(Row))
_DATES = frozenset({"checked", "failing_since", "cited", "archived_at", "archive_checked"})
_NUMBERS = frozenset({"http_code", "failures"})


class TableError(ValueError):
    """A table this code cannot read back; *line* is 1-based, as in an editor."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


def format_table(rows: Iterable[Row]) -> str:
    """The CSV text of *rows*, sorted by address, ``\\n`` line ends."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in sorted(rows, key=lambda row: row.url):
        writer.writerow([_cell(getattr(row, name)) for name in COLUMNS])
    return out.getvalue()


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def read_table(text: str) -> tuple[Row, ...]:
    """The rows of a table :func:`format_table` wrote (columns it lacks take defaults).

    Raises :class:`TableError` on a column it does not know, a repeated address or a
    cell that does not read, rather than drop what an editor wrote.
    """
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff")))
    header = next(reader, None)
    if header is None:
        return ()
    unknown = [name for name in header if name not in COLUMNS]
    if unknown or "url" not in header:
        message = f"unknown columns {unknown}" if unknown else "no 'url' column"
        raise TableError(1, f"{message}; the columns are {', '.join(COLUMNS)}")
    rows: dict[str, Row] = {}
    for cells in reader:
        line = reader.line_num
        if not any(cells):
            continue
        if len(cells) != len(header):
            raise TableError(line, f"{len(cells)} cells for {len(header)} columns")
        row = _row(dict(zip(header, cells, strict=True)), line)
        if row.url in rows:
            raise TableError(line, f"{row.url} is listed twice")
        rows[row.url] = row
    return tuple(rows[url] for url in sorted(rows))


def _row(cells: dict[str, str], line: int) -> Row:
    values: dict[str, object] = {}
    for name, cell in cells.items():
        try:
            values[name] = _value(name, cell)
        except ValueError:
            raise TableError(line, f"{name} {cell!r} does not read") from None
    if not values["url"]:
        raise TableError(line, "a row without a url")
    return Row(**values)  # type: ignore[arg-type]  # each value checked by _value


def _value(name: str, cell: str) -> object:
    if name == "status":
        return Status(cell or Status.UNCHECKED)
    if name in _DATES:
        return datetime.date.fromisoformat(cell) if cell else None
    if name == "http_code":
        return int(cell) if cell else None
    if name in _NUMBERS:
        return int(cell) if cell else 0
    return cell


def merge(rows: Iterable[Row], addresses: Iterable[Address]) -> tuple[Row, ...]:
    """The table for the book's *addresses*: known rows kept (their cited date brought up
    to date), new addresses unchecked, addresses the book no longer has dropped."""
    known = {row.url: row for row in rows}
    merged = [
        replace(known[address.url], cited=address.cited)
        if address.url in known
        else Row(url=address.url, cited=address.cited)
        for address in addresses
    ]
    return tuple(sorted(merged, key=lambda row: row.url))
