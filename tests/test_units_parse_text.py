"""The text archive reader (blogbook.parse_text) beyond the case files: which lines are titles,
at the edges of each rule, and where each problem is reported."""

from __future__ import annotations

import datetime

import pytest

from blogbook.model import Link, Text
from blogbook.parse_text import link_bare_urls, parse_text_archive

DAY = "Thursday, 28 August 2014\n\n"
TWELVE_WORDS = "Is it one two three four five six seven eight nine now?"
THIRTEEN_WORDS = "Is it one two three four five six seven eight nine ten now?"
LONGEST_TITLE = "A" * 150


def read(archive: str) -> list[tuple[str | None, bool, int, list[int]]]:
    """Each post's title, whether it was guessed, its line and its paragraphs' lines."""
    result = parse_text_archive(archive.encode("utf-8"), "a.txt")
    assert result.diagnostics == ()
    assert {post.date for post in result.posts} <= {datetime.date(2014, 8, 28)}
    return [
        (post.title, post.title_guessed, post.origin.line, [block.line for block in post.blocks])
        for post in result.posts
    ]


@pytest.mark.parametrize(
    ("archive", "posts"),
    [
        # The last line of a file with no line break after it.
        (DAY + "Only a paragraph.", [(None, False, 3, [3])]),
        (DAY + "A title\n\nA paragraph.", [("A title", False, 3, [5])]),
        # Closing quotes and brackets are set aside before the last character is read.
        (DAY + "He said “no.”\n\nA paragraph.\n", [(None, False, 3, [3, 5])]),
        (DAY + "He said (no)\n\nA paragraph.\n", [("He said (no)", False, 3, [5])]),
        (DAY + "Who cares?”\n\nA paragraph.\n", [("Who cares?”", False, 3, [5])]),
        (DAY + "Who cares?”)\n\nA paragraph.\n", [("Who cares?”)", False, 3, [5])]),
        # Bullets, numbered items and addresses are never titles.
        (DAY + "· A bullet point\n\nA paragraph.\n", [(None, False, 3, [3, 5])]),
        (DAY + "1. A numbered item\n\nA paragraph.\n", [(None, False, 3, [3, 5])]),
        (DAY + "http://example.org/a\n\nA paragraph.\n", [(None, False, 3, [3, 5])]),
        (DAY + "See HTTPS://EXAMPLE.ORG/A\n\nA paragraph.\n", [(None, False, 3, [3, 5])]),
        (DAY + "2014\n\nA paragraph.\n", [(None, False, 3, [3, 5])]),
        # Up to 150 characters.
        (DAY + LONGEST_TITLE + "\n\nA paragraph.\n", [(LONGEST_TITLE, False, 3, [5])]),
        (DAY + LONGEST_TITLE + "B\n\nA paragraph.\n", [(None, False, 3, [3, 5])]),
        # A short question further down a day is a guessed title; up to 12 words.
        (
            DAY + "A paragraph.\n\n" + TWELVE_WORDS + "\n\nAnother.\n",
            [(TWELVE_WORDS, True, 5, [7]), (None, False, 3, [3])],
        ),
        (
            DAY + "A paragraph.\n\n" + THIRTEEN_WORDS + "\n\nAnother.\n",
            [(None, False, 3, [3, 5, 7])],
        ),
        # The first post of a day with no title line: two blank lines above its text.
        (
            DAY + "\nUntitled.\n\nA title\n\nIts text.\n",
            [("A title", False, 6, [8]), (None, False, 4, [4])],
        ),
        # A line that looks like a date header but is too long to be one is text.
        (DAY + "Thursday the twenty-eighth of August 2014\n", [(None, False, 3, [3])]),
    ],
)
def test_posts_and_titles(
    archive: str, posts: list[tuple[str | None, bool, int, list[int]]]
) -> None:
    assert read(archive) == posts


def test_an_untitled_post_is_not_a_guess() -> None:
    (post,) = parse_text_archive((DAY + "Only a paragraph.\n").encode(), "a.txt").posts
    assert (post.title, post.title_guessed) == (None, False)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            DAY.encode() + b"Text.\n\nThursday, the twenty-eighth of Aug. 2014\n\nText.\n",
            "a.txt:5: error: unrecognised date header 'Thursday, the twenty-eighth of Aug. 2014'; "
            "expected e.g. 'Thursday, 28 August 2014' [bad-date-header]",
        ),
        (
            DAY.encode() + b"Text.\n\nThursday 28 Augustus 2014\n\nText.\n",
            "a.txt:5: error: unknown month 'Augustus' in date header [bad-date-header]",
        ),
        (
            b"\nA \xff",
            "a.txt:2: error: not UTF-8: byte 0xFF at column 3; save the file as UTF-8 [not-utf8]",
        ),
        (
            b"\n" + DAY.encode() + b"A \xfftitle\n",
            "a.txt:4: error: not UTF-8: byte 0xFF at column 3; save the file as UTF-8 [not-utf8]",
        ),
    ],
)
def test_problems(data: bytes, expected: str) -> None:
    result = parse_text_archive(data, "a.txt")
    assert (result.posts, [d.format() for d in result.diagnostics]) == ((), [expected])


def test_a_second_post_of_the_same_title_after_an_untitled_one() -> None:
    archive = DAY + "\nUntitled.\n\nA title\n\nx\n\nA title\n\ny\n"
    result = parse_text_archive(archive.encode(), "a.txt")
    assert [d.format() for d in result.diagnostics] == [
        "a.txt:10: error: a second post titled 'A title' on 28 August 2014 "
        "(the first is at line 6) [duplicate-post]"
    ]


def url(address: str) -> Link:
    return Link(url=address, children=(Text(text=address),))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("see http://x.org", (Text(text="see "), url("http://x.org"))),
        ("http://x.org", (url("http://x.org"),)),
        ("http", (Text(text="http"),)),
        # The scheme in any case, as in a link's address in HTML.
        (
            "see HTTP://EXAMPLE.ORG/A now",
            (Text(text="see "), url("HTTP://EXAMPLE.ORG/A"), Text(text=" now")),
        ),
        ("Https://example.org", (url("Https://example.org"),)),
    ],
)
def test_link_bare_urls(text: str, expected: tuple[Text | Link, ...]) -> None:
    assert link_bare_urls(text) == expected
