"""The theme's templates, compiled once and kept between builds.

Sphinx compiles every Jinja template it renders from its source in each build: the
themes' layouts, sidebars and components, about 40 templates, 0.15 s of every
incremental build (and of each worker of a parallel one). Within a build, Jinja no
longer checks each template's file every time a page uses it. Jinja can keep compiled
templates in a folder (its ``FileSystemBytecodeCache``), and checks each against its
template's source before use, so an edited template is compiled again. The folder is
kept with the builder's doctrees, so ``make clean`` empties it, and is named by
what else shapes the compiled code: the versions of Jinja, Sphinx and Python, and
the Jinja extensions Sphinx loads (translation, for a book in another language).
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import jinja2
import sphinx
from jinja2 import FileSystemBytecodeCache
from sphinx.application import Sphinx

FOLDER = "jinja-templates"


def cache_folder(app: Sphinx, environment: jinja2.Environment) -> Path:
    shaped_by = repr(
        (
            jinja2.__version__,
            sphinx.__version__,
            sys.version_info[:2],
            sorted(environment.extensions),
            type(environment).__qualname__,
        )
    )
    name = hashlib.sha256(shaped_by.encode()).hexdigest()[:16]
    return Path(app.doctreedir) / FOLDER / name


def keep_compiled_templates(app: Sphinx) -> None:
    templates = getattr(app.builder, "templates", None)
    environment = getattr(templates, "environment", None)
    if not isinstance(environment, jinja2.Environment) or environment.bytecode_cache:
        return  # a builder without Sphinx's own templates, or one that keeps them already
    folder = cache_folder(app, environment)
    folder.mkdir(parents=True, exist_ok=True)
    environment.bytecode_cache = FileSystemBytecodeCache(str(folder))
    # Jinja asks the file system whether a template changed each time a page uses it
    # (a stat per template a page includes or extends: 50,000 at 1,000 posts); none
    # changes while a build runs, and each build loads them anew.
    environment.auto_reload = False
