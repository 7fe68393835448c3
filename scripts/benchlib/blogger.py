"""The converter's first run on a Blogger export: synthetic posts alone, as Blogger saves them.

Their labels map to topics in a tiny editorial layer, and the synthetic sources they
cite are in ``references.bib`` and the layer's ``sources:``. A run that exits non-zero,
or converts another number of posts than the export holds, is a failure.
"""

from __future__ import annotations

from pathlib import Path

from benchlib import feed, runs, synth
from benchlib.blog import SynthBlog
from benchlib.results import BloggerRow


def measure_blogger(blog: SynthBlog, count: int, workdir: Path) -> BloggerRow:
    posts = synth.generate_posts(
        count, corpus=blog.corpus, sprinkles=blog.sprinkles, seed=blog.seed
    )
    export = feed.blogger_export(posts, seed=blog.seed)
    book = blog.blogger_book(workdir / f"blogger-{count}", posts, export)
    done = runs.convert(book)
    what = f"converter on a Blogger export of {count:,} posts"
    failure = runs.failure(done.run, what)
    if not failure and done.posts != count:
        failure = f"{what}: {done.posts:,} posts converted"
    return BloggerRow(
        posts=count,
        converted=done.posts,
        seconds=done.run.seconds,
        written=done.written,
        warnings=done.warnings,
        export_bytes=len(export),
        max_rss_mib=done.run.max_rss_mib,
        returncode=done.run.returncode,
        failure=failure,
    )
