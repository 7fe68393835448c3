"""The book's own configuration value, checked once, when the configuration is read;
and configuration that depends on the builder.

``blogbook_blog`` in ``conf.py`` names the blog and its author (the fields of
:class:`blogbook.cite.Blog`). A missing, unknown or non-text field stops the build at
once with a message that names it, rather than failing later in the middle of a page.

The old addresses of moved posts (``posts/redirects.json``, which the converter keeps)
are given to sphinx-reredirects by :func:`give_redirects`, not by ``conf.py``.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

from blogbook.cite import Blog
from blogbook.renames import load_redirects

BLOG_FIELDS = tuple(field.name for field in dataclasses.fields(Blog))


def register(app: Sphinx) -> None:
    app.add_config_value("blogbook_blog", {}, "env", types=frozenset({dict}))
    app.connect("config-inited", check_blog)
    # Before sphinx-reredirects' own handler (priority 500), which writes the redirects.
    app.connect("html-collect-pages", give_redirects, priority=400)


def give_redirects(app: Sphinx) -> list[tuple[str, dict[str, Any], str]]:
    """The redirects for sphinx-reredirects to write: the moved posts' old addresses, and
    any ``redirects`` of ``conf.py``, once the pages are written; for the website only (an
    e-book has no old addresses to keep, and a stray page in it fails EPUBCheck).

    sphinx-reredirects declares ``redirects`` as a value that changes how pages are read,
    so a list that had changed since the last build, as Sphinx started, made it read and
    write every page again: moving one post's page cost a whole build (22.5-25.3 s at
    1,000 posts, 3.1 s now). Given only now, after the environment is saved, the list
    never enters it; it changes no page but the redirects."""
    if "redirects" not in app.config:
        return []  # sphinx-reredirects is not loaded
    if app.builder.name == "html":
        moved = load_redirects(Path(app.srcdir) / "posts")
        app.config.redirects = {**app.config.redirects, **moved}
    else:
        app.config.redirects = {}
    return []


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
