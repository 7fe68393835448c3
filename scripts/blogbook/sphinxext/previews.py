"""Previews of what a link leads to, shown on hover and keyboard focus (HTML only).

When an HTML build finishes, the book writes what a preview shows, from what it already
knows, into small files under ``_previews/`` that ``_static/previews.js`` fetches when a
reader first points at a link of their kind:

- ``terms.json``: each glossary term's definition;
- ``sources.json``: each source's label and short reference;
- ``topics.json``: each topic's title and introduction;
- ``posts-YYYY-MM.json``: each post's title, date and opening words, a file per month.

They are written again at every build, and a file only when its content changed, so a
preview never shows what a page said before an edit. E-books and the PDF get none.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, cast

from docutils import nodes
from sphinx.application import Sphinx

from blogbook.dates import long_date
from blogbook.sphinxext.context import ResolveContext
from blogbook.sphinxext.domain import BlogDomain
from blogbook.writer import write_if_changed

FOLDER = "_previews"
GLOSSARY = "glossary"


def on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name != "html":
        return
    folder = Path(app.outdir) / FOLDER
    for name, data in preview_files(app).items():
        write_if_changed(folder / name, json.dumps(data, ensure_ascii=False, sort_keys=True))


def preview_files(app: Sphinx) -> dict[str, dict[str, Any]]:
    domain = cast(BlogDomain, app.env.get_domain("blog"))
    files: dict[str, dict[str, Any]] = {
        "terms.json": glossary_definitions(app),
        "topics.json": {
            topic.docname: {"title": topic.title, "text": topic.summary}
            for topic in domain.topics.values()
        },
        "sources.json": {
            key: {"title": source.label, "text": source.short}
            for key, source in ResolveContext(app, GLOSSARY).sources.items()
        },
    }
    for record in domain.posts_in_order():
        month = f"posts-{record.date:%Y-%m}.json"
        files.setdefault(month, {})[record.docname] = {
            "title": record.title,
            "date": long_date(record.date),
            "text": record.opening,
        }
    return files


def glossary_definitions(app: Sphinx) -> dict[str, dict[str, str]]:
    """Each term's anchor on the glossary page -> the term and its definition."""
    if GLOSSARY not in app.env.all_docs:
        return {}
    found: dict[str, dict[str, str]] = {}
    for item in app.env.get_doctree(GLOSSARY).findall(nodes.definition_list_item):
        definition = next(item.findall(nodes.definition), None)
        text = " ".join(definition.astext().split()) if definition is not None else ""
        for term in item.findall(nodes.term):
            title = " ".join(term.astext().split())
            for anchor in term["ids"]:
                found[anchor] = {"title": title, "text": text}
    return found
