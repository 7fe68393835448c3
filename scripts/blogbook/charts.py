"""The book's charts: their data, their alt text and the figures themselves.

Two charts so far, both drawn at build time by matplotlib's plot directive:

- care application rates (``data/care-application-rates.csv``) on the Care Orders topic
  page: the page reads the CSV and calls :func:`latest_rates_figure` and
  :func:`rate_changes_figure`;
- posts per month on the archive page: the converter writes the counts into the page
  (:func:`posts_per_month`, :func:`posts_per_month_alt`) and the page calls
  :func:`posts_per_month_figure` with them, so the page changes, and Sphinx redraws the
  chart, exactly when the counts change.

Everything but the ``*_figure`` functions is pure and needs no matplotlib, so the
converter can import this module without loading it. A ``*_figure`` function draws a
new pyplot figure (the plot directive saves every open pyplot figure) and returns it.

The files are reproducible: fonts and style are fixed here rather than taken from
whatever ``matplotlibrc`` the machine has, and the PDF carries no creation date (PNG
has none), so two builds give byte-identical images without ``SOURCE_DATE_EPOCH``.
"""

from __future__ import annotations

import csv
import datetime
import functools
import io
import textwrap
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from blogbook.dates import month_name

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.typing import RcKeyType

RATE_COLUMNS = ("authority", "year", "rate_per_10000", "post", "source", "note")
NATIONAL = "England"
BASE_YEAR = "2008-09"
LATEST_YEAR = "2013-14"
# Up to this many months the alt text names every month; beyond it, a summary.
LISTED_MONTHS = 12

# Okabe–Ito colours, told apart with any colour vision; the reference line is black.
BLUE, ORANGE = "#0072B2", "#E69F00"
FONT = "DejaVu Sans"  # shipped with matplotlib, so the same on every machine
STYLE: dict[RcKeyType, Any] = {
    "font.family": FONT,
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "pdf.fonttype": 42,  # embedded TrueType: searchable, selectable text in the PDF
    "savefig.bbox": "tight",
    "savefig.facecolor": "white",
}
# What each format would otherwise stamp with the time of the build.
UNDATED: dict[str, dict[str, None]] = {
    "pdf": {"CreationDate": None},
    "svg": {"Date": None},
}


# --- care application rates --------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Rate:
    """One row of ``data/care-application-rates.csv``."""

    authority: str
    year: str  # as Cafcass writes it: "2013-14"
    rate: Decimal  # applications per 10,000 children, exactly as written
    post: str  # page name of the post that gives the figure
    source: str  # the references.bib key the post cites for it
    note: str = ""


def parse_rates(text: str) -> tuple[Rate, ...]:
    """The rows of the CSV text, in file order; a missing or extra column is an error."""
    reader = csv.DictReader(io.StringIO(text))
    if tuple(reader.fieldnames or ()) != RATE_COLUMNS:
        raise ValueError(f"expected columns {', '.join(RATE_COLUMNS)}; got {reader.fieldnames}")
    return tuple(
        Rate(
            authority=row["authority"],
            year=row["year"],
            rate=Decimal(row["rate_per_10000"]),
            post=row["post"],
            source=row["source"],
            note=row["note"],
        )
        for row in reader
    )


def rates_in(rates: Iterable[Rate], year: str) -> tuple[Rate, ...]:
    """The local authorities' rates of *year*, highest first (ties by name)."""
    chosen = [r for r in rates if r.year == year and r.authority != NATIONAL]
    return tuple(sorted(chosen, key=lambda r: (-r.rate, r.authority)))


def national_rate(rates: Iterable[Rate], year: str) -> Rate | None:
    return next((r for r in rates if r.year == year and r.authority == NATIONAL), None)


def rate_changes(rates: Sequence[Rate]) -> tuple[tuple[str, Decimal, Decimal], ...]:
    """(authority, base-year rate, latest rate) for every authority with both, England last."""
    base = {r.authority: r.rate for r in rates if r.year == BASE_YEAR}
    latest = {r.authority: r.rate for r in rates if r.year == LATEST_YEAR}
    in_file_order = [r.authority for r in rates if r.year == BASE_YEAR and r.authority in latest]
    names = sorted(in_file_order, key=lambda name: name == NATIONAL)  # stable: file order kept
    return tuple((name, base[name], latest[name]) for name in names)


