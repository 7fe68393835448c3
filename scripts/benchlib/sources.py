"""Synthetic sources: invented reports, inspections, articles and judgments, with their cues.

:func:`generate_sources` draws a catalogue of *count* sources from a seed. Each has a
key (``synth042ashford``), a kind from the book's list of kinds (:data:`KINDS`), who it is
by, a title, a year, and one cue phrase. Every source is about a place of its own, an
invented town whose name is in its cue, so no cue occurs inside another cue or in the
corpus's words: a cue cites exactly where the generator put it.

:func:`bibtex` writes sources as ``references.bib`` entries that the book's pybtex style
formats without a missing field (``techreport`` with an institution, ``article`` with a
journal, ``book`` with a publisher, ``misc`` with ``howpublished``), each with a
``kind = {...}`` field. :func:`editorial_cues` writes the ``sources:`` section of the
editorial layer. :func:`pick_sources` chooses what one post cites: 1 to 4 sources for
most posts, published no later than the post's year, popular sources more often
(a few reports are discussed again and again, most once or twice).

Same seed, same catalogue. The facts are invented: these entries are for the benchmark
and the tests, never for the book.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from string import Template

# The kinds of references.bib (issue 13), each with its share of the catalogue.
KIND_SHARES = (
    ("inquiry", 0.10),
    ("inspection", 0.22),
    ("statistics", 0.12),
    ("article", 0.24),
    ("government", 0.10),
    ("legislation", 0.03),
    ("judgment", 0.05),
    ("book", 0.03),
    ("blog", 0.08),
    ("other", 0.03),
)
KINDS = tuple(kind for kind, _ in KIND_SHARES)
FIRST_YEAR, LAST_YEAR = 2006, 2018  # sources a post of 2009-2018 may discuss
SOURCES_PER_POST = ((0, 0.15), (1, 0.30), (2, 0.25), (3, 0.18), (4, 0.12))
POPULARITY_SPREAD = 10  # the most cited source is cited (count / SPREAD + 1) times the least

_PLACE_STARTS = (
    "Ash", "Brack", "Cal", "Dun", "Eld", "Fern", "Glen", "Hol", "Ink", "Kel", "Lang", "Mar",
    "Nor", "Oak", "Pen", "Quar", "Ray", "Stan", "Thorn", "Ul", "Vel", "Wick", "Yar", "Zel",
    "Brom", "Cress", "Dray", "Fox", "Gar", "Hesk",
)  # fmt: skip
_PLACE_ENDS = (
    "ford", "ley", "ton", "bury", "field", "wick", "by", "ham", "mouth", "stead", "combe",
    "worth", "dale", "minster",
)  # fmt: skip
_SURNAMES = (
    "Ashdown", "Barlow", "Carrick", "Denholm", "Ellery", "Fairbairn", "Gilchrist", "Hartley",
    "Ingram", "Jessop", "Kendrick", "Lowther", "Maddox", "Nettleton", "Oldroyd", "Pennock",
    "Quayle", "Redfern", "Sowerby", "Thwaite", "Underhill", "Venables", "Whitlock", "Yeadon",
)  # fmt: skip
_GIVEN = ("Alison", "Brian", "Carol", "David", "Eileen", "Frank", "Gillian", "Hugh", "Irene")
_OUTLETS = ("Community Care", "The Guardian", "Children and Young People Now", "BBC News")

# Per kind: the BibTeX type, the fields ($place, $person, $year, $outlet filled in) and the
# cue. Double braces keep a title's or a corporate author's capitals, as references.bib does.
_ENTRY_TEMPLATES: dict[str, tuple[str, tuple[tuple[str, str], ...], str]] = {
    "inquiry": (
        "techreport",
        (
            ("author", "$person"),
            ("title", "{Independent Inquiry into Child Protection in $place}"),
            ("institution", "{$place Council}"),
        ),
        "the independent inquiry in $place",
    ),
    "inspection": (
        "techreport",
        (
            ("author", "{Ofsted}"),
            (
                "title",
                "{Inspection of Services for Children in Need of Help and Protection: $place}",
            ),
            ("institution", "{Ofsted}"),
        ),
        "Ofsted’s inspection of $place",
    ),
    "statistics": (
        "techreport",
        (
            ("author", "{Department for Education}"),
            ("shortauthor", "DfE"),
            ("title", "{Children Looked After in $place, Year Ending 31 March $year}"),
            ("institution", "{Department for Education}"),
        ),
        "the latest figures for $place",
    ),
    "article": (
        "article",
        (
            ("author", "$person"),
            ("title", "{Social Workers in $place Speak Out}"),
            ("journal", "$outlet"),
        ),
        "an article about $place in $outlet",
    ),
    "government": (
        "misc",
        (
            ("author", "{Department for Education}"),
            ("title", "{Children’s Services in $place: Statutory Direction}"),
            ("howpublished", "GOV.UK"),
        ),
        "the direction issued to $place",
    ),
    "legislation": (
        "misc",
        (
            ("title", "{The $place Children’s Trust Order $year}"),
            ("howpublished", "legislation.gov.uk"),
        ),
        "the $place Order",
    ),
    "judgment": (
        "misc",
        (
            ("title", "{Re $place (A Child)}"),
            ("howpublished", "{England and Wales High Court (Family Division)}"),
        ),
        "the judgment in Re $place",
    ),
    "book": (
        "book",
        (
            ("author", "$person"),
            ("title", "{Protecting Children in $place}"),
            ("publisher", "Policy Press"),
        ),
        "the book about $place",
    ),
    "blog": (
        "misc",
        (
            ("author", "$person"),
            ("title", "{Notes from $place}"),
            ("howpublished", "A Social Worker’s Blog"),
        ),
        "a blog post from $place",
    ),
    "other": (
        "misc",
        (
            ("title", "{$place Safeguarding Leaflet}"),
            ("howpublished", "{$place Safeguarding Children Board}"),
        ),
        "the leaflet from $place",
    ),
}


@dataclass(frozen=True, kw_only=True)
class SynthSource:
    key: str
    kind: str  # one of KINDS
    entry_type: str  # the BibTeX entry type
    fields: tuple[tuple[str, str], ...]  # BibTeX fields besides year and kind, in order
    year: int
    cue: str  # the phrase that cites it
    weight: float  # how often posts cite it, relative to the others


def places(rng: random.Random, count: int) -> list[str]:
    """*count* invented town names, all different."""
    every = [start + end for start, end in itertools.product(_PLACE_STARTS, _PLACE_ENDS)]
    if count > len(every):
        raise ValueError(f"at most {len(every)} synthetic sources, not {count}")
    return rng.sample(every, count)


def generate_sources(count: int, *, seed: int) -> tuple[SynthSource, ...]:
    """A catalogue of *count* sources; the same *seed* gives the same catalogue."""
    rng = random.Random(f"benchlib.sources-{seed}")
    ranks = rng.sample(range(count), count)  # 0: the most cited
    return tuple(
        _source(number, place, rank, rng)
        for number, (place, rank) in enumerate(zip(places(rng, count), ranks, strict=True), 1)
    )


def _source(number: int, place: str, rank: int, rng: random.Random) -> SynthSource:
    kind = rng.choices(KINDS, [share for _, share in KIND_SHARES])[0]
    entry_type, fields, cue = _ENTRY_TEMPLATES[kind]
    year = rng.randint(FIRST_YEAR, LAST_YEAR)
    values = {
        "place": place,
        "person": f"{rng.choice(_SURNAMES)}, {rng.choice(_GIVEN)}",
        "year": str(year),
        "outlet": rng.choice(_OUTLETS),
    }
    return SynthSource(
        key=f"synth{number:03d}{place.lower()}",
        kind=kind,
        entry_type=entry_type,
        fields=tuple((name, Template(text).substitute(values)) for name, text in fields),
        year=year,
        cue=Template(cue).substitute(values),
        weight=1 / (1 + rank / POPULARITY_SPREAD),
    )


def _weighted_count(rng: random.Random) -> int:
    values = [value for value, _ in SOURCES_PER_POST]
    return rng.choices(values, [weight for _, weight in SOURCES_PER_POST])[0]


def pick_sources(
    catalogue: Sequence[SynthSource], year: int, rng: random.Random
) -> tuple[SynthSource, ...]:
    """What a post of *year* cites: none, or 1 to 4 sources of that year or earlier."""
    eligible = [source for source in catalogue if source.year <= year]
    wanted = min(_weighted_count(rng), len(eligible))
    weights = [source.weight for source in eligible]
    chosen: list[SynthSource] = []
    while len(chosen) < wanted:
        source = rng.choices(eligible, weights)[0]
        if source not in chosen:
            chosen.append(source)
    return tuple(chosen)


def bibtex(sources: Iterable[SynthSource]) -> str:
    """The entries of *sources*, as references.bib writes them."""
    entries = []
    for source in sources:
        fields = [
            *source.fields,
            ("year", str(source.year)),
            ("kind", source.kind),
            ("note", "Invented for the benchmark (scripts/benchlib/sources.py)."),
        ]
        width = max(len(name) for name, _ in fields)
        lines = [f"  {name.ljust(width)} = {{{value}}}," for name, value in fields]
        entries.append(f"@{source.entry_type}{{{source.key},\n" + "\n".join(lines) + "\n}\n")
    return "\n".join(entries)


def editorial_cues(sources: Iterable[SynthSource]) -> dict[str, list[dict[str, str]]]:
    """The ``sources:`` section of the editorial layer for *sources*: key -> its cues."""
    return {source.key: [{"cue": source.cue}] for source in sources}
