"""Phrases (blogbook.phrases) beyond the cases of test_units.py: the last word of a phrase,
phrases of several words with a wildcard, first words with no ASCII letters, and letters
beyond ASCII that match ASCII ones when case is ignored; the quick check misses nothing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from blogbook.phrases import compile_phrases, index_phrases, text_words


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
        # Letters beyond ASCII that match ASCII ones when case is ignored.
        (("\u212aelvin",), "Lord kelvin", True, ["kelvin"]),
        (("İstanbul",), "from istanbul", True, ["istanbul"]),
        (("ſs", "sſ"), "a ss", True, ["ss"]),
        (("\u212aelvin",), "Lord kelvin", False, []),
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


# Letters beyond ASCII that match ASCII ones when case is ignored, and those ASCII letters.
ASCII_FOLDS = str.maketrans("ſ\u212aİı", "skIi")
phrase_words = st.text("sk5'-éſ\u212aİı", min_size=1, max_size=3)
phrase_lists = st.lists(
    st.builds(
        lambda words, star: " ".join(words) + ("*" if star else ""),
        st.lists(phrase_words, min_size=1, max_size=2),
        st.booleans(),
    ),
    min_size=1,
    max_size=3,
)


@given(phrase_lists, st.booleans(), st.data())
def test_the_shortcut_finds_every_match_of_the_pattern(
    phrases: list[str], ignore_case: bool, data: st.DataObject
) -> None:
    """Texts made of the phrases themselves, in other cases and with the letters they fold
    to, so that there is something to find: the matcher finds exactly what its pattern does."""
    spellings = st.sampled_from(phrases).flatmap(
        lambda phrase: st.sampled_from(
            [
                spelling
                for written in (phrase.rstrip("*"), phrase.rstrip("*").translate(ASCII_FOLDS))
                for spelling in (written, written.lower(), written.upper())
            ]
        )
    )
    pieces = st.one_of(spellings, st.sampled_from(["s", "k", "-", "é"]))
    text = " ".join(data.draw(st.lists(pieces, max_size=4)))
    matcher = compile_phrases(tuple(phrases), ignore_case=ignore_case)
    expected = [m.span() for m in matcher.pattern.finditer(text)]
    assert [m.span() for m in matcher.finditer(text)] == expected
    assert matcher.may_occur_in(text_words(text)) or not expected


def test_the_phrase_index_names_only_phrases_whose_words_the_text_holds() -> None:
    index = index_phrases(["Ofsted report", "Cafcass", "inspect*", "ſam"], ignore_case=True)
    found = index.candidates(text_words("The OFSTED Report and the inspectors"))
    assert found == frozenset({"Ofsted report", "inspect*", "ſam"})  # ſ may match s: kept
    assert index.candidates(text_words("Nothing here")) == frozenset({"ſam"})
