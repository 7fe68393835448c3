"""matplotlib's plot directive, with matplotlib loaded only when a page draws a chart.

matplotlib 3.11's own extension (``matplotlib.sphinxext.plot_directive``) imports
matplotlib and pyplot as Sphinx starts, and so does sphinxext-opengraph 0.13 for its
social cards, which the book does not draw: 0.35 s of every build, and a tenth of an
edit's, though an edit draws a chart only when the archive's counts or the Care Orders
page change. This extension, listed in ``conf.py`` instead of matplotlib's and before
sphinxext-opengraph:

- registers what matplotlib's ``setup`` registers (the ``plot`` directive with the same
  options, its configuration values, the record of chart file names and its collector,
  the stylesheet), and imports the real module the first time a ``plot`` directive
  runs, handing it the directive and the options as matplotlib reads them;
- copies the plot directive's stylesheet with the book's static files, in time for the
  EPUB (matplotlib copies it once the build has finished, after the e-book is packed);
- gives sphinxext-opengraph an empty stand-in for its social-card module, and fails
  the build, saying why, if social cards are ever turned on.

A test checks that what this registers is what matplotlib's ``setup`` registers, so an
upgrade that adds an option fails there. Delete it when both libraries load matplotlib
on demand.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types
from collections import defaultdict
from collections.abc import Set
from pathlib import Path
from typing import Any, Literal

from docutils import nodes
from docutils.parsers.rst import Directive, directives
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.environment.collectors import EnvironmentCollector
from sphinx.errors import ConfigError

REAL = "matplotlib.sphinxext.plot_directive"
SOCIAL_CARDS = "sphinxext.opengraph._social_cards"
NESTED = "blogbook-nested-document"  # a page drew a chart: see rehome_nested_nodes

# matplotlib 3.11's configuration values: name, default, rebuild ("env", which
# matplotlib writes as True).
CONFIG: tuple[tuple[str, Any, Literal["env"]], ...] = (
    ("plot_pre_code", None, "env"),
    ("plot_include_source", False, "env"),
    ("plot_html_show_source_link", True, "env"),
    ("plot_formats", ["png", "hires.png", "pdf"], "env"),
    ("plot_basedir", None, "env"),
    ("plot_html_show_formats", True, "env"),
    ("plot_rcparams", {}, "env"),
    ("plot_apply_rcparams", False, "env"),
    ("plot_working_directory", None, "env"),
    ("plot_template", None, "env"),
    ("plot_srcset", [], "env"),
)
OPTIONS = (
    "alt", "height", "width", "scale", "align", "class", "filename-prefix", "include-source",
    "show-source-link", "format", "context", "nofigs", "caption", "code-caption",
)  # fmt: skip


def _real_module(app: Sphinx) -> types.ModuleType:
    """matplotlib's extension, imported now, set up as its own ``setup`` sets it up."""
    real = importlib.import_module(REAL)
    real.setup.app = app
    real.setup.config = app.config
    real.setup.confdir = app.confdir
    return real


class PlotDirective(Directive):
    """``.. plot::``: the options are read as text here, and by matplotlib when it runs."""

    has_content = True
    required_arguments = 0
    optional_arguments = 2
    final_argument_whitespace = False
    option_spec = dict.fromkeys(OPTIONS, directives.unchanged)

    def run(self) -> list[nodes.Node]:
        real = _real_module(self.state.document.settings.env.app)
        spec = real.PlotDirective.option_spec
        options = {}
        for name, value in self.options.items():
            try:
                options[name] = spec[name](value or None)
            except (ValueError, TypeError) as problem:
                message = f'invalid value of option "{name}" of "plot": {problem}'
                raise self.error(message) from problem
        directive = real.PlotDirective(
            self.name, self.arguments, options, self.content, self.lineno,
            self.content_offset, self.block_text, self.state, self.state_machine,
        )  # fmt: skip
        result: list[nodes.Node] = directive.run()
        self.state.document.settings.env.current_document[NESTED] = True
        return result