def _national_label(name: str) -> str:
    return "England average" if name == NATIONAL else name


def latest_rates_alt(rates: Sequence[Rate]) -> str:
    listed = ", ".join(f"{r.authority} {r.rate}" for r in rates_in(rates, LATEST_YEAR))
    text = f"Bar chart of care application rates per 10,000 children in {LATEST_YEAR}: {listed}"
    national = national_rate(rates, LATEST_YEAR)
    if national is not None:
        text += f"; England average {national.rate}, drawn as a line"
    return text + "."


def rate_changes_alt(rates: Sequence[Rate]) -> str:
    listed = ", ".join(
        f"{_national_label(name)} {base} and {latest}" for name, base, latest in rate_changes(rates)
    )
    return (
        "Bar chart of care application rates per 10,000 children "
        f"in {BASE_YEAR} and {LATEST_YEAR}: {listed}."
    )


def latest_rates_figure(rates: Sequence[Rate]) -> Figure:
    """Horizontal bars of the latest year's rates, highest at the top, England as a line."""
    # Imported here, not at the top: the converter imports this module, and only the
    # book's build draws.
    import matplotlib as mpl
    from matplotlib import pyplot as plt

    shown = rates_in(rates, LATEST_YEAR)[::-1]  # barh draws bottom up
    with mpl.rc_context(STYLE):
        figure = plt.figure(FigureClass=_figure_class(), figsize=(6.4, 3.6))
        axes = figure.add_subplot()
        positions = range(len(shown))
        bars = axes.barh(positions, [float(r.rate) for r in shown], color=BLUE, height=0.6)
        axes.bar_label(bars, labels=[str(r.rate) for r in shown], padding=3)
        axes.set_yticks(positions, labels=[r.authority for r in shown])
        national = national_rate(rates, LATEST_YEAR)
        if national is not None:
            axes.axvline(float(national.rate), color="black", linestyle="--", linewidth=1)
            axes.annotate(
                f"England average {national.rate}",
                xy=(float(national.rate), len(shown) - 0.5),
                xytext=(4, 0),
                textcoords="offset points",
                va="center",
            )
        axes.set_xlabel(f"Care applications per 10,000 children, {LATEST_YEAR}")
        axes.set_xlim(0, max(float(r.rate) for r in shown) * 1.12)
        axes.tick_params(labelfontfamily=FONT)
    return figure


def rate_changes_figure(rates: Sequence[Rate]) -> Figure:
    """Paired bars, base year and latest year, for every authority that has both."""
    import matplotlib as mpl
    from matplotlib import pyplot as plt

    changes = rate_changes(rates)[::-1]
    with mpl.rc_context(STYLE):
        figure = plt.figure(FigureClass=_figure_class(), figsize=(6.4, 2.6))
        axes = figure.add_subplot()
        height = 0.36
        for offset, year, column, colour in (
            (height / 2, BASE_YEAR, 1, ORANGE),
            (-height / 2, LATEST_YEAR, 2, BLUE),
        ):
            values = [change[column] for change in changes]
            bars = axes.barh(
                [number + offset for number in range(len(changes))],
                [float(value) for value in values],
                height=height,
                color=colour,
                label=year,
            )
            axes.bar_label(bars, labels=[str(value) for value in values], padding=3)
        axes.set_yticks(range(len(changes)), labels=[_national_label(c[0]) for c in changes])
        axes.set_xlabel("Care applications per 10,000 children")
        axes.set_xlim(0, max(float(max(c[1], c[2])) for c in changes) * 1.12)
        axes.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=2, frameon=False)
        axes.tick_params(labelfontfamily=FONT)
    return figure


# --- posts per month ----------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class PostsPerMonth:
    """Posts in each month from the first month with a post to the last, gaps as 0."""

    first: str  # "2014-08"
    counts: tuple[int, ...]


def _month(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text + "-01")


