"""Escaping (blogbook.escape) beyond the table of test_units.py: what a line's start drops,
and the line ends of a link's address."""

from __future__ import annotations

import pytest

from blogbook.escape import escape_inline, escape_link_destination


@pytest.mark.parametrize(
    ("text", "at_line_start", "expected"),
    [
        ("X-ray results", True, "X-ray results"),
        (" \t X marks", True, "X marks"),
        ("XX", False, "XX"),
        (" - a dash", True, r"\- a dash"),
        ("  12. twelfth", True, r"12\. twelfth"),
    ],
)
def test_escape_inline(text: str, at_line_start: bool, expected: str) -> None:
    assert escape_inline(text, at_line_start=at_line_start) == expected


def test_escape_link_destination_line_ends() -> None:
    assert escape_link_destination("http://x.org/a\nb\rc\r\nd") == "http://x.org/a%0Ab%0Dc%0D%0Ad"
