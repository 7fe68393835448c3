"""Where the sentences of a paragraph begin and end.

Used by the sources report (which sentences mention a source) and by the book (the
sentence in which a post cites a source, quoted on the source's page).
"""

from __future__ import annotations

import re

# A sentence ends at . ! ? or … (closing quotes stay with it) where the next one starts
# with a capital; "“… is relentless" is an ellipsis inside a sentence.
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)]*\s+(?=[\"“‘(]?[A-Z0-9])")


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of *text*."""
    spans = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((start, match.end()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans
