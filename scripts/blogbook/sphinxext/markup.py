"""HTML as docutils' HTML writer writes it, for lists drawn as markup (HTML builds only).

A list of hundreds of entries costs more as nodes, made then walked by the writer, than
as the markup they come to; these helpers write that markup character for character:
text escaped as the writer escapes it, and internal links as
:func:`sphinx.util.nodes.make_refnode` makes them and the writer writes them.
"""

from __future__ import annotations

import re

from docutils.writers.html5_polyglot import HTMLTranslator

from blogbook.sphinxext.context import ResolveContext

# The characters docutils' HTML writer escapes in text and attribute values, from its own table.
_SPECIAL = HTMLTranslator.special_characters
_ATTRIBUTE_WHITESPACE = re.compile("[\n\r\t\v\f]")


def text(value: str) -> str:
    return value.translate(_SPECIAL)


def attribute(value: str) -> str:
    return text(_ATTRIBUTE_WHITESPACE.sub(" ", value))


def link(context: ResolveContext, todocname: str, title: str) -> str:
    """``context.link(todocname, title)`` as the HTML writer writes it."""
    uri = context.app.builder.get_relative_uri(context.fromdocname, todocname)
    titled = f' title="{attribute(title)}"' if title else ""
    return (
        f'<a class="reference internal" href="{attribute(uri or "#")}"{titled}>'
        f"<span>{text(title)}</span></a>"
    )
