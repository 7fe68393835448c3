"""The benchmark (scripts/bench.py): its synthetic blog, and a run end to end on 20 posts.

No timing is asserted: times belong to ``make bench``. What is asserted holds on
any machine: the synthetic archive reads back as generated, the same seed gives
the same bytes, and a smoke run completes and reports every row.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import bench
from benchlib import synth, testbook
from blogbook.model import inline_text, paragraphs
from blogbook.parse_text import parse_text_archive

ROWS = {"machine", "converter", "builds", "recommended_jobs", "rebuilds", "pages", "blogger"}
REBUILDS = {"no_change", "edit_body", "edit_opening"}


@pytest.fixture(scope="module")
def inputs() -> bench.SynthBlog:
    editorial = testbook.real_editorial()
    return bench.SynthBlog(
        corpus=testbook.load_corpus(),
        sprinkles=testbook.load_sprinkles(editorial),
        real_archive=testbook.real_archive(),
        real_posts=testbook.real_post_count(),
        editorial=editorial,
        seed=2009,
    )


def test_synthetic_archive_reads_back_as_generated(inputs: bench.SynthBlog) -> None:
    posts = inputs.posts(400)
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
    assert not set(archive) & set(inputs.real_archive)  # real months stay real
    assert any(post.title is None for post in posts)
    assert any(post.title and post.title.endswith(("...", "…")) for post in posts)
    assert len({post.date for post in posts}) < len(posts)  # several posts on some days


def test_same_seed_same_bytes(inputs: bench.SynthBlog) -> None:
    first = inputs.posts(120)
    assert synth.text_archive(first) == synth.text_archive(inputs.posts(120))
    assert synth.blogger_export(first, seed=1) == synth.blogger_export(first, seed=1)


@pytest.mark.build
def test_smoke_run_reports_every_row(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    assert bench.main(["--smoke", "--json", str(out), "--workdir", str(tmp_path / "books")]) == 0
    results = json.loads(out.read_text(encoding="utf-8"))
    assert set(results) >= ROWS
    assert results["problems"] == []
    assert set(results["converter"]) >= {"first", "rerun"}
    assert results["converter"]["rerun"]["written"] == 0
    assert [(row["posts"], row["jobs"]) for row in results["builds"]] == [(20, "2")]
    assert set(results["rebuilds"]) >= REBUILDS
    # Not timings: which documents an incremental build reads again.
    assert results["rebuilds"]["no_change"]["reread"] == 0
    assert results["rebuilds"]["edit_body"]["reread"] == 1
    assert results["rebuilds"]["edit_opening"]["reread"] == 1
    assert set(results["pages"]["20"]) >= {
        "post_mean_bytes",
        "post_max_bytes",
        "html_total_bytes",
        "searchindex_bytes",
    }
    assert results["pages"]["20"]["post_pages"] == 20
    assert results["blogger"]["status"] in {"ok", "n/a"}
    names = [target["name"] for target in results["targets"]]
    assert len(names) >= 7
