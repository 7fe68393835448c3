"""Phrases (blogbook.phrases) beyond the cases of test_units.py: the last word of a phrase,
phrases of several words with a wildcard, and first words with no ASCII letters."""

from __future__ import annotations

import pytest

from blogbook.phrases import compile_phrases, text_words


@pytest.mark.parametrize(
    ("phrases", "text", "ignore_case", "expected"),
    [
        (("Form X",), "Form Y, Form X", False, ["Form X"]),
        (("Malcolm X", "X"), "Malcolm X said X", False, ["Malcolm X", "X"]),
        (
            ("care order*",),
            "care orders, care order, care ordered, care",
            True,
            ["care orders", "care order", "care ordered"],
        ),
        (("l'Ofsted",), "l’Ofsted et l'Ofsted", False, ["l’Ofsted", "l'Ofsted"]),
        (("éé",), "un éé, unéé", False, ["éé"]),
        (("Ofsted",), "Ofsted’s OfstedX _Ofsted Ofsted_", False, ["Ofsted"]),
    ],
)
def test_phrases(
    phrases: tuple[str, ...], text: str, ignore_case: bool, expected: list[str]
) -> None:
    matcher = compile_phrases(phrases, ignore_case=ignore_case)
    assert [m.group() for m in matcher.finditer(text)] == expected
    assert [m.group() for m in matcher.finditer(text_words(text))] == expected
    assert matcher.count(text) == len(expected)
    found = matcher.search(text)
    assert (found.group() if found else None) == (expected[0] if expected else None)


@pytest.mark.parametrize(
    ("text", "ignore_case", "may"),
    [
        ("an inspection", True, True),
        ("AN INSPECTOR", True, True),
        ("AN INSPECTOR", False, False),
        ("Ofsted", False, True),
        ("nothing here", True, False),
        ("rien à voir", True, True),  # letters beyond ASCII: the quick check is off
    ],
)
def test_the_quick_check(text: str, ignore_case: bool, may: bool) -> None:
    matcher = compile_phrases(("Ofsted", "inspect*"), ignore_case=ignore_case)
    assert matcher.may_occur_in(text_words(text)) is may
