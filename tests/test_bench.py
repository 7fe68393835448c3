"""The benchmark (scripts/bench.py): its synthetic blog, and a run end to end on 20 posts.

No timing is asserted: times belong to ``make bench``. What is asserted holds on
any machine: the synthetic archive reads back as generated, the same seed gives
the same bytes, the synthetic sources are BibTeX the book's style formats and most
posts cite 1 to 4 of them, and a smoke run succeeds in every row, each row saying
what it measured (the search's too, in chromium, which ``make test`` installs). A
command that fails makes the run fail.
"""

from __future__ import annotations

import datetime
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from pybtex.database import parse_string

from bench import SMOKE
from benchlib import feed, runs, search, sources, synth, testbook
from benchlib.blog import SynthBlog, load_blog
from benchlib.results import BloggerRow, failures
from blogbook import slugs
from blogbook.model import inline_text, paragraphs
from blogbook.parse_text import parse_text_archive
from blogbook.sphinxext import bibstyle

SEED = 2009
BENCH = testbook.PROJECT / "scripts" / "bench.py"
SMOKE_POSTS = 20


@pytest.fixture(scope="module")
def blog() -> SynthBlog:
    return load_blog(seed=SEED, sources_count=200)


def test_synthetic_archive_reads_back_as_generated(blog: SynthBlog) -> None:
    posts = blog.posts(400)
    archive = synth.text_archive(posts)
    read = [
        post
        for name, data in sorted(archive.items())
        for post in parse_text_archive(data, name).posts
    ]
    read.sort(key=lambda post: post.date)  # stable: keeps each day's order
    assert [
        (post.date, post.title, tuple(inline_text(p.inlines) for p in paragraphs(post.blocks)))
        for post in read
    ] == [(post.date, post.title, tuple(p.strip() for p in post.paragraphs)) for post in posts]
    assert not set(archive) & set(blog.real_archive)  # real months stay real
    assert any(post.title is None for post in posts)
    assert any(post.title and post.title.endswith(("...", "…")) for post in posts)
    assert len({post.date for post in posts}) < len(posts)  # several posts on some days


def test_same_seed_same_bytes(blog: SynthBlog) -> None:
    first = blog.posts(120)
    assert synth.text_archive(first) == synth.text_archive(blog.posts(120))
    assert feed.blogger_export(first, seed=1) == feed.blogger_export(first, seed=1)
    again = sources.generate_sources(200, seed=SEED)
    assert sources.bibtex(again) == sources.bibtex(blog.sprinkles.sources)
    assert sources.bibtex(sources.generate_sources(200, seed=SEED + 1)) != sources.bibtex(again)


def test_synthetic_sources_are_bibtex_the_book_formats(blog: SynthBlog) -> None:
    catalogue = blog.sprinkles.sources
    real = (testbook.PROJECT / "references.bib").read_text(encoding="utf-8")
    data = parse_string(real + "\n" + sources.bibtex(catalogue), "bibtex")
    synthetic = {key: entry for key, entry in data.entries.items() if key.startswith("synth")}
    assert sorted(synthetic) == sorted(source.key for source in catalogue)
    assert len(synthetic) == 200
    for key, entry in synthetic.items():
        assert entry.fields["kind"] in sources.KINDS, key
        assert entry.fields["title"] and entry.fields["year"].isdigit(), key
        assert "author" in entry.persons or "howpublished" in entry.fields, key
    bibstyle.register()
    labels = [entry.label for entry in bibstyle.AuthorYearStyle().format_bibliography(data)]
    assert len(labels) == len(data.entries)
    assert [label for label, n in Counter(labels).items() if n > 1] == []
    assert set(Counter(entry.fields["kind"] for entry in synthetic.values())) == set(sources.KINDS)


def test_cues_cite_only_where_the_generator_put_them(blog: SynthBlog) -> None:
    cues = [source.cue for source in blog.sprinkles.sources]
    assert len(set(cues)) == len(cues)
    assert [(a, b) for a in cues for b in cues if a != b and a in b] == []
    real_text = b"".join(blog.real_archive.values()).decode("utf-8")
    assert [cue for cue in cues if cue in real_text] == []
    by_key = {source.key: source for source in blog.sprinkles.sources}
    for post in blog.posts(300):
        text = " ".join(post.paragraphs)
        for key in post.sources:
            assert len(re.findall(rf"\b{re.escape(by_key[key].cue)}\b", text)) == 1
            assert by_key[key].year <= post.date.year
        assert sorted(c for c in cues if c in text) == sorted(by_key[k].cue for k in post.sources)