def rehome_nested_nodes(app: Sphinx, doctree: nodes.document) -> None:
    """MyST parses an ``eval-rst`` block, where a chart is drawn, in a document of its
    own, whose settings hold the whole build environment; its nodes, moved into the
    page, still name it as theirs, and so it was pickled with the page (1.4 MB for the
    archive's page at 1,000 posts, unpickled whenever that page is written)."""
    if not app.env.current_document.pop(NESTED, False):
        return
    for node in doctree.findall():
        if node.document is not doctree:
            node.document = doctree


def init_filename_registry(app: Sphinx) -> None:
    """Where matplotlib records the charts' file names, to refuse two of the same name."""
    if not hasattr(app.env, "mpl_plot_image_basenames"):
        app.env.mpl_plot_image_basenames = defaultdict(set)  # type: ignore[attr-defined]


class FilenameCollector(EnvironmentCollector):
    """matplotlib's record of file names, kept per page across rebuilds and processes."""

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        pass

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        env.mpl_plot_image_basenames.pop(docname, None)  # type: ignore[attr-defined]

    def merge_other(
        self, app: Sphinx, env: BuildEnvironment, docnames: Set[str], other: BuildEnvironment
    ) -> None:
        for docname, names in other.mpl_plot_image_basenames.items():  # type: ignore[attr-defined]
            env.mpl_plot_image_basenames[docname].update(names)  # type: ignore[attr-defined]


def mark_plot_labels(app: Sphinx, document: nodes.document) -> None:
    """matplotlib's own, for pages that drew a chart in this process (no other can need it)."""
    real = sys.modules.get(REAL)
    if real is not None:
        real.mark_plot_labels(app, document)


def stylesheet_folder() -> Path:
    """matplotlib's ``mpl-data/plot_directive``, found without importing matplotlib."""
    spec = importlib.util.find_spec("matplotlib")
    assert spec is not None and spec.origin is not None
    return Path(spec.origin).parent / "mpl-data" / "plot_directive"


def static_stylesheet(app: Sphinx, config: Config) -> None:
    folder = str(stylesheet_folder())
    if folder not in config.html_static_path:
        config.html_static_path.append(folder)


def no_social_cards(app: Sphinx, config: Config) -> None:
    if "ogp_social_cards" not in config:
        return  # sphinxext-opengraph is not among the extensions
    # Unset, sphinxext-opengraph draws cards.
    if (config.ogp_social_cards or {}).get("enable", True):
        raise ConfigError(
            "social cards need matplotlib as Sphinx starts: remove "
            "blogbook.sphinxext.lazyplot's stand-in for them (and its 0.35 s saving)"
        )


def _social_cards_stand_in() -> types.ModuleType:
    """What sphinxext-opengraph finds when matplotlib is missing: no cards."""
    module = types.ModuleType(SOCIAL_CARDS, "No social cards (see blogbook.sphinxext.lazyplot).")
    module.DEFAULT_SOCIAL_CONFIG = {}  # type: ignore[attr-defined]
    module.create_social_card = None  # type: ignore[attr-defined]
    module.STAND_IN = True  # type: ignore[attr-defined]
    return module


def setup(app: Sphinx) -> dict[str, Any]:
    if "sphinxext.opengraph" not in sys.modules:
        sys.modules.setdefault(SOCIAL_CARDS, _social_cards_stand_in())
    if getattr(sys.modules.get(SOCIAL_CARDS), "STAND_IN", False):
        app.connect("config-inited", no_social_cards)
    app.add_directive("plot", PlotDirective)
    for name, default, rebuild in CONFIG:
        app.add_config_value(name, default, rebuild)
    app.connect("doctree-read", mark_plot_labels)
    app.connect("doctree-read", rehome_nested_nodes)
    app.add_css_file("plot_directive.css")
    app.connect("config-inited", static_stylesheet)
    app.connect("builder-inited", init_filename_registry)
    app.add_env_collector(FilenameCollector)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
