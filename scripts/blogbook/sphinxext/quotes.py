"""The sentences in which a post cites its sources, read from the post's doctree.

A source's page quotes, under each post that cites it, the sentence that holds the
citation marker: the author's words as the page shows them (line breaks as spaces),
split where the marker stands, so that the page can mark the place.
"""

from __future__ import annotations

from dataclasses import dataclass

from docutils import nodes
from sphinx import addnodes

from blogbook.sentences import sentences


@dataclass(frozen=True, kw_only=True)
class CitedSentence:
    key: str
    before: str  # the sentence up to the citation marker
    after: str  # the rest of the sentence


def cite_keys(xref: addnodes.pending_xref) -> list[str]:
    return [key.strip() for key in xref["reftarget"].split(",") if key.strip()]


def is_citation(node: nodes.Node) -> bool:
    return isinstance(node, addnodes.pending_xref) and node.get("refdomain") == "cite"


def cited_sentences(doctree: nodes.document) -> tuple[CitedSentence, ...]:
    """Each citation of the post, in reading order, with its sentence."""
    found: list[CitedSentence] = []
    for paragraph in doctree.findall(nodes.paragraph):
        if next(paragraph.findall(is_citation), None) is None:
            continue
        parts: list[str] = []
        marks: list[tuple[int, list[str]]] = []
        _walk(paragraph, parts, marks)
        text = "".join(parts)
        for offset, keys in marks:
            start, end = _sentence_at(text, offset)
            before = " ".join(text[start:offset].split())
            after = " ".join(text[offset:end].split())
            found += [CitedSentence(key=key, before=before, after=after) for key in keys]
    return tuple(found)


def _walk(node: nodes.Element, parts: list[str], marks: list[tuple[int, list[str]]]) -> None:
    for child in node.children:
        if is_citation(child):
            marks.append((sum(map(len, parts)), cite_keys(child)))  # type: ignore[arg-type]
        elif isinstance(child, nodes.raw):
            parts.append(" ")  # a line break
        elif isinstance(child, nodes.Text):
            parts.append(str(child))
        elif isinstance(child, nodes.Element):
            _walk(child, parts, marks)


def _sentence_at(text: str, offset: int) -> tuple[int, int]:
    """The sentence a marker at *offset* (between two characters) belongs to: the one
    that ends at or after it, since a marker follows the words it cites."""
    for start, end in sentences(text):
        if start < offset <= end:
            return start, end
    return 0, len(text)
