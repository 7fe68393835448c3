"""The book's own configuration value, checked once, when the configuration is read;
and configuration that depends on the builder.

``blogbook_blog`` in ``conf.py`` names the blog and its author (the fields of
:class:`blogbook.cite.Blog`). A missing, unknown or non-text field stops the build at
once with a message that names it, rather than failing later in the middle of a page.
"""

from __future__ import annotations

import dataclasses

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

from blogbook.cite import Blog

BLOG_FIELDS = tuple(field.name for field in dataclasses.fields(Blog))


def register(app: Sphinx) -> None:
    app.add_config_value("blogbook_blog", {}, "env", types=frozenset({dict}))
    app.connect("config-inited", check_blog)
    app.connect("builder-inited", keep_redirects_to_the_website)


def keep_redirects_to_the_website(app: Sphinx) -> None:
    """Redirects (sphinx-reredirects) are pages of the website: an e-book has no old
    addresses to keep, and a stray page in it fails EPUBCheck."""
    if app.builder.name != "html" and "redirects" in app.config:
        app.config.redirects = {}


def check_blog(app: Sphinx, config: Config) -> None:
    given = config.blogbook_blog
    missing = [name for name in BLOG_FIELDS if name not in given]
    unknown = sorted(set(given) - set(BLOG_FIELDS))
    not_text = sorted(name for name, value in given.items() if not isinstance(value, str))
    problems = []
    if missing:
        problems.append(f"missing {', '.join(missing)}")
    if unknown:
        problems.append(f"unknown {', '.join(unknown)}")
    if not_text:
        problems.append(f"not text: {', '.join(not_text)}")
    if problems:
        expected = ", ".join(BLOG_FIELDS)
        raise ConfigError(f"blogbook_blog: {'; '.join(problems)} (expected: {expected})")


def blog_facts(app: Sphinx) -> Blog:
    return Blog(**app.config.blogbook_blog)
