"""The built book tried as a reader would: search, follow links, accessibility, screenshots.

Every test ends by asserting that its tab saw no console error, script error, failed request
or error response on any page it visited.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from PIL import Image
from playwright.sync_api import Locator, Page, expect

from browser.conftest import VIEWPORT, Reader
from conftest import ROOT, Build

pytestmark = pytest.mark.browser

SCREENSHOTS = ROOT / "_build" / "screenshots"
README_SCREENSHOTS = ROOT / "docs" / "screenshots"
# A topic whose posts share sources, so a reader can go from one post to another through one.
START_TOPIC = "Ofsted and inspection"
# One page of each kind, for accessibility checks and screenshots.
TOPIC_PAGE = "topics/privatisation.html"
SOURCE_PAGE = "sources/jay2014rotherham.html"
POST_PAGE = "posts/2014/08/14-care-proceedings-an-all-time-high.html"
SEARCH_PAGE = "search.html?q=Cafcass"
# Every kind of page a reader meets.
PAGE_KINDS = {
    "home": "index.html",
    "topic": TOPIC_PAGE,
    "post": POST_PAGE,
    "archive": "posts/index.html",
    "sources": "sources.html",
    "source": SOURCE_PAGE,
    "glossary": "glossary.html",
    "search": SEARCH_PAGE,
}
PHONE = {"width": 360, "height": 740}
# A page with the theme's styles and its text (antialiased) shows hundreds of colours.
MIN_COLOURS = 64
STYLED = "getComputedStyle(document.querySelector('.bd-sidebar-primary')).display === 'flex'"


def heading(page: Page) -> str:
    """The page's title as the reader sees it (without the "#" link that shows on hover)."""
    return str(
        page.locator("article h1").first.evaluate(
            """h1 => [...h1.childNodes]
                .filter(node => !(node.classList && node.classList.contains("headerlink")))
                .map(node => node.textContent).join("").trim()"""
        )
    )


RESULTS = "#book-search .pagefind-ui__results > li"


def shown_results(reader: Reader) -> list[str]:
    """The pages the search shows, in order: once the summary says how many, and every
    result shown has its link (Pagefind draws a placeholder first, then fills it)."""
    expect(reader.page.locator("#book-search .pagefind-ui__message")).to_contain_text("result")
    reader.page.wait_for_function(
        """selector => {
            const items = [...document.querySelectorAll(selector)];
            const message = document.querySelector("#book-search .pagefind-ui__message");
            const count = parseInt((message.textContent.match(/\\d+/) || ["0"])[0], 10);
            return items.length === Math.min(count, 5)  // Pagefind's page of results
                && items.every(item => item.querySelector(".pagefind-ui__result-link"));
        }""",
        arg=RESULTS,
    )
    hrefs = reader.page.locator(f"{RESULTS} .pagefind-ui__result-link").evaluate_all(
        "links => links.map(link => link.href)"
    )
    return [urlsplit(href).path.removeprefix("/") for href in hrefs]


def search(reader: Reader, query: str) -> list[str]:
    """Search as a reader would, from the search page's address; the pages found."""
    reader.open(f"search.html?q={quote(query)}")
    return shown_results(reader)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Cafcass", ["posts/2014/08/14-care-proceedings-an-all-time-high.html"]),
        (
            "privatisation",
            [
                "posts/2014/08/05-stop-this-privatisation-nonesense.html",
                "topics/privatisation.html",
            ],
        ),
        ("Vermont", ["posts/2014/08/15-listening-to-child-protection-staff-in-vermont.html"]),
        ("Rochdale Borough", ["sources/rbscb2013scr16.html", "sources/rbscb2013scr7.html"]),
    ],
)
def test_search_lists_the_pages_on_a_subject(
    reader: Reader, query: str, expected: list[str]
) -> None:
    found = search(reader, query)
    assert [page for page in expected if page not in found] == [], found
    assert reader.problems == []


