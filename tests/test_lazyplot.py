"""matplotlib loaded only to draw: the book's stand-in for matplotlib's plot extension.

What it registers is compared with what matplotlib's own ``setup`` registers, and a
Sphinx started on the real book is checked not to import matplotlib. The charts
themselves, drawn through it, are tested in ``test_figures.py``.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import types
from pathlib import Path
from typing import Any

import matplotlib
import pytest
from matplotlib.sphinxext import plot_directive

from blogbook.sphinxext import lazyplot
from conftest import ROOT, Build


class Recorder:
    """What an extension's ``setup`` asks of Sphinx."""

    def __init__(self) -> None:
        self.config: dict[str, tuple[Any, str]] = {}
        self.events: set[str] = set()
        self.handlers: set[tuple[str, Any]] = set()
        self.directives: dict[str, Any] = {}
        self.css: list[str] = []
        self.collectors = 0
        self.confdir = None

    def add_config_value(self, name: str, default: Any, rebuild: Any, *args: Any) -> None:
        self.config[name] = (default, "env" if rebuild is True else rebuild)

    def connect(self, event: str, handler: Any, *args: Any, **kwargs: Any) -> None:
        self.events.add(event)
        self.handlers.add((event, handler))

    def add_directive(self, name: str, directive: Any) -> None:
        self.directives[name] = directive

    def add_css_file(self, name: str, **kwargs: Any) -> None:
        self.css.append(name)

    def add_env_collector(self, collector: Any) -> None:
        self.collectors += 1


def registered(setup: Any) -> Recorder:
    app = Recorder()
    setup(app)
    return app


def test_it_registers_what_matplotlib_registers(monkeypatch: pytest.MonkeyPatch) -> None:
    # As if sphinxext-opengraph were loaded: its stand-in stays out of this process.
    opengraph = sys.modules.get("sphinxext.opengraph") or types.ModuleType("sphinxext.opengraph")
    monkeypatch.setitem(sys.modules, "sphinxext.opengraph", opengraph)
    ours, theirs = registered(lazyplot.setup), registered(plot_directive.setup)
    assert lazyplot.SOCIAL_CARDS not in sys.modules or hasattr(opengraph, "setup")
    assert ours.config == theirs.config
    assert ours.directives.keys() == theirs.directives.keys() == {"plot"}
    spec = theirs.directives["plot"].option_spec
    assert ours.directives["plot"].option_spec.keys() == spec.keys()
    assert ours.css == theirs.css and ours.collectors == theirs.collectors == 1
    # matplotlib copies its stylesheet once the build has finished; the book, before.
    assert ours.events - {"config-inited"} == theirs.events - {"build-finished"}
    assert ("config-inited", lazyplot.static_stylesheet) in ours.handlers
    assert lazyplot.stylesheet_folder() == Path(matplotlib.get_data_path()) / "plot_directive"


START = textwrap.dedent(
    """
    import sys
    from sphinx.application import Sphinx
    from sphinx.errors import ConfigError

    book, out = sys.argv[1], sys.argv[2]
    Sphinx(book, book, out + "/html", out + "/doctrees", "html", status=None)
    print("matplotlib loaded:", "matplotlib" in sys.modules)
    cards = {"ogp_social_cards": {"enable": True}}
    try:
        Sphinx(book, book, out + "/2", out + "/d2", "html", confoverrides=cards, status=None)
    except ConfigError as refused:
        print("refused:", refused)
    """
)


def test_sphinx_starts_on_the_book_without_matplotlib(real_book: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", START, str(real_book), str(tmp_path)],
        capture_output=True, text=True, check=False, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "matplotlib loaded: False"
    assert lines[1].startswith("refused: social cards need matplotlib as Sphinx starts")


PROJECT = {
    "conf.py": 'extensions = ["blogbook.sphinxext.lazyplot"]\n',
    "index.rst": textwrap.dedent(
        """
        Charts
        ======

        .. plot::
           :alt: A rising line
           :include-source: false

           import matplotlib.pyplot as plt
           plt.plot([1, 2, 3])

        .. plot::
           :include-source: perhaps

           import matplotlib.pyplot as plt
           plt.plot([3, 2, 1])
        """
    ),
}


def test_options_are_read_as_matplotlib_reads_them(tmp_path: Path) -> None:
    for name, text in PROJECT.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", str(tmp_path), str(tmp_path / "out")],
        capture_output=True, text=True, check=False,
        env={"PYTHONPATH": str(ROOT / "scripts"), "PATH": ""},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    [problem] = [line for line in done.stderr.splitlines() if "ERROR" in line]
    message = 'index.rst:12: ERROR: invalid value of option "include-source" of "plot":'
    assert problem.endswith(f"{message} 'perhaps' unknown boolean [docutils]")
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert page.count("<img") == 1 and 'alt="A rising line"' in page
    assert "plt.plot" not in page  # include-source: false, read as a boolean


@pytest.mark.build
def test_a_page_with_a_chart_is_stored_without_the_build_environment(built_book: Build) -> None:
    """MyST parses the ``eval-rst`` block that draws a chart in a document of its own,
    which holds the build environment: the page's stored doctree must not carry it,
    else every write of the page unpickles it."""
    doctrees = built_book.outdir.parent / f"doctrees-{built_book.outdir.name}"
    for name in ("posts/index", "topics/care-orders"):
        stored = (doctrees / f"{name}.doctree").read_bytes()
        assert b"figure" in stored, name  # the chart is there...
        assert b"BuildEnvironment" not in stored, name  # ...and not the environment
        assert len(stored) < 100_000, name
