"""Pages read without docutils' and PyYAML's fixed costs read the same (``fastread``).

``make html`` reads pages with docutils' settings made from option parsers built once,
and front matter parsed by LibYAML. Each page must still get settings of its own, equal
to those Sphinx and MyST-Parser make, and every page of the book the same front matter.
"""

from __future__ import annotations

import pytest
import sphinx.util.docutils
import yaml
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser as RSTParser
from docutils.readers import standalone
from myst_parser.mdit_to_docutils import base
from myst_parser.parsers.sphinx_ import MystParser

from blogbook.sphinxext import fastread
from conftest import ROOT

SPHINX_DEFAULTS = {"traceback": True, "input_encoding": "utf-8-sig", "smartquotes_locales": []}


def settings_of(values: object) -> dict[str, object]:
    """Every setting, the record of dependencies (a new object each time) by its kind."""
    found = dict(vars(values))
    found["record_dependencies"] = type(found["record_dependencies"])
    return found


def test_sphinx_settings_are_those_sphinx_makes_and_new_for_each_page() -> None:
    made_once = fastread.SettingsOnce()
    components = (standalone.Reader, MystParser())
    pages = [
        made_once(*components, defaults=SPHINX_DEFAULTS, read_config_files=True) for _ in range(3)
    ]
    own = sphinx.util.docutils._get_settings(
        *components, defaults=SPHINX_DEFAULTS, read_config_files=True
    )
    assert all(settings_of(page) == settings_of(own) for page in pages)
    assert len({id(page) for page in pages}) == 3  # a page's settings are its own
    pages[0].report_level = 5
    pages[0].record_dependencies.add("somewhere.txt")
    later = made_once(*components, defaults=SPHINX_DEFAULTS, read_config_files=True)
    assert settings_of(later) == settings_of(own) and not later.record_dependencies.list


def test_other_defaults_make_other_settings() -> None:
    made_once = fastread.SettingsOnce()
    components = (standalone.Reader, MystParser())
    first = made_once(*components, defaults=SPHINX_DEFAULTS)
    other = made_once(*components, defaults={**SPHINX_DEFAULTS, "input_encoding": "latin-1"})
    assert (first.input_encoding, other.input_encoding) == ("utf-8-sig", "latin-1")
    locales: list[str] = []  # equal to the first list, but another one: built again
    again = made_once(*components, defaults={**SPHINX_DEFAULTS, "smartquotes_locales": locales})
    assert again.smartquotes_locales is locales
    reader_alone = made_once(standalone.Reader, defaults=SPHINX_DEFAULTS)
    assert not hasattr(reader_alone, "syntax_highlight")  # a parser's setting


def test_mysts_default_settings_are_docutils_own() -> None:
    pages = [fastread.default_settings(RSTParser) for _ in range(2)]
    assert settings_of(pages[0]) == settings_of(get_default_settings(RSTParser))
    assert pages[0] is not pages[1]


def front_matters() -> list[str]:
    pages = [*ROOT.glob("*.md"), *ROOT.glob("topics/*.md"), *ROOT.glob("posts/**/*.md")]
    texts = [p.read_text(encoding="utf-8") for p in sorted(pages)]
    return [text.split("---\n")[1] for text in texts if text.startswith("---\n")]


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML without LibYAML reads as it is")
def test_libyaml_reads_every_front_matter_of_the_book_alike() -> None:
    texts = front_matters()
    assert len(texts) > 20
    tricky = 'a: 2014-08-28\nb: "x: y"\nc: yes\nd: [1, 2.5, null]\ne: "\\u00e9 — ‘q’"\nf: |\n  two\n  lines\n'
    for text in [*texts, tricky]:
        assert fastread.safe_load_with_libyaml(text) == yaml.safe_load(text), text
    with pytest.raises(yaml.YAMLError):
        fastread.safe_load_with_libyaml("a: [unclosed\n")


def test_reading_faster_puts_everything_back() -> None:
    before = (sphinx.util.docutils._get_settings, base.get_default_settings, yaml.safe_load)
    with fastread.reading_faster():
        assert isinstance(sphinx.util.docutils._get_settings, fastread.SettingsOnce)
        assert base.get_default_settings is fastread.default_settings
        assert yaml.safe_load is (
            fastread.safe_load_with_libyaml if yaml.__with_libyaml__ else before[2]
        )
    assert (sphinx.util.docutils._get_settings, base.get_default_settings, yaml.safe_load) == before
