"""Long lists of posts by year: headings a reader can jump to, and a chart of the years.

A topic's posts, and the posts citing a source, are drawn under a heading per year,
newest first, each with its number of posts, after a small chart of posts per year
(HTML only). The years are drawn when pages are resolved, after the in-page contents
were made while reading; so once every page is read (``env-updated``) each such list's
entry in its page's contents gets the years as sub-entries, which the theme shows in
the page's contents. A list of a single year has no headings.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from typing import cast

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from blogbook.sphinxext.domain import BlogDomain, PostRecord

PAGE_SECTIONS = {"topics/": "posts-on-this-topic", "sources/": "cited-in-"}


def by_year(records: Iterable[PostRecord]) -> list[tuple[int, list[PostRecord]]]:
    """Records grouped by year, newest year and newest post first."""
    newest = sorted(records, key=lambda record: record.sort_key, reverse=True)
    return [(year, list(group)) for year, group in itertools.groupby(newest, lambda r: r.date.year)]


def heading(year: int, count: int) -> str:
    return f"{year} ({count} post{'s' if count != 1 else ''})"


def anchor(prefix: str, year: int) -> str:
    return f"{prefix}-{year}"


def year_sections(
    records: Sequence[PostRecord],
    prefix: str,
    draw: Callable[[list[PostRecord]], nodes.Element],
    *,
    html: bool,
) -> list[nodes.Node]:
    """The records drawn by *draw* under a section per year, with the chart in HTML."""
    groups = by_year(records)
    if len(groups) < 2:
        return [draw([record for _, group in groups for record in group])]
    found: list[nodes.Node] = [_chart(groups)] if html else []
    for year, group in groups:
        section = nodes.section(ids=[anchor(prefix, year)], classes=["year-section"])
        section += nodes.title("", heading(year, len(group)))
        section += draw(group)
        found.append(section)
    return found


def _chart(groups: list[tuple[int, list[PostRecord]]]) -> nodes.raw:
    """Posts per year as bars, oldest year first, as a list a screen reader reads too."""
    most = max(len(group) for _, group in groups)
    rows = "".join(
        f'<li><span class="year">{year}</span>'
        f'<span class="bar" style="width: {max(len(group) * 100 // most, 2)}%"></span>'
        f'<span class="count">{len(group)} post{"s" if len(group) != 1 else ""}</span></li>'
        for year, group in reversed(groups)
    )
    return nodes.raw(
        "", f'<ul class="year-chart" aria-label="Posts per year">{rows}</ul>', format="html"
    )


def on_env_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Give each long list's entry in its page's contents the years it is drawn under,
    and note the pages whose years changed (their parents' tables of contents show them)."""
    domain = cast(BlogDomain, env.get_domain("blog"))
    for docname in env.tocs:
        for folder, section in PAGE_SECTIONS.items():
            if docname.startswith(folder) and docname != f"{folder}index":
                key = docname.removeprefix(folder)
                records = _listed(domain, folder, key)
                wanted = section if section.endswith("-on-this-topic") else section + key
                if _add_years(env.tocs[docname], docname, wanted, by_year(records)):
                    domain.note_contents_changed([docname])
    return []


def _listed(domain: BlogDomain, folder: str, key: str) -> list[PostRecord]:
    if folder == "topics/":
        return domain.posts_on_topic(key)
    return domain.citing(key)


def _add_years(
    toc: nodes.Node, docname: str, section: str, groups: list[tuple[int, list[PostRecord]]]
) -> bool:
    """Put the years of *groups* under *section* in *toc*; True if they were not there."""
    for reference in toc.findall(nodes.reference):
        if reference.get("anchorname") != f"#{section}":
            continue
        item = cast(nodes.list_item, reference.parent.parent)
        olds = [child for child in item.children if isinstance(child, nodes.bullet_list)]
        before = [old.astext() for old in olds]
        for old in olds:
            item.remove(old)
        if len(groups) < 2:
            return bool(before)
        years = nodes.bullet_list()
        for year, group in groups:
            link = nodes.reference(
                "",
                heading(year, len(group)),
                internal=True,
                refuri=docname,
                anchorname=f"#{anchor(section, year)}",
            )
            years += nodes.list_item("", addnodes.compact_paragraph("", "", link))
        item.append(years)
        return before != [years.astext()]
    return False
