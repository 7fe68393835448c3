"""Links that still lead somewhere, as the built book shows them.

``scripts/links.py`` fills ``data/links.csv`` (``test_links.py`` plays the web for it);
here the table is written by hand, as a run of it could leave it, and the book is built:
dead links offer their archived copies in posts and on sources' pages, a dead link
without one says so, a source's page says how its address stood, and an address the
table lacks is a warning.
"""

from __future__ import annotations

import datetime
import html
from dataclasses import replace
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from benchlib import testbook
from blogbook.links.table import Row, Status, format_table, read_table
from conftest import Build, convert, copy_book, sphinx_build
from test_export import ENTRY, FEED_HEAD

CHECKED = datetime.date(2026, 11, 2)
ROTHERHAM_POST = "http://chrismillsblog.blogspot.com/2014/08/rotherham.html"
JAY = "http://www.rotherham.gov.uk/downloads/file/1407/independent_inquiry_cse_in_rotherham"
GUARDIAN = "http://www.theguardian.com/society/2014/jun/20/government-climbdown-privatising-child-protection"
TIMES_ARGUS = "http://www.timesargus.com/article/20140816/NEWS03/708169939/0/darticle"
CHAMPLAIN = "http://www.mychamplainvalley.com/news/vermont/dcf-workers-we-need-more-staff"
ITV = "https://www.itv.com/news/story/2013-06-27/gang-sentencing-for-girl-abuse/"
BODY_LINK = "http://example.org/a-report-since-moved"


def archived(url: str, day: datetime.date) -> str:
    return f"https://web.archive.org/web/{day:%Y%m%d}120000/{url}"


def dead(row: Row, copy: datetime.date | None) -> Row:
    return replace(
        row,
        status=Status.DEAD,
        checked=CHECKED,
        http_code=404,
        archived_url=archived(row.url, copy) if copy else "",
        archived_at=copy,
        archive_checked=CHECKED,
    )


def table_of(book: Path) -> dict[str, Row]:
    return {row.url: row for row in read_table((book / "data" / "links.csv").read_text("utf-8"))}


@pytest.fixture(scope="module")
def book_with_dead_links(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Build]:
    """The real book and one September post with a link of its own, built with a table
    in which some of their addresses are dead, and one address is missing."""
    folder = tmp_path_factory.mktemp("dead-links")
    september = (
        FEED_HEAD
        + ENTRY.format(
            number=1,
            published="2014-09-02T09:00:00+01:00",
            title="A report that moved",
            content=html.escape(f'<p>The <a href="{BODY_LINK}">report</a> is gone.</p>'),
        )
        + "</feed>\n"
    )
    archive = {**testbook.real_archive(), "blog-2014-09.xml": september.encode("utf-8")}
    book = copy_book(folder / "src", archive=archive, editorial=testbook.real_editorial())
    assert convert(book) == 0
    rows = table_of(book)
    rows[ROTHERHAM_POST] = dead(rows[ROTHERHAM_POST], datetime.date(2014, 8, 29))
    rows[JAY] = dead(rows[JAY], datetime.date(2014, 8, 27))
    rows[GUARDIAN] = dead(rows[GUARDIAN], None)
    rows[BODY_LINK] = dead(rows[BODY_LINK], datetime.date(2014, 9, 1))
    rows[TIMES_ARGUS] = replace(
        rows[TIMES_ARGUS],
        status=Status.UNREACHABLE,
        checked=CHECKED,
        failures=2,
        failing_since=datetime.date(2026, 10, 20),
        problem="timeout",
    )
    rows[CHAMPLAIN] = replace(rows[CHAMPLAIN], status=Status.OK, checked=CHECKED, http_code=200)
    del rows[ITV]
    (book / "data" / "links.csv").write_text(format_table(rows.values()), encoding="utf-8")
    return book, sphinx_build(book, folder / "html")


