"""Feeds and the sitemap, so that readers can follow the book and search engines find it.

A validator judges the files: Jing checks each feed against the RELAX NG grammar of
RFC 4287 (Atom), and lxml checks the sitemap against the sitemaps.org schema (both in
``tests/fixtures/schemas``). What the feeds should hold comes from the posts' own front
matter, not from the extension that writes them.
"""

from __future__ import annotations

import datetime
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from lxml import etree

from blogbook import slugs
from blogbook.sphinxext.feeds import NEWEST, FeedFacts, atom
from conftest import Build, missing, post_record

SCHEMAS = Path(__file__).parent / "fixtures" / "schemas"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
HOME = "https://chris-mills-child-protection-blog.readthedocs.io/en/latest/"


def front_matter(page: Path) -> dict[str, object]:
    return dict(yaml.safe_load(page.read_text(encoding="utf-8").split("---\n")[1]))


def posts_of(book: Path) -> dict[str, dict[str, object]]:
    """Every post of *book* by docname, with its front matter."""
    return {
        docname: front_matter(page)
        for page in sorted((book / "posts").rglob("*.md"))
        if slugs.is_post_docname(docname := page.relative_to(book).with_suffix("").as_posix())
    }


def newest_first(posts: dict[str, dict[str, object]]) -> list[str]:
    return sorted(
        posts,
        key=lambda name: (posts[name]["date"], posts[name]["order_in_day"], name),
        reverse=True,
    )


def entries(feed: Path) -> list[etree._Element]:
    return list(etree.parse(str(feed)).getroot().iter(f"{ATOM}entry"))


def entry_link(entry: etree._Element) -> str:
    [link] = entry.findall(f"{ATOM}link")
    return str(link.get("href"))


def feeds_of(outdir: Path) -> list[Path]:
    return [outdir / "atom.xml", *sorted((outdir / "feeds").glob("*.xml"))]


@pytest.mark.feed
def test_every_feed_is_valid_atom(built_book: Build) -> None:
    if shutil.which("jing") is None:
        missing("Jing", "install it with `sudo apt-get install jing`", "feed")
    for feed in feeds_of(built_book.outdir):
        done = subprocess.run(
            ["jing", "-c", str(SCHEMAS / "atom.rnc"), str(feed)],
            capture_output=True,
            text=True,
            check=False,
        )
        # Debian's wrapper warns on stderr about optional jars it does not need.
        complaints = [line for line in done.stdout.splitlines() if line.strip()]
        assert (done.returncode, complaints) == (0, []), feed.name


def test_book_feed_lists_every_post_newest_first(built_book: Build, real_book: Path) -> None:
    posts = posts_of(real_book)
    feed = entries(built_book.outdir / "atom.xml")
    expected = [HOME + name + ".html" for name in newest_first(posts)][:NEWEST]
    assert [entry_link(entry) for entry in feed] == expected
    assert [entry.findtext(f"{ATOM}title") for entry in feed] == [
        posts[name]["title"] for name in newest_first(posts)
    ]
    for entry in feed:
        name = entry_link(entry).removeprefix(HOME).removesuffix(".html")
        assert entry.findtext(f"{ATOM}published", "").startswith(str(posts[name]["date"]))
        assert entry.findtext(f"{ATOM}summary", "").strip()
        assert (built_book.outdir / f"{name}.html").is_file()


def test_each_topic_has_a_feed_of_its_posts(built_book: Build, real_book: Path) -> None:
    posts = posts_of(real_book)
    topics = sorted(
        page.stem for page in (real_book / "topics").glob("*.md") if page.stem != "index"
    )
    assert sorted(feed.stem for feed in (built_book.outdir / "feeds").glob("*.xml")) == topics
    for topic in topics:
        on_topic = {name: facts for name, facts in posts.items() if topic in facts["topics"]}  # type: ignore[operator]
        feed = entries(built_book.outdir / "feeds" / f"{topic}.xml")
        assert [entry_link(entry) for entry in feed] == [
            HOME + name + ".html" for name in newest_first(on_topic)
        ], topic


def test_pages_announce_the_feeds(built_book: Build) -> None:
    def announced(page: str) -> list[str]:
        soup = BeautifulSoup((built_book.outdir / page).read_text(encoding="utf-8"), "html.parser")
        links = soup.find_all("link", rel="alternate", type="application/atom+xml")
        return [str(link["href"]) for link in links]

    assert announced("index.html") == ["atom.xml"]
    assert announced("posts/2014/08/28-rotherham.html") == ["../../../atom.xml"]
    assert announced("topics/ofsted.html") == ["../atom.xml", "../feeds/ofsted.xml"]


def test_sitemap_is_valid_and_lists_every_page(built_book: Build) -> None:
    sitemap = etree.parse(str(built_book.outdir / "sitemap.xml"))
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "sitemap.xsd")))
    assert schema.validate(sitemap), schema.error_log
    listed = {loc.text for loc in sitemap.iter(f"{SITEMAP}loc")}
    pages = {
        HOME + page.relative_to(built_book.outdir).as_posix()
        for page in built_book.outdir.rglob("*.html")
        if not page.relative_to(built_book.outdir).parts[0].startswith("_")
        and "http-equiv" not in page.read_text(encoding="utf-8")[:600]  # redirects
    }
    assert listed == pages


def test_a_feed_holds_only_the_newest_posts() -> None:
    facts = FeedFacts(
        title="Blog", self_url=HOME + "atom.xml", home_url=HOME, author="A", language="en"
    )
    feed = etree.fromstring(atom(facts, [post_record(day) for day in range(NEWEST + 7)]).encode())
    titles = [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")]
    assert titles == [f"Post {day}" for day in reversed(range(7, NEWEST + 7))]
    assert feed.findtext(f"{ATOM}updated", "").startswith(str(post_record(NEWEST + 6).date))


def test_feeds_change_with_the_posts_not_with_the_time_of_the_build(
    built_book: Build, real_book: Path
) -> None:
    newest = str(posts_of(real_book)[newest_first(posts_of(real_book))[0]]["date"])
    for feed in feeds_of(built_book.outdir):
        text = feed.read_text(encoding="utf-8")
        assert str(datetime.date.today()) not in text or newest == str(datetime.date.today())
    root = etree.parse(str(built_book.outdir / "atom.xml")).getroot()
    assert root.findtext(f"{ATOM}updated", "").startswith(newest)
