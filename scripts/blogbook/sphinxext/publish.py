"""The blog as data for researchers, and link previews.

At the end of an HTML build the book publishes ``posts.bib`` (every post as a
BibTeX entry, from :func:`blogbook.cite.bibtex_entry`, keys stable as long as
page names are) and ``posts.csv`` (date, title, topics, addresses) at its root.
The ``{data-file}`` role links to them. Post pages also get a description
for search engines and link previews: their opening words.
"""

from __future__ import annotations

import csv
import html
import io
from pathlib import Path
from typing import Any, cast

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxRole

from blogbook import slugs
from blogbook.cite import CitablePost, bibtex_entry
from blogbook.sphinxext.collect import page_url
from blogbook.sphinxext.config import blog_facts
from blogbook.sphinxext.domain import BlogDomain
from blogbook.sphinxext.placeholders import data_file

DATA_FILES = ("posts.bib", "posts.csv")
CSV_COLUMNS = ("date", "title", "topics", "address", "original_address")


def posts_bib(app: Sphinx) -> str:
    domain = cast(BlogDomain, app.env.get_domain("blog"))
    blog = blog_facts(app)
    entries = [
        bibtex_entry(
            CitablePost(
                key=slugs.post_bibtex_key(record.docname),
                title=record.title,
                date=record.date,
                book_url=page_url(app, record.docname),
                original_url=record.original_url,
            ),
            blog,
        )
        for record in domain.posts_in_order()
    ]
    return "\n".join(entries)


def posts_csv(app: Sphinx) -> str:
    domain = cast(BlogDomain, app.env.get_domain("blog"))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for record in domain.posts_in_order():
        writer.writerow(
            (
                record.date.isoformat(),
                record.title,
                ";".join(record.topics),
                page_url(app, record.docname),
                record.original_url or "",
            )
        )
    return out.getvalue()


def on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html" or app.builder.name == "epub":
        return
    for name, text in (("posts.bib", posts_bib(app)), ("posts.csv", posts_csv(app))):
        path = Path(app.outdir) / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")


def on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    domain = cast(BlogDomain, app.env.get_domain("blog"))
    record = domain.posts.get(pagename)
    if record is not None and record.opening:
        description = html.escape(record.opening, quote=True)
        context["metatags"] = context.get("metatags", "") + (
            f'<meta name="description" content="{description}" />\n'
        )


class DataFileRole(SphinxRole):
    """``{data-file}`posts.bib```: a link to a file the build publishes at its root."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        name = self.text.strip()
        if name not in DATA_FILES:
            message = self.inliner.reporter.error(
                f"unknown data file {name!r}; known: {', '.join(DATA_FILES)}", line=self.lineno
            )
            return [], [message]
        return [data_file(docname=self.env.docname, filename=name)], []


def resolve_data_file(app: Sphinx, node: data_file, fromdocname: str) -> nodes.Node:
    name = node["filename"]
    if app.builder.format == "html" and app.builder.name != "epub":
        to_root = app.builder.get_relative_uri(fromdocname, "index").removesuffix("index.html")
        uri = to_root + name
    else:  # PDF and EPUB readers get the published address
        uri = app.config.html_baseurl.rstrip("/") + "/" + name
    return nodes.reference(name, "", nodes.literal(name, name), refuri=uri)