def test_most_posts_cite_one_to_four_of_about_200_sources(blog: SynthBlog) -> None:
    posts = blog.posts(1000)
    counts = Counter(len(post.sources) for post in posts)
    assert max(counts) <= 4
    assert sum(counts[n] for n in range(1, 5)) >= 0.75 * len(posts)
    assert 180 <= len(blog.cited(posts)) <= 200


def _run(returncode: int, output: str) -> runs.Run:
    return runs.Run(
        command=("x",),
        returncode=returncode,
        seconds=0,
        cpu_seconds=0,
        max_rss_mib=0,
        output=output,
    )


def test_a_failure_anywhere_in_the_results_is_gathered() -> None:
    failed = runs.failure(_run(2, "boom\nWARNING: bad"), "sphinx-build")
    assert failed == "sphinx-build failed (exit 2, 0 warnings):\n  WARNING: bad"
    warned = runs.failure(_run(0, "WARNING: bad"), "sphinx-build", warnings=1)
    assert warned == "sphinx-build failed (exit 0, 1 warnings):\n  WARNING: bad"
    assert runs.failure(_run(0, "ok"), "sphinx-build") == ""
    row = BloggerRow(
        posts=20,
        converted=0,
        seconds=0,
        written=0,
        warnings=0,
        export_bytes=1,
        max_rss_mib=0,
        returncode=1,
        failure="converter failed",
    )
    assert failures(row) == ("converter failed",)


def test_search_without_chromium_is_a_failure_of_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "find_chromium", lambda: None)
    rows = search.measure_search(tmp_path, 20)
    assert [row.engine for row in rows] == ["Pagefind", "Pagefind alone", "Sphinx"]
    assert [row.results for row in rows] == [0, 0, 0]
    assert all("chromium is not installed" in problem for problem in failures(rows))
    assert len(failures(rows)) == 3


# --- the smoke run ----------------------------------------------------------------------

Row = dict[str, Any]
OK = {"returncode": 0, "failure": ""}


def _subset(row: Row, expected: Row) -> Row:
    return {key: row[key] for key in expected}


def _docname(edited: str) -> str:
    """The page of the post named ``"YYYY-MM-DD Title"`` in a rebuild row."""
    date, title = edited.split(" ", 1)
    slug = slugs.post_slug(archive_title=title, opening="")
    return slugs.post_docname(datetime.date.fromisoformat(date), slug)


def _page(book: Path, post: synth.SynthPost) -> str:
    opening = " ".join(post.paragraphs[0].split()[: slugs.UNTITLED_SLUG_WORDS])
    slug = slugs.post_slug(archive_title=post.title, opening=opening)
    return (book / f"{slugs.post_docname(post.date, slug)}.md").read_text(encoding="utf-8")


def _check_converter(converter: Row, n: int) -> None:
    first, rerun = converter["first"], converter["rerun"]
    assert converter["posts"] == n
    assert _subset(first, expected := {"posts": n, **OK}) == expected
    assert first["written"] > n  # the posts, and their month and year pages
    assert _subset(rerun, expected := {"posts": n, "written": 0, **OK}) == expected


def _check_builds(results: Row, n: int) -> None:
    [build] = results["builds"]
    assert _subset(build, expected := {"posts": n, "jobs": "2", "warnings": 0, **OK}) == expected
    assert build["reread"] > n and build["written"] > n  # every post, and every other page
    [floor] = results["floors"]
    expected = {"posts": n, "theme": "basic", "warnings": 0, "post_pages": n, **OK}
    assert _subset(floor, expected) == expected


