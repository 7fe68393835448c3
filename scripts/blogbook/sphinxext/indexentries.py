"""``{index-entries}``: a paragraph's index entries, one per line, under one target.

The converter puts one before each paragraph that names an index entry. Sphinx's
``index`` directive would do, but MyST gives a directive one line of arguments, and one
directive per entry leaves every target but the last empty (search results for them
have no text to show). Written as rST inside ``{eval-rst}`` it parses a whole rST
document per paragraph, about a millisecond each: a second or more of a book's reading.
"""

from __future__ import annotations

from docutils.nodes import Node
from sphinx.domains.index import IndexDirective


class IndexEntriesDirective(IndexDirective):
    """Sphinx's ``index`` directive, its entries (``single: Ofsted``) read from its lines."""

    has_content = True
    required_arguments = 0
    final_argument_whitespace = False

    def run(self) -> list[Node]:
        self.arguments = ["\n".join(line.strip() for line in self.content if line.strip())]
        return super().run()
