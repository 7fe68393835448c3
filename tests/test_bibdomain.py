"""The book's bibtex domain gives what sphinxcontrib-bibtex's own gives, on the real book.

:class:`~blogbook.sphinxext.bibdomain.BookBibtexDomain` finds a bibliography's entries
by an index of the citations and keeps formatted entries between builds; here each of
its methods is compared with sphinxcontrib-bibtex's on the environment of a real build,
under every kind of filter the bibliography directive makes.
"""

from __future__ import annotations

import ast
import pickle
from collections.abc import Iterable
from typing import Any, NoReturn

import pytest
from sphinxcontrib.bibtex.domain import BibtexDomain, get_docnames

from blogbook.sphinxext import bibdomain, bibstyle
from conftest import Build

pytestmark = pytest.mark.build

# Every source of the real book is cited: "not cited" would select none.
FORMAT = BibtexDomain.get_formatted_entries
FILTERS = ("True", "cited", 'type == "techreport"', 'title % "Ofsted" and cited')


@pytest.fixture
def domain(built_book: Build) -> bibdomain.BookBibtexDomain:
    bibstyle.register()
    doctrees = built_book.outdir.parent / f"doctrees-{built_book.outdir.name}"
    with (doctrees / "environment.pickle").open("rb") as file:
        env = pickle.load(file)
    return bibdomain.BookBibtexDomain(env)


def shown(formatted: Iterable[Any]) -> list[tuple[str, str, str]]:
    return [(entry.key, item.label, item.text.render_as("text")) for entry, item, _ in formatted]


def formats_again(*args: object) -> NoReturn:
    raise AssertionError("formatted again, though nothing changed")


@pytest.mark.parametrize("expression", FILTERS)
def test_each_method_gives_what_sphinxcontrib_bibtex_gives(
    domain: bibdomain.BookBibtexDomain, expression: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    [key] = domain.bibliographies  # the book's one bibliography (sources.md)
    value = domain.bibliographies[key]
    domain.bibliographies[key] = value._replace(filter_=ast.parse(expression))
    docnames = list(get_docnames(domain.env))
    assert len(domain.citation_refs) > 10

    ours = list(domain.get_all_cited_keys(docnames))
    assert ours == list(BibtexDomain.get_all_cited_keys(domain, docnames)) and ours
    ours_entries = list(domain.get_filtered_entries(key))
    assert ours_entries == list(BibtexDomain.get_filtered_entries(domain, key))
    theirs = shown(BibtexDomain.get_formatted_entries(domain, key, docnames, False, ""))
    assert shown(domain.get_formatted_entries(key, docnames, False, "")) == theirs
    monkeypatch.setattr(BibtexDomain, "get_formatted_entries", formats_again)
    assert shown(domain.get_formatted_entries(key, docnames, False, "")) == theirs  # kept
    everything = len(domain.bibdata.data.entries)
    assert 0 < len(theirs) <= everything
    assert (len(theirs) == everything) == (expression in ("True", "cited"))


def test_kept_formatting_follows_a_changed_entry(domain: bibdomain.BookBibtexDomain) -> None:
    [key] = domain.bibliographies
    docnames = list(get_docnames(domain.env))
    before = shown(domain.get_formatted_entries(key, docnames, False, ""))
    entry = domain.bibdata.data.entries["jay2014rotherham"]
    entry.fields["title"] = "Another title"
    after = shown(domain.get_formatted_entries(key, docnames, False, ""))
    assert after != before and any("Another title" in text for _, _, text in after)
    assert after == shown(BibtexDomain.get_formatted_entries(domain, key, docnames, False, ""))


def test_formatting_that_reports_a_problem_is_never_kept(
    domain: bibdomain.BookBibtexDomain, monkeypatch: pytest.MonkeyPatch
) -> None:
    [key] = domain.bibliographies
    docnames = list(get_docnames(domain.env))
    del domain.bibdata.data.entries["jay2014rotherham"].fields["title"]
    calls: list[int] = []

    def counted(*args: Any) -> Iterable[Any]:
        calls.append(1)
        return FORMAT(*args)

    monkeypatch.setattr(BibtexDomain, "get_formatted_entries", counted)
    for _ in range(2):  # each time formatted again, so its warning comes each time
        problems = [
            text
            for k, _, text in shown(domain.get_formatted_entries(key, docnames, False, ""))
            if k == "jay2014rotherham"
        ]
        assert problems == ["missing title in jay2014rotherham"]
    assert len(calls) == 2