def _add_months(month: datetime.date, number: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + number
    return datetime.date(index // 12, index % 12 + 1, 1)


def _month_name(month: datetime.date, *, short: bool = False) -> str:
    name = month_name(month.month)
    return f"{name[:3] if short else name} {month.year}"


def posts_per_month(dates: Iterable[datetime.date]) -> PostsPerMonth:
    by_month = Counter(date.replace(day=1) for date in dates)
    if not by_month:
        raise ValueError("no posts to count")
    first, last = min(by_month), max(by_month)
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    counts = tuple(by_month[_add_months(first, number)] for number in range(months))
    return PostsPerMonth(first=f"{first:%Y-%m}", counts=counts)


def _posts(number: int) -> str:
    return f"{number} post" if number == 1 else f"{number} posts"


def posts_per_month_alt(counts: PostsPerMonth) -> str:
    """Every month's count while there are few months; else the span, total and busiest."""
    first = _month(counts.first)
    months = [_add_months(first, number) for number in range(len(counts.counts))]
    if len(months) <= LISTED_MONTHS:
        listed = "; ".join(
            f"{_month_name(month)}, {count}"
            for month, count in zip(months, counts.counts, strict=True)
        )
        return f"Posts per month: {listed}."
    busiest = max(range(len(months)), key=lambda number: (counts.counts[number], -number))
    return (
        f"Posts per month from {_month_name(months[0])} to {_month_name(months[-1])}: "
        f"{_posts(sum(counts.counts))} in {len(months)} months; the busiest month was "
        f"{_month_name(months[busiest])}, with {_posts(counts.counts[busiest])}."
    )


def posts_per_month_code(counts: PostsPerMonth) -> str:
    """The plot directive's code that draws *counts*: the numbers written out in full."""
    numbers = textwrap.wrap(", ".join(str(count) for count in counts.counts), width=80)
    body = "".join(f"    {line}\n" for line in numbers)
    return (
        "from blogbook.charts import posts_per_month_figure\n\n"
        f'posts_per_month_figure(\n    "{counts.first}",\n    [\n{textwrap.indent(body, "    ")}'
        "    ],\n)\n"
    )


def posts_per_month_figure(first: str, counts: Sequence[int]) -> Figure:
    """Columns of posts per month from *first*; years marked once there are many months."""
    import matplotlib as mpl
    from matplotlib import pyplot as plt
    from matplotlib.ticker import MaxNLocator

    start = _month(first)
    months = [_add_months(start, number) for number in range(len(counts))]
    with mpl.rc_context(STYLE):
        figure = plt.figure(FigureClass=_figure_class(), figsize=(6.4, 1.8))
        axes = figure.add_subplot()
        bars = axes.bar(range(len(counts)), counts, width=0.8, color=BLUE)
        if len(months) <= LISTED_MONTHS:
            axes.bar_label(bars, padding=2)
            ticks = list(range(len(months)))
            labels = [_month_name(month, short=True) for month in months]
        else:  # more than a year, so at least one January
            ticks = [number for number, month in enumerate(months) if month.month == 1]
            labels = [str(months[number].year) for number in ticks]
        axes.set_xticks(ticks, labels=labels)
        axes.set_xlim(-0.75, max(len(counts), LISTED_MONTHS) - 0.25)
        axes.yaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
        axes.set_ylabel("Posts")
        axes.tick_params(labelfontfamily=FONT)
    return figure


# --- reproducible files ---------------------------------------------------------------


@functools.cache
def _figure_class() -> type[Figure]:
    """A figure that saves with the book's style and without a date.

    Made on first use, so that importing this module does not load matplotlib.
    """
    import matplotlib as mpl
    from matplotlib.figure import Figure

    class ReproducibleFigure(Figure):
        def savefig(self, fname: Any, *args: Any, **kwargs: Any) -> None:
            file_format = kwargs.get("format") or PurePath(str(fname)).suffix.lstrip(".")
            kwargs.setdefault("metadata", UNDATED.get(str(file_format).lower()))
            with mpl.rc_context(STYLE):
                super().savefig(fname, *args, **kwargs)

    return ReproducibleFigure