def article(build: Build, docname: str) -> Tag:
    soup = BeautifulSoup((build.outdir / f"{docname}.html").read_text("utf-8"), "html.parser")
    found = soup.find("article")
    assert isinstance(found, Tag)
    return found


def after_link(page: Tag, url: str) -> str:
    """The words that follow the link to *url* in its paragraph."""
    [link] = page.find_all("a", href=url)
    annotation = link.find_next_sibling("span", class_="link-status")
    return " ".join(annotation.get_text().split()) if annotation else ""


def test_dead_links_offer_their_archived_copies_in_posts(
    book_with_dead_links: tuple[Path, Build],
) -> None:
    _, build = book_with_dead_links
    rotherham = article(build, "posts/2014/08/28-rotherham")
    assert after_link(rotherham, ROTHERHAM_POST) == "(archived copy, 29 August 2014)"
    copy = rotherham.find("a", string="archived copy")
    assert copy is not None and copy["href"] == archived(ROTHERHAM_POST, datetime.date(2014, 8, 29))
    moved = article(build, "posts/2014/09/02-a-report-that-moved")
    assert after_link(moved, BODY_LINK) == "(archived copy, 1 September 2014)"
    # The post's own words are untouched: the note is apparatus, left out of search.
    [paragraph] = [p for p in moved.find_all("p") if "is gone" in p.get_text()]
    for note in paragraph.select(".post-apparatus.no-search"):
        note.decompose()
    assert " ".join(paragraph.get_text().split()) == "The report is gone."


def test_sources_pages_show_copies_and_how_each_address_stood(
    book_with_dead_links: tuple[Path, Build],
) -> None:
    _, build = book_with_dead_links

    def address(key: str) -> tuple[str, str]:
        page = article(build, f"sources/{key}")
        paragraph = page.find("p", class_="source-address")
        assert isinstance(paragraph, Tag)
        url = str(paragraph.find("a")["href"])  # type: ignore[index]
        checked = paragraph.find("span", class_="link-checked")
        assert isinstance(checked, Tag)
        return after_link(page, url), checked.get_text()

    assert address("jay2014rotherham") == (
        "(archived copy, 27 August 2014)",
        "The page was gone when last checked, on 2 November 2026; the Internet Archive's "
        "copy of 27 August 2014 is linked above.",
    )
    assert address("butler2014uturn") == (
        "(page gone; no archived copy)",
        "The page was gone when last checked, on 2 November 2026, and no archived copy is known.",
    )
    assert address("timesargus2014socialworkers") == (
        "",
        "This address gave no clear answer when last checked, on 2 November 2026 (2 failed "
        "checks since 20 October 2026); it is not yet counted as gone.",
    )
    assert address("mychamplainvalley2014dcf") == (
        "",
        "This address worked when last checked, on 2 November 2026.",
    )
    assert address("guardian2014privatised")[1] == "This address has not been checked yet."


def test_an_address_missing_from_the_table_is_a_warning(
    book_with_dead_links: tuple[Path, Build],
) -> None:
    _, build = book_with_dead_links
    assert build.returncode != 0  # -W: the warning fails the build
    [warning] = build.warnings
    assert "itv2013bullfinchsentencing" in warning
    assert f"{ITV} is not in data/links.csv; run `make links`" in warning


def test_an_edited_table_redraws_the_pages_that_use_it(
    book_with_dead_links: tuple[Path, Build],
) -> None:
    book, build = book_with_dead_links
    rows = table_of(book)
    rows[ITV] = Row(url=ITV)
    rows[JAY] = replace(rows[JAY], status=Status.OK, archived_url="", archived_at=None)
    (book / "data" / "links.csv").write_text(format_table(rows.values()), encoding="utf-8")
    again = sphinx_build(book, build.outdir)
    assert (again.returncode, again.warnings) == (0, []), again.output
    jay = article(again, "sources/jay2014rotherham")
    assert after_link(jay, JAY) == ""
    assert "worked when last checked" in jay.get_text()
