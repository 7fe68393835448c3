"""The search bundle: indexed into a staging folder by the real Pagefind, then published.

A tiny site of three pages is enough to see what matters: every file of a fresh index
is found in use (so a Pagefind whose format changes fails here), a second index after
one page changed publishes only what changed and leaves no file of the older index
behind, and a failed index leaves the published one as it was. At the end: the copies
Pagefind reads leave out what it is told to leave out.
"""

from __future__ import annotations

import gzip
import html
import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sphinx.errors import ExtensionError

from blogbook import search_bundle
from blogbook.sphinxext import search
from conftest import Build

PAGES = {
    "posts/a.html": "Ofsted inspects children's services in Rotherham.",
    "posts/b.html": "Care Orders rose again this year, says Cafcass.",
    "topics/c.html": "The workforce: social workers and their caseloads.",
}


def write_site(site: Path, pages: dict[str, str]) -> None:
    for name, text in pages.items():
        path = site / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            f'<html lang="en"><head><title>{name}</title></head><body>'
            f"<main data-pagefind-body><h1>{name}</h1><p>{text}</p>"
            f'<span data-pagefind-filter="kind:Post"></span></main></body></html>',
            encoding="utf-8",
        )


def index(site: Path, output: Path) -> None:
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--glob", search.GLOB]
    subprocess.run([*command, "--output-path", str(output), "--quiet"], check=True)


def files(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_a_fresh_index_uses_every_file_it_wrote(tmp_path: Path) -> None:
    write_site(tmp_path / "site", PAGES)
    index(tmp_path / "site", tmp_path / "fresh")
    written = set(files(tmp_path / "fresh"))
    assert search_bundle.files_in_use(tmp_path / "fresh") == written
    assert {"pagefind-entry.json", "pagefind.js"} < written
    assert sum(name.startswith("fragment/") for name in written) == len(PAGES)


def no_links(self: Path, target: Path) -> None:
    raise OSError(f"cannot link {self} to {target}")


@pytest.mark.parametrize("links", [True, False], ids=["hard links", "copies"])
def test_indexing_again_publishes_only_the_new_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, links: bool
) -> None:
    if not links:
        monkeypatch.setattr(Path, "hardlink_to", no_links)
    site, staging = tmp_path / "site", tmp_path / "staging"
    bundle = site / "pagefind"
    write_site(site, PAGES)
    index(site, staging)
    search_bundle.publish(staging, bundle)
    first = files(bundle)
    assert first == files(staging)
    hashed = [name for name in first if "/" in name]
    assert all((bundle / name).samefile(staging / name) == links for name in hashed)

    write_site(site, {"posts/b.html": "Care Orders fell this year, says Cafcass."})
    kept = {path.name: path.stat().st_mtime_ns for path in (staging / "fragment").iterdir()}
    index(site, staging)
    assert len(list((staging / "fragment").iterdir())) == len(PAGES) + 1  # old and new
    search_bundle.publish(staging, bundle)

    second = files(bundle)
    assert second == files(staging)  # the staging folder, too, holds one index only
    assert set(second) == search_bundle.files_in_use(bundle)
    fragments = {name for name in second if name.startswith("fragment/")}
    assert len(fragments) == len(PAGES)
    assert len(fragments - set(first)) == 1  # the changed page's
    unchanged = {name.removeprefix("fragment/") for name in fragments & set(first)}
    # Pagefind did not write the unchanged pages' fragments again: that is the saving.
    assert all((staging / "fragment" / n).stat().st_mtime_ns == kept[n] for n in unchanged)
    assert second["pagefind-entry.json"] != first["pagefind-entry.json"]


def fake_app(site: Path, doctrees: Path) -> Any:
    return SimpleNamespace(
        outdir=str(site),
        doctreedir=str(doctrees),
        config=SimpleNamespace(blogbook_search="pagefind"),
        builder=SimpleNamespace(name="html"),
    )


