"""The theme's CSS selections without compiling Soup Sieve's parser, for a whole ``make html`` run.

pydata-sphinx-theme 0.20 finds elements of the sidebar's navigation and of the page's
contents with Beautiful Soup's ``select``, which hands each selector to Soup Sieve. Soup
Sieve compiles the regular expressions of its CSS parser the first time a process
parses a selector, 0.12-0.3 s (its patterns, case-insensitive over all of Unicode, are
slow for Python's ``re`` to compile), before every first page with a sidebar: on the
critical path of an edit whose lists of posts are written again, and once more in each
process writing a clean build.

The theme's selectors, and the book's, are simple: tag names and classes, joined by the
child combinator (``li.toctree-l0 > details``). :func:`select` and :func:`select_one`
match these themselves, with CSS's meaning (a class among the element's classes, each
element's parents checked up the tree, the elements found in document order, the
element searched from left out), and hand any other selector, or any option, to
Beautiful Soup as before. ``scripts/sphinx_build.py`` applies them for as long as
Sphinx runs (:func:`selecting_faster`); tests check that they find what Soup Sieve finds.
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from bs4 import ResultSet
from bs4.element import Tag

# A compound selector of a tag name and classes, or classes alone (CSS identifiers in
# ASCII: anything else goes to Soup Sieve).
_COMPOUND = re.compile(r"(?P<tag>[a-z][a-z0-9]*)?(?P<classes>(?:\.-?[A-Za-z_][A-Za-z0-9_-]*)*)")


@dataclass(frozen=True)
class Compound:
    tag: str | None  # None: any element
    classes: frozenset[str]

    def matches(self, element: Tag) -> bool:
        if self.tag is not None and element.name != self.tag:
            return False
        return not self.classes or self.classes <= _classes(element)


def _classes(element: Tag) -> frozenset[str]:
    # A parsed page's classes are a list; a tag the theme makes itself may have a string.
    value = element.get("class")
    if value is None:
        return frozenset()
    return frozenset(value.split() if isinstance(value, str) else value)


@functools.lru_cache(maxsize=64)
def parse(selector: str) -> tuple[Compound, ...] | None:
    """*selector* as compounds, each the child of the one before; None if it is not
    made only of tag names and classes joined by ``>``."""
    chain = []
    for part in selector.split(">"):
        found = _COMPOUND.fullmatch(part.strip())
        if found is None or not (found["tag"] or found["classes"]):
            return None
        classes = frozenset(filter(None, found["classes"].split(".")))
        chain.append(Compound(found["tag"], classes))
    return tuple(chain)


def _matches(element: Tag, chain: tuple[Compound, ...]) -> bool:
    current: Any = element
    for compound in reversed(chain):
        if not isinstance(current, Tag) or not compound.matches(current):
            return False
        current = current.parent
    return True


def _found(scope: Tag, chain: tuple[Compound, ...], limit: int) -> list[Tag]:
    found = []
    for element in scope.descendants:
        if isinstance(element, Tag) and _matches(element, chain):
            found.append(element)
            if len(found) == limit:
                break
    return found


_SOUP_SIEVE_SELECT = Tag.select
_SOUP_SIEVE_SELECT_ONE = Tag.select_one


def select(
    self: Tag, selector: str, namespaces: Any = None, limit: int | None = 0, **kwargs: Any
) -> ResultSet[Tag]:
    """``Tag.select``: a simple selector matched here, any other by Soup Sieve."""
    chain = parse(selector) if isinstance(selector, str) else None
    if chain is None or namespaces is not None or kwargs:
        return _SOUP_SIEVE_SELECT(self, selector, namespaces, limit or 0, **kwargs)
    return ResultSet(None, _found(self, chain, limit or 0))


def select_one(self: Tag, selector: str, namespaces: Any = None, **kwargs: Any) -> Tag | None:
    """``Tag.select_one``: a simple selector matched here, any other by Soup Sieve."""
    chain = parse(selector) if isinstance(selector, str) else None
    if chain is None or namespaces is not None or kwargs:
        return _SOUP_SIEVE_SELECT_ONE(self, selector, namespaces, **kwargs)
    found = _found(self, chain, 1)
    return found[0] if found else None


@contextlib.contextmanager
def selecting_faster() -> Iterator[None]:
    """Beautiful Soup's ``select`` and ``select_one`` as :func:`select` and
    :func:`select_one`."""
    saved = Tag.select, Tag.select_one
    Tag.select, Tag.select_one = select, select_one  # type: ignore[method-assign]
    try:
        yield
    finally:
        Tag.select, Tag.select_one = saved  # type: ignore[method-assign]
