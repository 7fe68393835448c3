"""The theme's templates, compiled once and kept between builds (sphinxext/templatecache.py).

A small book on Sphinx's basic theme, built three times in this process, each time by
a new Sphinx: the first compiles its templates, the second compiles none and writes
the same pages, and after a template is edited the third compiles that one again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
import pytest
from sphinx.application import Sphinx

from conftest import ROOT

CONF = f"""\
import sys
sys.path.insert(0, {str(ROOT / "scripts")!r})
from blogbook.sphinxext import templatecache

def setup(app):
    app.connect("builder-inited", templatecache.keep_compiled_templates)

project = "Templates"
html_theme = "basic"
templates_path = ["_templates"]
"""

LAYOUT = '{% extends "!layout.html" %}{% block footer %}MARK{% endblock %}\n'


def build(book: Path, out: Path) -> dict[str, str]:
    app = Sphinx(book, book, out / "html", out / "doctrees", "html", status=None, warning=None)
    app.build()
    # Templates are not checked on the disk again each time a page uses them.
    assert app.builder.templates.environment.auto_reload is False  # type: ignore[attr-defined]
    return {p.name: p.read_text(encoding="utf-8") for p in (out / "html").glob("*.html")}


def test_templates_are_compiled_once_and_again_when_edited(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = tmp_path / "book"
    (book / "_templates").mkdir(parents=True)
    (book / "conf.py").write_text(CONF, encoding="utf-8")
    (book / "index.rst").write_text("Home\n====\n\nText.\n", encoding="utf-8")
    (book / "_templates" / "layout.html").write_text(LAYOUT, encoding="utf-8")
    compiled: list[str | None] = []
    compile_template = jinja2.Environment.compile

    def counting(self: jinja2.Environment, source: str, name: str | None = None, *rest: Any) -> Any:
        compiled.append(name)
        return compile_template(self, source, name, *rest)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    first = build(book, tmp_path / "first")
    assert "layout.html" in compiled and "MARK" in first["index.html"]
    assert list((tmp_path / "first" / "doctrees" / "jinja-templates").rglob("*.cache"))
    compiled.clear()
    assert build(book, tmp_path / "first") == first  # same doctrees: the kept templates
    assert [name for name in compiled if name] == []
    (book / "_templates" / "layout.html").write_text(LAYOUT.replace("MARK", "EDITED"), "utf-8")
    again = build(book, tmp_path / "first")
    assert [name for name in compiled if name] == ["layout.html"]
    assert "EDITED" in again["index.html"]