def test_a_failed_index_fails_the_build_and_keeps_the_published_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site, doctrees = tmp_path / "site", tmp_path / "doctrees"
    app = fake_app(site, doctrees)
    write_site(search.copies_folder(app), PAGES)  # the pages' copies that Pagefind reads
    search.index_with_pagefind(app, None)
    published = files(site / "pagefind")
    assert published and (doctrees / "pagefind-staging").is_dir()

    write_site(search.copies_folder(app), {"posts/a.html": "Ofsted inspects again."})
    failing = tmp_path / "failing-pagefind"
    failing.write_text("#!/bin/sh\necho no pages >&2\nexit 1\n", encoding="utf-8")
    failing.chmod(0o755)
    monkeypatch.setattr(search, "_pagefind_program", lambda: str(failing))
    with pytest.raises(ExtensionError, match="Pagefind could not index the book:\nno pages"):
        search.index_with_pagefind(app, None)
    assert files(site / "pagefind") == published
    assert not (doctrees / "pagefind-staging").exists()  # the next run starts afresh


def test_an_index_started_for_a_build_that_then_fails_is_not_published(tmp_path: Path) -> None:
    site, doctrees = tmp_path / "site", tmp_path / "doctrees"
    app = fake_app(site, doctrees)
    write_site(search.copies_folder(app), PAGES)
    indexing = search.Indexing()
    assert indexing.start(app) == [] and indexing.running is not None  # Pagefind runs
    indexing.finish(app, RuntimeError("a later step of the build failed"))
    assert indexing.running is None
    assert not (site / "pagefind").exists()
    assert not (doctrees / "pagefind-staging").exists()
    indexing.start(app)
    indexing.finish(app, None)
    assert (site / "pagefind" / search_bundle.ENTRY).is_file()


def test_an_index_a_stopped_build_left_unfinished_is_made_afresh(tmp_path: Path) -> None:
    """Pagefind does not write again a file its output folder holds: a file it left
    half-written, the build stopped (Ctrl-C) before the index was published, would
    be published by every later build. A staging folder so left is not trusted."""
    site, doctrees = tmp_path / "site", tmp_path / "doctrees"
    app = fake_app(site, doctrees)
    write_site(search.copies_folder(app), PAGES)
    stopped = search.Indexing()
    stopped.start(app)
    assert stopped.running is not None
    process, staging = stopped.running
    assert process.wait() == 0  # the build stops before publishing: finish never runs
    for fragment in (staging / "fragment").iterdir():
        fragment.write_bytes(fragment.read_bytes()[:8])  # as if cut off mid-write
    search.index_with_pagefind(app, None)
    assert [fragment["url"] for fragment in fragments(site / "pagefind")] == sorted(
        f"/{name}" for name in PAGES
    )
    assert sorted(path.name for path in doctrees.iterdir()) == [
        "pagefind-pages",
        "pagefind-staging",
    ]


def test_a_missing_pagefind_program_fails_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = fake_app(tmp_path / "site", tmp_path / "doctrees")
    write_site(search.copies_folder(app), PAGES)
    monkeypatch.setattr("pagefind.service.get_executable", lambda: None)
    with pytest.raises(ExtensionError, match="Pagefind's program is missing"):
        search.index_with_pagefind(app, None)
    assert not (tmp_path / "site" / "pagefind").exists()


def fragments(bundle: Path) -> list[dict[str, Any]]:
    """What the index holds of each page (Pagefind's fragments), in a stable order."""
    found = [
        json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        for path in (bundle / "fragment").iterdir()
    ]
    return sorted(found, key=lambda fragment: str(fragment["url"]))


