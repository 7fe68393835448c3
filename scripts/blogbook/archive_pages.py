"""The archive's pages as MyST: ``posts/index``, one page per year, one per month.

Their hidden toctrees put every post in the book (oldest first, the order of a
printed book); their ``{post-archive}`` lists, drawn by the book's extension, show
the posts newest first under a heading per year and month. Pure: pages in, text out.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from blogbook import charts, slugs
from blogbook.dates import month_and_year
from blogbook.frontmatter import GENERATED_BY, GENERATED_NOTE, front_matter
from blogbook.pages import PostPage


@dataclass(frozen=True, kw_only=True)
class IndexPage:
    docname: str
    text: str


def _toctree(entries: Iterable[str]) -> str:
    lines = "\n".join(entries)
    return f"```{{toctree}}\n:hidden:\n\n{lines}\n```"


def _archive_page(title: str, label: str | None, body: str, toc: Iterable[str]) -> str:
    fields: dict[str, object] = {"generated_by": GENERATED_BY, "note": GENERATED_NOTE}
    target = f"({label})=\n" if label else ""
    return f"{front_matter(fields)}\n{target}# {title}\n\n{body}\n\n{_toctree(toc)}\n"


def _post_archive(year: int, month: int | None = None) -> str:
    options = f":year: {year}\n" + (f":month: {month}\n" if month else "")
    return f"```{{post-archive}}\n{options}```"


def render_archive_pages(pages: Iterable[PostPage]) -> tuple[IndexPage, ...]:
    """``posts/index``, one page per year and one per month.

    Their hidden toctrees put every post in the book (oldest first, the order of
    a printed book); their ``{post-archive}`` lists show the posts newest first,
    under a heading per year and month.
    """
    ordered = sorted(pages, key=lambda page: (page.post.date, page.order_in_day))
    months: dict[tuple[int, int], list[str]] = {}
    for page in ordered:
        months.setdefault((page.post.date.year, page.post.date.month), []).append(page.docname)
    years = sorted({year for year, _ in months})
    result: list[IndexPage] = []
    for (year, month), docnames in months.items():
        name = month_and_year(year, month)
        docname = slugs.month_docname(year, month)
        body = f"The posts of {name}, newest first.\n\n{_post_archive(year, month)}"
        toc = (_relative(docname, d) for d in docnames)
        result.append(IndexPage(docname=docname, text=_archive_page(name, None, body, toc)))
    for year in years:
        in_year = [month for y, month in months if y == year]
        sections = [
            f"## {month_and_year(year, month)}\n\n{_post_archive(year, month)}"
            for month in reversed(in_year)
        ]
        body = f"The posts of {year}, newest first, by month.\n\n" + "\n\n".join(sections)
        docname = slugs.year_docname(year)
        toc = (_relative(docname, slugs.month_docname(year, m)) for m in in_year)
        result.append(IndexPage(docname=docname, text=_archive_page(str(year), None, body, toc)))
    sections = []
    for year in reversed(years):
        sections.append(f"## {year}")
        sections += [
            f"### {month_and_year(year, month)}\n\n{_post_archive(year, month)}"
            for y, month in reversed(months)
            if y == year
        ]
    intro = "Every post of the blog, newest first, by year and month." + _posts_per_month(ordered)
    body = intro + "\n\n" + "\n\n".join(sections) if sections else intro
    toc = (_relative(slugs.ARCHIVE_DOCNAME, slugs.year_docname(y)) for y in years)
    result.append(
        IndexPage(
            docname=slugs.ARCHIVE_DOCNAME, text=_archive_page("Archive", "archive", body, toc)
        )
    )
    return tuple(result)


def _posts_per_month(pages: Sequence[PostPage]) -> str:
    """The archive's chart of posts per month, the counts written out in the page, so that
    the page changes (and Sphinx draws the chart again) exactly when they do."""
    if not pages:
        return ""
    counts = charts.posts_per_month(page.post.date for page in pages)
    code = textwrap.indent(charts.posts_per_month_code(counts), "   ")
    return (
        "\n\n```{eval-rst}\n.. plot::\n   :filename-prefix: posts-per-month\n"
        f"   :alt: {charts.posts_per_month_alt(counts)}\n\n{code}```"
    )


def _relative(from_docname: str, to_docname: str) -> str:
    """A toctree entry: the target relative to the folder of the page holding it."""
    folder = from_docname.rsplit("/", 1)[0] + "/"
    return to_docname.removeprefix(folder)
