"""Incremental builds: after an edit, every page that shows it follows, and no other is written.

One book is built, then edited four times, as an editor would, each edit followed by
the converter, then sphinx-build with ``-j 2`` (``make html`` runs the two alongside,
Sphinx reading once the converter has ended: see ``tests/test_sphinx_build.py``). An
edit's few documents are read in one process (see ``incremental.few_in_one_process``), and
the output names each page written, one a line, whichever process wrote it. Each step
checks what the reader sees and which pages were written again.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from blogbook import search_bundle
from blogbook.sphinxext import search
from conftest import Build, convert, copy_book, sphinx_build
from test_search_bundle import fragments

pytestmark = pytest.mark.build

ROTHERHAM = "posts/2014/08/28-rotherham"
VERMONT = "posts/2014/08/15-listening-to-child-protection-staff-in-vermont"
CARE = "posts/2014/08/14-care-proceedings-an-all-time-high"


OPTIONS = ("-n", "-W", "--keep-going", "-j", "2")


def written(build: Build) -> set[str]:
    return set(build.pages_written)


def reread(build: Build) -> str:
    found = re.search(r"(\d+) added, (\d+) changed, (\d+) removed", build.output)
    return found.group(0) if found else "nothing read"


def text(html: Path, name: str, selector: str = "article") -> str:
    soup = BeautifulSoup((html / f"{name}.html").read_text(encoding="utf-8"), "html.parser")
    return " ".join(" ".join(e.get_text(" ").split()) for e in soup.select(selector))


def index_links(html: Path, entry: str) -> set[str]:
    """The pages the general index sends *entry* to (one link: the entry is the link;
    several: "entry, [1], [2]")."""
    soup = BeautifulSoup((html / "genindex.html").read_text(encoding="utf-8"), "html.parser")
    found = set()
    for item in soup.select("table.genindextable li"):
        if item.get_text(" ", strip=True).split(",")[0].strip() == entry:
            found |= {a["href"].split(".html")[0] for a in item.find_all("a", recursive=False)}
    return found


def beside_the_documents(html: Path) -> tuple[int, int]:
    """When the pages Sphinx writes beside the documents were last written."""
    return tuple((html / f"{name}.html").stat().st_mtime_ns for name in ("genindex", "search"))  # type: ignore[return-value]


def edit(path: Path, old: str, new: str) -> None:
    content = path.read_text(encoding="utf-8")
    assert old in content, old
    path.write_text(content.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def book(tmp_path: Path) -> tuple[Path, Path]:
    source = copy_book(tmp_path / "src")
    assert convert(source, "--strict") == 0
    first = sphinx_build(source, tmp_path / "html", options=OPTIONS)
    assert first.returncode == 0, first.output
    return source, tmp_path / "html"


def rebuild(source: Path, html: Path) -> Build:
    assert convert(source, "--strict") == 0
    build = sphinx_build(source, html, options=OPTIONS)
    assert (build.returncode, build.warnings) == (0, []), build.output
    # Read in this process: one document a line, never a parallel chunk ("A .. B").
    assert not re.search(r"^(reading sources|writing output)\.\.\. .* \.\. ", build.output, re.M)
    return build


def related_shown_and_chosen(
    source: Path, html: Path
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Each post's related posts as its page shows them, and as the converter chose them."""
    shown, chosen = {}, {}
    for path in sorted((source / "posts").rglob("[0-9][0-9]-*.md")):
        name = path.relative_to(source).with_suffix("").as_posix()
        meta = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
        chosen[name] = meta.get("related", [])
        soup = BeautifulSoup((html / f"{name}.html").read_text(encoding="utf-8"), "html.parser")
        folder = name.rsplit("/", 1)[0]
        shown[name] = [
            f"{folder}/{a['href'].removesuffix('.html')}"
            for a in soup.select("#related-posts a.reference")
        ]
    return shown, chosen