def test_a_result_shows_its_title_date_and_the_words_marked(reader: Reader) -> None:
    assert search(reader, "Vermont")[0] == (
        "posts/2014/08/15-listening-to-child-protection-staff-in-vermont.html"
    )
    first = reader.page.locator(RESULTS).first
    expect(first.locator(".pagefind-ui__result-link")).to_have_text(
        "Listening to child protection staff in Vermont"
    )
    expect(first.locator(".pagefind-ui__result-tag")).to_have_text(
        [re.compile(r"^\s*Date: 15 August 2014\s*$")]
    )
    marked = first.locator(".pagefind-ui__result-excerpt mark").all_inner_texts()
    assert marked and all(word.strip(" ,.;:'\"").lower() == "vermont" for word in marked)
    assert reader.problems == []


def test_a_filter_narrows_the_results(reader: Reader) -> None:
    everything = search(reader, "Ofsted")
    assert {path.split("/")[0] for path in everything} >= {"posts", "topics", "sources"}
    # Every filter, with its counts: a search started with the page (?q=) while Pagefind
    # still loaded its filters once left only "Topic", every count 0 (see search.js).
    expect(reader.page.locator("#book-search summary")).to_have_text(["Kind", "Topic", "Year"])
    post_filter = reader.page.locator("#book-search label", has_text=re.compile(r"^Post \("))
    expect(post_filter).not_to_have_text(re.compile(r"\(0\)"))
    reader.page.locator("#book-search summary", has_text="Kind").click()
    reader.page.locator("#book-search").get_by_label(re.compile(r"^Post \(")).check()
    reader.page.wait_for_function(
        """() => [...document.querySelectorAll('#book-search .pagefind-ui__result-link')]
            .every(link => new URL(link.href).pathname.startsWith('/posts/'))"""
    )
    posts = shown_results(reader)
    expect(reader.page.locator(RESULTS)).to_have_count(len(posts))
    assert posts and all(path.startswith("posts/") for path in posts), posts
    assert set(posts) >= {p for p in everything if p.startswith("posts/")}
    assert reader.problems == []


def test_a_phrase_in_quotes_is_searched_as_a_phrase(reader: Reader) -> None:
    assert "posts/2014/08/14-care-proceedings-an-all-time-high.html" in search(
        reader, '"all time high"'
    )
    reversed_words = quote('"high all time"')
    reader.open(f"search.html?q={reversed_words}")
    expect(reader.page.locator("#book-search .pagefind-ui__message")).to_contain_text("No results")
    assert reader.problems == []


def test_the_search_reads_a_page_not_its_neighbours(reader: Reader) -> None:
    """Previous and next links, bylines and lists of sources are not a page's text: the
    word only the privatisation post's title holds finds that post alone."""
    found = search(reader, "nonesense")
    posts = [path for path in found if path.startswith("posts/")]
    assert posts == ["posts/2014/08/05-stop-this-privatisation-nonesense.html"]
    assert reader.problems == []


PREVIEWED = {
    "a glossary term": ("a[href*='glossary.html#term-Care-Order']", "Care Order", "family court"),
    "a citation": (
        "span.bibtex-citation a[href*='cafcass2017caredemand']",
        "Cafcass 2017",
        "Cafcass",
    ),
    "a topic": (".post-topics a", "Care Orders and care proceedings", "family court"),
    "another post": (".post-previous a", "The title says it all... (14 August 2014)", "poignantly"),
}


def preview_of(reader: Reader) -> Locator:
    return reader.page.get_by_role("tooltip")


@pytest.mark.parametrize("kind", PREVIEWED)
def test_a_preview_opens_on_hover_and_on_focus_and_closes_with_escape(
    reader: Reader, kind: str
) -> None:
    selector, title, words = PREVIEWED[kind]
    reader.open(POST_PAGE)
    link = reader.page.locator(f"article {selector}").first
    link.hover()
    tip = preview_of(reader)
    expect(tip).to_be_visible()
    expect(tip.locator(".link-preview-title")).to_have_text(title)
    expect(tip).to_contain_text(words)
    assert link.get_attribute("aria-describedby") == tip.get_attribute("id")
    shown, pointed = tip.bounding_box(), link.bounding_box()
    assert (
        shown
        and pointed
        and (
            shown["y"] >= pointed["y"] + pointed["height"]
            or shown["y"] + shown["height"] <= pointed["y"]
        )
    ), "the preview covers the link"
    reader.page.keyboard.press("Escape")
    expect(tip).to_have_count(0)
    assert link.get_attribute("aria-describedby") is None
    reader.page.mouse.move(0, 0)
    link.focus()  # the keyboard: focus opens it too
    expect(preview_of(reader)).to_be_visible()
    reader.page.keyboard.press("Escape")
    expect(preview_of(reader)).to_have_count(0)
    assert reader.problems == []