@pytest.mark.build
def test_the_copies_index_as_the_pages_do(built_book: Build, tmp_path: Path) -> None:
    """Pagefind reads a copy of each page's searched part; indexing the whole pages
    instead gives the same record of every page: text, title, filters, anchors."""
    index(built_book.outdir, tmp_path / "from-pages")
    from_copies, from_pages = (
        fragments(built_book.outdir / "pagefind"),
        fragments(tmp_path / "from-pages"),
    )
    assert from_copies == from_pages
    assert len(from_copies) == len(list(built_book.outdir.glob("posts/*/*/[0-9]*.html"))) + len(
        [*built_book.outdir.glob("topics/*.html"), *built_book.outdir.glob("sources/*.html")]
    )  # every post, topic and source page (and the glossary, less the topic index)
    copies = built_book.outdir.parent / f"doctrees-{built_book.outdir.name}" / "pagefind-pages"
    copied = [path.read_text(encoding="utf-8") for path in copies.rglob("*.html")]
    assert len(copied) == len(from_copies)
    assert not [text for text in copied if 'data-pagefind-ignore="all"' in text]


def test_a_page_read_again_or_removed_loses_its_copy_until_written(tmp_path: Path) -> None:
    app = fake_app(tmp_path / "site", tmp_path / "doctrees")
    post, topic = "posts/2014/08/28-rotherham", "topics/ofsted"
    write_site(search.copies_folder(app), {f"{post}.html": "Rotherham", f"{topic}.html": "Ofsted"})
    search.forget_copy(app, None, post)  # read again (written later) or removed
    assert not (search.copies_folder(app) / f"{post}.html").exists()
    env = SimpleNamespace(found_docs={post, topic, "glossary", "index"})
    # The post is read (and its page written) anyway; the glossary, searched but without
    # a copy, must be; the home page is not searched.
    assert search.uncopied(app, env, set(), {post}, set()) == ["glossary"]
    assert search.uncopied(app, env, set(), set(), set()) == ["glossary", post]


# --- the copies: what Pagefind is told to leave out is not in them ---------------------

LEFT_OUT = ' data-pagefind-ignore="all"'


@pytest.mark.parametrize(
    ("body", "copied"),
    [
        (f'<div{LEFT_OUT} class="a"><div>in</div>still in</div>after', "after"),
        (f'<p>one<img{LEFT_OUT} src="x.png">two</p>', "<p>onetwo</p>"),
        (f'<h1>Title<a{LEFT_OUT} href="#t">#</a></h1>', "<h1>Title</h1>"),
        (f"<div{LEFT_OUT}><a{LEFT_OUT}>#</a><abbr>A</abbr></div><p>kept</p>", "<p>kept</p>"),
        (f"<a{LEFT_OUT}><abbr>A</abbr></a><abbr>B</abbr>", "<abbr>B</abbr>"),
        ('<span data-pagefind-ignore="index" hidden>meta</span>', None),  # kept whole
        (f"<p>open</p><div{LEFT_OUT}><p>never closed</p>", None),  # kept whole
    ],
)
def test_a_copy_leaves_out_what_pagefind_would(body: str, copied: str | None) -> None:
    assert search.without_left_out(body) == (body if copied is None else copied)


def _element(children: st.SearchStrategy[list[Any]]) -> st.SearchStrategy[Any]:
    tags = st.sampled_from(["div", "p", "a", "abbr", "section", "span", "img"])
    return st.tuples(tags, st.booleans(), children)


html_trees = st.recursive(
    st.text(alphabet="ab <&>", max_size=3).map(html.escape),
    lambda inner: _element(st.lists(inner, max_size=3)),
    max_leaves=12,
)


def _html(tree: Any, *, marked: bool) -> str:
    """*tree* as HTML: with the marked elements (*marked*), or without them."""
    if isinstance(tree, str):
        return tree
    tag, left_out, children = tree
    if left_out and not marked:
        return ""
    opening = f'<{tag}{LEFT_OUT if left_out else ""} class="x">'
    if tag == "img":  # no content, no end tag
        return opening
    return opening + "".join(_html(child, marked=marked) for child in children) + f"</{tag}>"


@given(st.lists(html_trees, max_size=4))
def test_a_copy_is_the_page_less_every_element_left_out(trees: list[Any]) -> None:
    body = "".join(_html(tree, marked=True) for tree in trees)
    assert search.without_left_out(body) == "".join(_html(tree, marked=False) for tree in trees)
