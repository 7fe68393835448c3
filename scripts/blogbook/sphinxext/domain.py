"""What the book knows about its posts and topics, kept in a Sphinx domain.

Modelled on ``sphinx.ext.todo``: records are collected while each document is
read and merged from parallel readers (:meth:`BlogDomain.merge_domaindata`),
dropped when a document is re-read (:meth:`BlogDomain.clear_doc`), and only
used to draw lists when documents are resolved, when every record is known.

Records change only through the domain's methods, which forget what was worked out
from them (the order of the posts, who cites what): every page asks for those while
pages are written, so they are worked out once a build, not once a page.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass
from typing import Any, ClassVar

from sphinx.domains import Domain

from blogbook.sphinxext.quotes import CitedSentence


@dataclass(frozen=True, kw_only=True)
class PostRecord:
    docname: str
    title: str
    title_source: str
    date: datetime.date
    order_in_day: int
    topics: tuple[str, ...]
    opening: str  # the first words of the post, for lists and link previews
    original_url: str | None
    cited_keys: tuple[str, ...]  # in the order the post first cites them
    citations: tuple[CitedSentence, ...] = ()  # each citation with its sentence
    related: tuple[str, ...] = ()  # docnames of related posts (chosen by the converter)

    @property
    def sort_key(self) -> tuple[datetime.date, int, str]:
        return (self.date, self.order_in_day, self.docname)


@dataclass(frozen=True, kw_only=True)
class TopicRecord:
    docname: str
    slug: str
    title: str
    summary: str  # the first paragraph of the topic page


@dataclass(frozen=True, kw_only=True)
class Snapshot:
    """The records as they stood before a build read anything (see ``incremental``)."""

    posts: frozenset[PostRecord] = frozenset()
    topics: frozenset[TopicRecord] = frozenset()


class BlogDomain(Domain):
    name = "blog"
    label = "Blog posts and topics"
    data_version = 2
    initial_data: ClassVar[dict[str, Any]] = {
        "posts": {},
        "topics": {},
        "listings": {},
        "formatted_sources": {},
    }

    @property
    def posts(self) -> dict[str, PostRecord]:
        return self.data["posts"]  # type: ignore[no-any-return]

    @property
    def topics(self) -> dict[str, TopicRecord]:
        return self.data["topics"]  # type: ignore[no-any-return]

    @property
    def listings(self) -> dict[str, set[str]]:
        """Documents whose content is drawn from other documents' records, each with the
        scopes of what it shows (see :mod:`blogbook.sphinxext.incremental`)."""
        return self.data["listings"]  # type: ignore[no-any-return]

    @property
    def formatted_sources(self) -> dict[str, str]:
        """Each source's reference as the last build formatted it (see ``incremental``)."""
        return self.data["formatted_sources"]  # type: ignore[no-any-return]

    @formatted_sources.setter
    def formatted_sources(self, value: dict[str, str]) -> None:
        self.data["formatted_sources"] = value

    @property
    def short_references(self) -> dict[str, tuple[str, str]]:
        """Each source's short reference, with what it was made from (see ``context``)."""
        return self.data.setdefault("short_references", {})  # type: ignore[no-any-return]

    @short_references.setter
    def short_references(self, value: dict[str, tuple[str, str]]) -> None:
        self.data["short_references"] = value

    def note_listing(self, docname: str, scope: str) -> None:
        self.listings.setdefault(docname, set()).add(scope)

    def snapshot(self) -> Snapshot:
        return Snapshot(
            posts=frozenset(self.posts.values()), topics=frozenset(self.topics.values())
        )

    # The snapshot lives on the domain object for one build, not in its pickled data.
    def take_snapshot(self) -> None:
        self._before = self.snapshot()

    def pop_snapshot(self) -> Snapshot:
        before: Snapshot = getattr(self, "_before", Snapshot())
        self._before = Snapshot()
        return before

    # Pages whose title or contents (as toctrees show them) differ from the last build's:
    # those whose contents gained or lost a year (see ``years``), and, of the pages read
    # again, those whose title or contents read otherwise (see ``incremental``), each
    # noted with what its parents showed of it before reading. On the domain object, for
    # one build, like the snapshot.
    def note_contents_changed(self, docnames: Iterable[str]) -> None:
        vars(self).setdefault("_contents_changed", set()).update(docnames)

    def pop_contents_changed(self) -> set[str]:
        changed: set[str] = vars(self).pop("_contents_changed", set())
        return changed

    def note_read_again(self, shown_before: Mapping[str, str | None]) -> None:
        vars(self).setdefault("_shown_before", {}).update(shown_before)

    def pop_read_again(self) -> dict[str, str | None]:
        shown_before: dict[str, str | None] = vars(self).pop("_shown_before", {})
        return shown_before

    # Whether the pages Sphinx writes beside the documents may be left as the last build
    # wrote them (an ``extrapages.Verdict``, noted before writing); for one build.
    extra_pages: object = None

    def note_post(self, record: PostRecord) -> None:
        self.posts[record.docname] = record
        self._worked_out.clear()

    def note_topic(self, record: TopicRecord) -> None:
        self.topics[record.docname] = record
        self._worked_out.clear()

    def clear_doc(self, docname: str) -> None:
        self.posts.pop(docname, None)
        self.topics.pop(docname, None)
        self.listings.pop(docname, None)
        self._worked_out.clear()

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            if docname in otherdata["posts"]:
                self.posts[docname] = otherdata["posts"][docname]
            if docname in otherdata["topics"]:
                self.topics[docname] = otherdata["topics"][docname]
            if docname in otherdata["listings"]:
                self.listings[docname] = otherdata["listings"][docname]
        self._worked_out.clear()

    @property
    def _worked_out(self) -> dict[str, Any]:
        """What was worked out from the records, for as long as they stay as they are
        (on the domain object, for one build: not in its pickled data)."""
        worked_out: dict[str, Any] = vars(self).setdefault("_worked_out_from_records", {})
        return worked_out

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[Any]:
        return []  # the domain has data, not cross-reference targets

    # --- queries used while resolving -------------------------------------------------

    def posts_in_order(self) -> list[PostRecord]:
        """Every post, oldest first."""
        return list(self._order()[0])

    def position(self, docname: str) -> int | None:
        """Where the post *docname* stands in :meth:`posts_in_order`."""
        return self._order()[1].get(docname)

    def _order(self) -> tuple[tuple[PostRecord, ...], dict[str, int]]:
        if "order" not in self._worked_out:
            ordered = tuple(sorted(self.posts.values(), key=lambda record: record.sort_key))
            positions = {record.docname: at for at, record in enumerate(ordered)}
            self._worked_out["order"] = (ordered, positions)
        return self._worked_out["order"]  # type: ignore[no-any-return]

    def citing(self, key: str) -> list[PostRecord]:
        """The posts that cite *key*, oldest first."""
        if "citing" not in self._worked_out:
            index: dict[str, list[PostRecord]] = {}
            for record in self.posts_in_order():
                for cited in record.cited_keys:
                    index.setdefault(cited, []).append(record)
            self._worked_out["citing"] = index
        return list(self._worked_out["citing"].get(key, []))

    def posts_on_topic(self, slug: str) -> list[PostRecord]:
        return [record for record in self.posts_in_order() if slug in record.topics]

    def topic_by_slug(self, slug: str) -> TopicRecord | None:
        return next((topic for topic in self.topics.values() if topic.slug == slug), None)
