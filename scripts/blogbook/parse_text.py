"""Read a plain-text archive file (Blogger's month page saved as text).

Layout, as seen across the blog (see the README for the full list)::

    Thursday, 14 August 2014          <- date header (comma optional)

    The Probation Service and ...     <- title line (optional for the first post)

    It is very hard to see ...        <- paragraphs, split by blank lines;
    a single newline is a line break     a line of spaces counts as blank

    Care Proceedings – an all time high   <- a further post under the same date

Posts under one header are listed newest first, as Blogger shows them.

A block of text is a *title* when it is one line that does not end like a
sentence (``.``, ``!``, ``?``, ``:``, ``;``, ``,`` once closing quotes and
brackets are set aside), unless it ends in ``...`` or ``…``, which titles often
do; bullets (``·``), numbered items and bare addresses are never titles. A
title must be followed by at least one paragraph under the same date.

Many titles are questions or exclamations ("Ofsted – part of the problem?").
The layout says which first lines of a day are titles: after a date header, a
titled post has one blank line before its title, an untitled post two (where
its empty title line was). So the day's first line is a title after one blank
line when it is a title by the rule above or a short question or exclamation
(at most :data:`MAX_QUESTION_TITLE_WORDS` words), and never after two. Further
down a day, such a short question or exclamation standing alone is read as the
title of a new post too, marked as a guess (:attr:`Post.title_guessed`) so that
the editor is asked to confirm or overrule it.

:func:`parse_text_archive` is pure: bytes in, :class:`~blogbook.model.ParseResult`
out. Any error leaves the result without posts, so nothing half-read is written.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass

from linkify_it import LinkifyIt

from blogbook import diagnostics as diag
from blogbook.dates import MONTHS, WEEKDAYS, long_date
from blogbook.diagnostics import Code, Diagnostic
from blogbook.model import Inline, LineBreak, Link, Origin, Paragraph, ParseResult, Post, Text

_DATE_HEADER = re.compile(
    r"^(?P<weekday>[A-Za-z]+),?\s+(?P<day>\d{1,2})\s+(?P<month>[A-Za-z]+)\s+(?P<year>\d{4})$"
)
# Looks like it wants to be a date header (a weekday first, a year last) but
# is not one: reported rather than silently read as a paragraph.
_NEAR_DATE_HEADER = re.compile(
    r"^(?:" + "|".join(WEEKDAYS) + r")\b.{0,40}\b\d{4}$",
    re.IGNORECASE,
)
_SENTENCE_END = tuple(".!?:;,")
_TITLE_ELLIPSIS = ("...", "…")
_CLOSERS = "\"'”’)]»"
_NUMBERED_ITEM = re.compile(r"^\d{1,3}[.)]\s")
_BULLET = "·"
MAX_TITLE_LENGTH = 150
MAX_QUESTION_TITLE_WORDS = 12
_QUESTION_END = ("?", "!")

# Only http and https ever become links; fuzzy matches (www.example.com,
# e-mail addresses) stay text.
_LINKIFY = LinkifyIt(options={"fuzzy_link": False, "fuzzy_email": False, "fuzzy_ip": False})
for _schema in ("mailto:", "ftp:", "//"):
    _LINKIFY.add(_schema, None)


@dataclass(frozen=True, kw_only=True)
class _Block:
    """Consecutive non-blank lines, stripped, with the line number of the first."""

    lines: tuple[str, ...]
    line: int
    blank_lines_before: int  # since the line above that was not blank


@dataclass(frozen=True, kw_only=True)
class _DateHeader:
    date: datetime.date | None  # None: a header line with a reported error in it
    line: int


def parse_text_archive(data: bytes, path: str) -> ParseResult:
    """Parse one archive file; *path* is used for origins and diagnostics only."""
    text, problems = _decode(data, path)
    if text is None:
        return ParseResult(posts=(), diagnostics=tuple(problems))
    problems += _control_characters(text, path)
    items = list(_blocks_and_headers(text, path, problems))
    if not problems and not items:
        problems.append(diag.error(Code.EMPTY_ARCHIVE, path, 1, "the archive holds no posts"))
    posts = _posts(items, path, problems)
    if diag.has_errors(problems):
        return ParseResult(posts=(), diagnostics=tuple(problems))
    return ParseResult(posts=tuple(posts), diagnostics=tuple(problems))


# --- bytes to lines --------------------------------------------------------------


def _decode(data: bytes, path: str) -> tuple[str | None, list[Diagnostic]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        byte = data[exc.start]
        message = f"not UTF-8: byte 0x{byte:02X} at column {column}; save the file as UTF-8"
        return None, [diag.error(Code.NOT_UTF8, path, line, message)]
    # CRLF (Windows) and lone CR (old Mac) end lines just like LF.
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


# Every control character but tab and line feed.
_CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _control_characters(text: str, path: str) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    if _CONTROL_CHARACTER.search(text) is None:  # one scan in C; a loop in Python was slow
        return problems
    for number, line in enumerate(text.split("\n"), start=1):
        found = _CONTROL_CHARACTER.search(line)
        if found is not None:
            message = f"control character U+{ord(found.group()):04X} is not text"
            problems.append(diag.error(Code.CONTROL_CHARACTER, path, number, message))
    return problems


def _blocks_and_headers(
    text: str, path: str, problems: list[Diagnostic]
) -> Iterator[_Block | _DateHeader]:
    """Date headers and blocks of text, in file order."""
    pending: list[str] = []
    start = 0
    blank = 0  # blank lines since the last line with text
    blank_before_pending = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        header = _date_header(line, path, number, problems) if line else None
        if not line or header is not None:
            if pending:
                yield _Block(
                    lines=tuple(pending), line=start, blank_lines_before=blank_before_pending
                )
                pending = []
                blank = 0
            if header is not None:
                yield header
                blank = 0
            else:
                blank += 1
            continue
        if not pending:
            start, blank_before_pending = number, blank
        pending.append(line)
    if pending:
        yield _Block(lines=tuple(pending), line=start, blank_lines_before=blank_before_pending)


def _date_header(
    line: str, path: str, number: int, problems: list[Diagnostic]
) -> _DateHeader | None:
    match = _DATE_HEADER.match(line)
    if match is None:
        if _NEAR_DATE_HEADER.match(line) and len(line) <= 40:
            message = f"unrecognised date header {line!r}; expected e.g. 'Thursday, 28 August 2014'"
            problems.append(diag.error(Code.BAD_DATE_HEADER, path, number, message))
            return _DateHeader(date=None, line=number)
        return None
    weekday, month_name = match["weekday"].capitalize(), match["month"].capitalize()
    if weekday not in WEEKDAYS:
        return None  # "Posts 28 August 2014" is text, not a header
    if month_name not in MONTHS:
        message = f"unknown month {match['month']!r} in date header"
        problems.append(diag.error(Code.BAD_DATE_HEADER, path, number, message))
        return _DateHeader(date=None, line=number)
    day, month, year = int(match["day"]), MONTHS.index(month_name) + 1, int(match["year"])
    try:
        date = datetime.date(year, month, day)
    except ValueError:
        message = f"impossible date {day} {month_name} {year}"
        problems.append(diag.error(Code.BAD_DATE, path, number, message))
        return _DateHeader(date=None, line=number)
    if WEEKDAYS[date.weekday()] != weekday:
        message = f"{day} {month_name} {year} was a {WEEKDAYS[date.weekday()]}, not a {weekday}"
        problems.append(diag.error(Code.WEEKDAY_MISMATCH, path, number, message))
        return _DateHeader(date=None, line=number)
    return _DateHeader(date=date, line=number)


# --- blocks to posts ---------------------------------------------------------------


def _posts(items: list[_Block | _DateHeader], path: str, problems: list[Diagnostic]) -> list[Post]:
    posts: list[Post] = []
    sections = _sections(items, path, problems)
    for header, blocks in sections:
        if header.date is None:
            continue  # already reported
        day_posts = _split_posts(header, blocks, path)
        # Blogger lists a day's posts newest first; the model is chronological.
        posts.extend(reversed(day_posts))
    _check_duplicates(posts, path, problems)
    return posts


def _sections(
    items: list[_Block | _DateHeader], path: str, problems: list[Diagnostic]
) -> list[tuple[_DateHeader, list[_Block]]]:
    sections: list[tuple[_DateHeader, list[_Block]]] = []
    for item in items:
        if isinstance(item, _DateHeader):
            sections.append((item, []))
        elif not sections:
            message = "text before the first date header; each post needs a date header above it"
            problems.append(diag.error(Code.TEXT_BEFORE_DATE, path, item.line, message))
            return []
        else:
            sections[-1][1].append(item)
    for header, blocks in sections:
        if not blocks and header.date is not None:
            message = f"date header {long_date(header.date)} has no post under it"
            problems.append(diag.error(Code.EMPTY_DATE, path, header.line, message))
    return sections


def _split_posts(header: _DateHeader, blocks: list[_Block], path: str) -> list[Post]:
    """Cut one day's blocks into posts at each title line."""
    assert header.date is not None
    date = header.date
    posts: list[Post] = []
    title: _Block | None = None
    guessed = False
    body: list[_Block] = []

    def finish() -> None:
        if title is None and not body:
            return
        first = title or body[0]
        posts.append(
            Post(
                date=date,
                title=title.lines[0] if title else None,
                title_guessed=guessed,
                blocks=tuple(_paragraph(block) for block in body),
                origin=Origin(path=path, line=first.line),
            )
        )

    for index, block in enumerate(blocks):
        kind = _title_kind(block, first_of_day=index == 0)
        starts_post = index + 1 < len(blocks) and kind is not None and (body or title is None)
        if starts_post:
            finish()
            title, guessed, body = block, kind == "guessed", []
        else:
            body.append(block)
    finish()
    return posts