def test_edits_reach_every_page_that_shows_them_and_no_other(book: tuple[Path, Path]) -> None:
    source, html = book

    # 1. Nothing changed: nothing is read and no page is written, listings included.
    same = rebuild(source, html)
    assert (reread(same), written(same)) == ("0 added, 0 changed, 0 removed", set())

    a_title_is_edited(source, html)  # 2.
    a_post_is_edited(source, html)  # 2b.
    rules_sources_and_names_are_edited(source, html)  # 3. to 6.
    a_template_is_edited(source, html)  # 7.
    copies_lost_are_made_again(source, html)  # 8. The copies Pagefind reads are lost.


def a_title_is_edited(source: Path, html: Path) -> None:
    """2. A post's title (the editor's): its neighbour's "next", and the lists showing it."""
    edit(
        source / "archive" / "editorial.yaml", "title: Rotherham\n", "title: Rotherham, and after\n"
    )
    beside_before = beside_the_documents(html)
    titled = rebuild(source, html)
    assert reread(titled) == "0 added, 1 changed, 0 removed"
    assert "Next post: Rotherham, and after" in text(html, VERMONT, ".post-next")
    for listing in (
        "posts/2014/08/index",
        "posts/index",
        "topics/ofsted",
        "sources/jay2014rotherham",
    ):
        assert "Rotherham, and after" in text(html, listing), listing
    assert VERMONT in written(titled) and ROTHERHAM in written(titled)
    # A new title shows in every page's navigation: the index and search page follow.
    assert beside_the_documents(html) != beside_before
    # Pagefind starts once the page read again is written; the others, rewritten for
    # lists it leaves out, are written while it runs.
    searched, others = titled.written_around_indexing
    assert searched == [ROTHERHAM] and {VERMONT, "posts/index"} <= set(others)
    assert "posts/2014/08/05-down-in-somerset" not in written(titled)
    assert "topics/privatisation" not in written(titled)  # Rotherham is not on that topic
    assert "sources" not in written(titled)  # it counts the posts citing a source: the same
    # The search was indexed again, and holds the new index only: one metadata file.
    assert len(list((html / "pagefind").glob("*.pf_meta"))) == 1
    assert sorted(p.name for p in html.glob("pagefind*")) == ["pagefind"]
    bundle = html / "pagefind"
    published = {p.relative_to(bundle).as_posix() for p in bundle.rglob("*") if p.is_file()}
    assert published == search_bundle.files_in_use(bundle)  # and no file of the older one


def a_post_is_edited(source: Path, html: Path) -> None:
    """2b. A post's opening words: the lists of posts show them; the pages of its sources,
    which quote other sentences, and the indexes, which count, are left alone."""
    archive = source / "archive" / "2014-08.txt"
    edit(archive, "that a primary cause of", "that the primary cause of")
    opened = rebuild(source, html)
    for listing in ("posts/2014/08/index", "posts/index", "topics/ofsted"):
        assert "that the primary cause of" in text(html, listing), listing
    assert {ROTHERHAM, "posts/2014/08/index", "topics/ofsted"} <= written(opened)
    left_alone = {"sources", "topics/index", "sources/jay2014rotherham", "sources/rbscb2013scr16"}
    assert not left_alone & written(opened)
    # A cited sentence: the page of the source it cites quotes it, and no other.
    edit(archive, "in Rochdale", "in nearby Rochdale")
    beside_before = beside_the_documents(html)
    quoted = rebuild(source, html)
    assert "in nearby Rochdale" in text(html, "sources/rbscb2013scr16", ".cited-in")
    assert "sources/rbscb2013scr16" in written(quoted)
    assert not {"sources", "topics/index", "sources/jay2014rotherham"} & written(quoted)
    # Its title and contents are the same: its month's page, whose table of contents
    # shows them, and the index and search page, which show the navigation, are left alone.
    assert "posts/2014/08/index" not in written(quoted)
    assert beside_the_documents(html) == beside_before
    # A place the post did not name before: the general index gains an entry, and is
    # written again; the search page is not.
    edit(archive, "in nearby Rochdale", "in nearby Rochdale and Knowsley")
    indexed = rebuild(source, html)
    assert "posts/2014/08/index" not in written(indexed)
    assert ROTHERHAM in index_links(html, "Knowsley")
    genindex, search_page = beside_the_documents(html)
    assert genindex != beside_before[0] and search_page == beside_before[1]


