"""The benchmark (scripts/bench.py): its synthetic blog, and a run end to end on 20 posts.

No timing is asserted: times belong to ``make bench``. What is asserted holds on
any machine: the synthetic archive reads back as generated, the same seed gives
the same bytes, and a smoke run succeeds in every row, each row saying what it
measured. A command that fails makes the run fail.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest

import bench
from benchlib import feed, runs, synth
from benchlib.blog import SynthBlog, load_blog
from benchlib.results import BloggerRow, failures
from blogbook import slugs
from blogbook.model import inline_text, paragraphs
from blogbook.parse_text import parse_text_archive

SEED = 2009
SMOKE_POSTS = 20


@pytest.fixture(scope="module")
def blog() -> SynthBlog:
    return load_blog(seed=SEED)


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
    assert _subset(quiet, expected := {"reread": 0, "reading": [], **OK}) == expected
    for key in ("edit_body", "edit_opening"):
        edited = rebuilds[key]
        docname = _docname(edited["post"])
        expected = {"reread": 1, "reading": [docname], "archive_files_written": 1, **OK}
        assert _subset(edited, expected) == expected, key
        assert f"{docname}.html" in edited["written"], key


def _check_pages_and_blogger(results: Row, n: int) -> None:
    [pages] = results["pages"]
    assert (pages["posts"], pages["post_pages"]) == (n, n)
    assert 0 < pages["post_median_bytes"] <= pages["post_max_bytes"] < pages["html_total_bytes"]
    blogger = results["blogger"]
    assert _subset(blogger, expected := {"posts": n, "converted": n, **OK}) == expected
    assert blogger["written"] > n


@pytest.mark.build
def test_smoke_run_succeeds_in_every_row(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    status = bench.main(["--smoke", "--json", str(out), "--workdir", str(tmp_path / "books")])
    results = json.loads(out.read_text(encoding="utf-8"))
    assert (status, results["problems"]) == (0, [])
    n = SMOKE_POSTS
    _check_converter(results["converter"], n)
    _check_builds(results, n)
    [rebuilds] = results["rebuilds"]
    _check_rebuilds(rebuilds, n)
    _check_pages_and_blogger(results, n)
    names = {target["name"].split(",")[0] for target in results["targets"]}
    assert names == {
        "converter", "clean make html", "no-change make html", "one post edited (later paragraph)",
        "one post edited (opening words)", "post page HTML",
    }  # fmt: skip