def _title_kind(block: _Block, *, first_of_day: bool) -> str | None:
    """ "title" or "guessed" when *block* can be a title line, else None."""
    if first_of_day and block.blank_lines_before >= 2:
        return None  # the empty title line of an untitled post
    if _is_title(block):
        return "title"
    if _is_short_question(block):
        return "title" if first_of_day else "guessed"
    return None


def _is_title(block: _Block) -> bool:
    if not _stands_alone(block):
        return False
    line = block.lines[0]
    if line.endswith(_TITLE_ELLIPSIS):
        return True
    return not line.rstrip(_CLOSERS).endswith(_SENTENCE_END)


def _is_short_question(block: _Block) -> bool:
    """A short line ending in ``?`` or ``!``: "Stepping up but not staying in?"."""
    if not _stands_alone(block):
        return False
    line = block.lines[0]
    ends = line.rstrip(_CLOSERS).endswith(_QUESTION_END)
    return ends and len(line.split()) <= MAX_QUESTION_TITLE_WORDS


def _stands_alone(block: _Block) -> bool:
    """One line that could be a title: not a bullet, a numbered item or an address."""
    if len(block.lines) != 1:
        return False
    line = block.lines[0]
    if len(line) > MAX_TITLE_LENGTH or not any(char.isalpha() for char in line):
        return False
    return not (line.startswith(_BULLET) or _NUMBERED_ITEM.match(line) or _holds_address(line))


