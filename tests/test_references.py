"""references.bib: verified facts in a shape pybtex and the book can use."""

from __future__ import annotations

import re

import pytest
from pybtex.database import parse_string

from blogbook import cli
from blogbook.book import Inputs, read_rules
from blogbook.sources import KINDS
from conftest import ROOT

TEXT = (ROOT / "references.bib").read_text(encoding="utf-8")
ENTRIES = parse_string(TEXT, "bibtex").entries
ALLOWED_UNVERIFIED = {"title", "year"}


@pytest.mark.parametrize("key", sorted(ENTRIES))
def test_entry_has_title_and_year_or_says_why_not(key: str) -> None:
    fields = ENTRIES[key].fields
    unverified = {f.strip() for f in fields.get("unverified", "").split(",") if f.strip()}
    assert unverified <= ALLOWED_UNVERIFIED, unverified
    for name in ("title", "year"):
        assert (name in fields) != (name in unverified), (
            f"{key}: {name} must be given or listed as unverified"
        )
    if unverified:
        assert "note" in fields, f"{key}: say in note what is uncertain"
    assert (
        ENTRIES[key].persons.get("author")
        or fields.get("howpublished")
        or fields.get("institution")
    )


def test_keys_are_author_year_word() -> None:
    for key in ENTRIES:
        assert re.fullmatch(r"[a-z]+\d{4}[a-z0-9]+", key), key


def test_no_stray_percent_and_no_at_sign_in_comments() -> None:
    for number, line in enumerate(TEXT.splitlines(), start=1):
        if line.lstrip().startswith("%"):
            assert "@" not in line, f"line {number}: an at-sign in a comment starts an entry"
        else:
            assert not re.search(r"(?<!\\)%", line), (
                f"line {number}: unescaped % comments out the rest"
            )


def test_every_entry_is_cited_and_every_cue_names_an_entry() -> None:
    inputs = Inputs(
        archives=(),
        editorial=(
            "archive/editorial.yaml",
            (ROOT / "archive" / "editorial.yaml").read_text(encoding="utf-8"),
        ),
        bibliography=("references.bib", TEXT),
    )
    rules, problems = read_rules(inputs)
    assert problems == []
    cited_by_cues = {cue.key for cue in rules.editorial.cues}
    assert cited_by_cues == set(ENTRIES)


def test_every_cue_cites_in_the_real_archive(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--check", "--strict"]) == 0  # an unmatched cue would be a warning
    assert "cue-unmatched" not in capsys.readouterr().err


@pytest.mark.parametrize("key", sorted(ENTRIES))
def test_entry_says_what_kind_of_source_it_is(key: str) -> None:
    assert ENTRIES[key].fields.get("kind") in KINDS, key
