"""Reading a page without two fixed costs of the libraries, for a whole ``make html`` run.

``scripts/sphinx_build.py`` applies these for as long as Sphinx runs (:func:`reading_faster`);
tests check that a page is read into the same settings and the same front matter.

- Sphinx 9 makes docutils' settings for every page it reads from a new option parser,
  built from the reader's and the parser's settings specifications (docutils' own
  configuration files read again each time), and MyST-Parser 5.2 builds another for
  each page: 1.5 ms a page, 2 CPU s of a clean build of 1,000 posts. Here each parser
  is built once for the same components and defaults, and each page still gets settings
  of its own from it, as before.
- MyST-Parser reads each page's front matter twice with PyYAML's ``safe_load``, in pure
  Python: 0.8 ms each time for a post's. PyYAML's LibYAML parser (``CSafeLoader``, in
  PyYAML's wheels) makes the same objects with the same safe constructor, ten times
  sooner: 2 CPU s of the same build. Where PyYAML was built without LibYAML, reading
  stays as it is.
"""

from __future__ import annotations

import contextlib
import functools
import warnings
from collections.abc import Iterator, Mapping
from typing import Any

import yaml
from docutils.frontend import OptionParser, Values
from docutils.utils import DependencyList


def _option_parser(
    components: tuple[Any, ...], defaults: Mapping[str, Any] | None, read_config_files: bool
) -> OptionParser:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # as Sphinx and docutils do
        return OptionParser(
            components=components, defaults=defaults, read_config_files=read_config_files
        )


def _kind(component: Any) -> tuple[Any, int]:
    """What an option parser takes from a component: its class's settings."""
    kind = component if isinstance(component, type) else type(component)
    return kind, id(getattr(component, "settings_spec", None))


class SettingsOnce:
    """``sphinx.util.docutils._get_settings``, each option parser built once: again only
    if the components, or any of the defaults, are not the ones it was built with."""

    def __init__(self) -> None:
        self._built: dict[tuple[Any, ...], tuple[dict[str, Any], OptionParser]] = {}

    def __call__(
        self, *components: Any, defaults: Mapping[str, Any], read_config_files: bool = False
    ) -> Values:
        key = (tuple(map(_kind, components)), read_config_files, tuple(defaults))
        built = self._built.get(key)
        if built is None or any(built[0][name] is not value for name, value in defaults.items()):
            built = (dict(defaults), _option_parser(components, defaults, read_config_files))
            recorded = built[1].defaults.get("record_dependencies")
            if recorded is not None and recorded.file is not None:
                return built[1].get_default_values()  # recorded to a file: not shared
            self._built[key] = built
        return _own_settings(built[1])


def default_settings(*components: Any) -> Values:
    """``docutils.frontend.get_default_settings``, each option parser built once."""
    return _own_settings(_defaults_parser(components))


@functools.cache
def _defaults_parser(components: tuple[Any, ...]) -> OptionParser:
    return _option_parser(components, None, read_config_files=False)


def _own_settings(parser: OptionParser) -> Values:
    """New settings from *parser*'s defaults, as a new parser would give them: the two
    objects a parser makes for its settings (the record of a page's dependencies, the
    configuration files read) are made again, so that no page adds to another's."""
    settings = parser.get_default_values()
    settings.record_dependencies = DependencyList(None, settings.record_dependencies.list)
    settings._config_files = list(settings._config_files)
    return settings


def safe_load_with_libyaml(stream: Any) -> Any:
    """``yaml.safe_load``, parsed by LibYAML."""
    return yaml.load(stream, Loader=yaml.CSafeLoader)


@contextlib.contextmanager
def reading_faster() -> Iterator[None]:
    """Sphinx's and MyST-Parser's settings made with :class:`SettingsOnce` and
    :func:`default_settings`, and YAML read by LibYAML if PyYAML has it."""
    import sphinx.util.docutils
    from myst_parser.mdit_to_docutils import base

    patches: list[tuple[Any, str, Any]] = [
        (sphinx.util.docutils, "_get_settings", SettingsOnce()),
        (base, "get_default_settings", default_settings),
    ]
    if yaml.__with_libyaml__:
        patches.append((yaml, "safe_load", safe_load_with_libyaml))
    saved = [(module, name, getattr(module, name)) for module, name, _ in patches]
    for module, name, faster in patches:
        setattr(module, name, faster)
    try:
        yield
    finally:
        for module, name, original in saved:
            setattr(module, name, original)