def _check_rebuilds(rebuilds: Row, n: int) -> None:
    # Not timings: which documents an incremental build reads again.
    assert rebuilds["posts"] == n
    quiet = rebuilds["no_change"]
    # As `make html` does it: the Makefile finds the last build current; nothing is written.
    expected = {"reread": 0, "reading": [], "written": [], "converter_alongside": False, **OK}
    assert _subset(quiet, expected) == expected
    for key in ("edit_body", "edit_opening"):
        edited = rebuilds[key]
        docname = _docname(edited["post"])
        expected = {"reread": 1, "reading": [docname], "archive_files_written": 1, **OK}
        expected["converter_alongside"] = True  # as the Makefile runs it after a change
        assert _subset(edited, expected) == expected, key
        assert f"{docname}.html" in edited["written"], key
        assert edited["converter_written"] >= 1, key


def _check_pages_and_blogger(results: Row, n: int) -> None:
    [pages] = results["pages"]
    assert (pages["posts"], pages["post_pages"]) == (n, n)
    assert 0 < pages["post_median_bytes"] <= pages["post_max_bytes"] < pages["html_total_bytes"]
    assert pages["pagefind_bytes"] > 0
    blogger = results["blogger"]
    assert _subset(blogger, expected := {"posts": n, "converted": n, **OK}) == expected
    assert blogger["written"] > n


def _check_search(results: Row, book: Path, n: int) -> None:
    """Every search measured in the browser, each finding the query: the book's, Pagefind's
    own on an empty page (written for the visits, then removed), and the floor's, Sphinx's."""
    pagefind, alone, sphinx = results["search"]
    for row, engine in ((pagefind, "Pagefind"), (alone, "Pagefind alone"), (sphinx, "Sphinx")):
        expected = {"engine": engine, "posts": n, "query": search.QUERY, "failure": ""}
        assert _subset(row, expected) == expected
        assert row["results"] > 0 and len(row["tries_ms"]) == SMOKE["search_visits"], engine
        assert row["first_result_ms"] > 0, engine
        assert 0 < row["bytes_search"] < row["bytes_total"], engine
    assert alone["results"] == pagefind["results"]
    assert not (book / "_build" / "html" / search.ALONE_PAGE).exists()
    floor = book / "_build" / "floor" / "html"
    assert (floor / "searchindex.js").is_file() and not (floor / "pagefind").exists()
    assert 'id="search-results"' in (floor / "search.html").read_text(encoding="utf-8")


def _check_citations(book: Path, blog: SynthBlog, n: int) -> None:
    """Every synthetic source a post was written to cite is cited in its page."""
    posts = blog.posts(n)
    missing = [
        (post.date, key) for post in posts for key in post.sources if key not in _page(book, post)
    ]
    assert missing == []
    bib = (book / "references.bib").read_text(encoding="utf-8")
    in_bib = re.findall(r"^@\w+\{(synth\w+),", bib, re.MULTILINE)
    assert sorted(in_bib) == sorted(source.key for source in blog.cited(posts)) != []
    assert "@techreport{jay2014rotherham," in bib  # the real references stay


@pytest.mark.build
def test_smoke_run_succeeds_in_every_row(tmp_path: Path, blog: SynthBlog) -> None:
    out, books = tmp_path / "bench.json", tmp_path / "books"
    # Its own process, as `make bench` runs it: Playwright's synchronous API refuses to
    # start inside the event loop the browser tests' session keeps running.
    command = [sys.executable, str(BENCH), "--smoke", "--json", str(out), "--workdir", str(books)]
    run = subprocess.run(command, capture_output=True, text=True, check=False)
    results = json.loads(out.read_text(encoding="utf-8"))
    assert (run.returncode, results["problems"]) == (0, []), run.stderr
    n = SMOKE_POSTS
    _check_converter(results["converter"], n)
    _check_builds(results, n)
    [rebuilds] = results["rebuilds"]
    _check_rebuilds(rebuilds, n)
    _check_pages_and_blogger(results, n)
    _check_search(results, books / f"book-{n}-j2", n)
    [synthetic] = results["synthetic"]
    expected = {"posts": n, "synthetic_posts": n - blog.real_posts}
    assert _subset(synthetic, expected) == expected
    names = {target["name"].split(",")[0] for target in results["targets"]}
    assert names == {
        "converter", "clean make html", "no-change make html", "one post edited (later paragraph)",
        "one post edited (opening words)", "post page HTML",
        "first search results (Pagefind)", "bytes fetched for one search (Pagefind)",
    }  # fmt: skip
    _check_citations(books / f"book-{n}-j2", blog, n)