def rules_sources_and_names_are_edited(source: Path, html: Path) -> None:
    # 3. A topic's rule: the posts it now takes show it in their byline, and its list.
    before = related_shown_and_chosen(source, html)[1]
    edit(source / "topics" / "privatisation.md", "signals: [", "signals: [Cafcass, Care Orders, ")
    ruled = rebuild(source, html)
    assert "Privatisation" in text(html, CARE, ".post-byline .post-topics")
    assert "Care Proceedings" in text(html, "topics/privatisation", "#posts-on-this-topic")
    assert {CARE, "topics/privatisation", "topics/index"} <= written(ruled)
    shown, chosen = related_shown_and_chosen(source, html)
    assert chosen != before  # the new topic changes other posts' related posts...
    assert shown == chosen  # ...and their pages show it
    assert "posts/2014/08/05-down-in-somerset" not in written(ruled)

    # 4. A source's entry in references.bib: the posts that cite it show the new title.
    edit(source / "references.bib", "{{Rate of care applications falls", "{{Care rates fall")
    cited = rebuild(source, html)
    assert "Care rates fall for first time" in text(html, CARE, "#sources-of-this-post")
    for page in ("sources/communitycare2014carerates", "sources", "topics/care-orders"):
        assert "Care rates fall for first time" in text(html, page), page
    assert CARE in written(cited)

    # 5. A post cites one more source: the index of sources counts it.
    cue = '    - cue: Buckinghamshire\n      posts: ["2014-08-12 Ofsted and the ever-growing'
    cue += ' list of failed authorities"]\n'
    editorial = source / "archive" / "editorial.yaml"
    edit(editorial, "  mychamplainvalley2014dcf:\n", f"  mychamplainvalley2014dcf:\n{cue}")
    cites = rebuild(source, html)
    assert "sources" in written(cites)
    assert "DCF Workers: We Need More Staff — cited in 2 posts" in text(html, "sources")
    a_topic_is_renamed(source, html)


def a_topic_is_renamed(source: Path, html: Path) -> None:
    """6. A topic's name: the posts on it show it in their byline and in the search's
    filter. Their pages are written again but not read, so after Pagefind has started:
    their copies changed, and Pagefind indexes them again."""
    edit(source / "topics" / "workforce.md", "# The workforce\n", "# Staff and caseloads\n")
    renamed = rebuild(source, html)
    assert "Staff and caseloads" in text(html, VERMONT, ".post-byline .post-topics")
    assert VERMONT in renamed.written_around_indexing[1]
    filtered = {
        str(fragment["url"]): fragment["filters"].get("topic", [])
        for fragment in fragments(html / "pagefind")
    }
    assert "Staff and caseloads" in filtered[f"/{VERMONT}.html"]
    assert "The workforce" not in {name for names in filtered.values() for name in names}


def a_template_is_edited(source: Path, html: Path) -> None:
    """7. A template changes: every page is written again, the index and search page too."""
    beside_before = beside_the_documents(html)
    layout = source / "_templates" / "layout.html"
    later = time.time() + 60  # newer than every page written
    os.utime(layout, (later, later))
    templated = rebuild(source, html)
    assert reread(templated) == "0 added, 0 changed, 0 removed"
    assert {ROTHERHAM, "posts/2014/08/index", "index"} <= written(templated)
    assert all(a != b for a, b in zip(beside_the_documents(html), beside_before, strict=True))


def copies_lost_are_made_again(source: Path, html: Path) -> None:
    """Every searchable page is read and written again, and the search holds every page
    again, as it did."""
    searched = set(search_bundle.files_in_use(html / "pagefind"))
    shutil.rmtree(html.parent / f"doctrees-{html.name}" / "pagefind-pages")
    healed = rebuild(source, html)
    pages = len([p for p in written(healed) if search.kind_of(p)])
    assert reread(healed) == f"0 added, {pages} changed, 0 removed" and pages > 20
    fragments = {
        name for name in search_bundle.files_in_use(html / "pagefind") if "fragment/" in name
    }
    assert fragments == {name for name in searched if "fragment/" in name}
