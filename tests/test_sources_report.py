"""The sources report (``make sources-report``): what the posts mention but do not cite."""

from __future__ import annotations

from pathlib import Path

import pytest

from blogbook import cli

ARCHIVE = """\
Thursday, 28 August 2014

A title

The report published by Ofsted says little. Another sentence with no mention at all.

The Guardian quoted the minister, which the editor leaves uncited on purpose.

An article in Community Care is cited here. See http://example.com/data and http://example.com/data/ again.
"""
EDITORIAL = """\
posts:
  "2014-08-28 A title":
    uncited:
      - phrase: The Guardian quoted the minister
        reason: A quotation whose source was not found.
sources:
  cc2014article:
    - An article in Community Care
    - a cue found in no post
"""
BIBLIOGRAPHY = "@misc{cc2014article,\n  kind = {article},\n  title = {{An article}},\n  howpublished = {Community Care},\n  year = {2014},\n}\n"


def test_the_report_lists_uncited_mentions_deliberate_ones_and_candidates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "archive").mkdir()
    (tmp_path / "archive" / "2014-08.txt").write_text(ARCHIVE, encoding="utf-8")
    (tmp_path / "archive" / "editorial.yaml").write_text(EDITORIAL, encoding="utf-8")
    (tmp_path / "references.bib").write_text(BIBLIOGRAPHY, encoding="utf-8")
    assert cli.main(["--root", str(tmp_path), "--sources-report"]) == 0
    out, err = capsys.readouterr()
    assert out == (
        "Mentions of sources without a citation: 1\n"
        "archive/2014-08.txt:5: A title: The report published by Ofsted says little.\n"
        "\n"
        "Left uncited on purpose (archive/editorial.yaml): 1\n"
        "archive/2014-08.txt:7: The Guardian quoted the minister, which the editor leaves "
        "uncited on purpose.\n"
        "    reason: A quotation whose source was not found.\n"
        "\n"
        "Links that are not sources yet, most linked first: 1\n"
        "   2 link(s) in 1 post(s): http://example.com/data\n"
    )
    assert err == (
        "archive/editorial.yaml:9: warning: cue 'a cue found in no post' for cc2014article "
        "matches no post [cue-unmatched]\n"
    )
    assert not (tmp_path / "posts").exists()  # a report writes no page
