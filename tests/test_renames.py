"""Published addresses never change silently: a renamed page is reported and redirected."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from blogbook import cli
from blogbook.renames import Rename, find_renames, sphinx_redirects, updated_redirects
from conftest import convert, copy_book, sphinx_build

ARCHIVE = """\
Thursday, 14 August 2014

Care Proceedings - an all time high

July saw an all time high.

The Probation Service

A second post of the day.
"""


def page(title: str, body: str, line: int) -> str:
    return (
        f'---\ntitle: "{title}"\narchive_file: "archive/2014-08.txt"\n'
        f"archive_line: {line}\n---\n\n(label)=\n# {title}\n\n{body}\n"
    )


@pytest.mark.parametrize(
    ("removed", "added", "expected"),
    [
        pytest.param(
            {"posts/2014/08/14-old": page("Old", "Same words.", 3)},
            {"posts/2014/08/14-new": page("New", "Same words.", 9)},
            [("posts/2014/08/14-old", "posts/2014/08/14-new")],
            id="same-text",
        ),
        pytest.param(
            {"posts/2014/08/14-old": page("Old", "Before.", 3)},
            {"posts/2014/08/14-new": page("New", "After.", 3)},
            [("posts/2014/08/14-old", "posts/2014/08/14-new")],
            id="same-place",
        ),
        pytest.param(
            {
                "posts/2014/08/14-a": page("A", "One.", 3),
                "posts/2014/08/14-b": page("B", "Two.", 7),
            },
            {"posts/2014/08/14-c": page("C", "Two.", 5), "posts/2014/08/14-d": page("D", "Un.", 1)},
            [
                ("posts/2014/08/14-a", "posts/2014/08/14-d"),
                ("posts/2014/08/14-b", "posts/2014/08/14-c"),
            ],
            id="text-first-then-the-only-ones-left",
        ),
        pytest.param(
            {"posts/2014/08/14-old": page("Old", "Words.", 3)},
            {"posts/2014/08/15-new": page("New", "Words.", 3)},
            [],
            id="another-day-is-another-post",
        ),
        pytest.param(
            {
                "posts/2014/08/14-a": page("A", "One.", 3),
                "posts/2014/08/14-b": page("B", "Two.", 7),
            },
            {"posts/2014/08/14-c": page("C", "Three.", 5)},
            [],
            id="ambiguous-left-alone",
        ),
    ],
)
def test_find_renames(
    removed: dict[str, str], added: dict[str, str], expected: list[tuple[str, str]]
) -> None:
    assert [(r.old, r.new) for r in find_renames(removed, added)] == expected


def test_redirects_follow_chains_and_never_hide_a_page() -> None:
    renames = [Rename(old="posts/2014/08/14-b", new="posts/2014/08/14-c", origin=("a", 1))]
    previous = {
        "posts/2014/08/14-a": "posts/2014/08/14-b",
        "posts/2014/08/14-x": "posts/2014/08/14-y",
    }
    pages = ["posts/2014/08/14-c", "posts/2014/08/14-x"]
    assert updated_redirects(previous, renames, pages) == {
        "posts/2014/08/14-a": "posts/2014/08/14-c",
        "posts/2014/08/14-b": "posts/2014/08/14-c",
    }


def test_sphinx_redirects_are_relative_to_the_old_page() -> None:
    assert sphinx_redirects(
        {"posts/2014/08/14-a": "posts/2014/08/14-b", "posts/2014/07/31-c": "posts/2014/08/01-c"}
    ) == {"posts/2014/08/14-a": "14-b.html", "posts/2014/07/31-c": "/posts/2014/08/01-c.html"}


def run(book: Path) -> int:
    return cli.main(["--root", str(book)])


def test_a_corrected_title_is_reported_and_redirected(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = copy_book(tmp_path / "book", archive={"2014-08.txt": ARCHIVE.encode()}, editorial=None)
    assert run(book) == 0
    assert not (book / "posts" / "redirects.json").exists()  # no rename, no record
    capsys.readouterr()

    archive = book / "archive" / "2014-08.txt"
    archive.write_text(ARCHIVE.replace("Care Proceedings - an", "Care Proceedings – an"))
    assert run(book) == 0
    assert "page-renamed" not in capsys.readouterr().err  # the slug folds the dash alike
    archive.write_text(
        ARCHIVE.replace("Care Proceedings - an all time high", "Care Orders – a high")
    )
    assert run(book) == 0
    err = capsys.readouterr().err
    assert err.splitlines()[0] == (
        "archive/2014-08.txt:3: warning: the post's page moves from "
        "posts/2014/08/14-care-proceedings-an-all-time-high to posts/2014/08/14-care-orders-a-high, "
        "as its title changed; the old address will redirect to the new page "
        "(posts/redirects.json). To keep the old address instead, give the post "
        "'slug: care-proceedings-an-all-time-high' in the editorial file [page-renamed]"
    )
    redirects = json.loads((book / "posts" / "redirects.json").read_text(encoding="utf-8"))
    assert redirects == {
        "posts/2014/08/14-care-proceedings-an-all-time-high": "posts/2014/08/14-care-orders-a-high"
    }
    assert run(book) == 0  # a second run: nothing to report, nothing written
    assert "page-renamed" not in capsys.readouterr().err

    build = sphinx_build(book, tmp_path / "html")
    assert build.returncode == 0, build.output
    old = (
        tmp_path / "html" / "posts/2014/08/14-care-proceedings-an-all-time-high.html"
    ).read_text()
    assert 'url=14-care-orders-a-high.html"' in old
    assert (tmp_path / "html" / "posts/2014/08/14-care-orders-a-high.html").exists()
    assert convert(book, "--check") == 0
    # An e-book has no old addresses to keep (a stray page in it fails EPUBCheck).
    epub = sphinx_build(book, tmp_path / "epub", builder="epub")
    assert epub.returncode == 0, epub.output
    assert not (
        tmp_path / "epub" / "posts/2014/08/14-care-proceedings-an-all-time-high.xhtml"
    ).exists()
    assert "redirect" not in epub.output