def _check_duplicates(posts: list[Post], path: str, problems: list[Diagnostic]) -> None:
    seen: dict[tuple[datetime.date, str], int] = {}
    for post in sorted(posts, key=lambda post: post.origin.line):  # report the later one
        if post.title is None:
            continue
        key = (post.date, post.title)
        if key in seen:
            message = (
                f"a second post titled {post.title!r} on {long_date(post.date)} "
                f"(the first is at line {seen[key]})"
            )
            problems.append(diag.error(Code.DUPLICATE_POST, path, post.origin.line, message))
        else:
            seen[key] = post.origin.line


# --- text to inline runs -----------------------------------------------------------


def _paragraph(block: _Block) -> Paragraph:
    inlines: list[Inline] = []
    for index, line in enumerate(block.lines):
        if index:
            inlines.append(LineBreak())
        inlines.extend(link_bare_urls(line))
    return Paragraph(inlines=tuple(inlines), line=block.line)


def _holds_address(text: str) -> bool:
    # Only http(s) schemas are on (see _LINKIFY), so a quick look comes before linkify's
    # own, which costs more than the rest of parsing; in any case, as linkify's own
    # ("HTTP://X.ORG" is an address).
    return "http" in text.lower() and _LINKIFY.test(text)


def link_bare_urls(text: str) -> tuple[Inline, ...]:
    """Split *text* into Text runs and Links for each bare http(s) address."""
    if not _holds_address(text):
        return (Text(text=text),) if text else ()
    runs: list[Inline] = []
    position = 0
    for match in _LINKIFY.match(text) or []:
        if match.schema.lower() not in ("http:", "https:"):
            continue
        if match.index > position:
            runs.append(Text(text=text[position : match.index]))
        raw = text[match.index : match.last_index]
        runs.append(Link(url=raw, children=(Text(text=raw),)))
        position = match.last_index
    if position < len(text):
        runs.append(Text(text=text[position:]))
    return tuple(runs)