def test_the_vendored_floating_ui_is_the_one_npm_pins(axe_script: Path) -> None:
    """``make vendor`` copies floating-ui from npm (``npm ci``, as for axe-core); the
    committed copies must be those files, at the version package-lock.json pins."""
    modules = axe_script.parents[1] / "@floating-ui"
    vendored = ROOT / "_static" / "vendor" / "floating-ui"
    copies = {
        "floating-ui.core.umd.min.js": modules / "core" / "dist" / "floating-ui.core.umd.min.js",
        "floating-ui.dom.umd.min.js": modules / "dom" / "dist" / "floating-ui.dom.umd.min.js",
        "LICENSE": modules / "dom" / "LICENSE",
    }
    assert sorted(path.name for path in vendored.iterdir()) == sorted(copies)
    for name, source in copies.items():
        assert (vendored / name).read_bytes() == source.read_bytes(), f"{name}: run `make vendor`"


def test_a_reader_goes_from_a_topic_through_a_source_to_another_post(reader: Reader) -> None:
    page = reader.page
    reader.open("index.html")
    page.locator("article").get_by_role("link", name="Topics", exact=True).click()
    expect(page).to_have_url(re.compile(r"/topics/index\.html"))
    page.locator("article").get_by_role("link", name=START_TOPIC, exact=True).click()
    expect(page).to_have_url(re.compile(r"/topics/[a-z-]+\.html$"))
    assert heading(page) == START_TOPIC

    # Any post of the topic with a source that another post cites too will do.
    listed = page.locator("#posts-on-this-topic ul.post-list > li > p > a")
    expect(listed.first).to_be_visible()  # all_inner_texts does not wait for the page
    posts = listed.all_inner_texts()
    assert posts, "the topic lists no posts"
    shared = None
    for title in posts:
        page.locator("#posts-on-this-topic").get_by_role("link", name=title, exact=True).click()
        assert heading(page) == title
        shared = follow_a_shared_source(reader, title)
        if shared is not None:
            break
        page.go_back()
    assert shared is not None, f"no post of {START_TOPIC!r} shares a source with another post"
    source_title, other = shared

    page.locator("ul.cited-in").get_by_role("link", name=other, exact=True).click()
    assert heading(page) == other
    page.locator("#sources-of-this-post").get_by_role("link").filter(
        has_text=source_title[:30]
    ).first.click()
    expect(page).to_have_url(re.compile(r"/sources/[a-z0-9]+\.html$"))
    assert heading(page) == source_title
    page.go_back()

    topic = page.locator(".post-byline .post-topics a").first
    topic_title = topic.inner_text().strip()
    topic.click()
    expect(page).to_have_url(re.compile(r"/topics/[a-z-]+\.html$"))
    assert heading(page) == topic_title
    assert other in page.locator("#posts-on-this-topic").inner_text()
    assert reader.problems == []


def follow_a_shared_source(reader: Reader, title: str) -> tuple[str, str] | None:
    """From the post *title*, open its sources' pages in turn, until one is cited by another
    post too: (that source's title, the other post's title), with the source's page open."""
    page = reader.page
    entries = page.locator("#sources-of-this-post .source-entry > a")
    for index in range(entries.count()):
        entries.nth(index).click()
        expect(page).to_have_url(re.compile(r"/sources/[a-z0-9]+\.html$"))
        cited_in = page.locator("ul.cited-in > li > p > a")
        expect(cited_in.first).to_be_visible()  # the URL changes before the page is read
        citing = cited_in.all_inner_texts()
        assert title in citing
        assert page.locator("ul.cited-in .cited-here").count() >= 1  # the place is marked
        others = [post for post in citing if post != title]
        if others:
            return heading(page), others[0]
        page.go_back()
    return None


def book_pages(outdir: Path) -> list[str]:
    return sorted(
        path.relative_to(outdir).as_posix()
        for path in outdir.rglob("*.html")
        if "_static" not in path.relative_to(outdir).parts
    )


