"""Dates in the blog's English, whatever the machine's locale.

``strftime("%B")`` follows the locale, and sphinx-build sets the user's locale,
so a book built on a French machine would say "août". Every name of a day or a
month in the book comes from here instead.
"""

from __future__ import annotations

import datetime

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def month_name(month: int) -> str:
    return MONTHS[month - 1]


def long_date(date: datetime.date) -> str:
    """``14 August 2014``: the British form the blog uses, without a leading zero."""
    return f"{date.day} {month_name(date.month)} {date.year}"


def month_and_year(year: int, month: int) -> str:
    """``August 2014``."""
    return f"{month_name(month)} {year}"


def bibtex_month(month: int) -> str:
    """BibTeX's month macro: ``aug``."""
    return month_name(month)[:3].lower()
