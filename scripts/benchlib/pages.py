"""What a reader downloads: the size of post pages, the whole site, the search bundle.

A post page's *overhead* is its HTML's bytes beyond its MyST source's: the theme's
and the extension's share, which must not grow with the number of posts.
"""

from __future__ import annotations

from pathlib import Path

from benchlib import runs
from benchlib.results import PagesRow


def measure_pages(book: Path, posts: int) -> PagesRow:
    outdir = book / "_build" / "html"
    sizes = runs.page_sizes(outdir)
    overheads = []
    for page in (outdir / "posts").rglob("*.html"):
        source = book / page.relative_to(outdir).with_suffix(".md")
        if source.exists() and source.name[:2].isdigit():
            overheads.append(page.stat().st_size - source.stat().st_size)
    return PagesRow(
        posts=posts,
        post_pages=sizes.post_pages,
        post_mean_bytes=sizes.post_mean_bytes,
        post_median_bytes=sizes.post_median_bytes,
        post_max_bytes=sizes.post_max_bytes,
        html_total_bytes=sizes.html_total_bytes,
        pagefind_bytes=sizes.pagefind_bytes,
        overhead_mean_bytes=sum(overheads) / len(overheads) if overheads else 0.0,
    )