def test_every_page_loads_without_errors(reader: Reader, built_book: Build) -> None:
    pages = book_pages(built_book.outdir)
    assert "sources.html" in pages
    for path in pages:
        reader.open(path)
    assert reader.visited == pages
    assert reader.problems == []


def axe_violations(page: Page, axe: Path) -> list[str]:
    """The page's accessibility violations, whatever their impact, one line each."""
    page.add_script_tag(path=str(axe))
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} -- "
        + ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        for violation in results["violations"]
    ]


def open_kind(reader: Reader, path: str) -> None:
    if path == SEARCH_PAGE:
        search(reader, "Cafcass")
    else:
        reader.open(path)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_pages_have_no_accessibility_violations(
    axe_script: Path, reader: Reader, scheme: str
) -> None:
    reader.page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    found = {}
    for path in PAGE_KINDS.values():
        open_kind(reader, path)
        mode = reader.page.evaluate("document.documentElement.dataset.theme")
        assert mode == scheme, f"{path} shows the {mode} theme"
        found[path] = axe_violations(reader.page, axe_script)
    assert {path: items for path, items in found.items() if items} == {}
    assert reader.problems == []


def test_no_page_scrolls_sideways_on_a_phone(reader: Reader) -> None:
    """At 360 px no page is wider than the screen; code blocks scroll inside themselves."""
    reader.page.set_viewport_size(PHONE)  # type: ignore[arg-type]
    widths = {}
    for path in PAGE_KINDS.values():
        open_kind(reader, path)
        widths[path] = reader.page.evaluate("document.documentElement.scrollWidth")
    assert {path: width for path, width in widths.items() if width > PHONE["width"]} == {}
    reader.open(POST_PAGE)
    blocks = reader.page.locator("article pre").evaluate_all(
        """blocks => blocks.map(pre => ({
            right: pre.getBoundingClientRect().right,
            overflow: getComputedStyle(pre).overflowX,
            scrolls: pre.scrollWidth > pre.clientWidth,
        }))"""
    )
    assert blocks, "the post has no code block (Cite this post)"
    assert all(b["right"] <= PHONE["width"] and b["overflow"] in ("auto", "scroll") for b in blocks)
    assert any(b["scrolls"] for b in blocks)  # the BibTeX lines are wider than a phone
    assert reader.problems == []


def picture_facts(path: Path) -> tuple[tuple[int, int], int]:
    """A PNG's size and how many colours it shows (a blank or unstyled page shows few)."""
    with Image.open(path) as picture:
        colours = picture.convert("RGB").getcolors(maxcolors=1 << 16)
        return picture.size, len(colours) if colours is not None else 1 << 16


def test_screenshots(reader: Reader) -> None:
    """Screenshots into _build/screenshots/; with UPDATE_SCREENSHOTS=1 also the README's."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shots = {
        "home": "index.html",
        "topic": TOPIC_PAGE,
        "post": POST_PAGE,
        "source": SOURCE_PAGE,
        "sources": "sources.html",
        "search": None,
    }
    for name, path in shots.items():
        if path is None:
            search(reader, "Cafcass")
            reader.page.locator("#book-search summary", has_text="Kind").click()  # filters open
        else:
            reader.open(path)
        reader.page.wait_for_load_state("networkidle")
        reader.page.mouse.move(0, 0)  # no hover effects or tooltips in the picture
        # What the picture must show: the page's title, styled by the theme, in view.
        expect(reader.page.locator("main h1").filter(visible=True).first).to_be_in_viewport()
        assert reader.page.evaluate(STYLED), f"{name}: the theme's stylesheet is not applied"
        reader.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
    size = (VIEWPORT["width"], VIEWPORT["height"])
    facts = {name: picture_facts(SCREENSHOTS / f"{name}.png") for name in shots}
    assert {name: fact[0] for name, fact in facts.items()} == {name: size for name in shots}
    assert {name: n for name, (_, n) in facts.items() if n < MIN_COLOURS} == {}
    assert reader.problems == []
    # Only pages that passed make it into the README.
    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        README_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        for name in shots:
            shutil.copyfile(SCREENSHOTS / f"{name}.png", README_SCREENSHOTS / f"{name}.png")
