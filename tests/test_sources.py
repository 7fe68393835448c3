"""Sources you can follow: a page for every source, markers that lead there, short lists.

Expectations come from ``references.bib`` (read with pybtex) and from the posts' own MyST
(the ``{cite:p}`` roles the converter wrote), not from the extension that draws the pages.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup, Tag
from pybtex.database import Entry, parse_string

from blogbook import slugs
from blogbook.sources import KINDS
from blogbook.sphinxext.bibstyle import short_reference
from conftest import ROOT, Build

BIB = parse_string((ROOT / "references.bib").read_text(encoding="utf-8"), "bibtex").entries
POSTS = {
    path.relative_to(ROOT).with_suffix("").as_posix(): path.read_text(encoding="utf-8")
    for path in sorted((ROOT / "posts").rglob("*.md"))
    if slugs.is_post_docname(path.relative_to(ROOT).with_suffix("").as_posix())
}
ROTHERHAM = "posts/2014/08/28-rotherham"


def cited_keys(docname: str, posts: dict[str, str] = POSTS) -> list[str]:
    """The keys a post cites, in the order it first cites them, from its MyST."""
    roles = re.findall(r"\{cite:p\}`([^`]+)`", posts[docname])
    return list(dict.fromkeys(k.strip() for role in roles for k in role.split(",")))


def topics_of(docname: str) -> list[str]:
    return yaml.safe_load(POSTS[docname].split("---\n")[1])["topics"]


def page(build: Build, name: str) -> BeautifulSoup:
    return BeautifulSoup((build.outdir / f"{name}.html").read_text(encoding="utf-8"), "html.parser")


def resolve(from_docname: str, href: str) -> str:
    parts = from_docname.split("/")[:-1]
    for part in href.split("#")[0].removesuffix(".html").split("/"):
        if part == "..":
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts)


def source_keys_linked(element: Tag, from_docname: str) -> list[str]:
    targets = [resolve(from_docname, a["href"]) for a in element.select("a[href]:not(.headerlink)")]
    return [t.removeprefix("sources/") for t in targets if t.startswith("sources/")]


def test_every_key_has_a_page_and_every_page_a_key() -> None:
    pages = {p.stem for p in (ROOT / "sources").glob("*.md")}
    assert pages == set(BIB)


def test_every_marker_leads_to_its_sources_page(built_book: Build) -> None:
    for name in POSTS:
        markers = page(built_book, name).select("article span.bibtex-citation a")
        linked = [resolve(name, a["href"]) for a in markers]
        assert linked and all(t.startswith("sources/") for t in linked), name
        assert sorted(set(linked)) == sorted(f"sources/{key}" for key in cited_keys(name)), name
        assert all((built_book.outdir / f"{t}.html").is_file() for t in linked)


def test_the_jay_reports_page_quotes_the_sentence_that_cites_it(built_book: Build) -> None:
    soup = page(built_book, "sources/jay2014rotherham")
    assert soup.find("h1").get_text().rstrip("#") == (
        "Independent Inquiry into Child Sexual Exploitation in Rotherham 1997–2013"
    )
    [post] = soup.select("ul.cited-in > li")
    assert resolve("sources/jay2014rotherham", post.select_one("p a")["href"]) == ROTHERHAM
    assert " ".join(post.select_one("p").get_text().split()) == "Rotherham, 28 August 2014"
    quote = post.select_one("blockquote p")
    assert quote.get_text() == (
        "What struck me most in reading the report of the enquiry into Rotherham\u00a0(Jay 2014) "
        "was the amount of inspection, audit and scrutiny that appears to have taken place over "
        "the period in which the widespread sexual exploitation was occurring."
    )
    assert quote.select_one(".cited-here").get_text() == "\u00a0(Jay 2014)"
    facts = " ".join(soup.select_one(".source-facts").get_text(" ").split())
    assert "Kind: inquiry or review. Date: August 2014." in facts
    assert "Read it at http://www.rotherham.gov.uk/downloads/file/1407/" in facts
    checked = soup.select_one("#checked-jay2014rotherham").get_text(" ")
    assert "Published 26 August 2014" in checked and "ro.scribd.com/document/238015906" in checked


@dataclass(frozen=True)
class Book:
    html: Path
    posts: dict[str, str]  # docname -> MyST of each post
    bib: dict[str, Entry]

    def cited_keys(self, docname: str) -> list[str]:
        return cited_keys(docname, self.posts)

    def topics_of(self, docname: str) -> list[str]:
        return yaml.safe_load(self.posts[docname].split("---\n")[1])["topics"]


def read_book(source: Path, build: Build) -> Book:
    posts = {
        path.relative_to(source).with_suffix("").as_posix(): path.read_text(encoding="utf-8")
        for path in sorted((source / "posts").rglob("*.md"))
        if slugs.is_post_docname(path.relative_to(source).with_suffix("").as_posix())
    }
    bib = parse_string((source / "references.bib").read_text(encoding="utf-8"), "bibtex").entries
    return Book(html=build.outdir, posts=posts, bib=dict(bib))


@pytest.fixture(params=["real", "synthetic"])
def book(request: pytest.FixtureRequest) -> Book:
    if request.param == "real":
        return read_book(
            request.getfixturevalue("real_book"), request.getfixturevalue("built_book")
        )
    return read_book(
        request.getfixturevalue("synthetic_book"), request.getfixturevalue("synthetic_build")
    )


def test_each_source_page_lists_its_posts_topics_and_co_citations(book: Book) -> None:
    uneven = 0
    for key in sorted(book.bib):
        name = f"sources/{key}"
        soup = BeautifulSoup(
            (book.html / f"{name}.html").read_text(encoding="utf-8"), "html.parser"
        )
        citing = [d for d in book.posts if key in book.cited_keys(d)]
        shown = [
            resolve(name, li.select_one("p a")["href"]) for li in soup.select("ul.cited-in > li")
        ]
        assert shown == sorted(
            citing, key=lambda d: d[: len("posts/YYYY/MM/DD")], reverse=True
        ) or sorted(shown) == sorted(citing)
        assert sorted(shown) == sorted(citing)
        topics = Counter(t for d in citing for t in book.topics_of(d))
        found = {
            resolve(name, a["href"]): int(re.search(r"\((\d+) posts?\)", a.next_sibling)[1])
            for a in soup.select(f"#topics-of-{key} p a")
        }
        assert found == {f"topics/{t}": n for t, n in topics.items()}, key
        together = Counter(o for d in citing for o in set(book.cited_keys(d)) if o != key)
        linked = source_keys_linked(soup.select_one(f"#cited-with-{key}"), name)
        best = sorted(together.values(), reverse=True)[:5]
        assert [together[k] for k in linked] == best, key  # the most often cited together
        uneven += len(set(best)) > 1
        if "unverified" in book.bib[key].fields:
            assert "Not verified, so not given" in soup.select_one(f"#checked-{key}").get_text()
    if book.html.name != "html":  # the synthetic book: co-citation counts that differ
        assert uneven


def test_each_posts_sources_are_all_there_in_short_lines(built_book: Build) -> None:
    for name in POSTS:
        listed = page(built_book, name).select_one("#sources-of-this-post ul")
        assert source_keys_linked(listed, name) == cited_keys(name), name
        for line in listed.select("li"):
            assert len(line.get_text(" ").split()) <= 40, line.get_text()
    jay = page(built_book, ROTHERHAM).select("#sources-of-this-post li")[3].get_text()
    assert jay == (
        "Jay 2014: Jay, 2014. Independent Inquiry into Child Sexual Exploitation in Rotherham "
        "1997–2013. Rotherham Metropolitan Borough Council."
    )


@pytest.mark.parametrize(
    "topic", sorted(p.stem for p in (ROOT / "topics").glob("*.md") if p.stem != "index")
)
def test_topic_pages_list_the_sources_their_posts_cite(built_book: Build, topic: str) -> None:
    name = f"topics/{topic}"
    on_topic = [d for d in POSTS if topic in topics_of(d)]
    counts = Counter(k for d in on_topic for k in set(cited_keys(d)))
    section = page(built_book, name).select_one("#sources-on-this-topic")
    found = {
        key: int(re.search(r"\(cited in (\d+) posts?\)", line.get_text())[1])
        for line, key in zip(section.select("li"), source_keys_linked(section, name), strict=True)
    }
    assert found == dict(counts)


def test_the_index_groups_sources_by_kind_then_year(built_book: Build) -> None:
    soup = page(built_book, "sources")
    groups = {}
    for section in soup.select("section[id^=kind-]"):
        if section["id"].count("-") == 1:  # a kind, not one of its years
            groups[section["id"].removeprefix("kind-")] = [
                (year["id"].rsplit("-", 1)[1], source_keys_linked(year, "sources"))
                for year in section.select("section[id^=kind-]")
            ]
    expected_kinds = [k for k in KINDS if any(e.fields["kind"] == k for e in BIB.values())]
    assert list(groups) == expected_kinds
    for kind, years in groups.items():
        assert [y for y, _ in years] == sorted(
            {BIB[k].fields["year"] for k in BIB if BIB[k].fields["kind"] == kind}, reverse=True
        )
        for year, keys in years:
            assert sorted(keys) == sorted(
                k for k, e in BIB.items() if (e.fields["kind"], e.fields["year"]) == (kind, year)
            )
    jay = soup.select_one("#kind-inquiry .source-entry").get_text()
    assert jay == (
        "Jay 2014: Independent Inquiry into Child Sexual Exploitation in Rotherham 1997–2013"
        " — cited in 1 post"
    )


def test_source_pages_are_in_the_search_and_the_index(built_book: Build) -> None:
    index = page(built_book, "genindex")
    entries = {
        a.get_text(): resolve("genindex", a["href"]) for a in index.select("table.indextable a")
    }
    assert (
        entries["Independent Inquiry into Child Sexual Exploitation in Rotherham 1997–2013"]
        == "sources/jay2014rotherham"
    )
    body = page(built_book, "sources/jay2014rotherham").select_one("[data-pagefind-body]")
    assert body.select_one('[data-pagefind-filter="kind:Source"]') is not None


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        pytest.param(
            {"title": "{A short title}", "howpublished": "The Guardian", "year": "2014"},
            "Label 2014: The Guardian, 2014. A short title.",
            id="publisher-is-who",
        ),
        pytest.param(
            {
                "title": "{" + " ".join(["word"] * 60) + "}",
                "howpublished": "Ofsted",
                "year": "2014",
            },
            "Label 2014: Ofsted, 2014. " + " ".join(["word"] * 35) + " ….",
            id="long-title-cut",
        ),
        pytest.param(
            {"howpublished": " ".join(["described"] * 50), "year": "2013"},
            "Label 2014: " + " ".join(["described"] * 37) + " …",
            id="no-title-long-description",
        ),
    ],
)
def test_a_sources_short_line_has_at_most_40_words(fields: dict[str, str], expected: str) -> None:
    line = short_reference("Label 2014", Entry("misc", fields=fields))
    assert (line, len(line.split()) <= 40) == (expected, True)
