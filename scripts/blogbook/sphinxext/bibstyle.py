"""Author–date citations: "(Jay 2014)", "(Ofsted 2014a)", "(The Guardian 2014)".

Readers of a social-work blog expect author–date references, and several
sources share an author and a year (Ofsted's 2014 judgements), so labels are
disambiguated with letters. Who a source is "by": its ``shortauthor`` if the
entry gives one, else the surname(s) of its authors or its corporate author,
else the publication (``howpublished``, ``journal``, ``institution``).

The citation marker is ``\\u00a0(label)``: the no-break space belongs to the
marker, so the post's own text is unchanged when markers are set aside, and a
marker never wraps away from the words it follows.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Iterator

from pybtex.database import Entry
from pybtex.plugin import find_plugin, register_plugin
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.sorting import BaseSortingStyle
from sphinxcontrib.bibtex.plugin import register_plugin as register_bibtex_plugin
from sphinxcontrib.bibtex.style.referencing import BracketStyle
from sphinxcontrib.bibtex.style.referencing.label import LabelReferenceStyle

from blogbook.sources import as_text, plain

STYLE_NAME = "blogbook"
MAX_SHORT_WORDS = 40  # a source's line under a post


def _plain(latex: str) -> str:
    return as_text(latex)


def source_name(entry: Entry) -> str:
    """Who a source is by, as a reader would name it."""
    if "shortauthor" in entry.fields:
        return _plain(entry.fields["shortauthor"])
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    if people:
        surnames = [_plain(" ".join(p.prelast_names + p.last_names)) for p in people]
        if len(surnames) > 2:
            return f"{surnames[0]} et al."
        return " and ".join(surnames)
    for field in ("howpublished", "journal", "institution", "organization", "publisher"):
        if field in entry.fields:
            return _plain(entry.fields[field])
    return _plain(entry.fields.get("title", entry.key))


def short_reference(label: str, entry: Entry) -> str:
    """A source in one line of at most :data:`MAX_SHORT_WORDS` words: who, year, title
    and publisher; a title too long is cut short, with "…"."""
    fields = entry.fields
    who = source_name(entry)
    year = plain(fields.get("year", "n.d."))
    publisher = next(
        (plain(fields[f]) for f in ("howpublished", "institution", "journal") if f in fields), ""
    )
    head = f"{label}: {who}, {year}."
    tail = f" {publisher}." if publisher and publisher != who else ""
    title = plain(fields["title"]).rstrip(".") if "title" in fields else ""
    line = f"{head} {title}.{tail}" if title else head + tail
    if len(line.split()) <= MAX_SHORT_WORDS:
        return line
    room = MAX_SHORT_WORDS - len(head.split()) - len(tail.split()) - 1  # "…" is a word too
    if title and room >= 3:
        return f"{head} {' '.join(title.split()[:room])} ….{tail}"
    return " ".join(line.split()[: MAX_SHORT_WORDS - 1]).rstrip(".,;:") + " …"


def short_made_from(label: str, entry: Entry) -> str:
    """Everything :func:`short_reference` reads: the label, the fields and the people."""
    people = {role: [str(person) for person in persons] for role, persons in entry.persons.items()}
    return repr((label, sorted(entry.fields.items()), sorted(people.items())))


def _year(entry: Entry) -> str:
    return str(entry.fields.get("year", "n.d."))


class AuthorYearLabelStyle(BaseLabelStyle):  # type: ignore[misc]
    def format_labels(self, sorted_entries: Iterable[Entry]) -> Iterator[str]:
        labels = [f"{source_name(entry)} {_year(entry)}" for entry in sorted_entries]
        counts = Counter(labels)
        seen: Counter[str] = Counter()
        for label in labels:
            if counts[label] == 1:
                yield label
            else:
                seen[label] += 1
                yield label + "abcdefghijklmnopqrstuvwxyz"[(seen[label] - 1) % 26]


class AuthorYearSortingStyle(BaseSortingStyle):  # type: ignore[misc]
    """Sort by who, then year, then title: the order of the labels."""

    def sorting_key(self, entry: Entry) -> tuple[str, str, str]:
        title = _plain(entry.fields.get("title", entry.fields.get("howpublished", "")))
        return (source_name(entry).lower(), _year(entry), title.lower())


# Shown elsewhere on a source's page (its address, how it was checked), or not for readers.
_NOT_IN_REFERENCE = frozenset({"note", "url", "urldate", "unverified", "kind"})


class AuthorYearStyle(PlainStyle):  # type: ignore[misc]
    """pybtex's plain style, author–date, without the research notes and the address."""

    default_label_style = STYLE_NAME
    default_sorting_style = STYLE_NAME

    def format_entry(self, label: str, entry: Entry, bib_data: object = None) -> object:
        fields = {k: v for k, v in entry.fields.items() if k.lower() not in _NOT_IN_REFERENCE}
        shown = Entry(entry.type, fields=fields, persons=entry.persons)
        shown.key = entry.key
        return super().format_entry(label, shown, bib_data=bib_data)


def _marker_brackets() -> BracketStyle:
    return BracketStyle(left="\u00a0(", right=")", sep="; ", sep2="; ", last_sep="; ")


@dataclasses.dataclass
class AuthorYearReferenceStyle(LabelReferenceStyle):
    bracket_parenthetical: BracketStyle = dataclasses.field(default_factory=_marker_brackets)
    bracket_textual: BracketStyle = dataclasses.field(default_factory=_marker_brackets)


def register() -> None:
    """Make the styles known to pybtex and sphinxcontrib-bibtex (idempotent)."""
    register_plugin("pybtex.style.labels", STYLE_NAME, AuthorYearLabelStyle, force=True)
    register_plugin("pybtex.style.sorting", STYLE_NAME, AuthorYearSortingStyle, force=True)
    register_plugin("pybtex.style.formatting", STYLE_NAME, AuthorYearStyle, force=True)
    register_bibtex_plugin(
        "sphinxcontrib.bibtex.style.referencing", STYLE_NAME, AuthorYearReferenceStyle, force=True
    )
    _remember_installed_plugins()


# Looked up once per citation: sphinxcontrib-bibtex 2.6 asks pybtex for its plain-text
# backend in every resolve_xref.
_LOOKED_UP_OFTEN = (("pybtex.backends", "plaintext"),)


def _remember_installed_plugins() -> None:
    """pybtex reads every installed package's entry points on each look-up of an installed
    plugin (about 2 ms), but first checks the plugins registered at run time. Registering
    the very class the look-up finds changes no answer and makes each a dict read (about
    1.5 s of a clean 1,000-post build)."""
    for group, name in _LOOKED_UP_OFTEN:
        register_plugin(group, name, find_plugin(group, name), force=True)
