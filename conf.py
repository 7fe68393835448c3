"""Sphinx configuration of the book: Chris Mills's child protection blog.

Posts (``posts/``) are generated from ``archive/`` by ``scripts/convert.py``;
everything else is written by hand. The local extension ``blogbook.sphinxext``
(in ``scripts/``) draws the lists that link posts, topics and sources.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "scripts"))

# -- Project ----------------------------------------------------------------------------

project = "Chris Mills's Child Protection Blog"
author = "Chris Mills"
copyright = "2009–2018 Chris Mills (blog posts); the book's editors (apparatus)"
version = release = "2014.08"  # the archive it holds so far: posts up to August 2014
language = "en"

# -- Sources and extensions ---------------------------------------------------------------

extensions = [
    "myst_parser",
    "sphinxcontrib.bibtex",
    "sphinx_copybutton",
    # matplotlib's plot directive, loading matplotlib only to draw; before OpenGraph,
    # which would load it for social cards (see scripts/blogbook/sphinxext/lazyplot.py).
    "blogbook.sphinxext.lazyplot",
    "sphinxext.opengraph",
    "sphinx_reredirects",
    "blogbook.sphinxext",
]
root_doc = "index"
source_suffix = {".md": "markdown"}
exclude_patterns = [
    "_build",
    "_templates",
    ".*",  # .venv, .git, tool caches such as .pytest_cache
    "**/.*",
    "README.md",
    "archive",
    "data",
    "docs",  # notes for developers (docs/mutation.md) and the README's screenshots
    "mutants",  # mutmut's copy of the project, should it be run here (see make mutation)
    "node_modules",
    "scripts",
    "tests",
]
nitpicky = True
# The author's typography is his: never turn "...", "--" or straight quotes into others.
smartquotes = False
# Posts are plain paragraphs; no MyST syntax extension is needed, so none is enabled
# (a disabled extension's syntax stays literal text, which is what the archive needs).
myst_enable_extensions: list[str] = []

# -- Citations ----------------------------------------------------------------------------

bibtex_bibfiles = ["references.bib"]
bibtex_default_style = "blogbook"  # author–date labels, see scripts/blogbook/sphinxext/bibstyle.py
bibtex_reference_style = "blogbook"
bibtex_tooltips = False  # the book's own previews show a source on hover (sphinxext/previews.py)

# -- The blog -----------------------------------------------------------------------------

blogbook_blog = {
    "author": author,
    "author_sorted": "Mills, Chris",
    "author_cited": "Mills, C.",
    # The blog's own title is not confirmed; it is named by its author and address.
    "name": "Chris Mills's blog",
    "address": "chrismillsblog.blogspot.com",
}

# -- HTML -----------------------------------------------------------------------------------

# A post whose title was corrected has a new page; its old address leads there. The
# converter keeps the list (posts/redirects.json), and the book's extension gives it to
# sphinx-reredirects once the HTML pages are written (blogbook.sphinxext.config).

# Read the Docs tells the build its address; elsewhere the book's planned address.
html_baseurl = os.environ.get(
    "READTHEDOCS_CANONICAL_URL",
    "https://chris-mills-child-protection-blog.readthedocs.io/en/latest/",
)
html_title = project
html_theme = "sphinx_book_theme"
html_static_path = ["_static"]
templates_path = ["_templates"]
html_favicon = "_static/favicon.svg"  # browsers ask for one; without it, a 404 on every visit
# The theme's colour mode for a first visit; unset, its script logs an error and picks "auto".
html_context = {"default_mode": "auto"}
html_css_files = ["book.css"]
html_last_updated_fmt = None
html_theme_options = {
    "home_page_in_toc": True,
    "show_navbar_depth": 1,
    # The site navigation leads down to the months; a month's page lists its posts. A
    # fourth level drew each post of the current month in the sidebar as well, and made
    # every page with a sidebar resolve the whole tree of posts (1.25 s of a one-process
    # build of 1,000 posts, and growing with the blog).
    "max_navbar_depth": 3,
    "collapse_navbar": True,
    "show_toc_level": 2,
    "use_download_button": False,
    "use_fullscreen_button": False,
    "navigation_with_keys": False,
}
# Post and source pages show no site navigation: with hundreds of them the sidebar tree
# would cost seconds per page and weigh more than the page (see the README).
html_sidebars = {
    "posts/*/*/[0-9]*": ["navbar-logo.html", "search-button-field.html"],
    "sources/*": ["navbar-logo.html", "search-button-field.html"],
}

# Link previews (OpenGraph and Twitter cards): post descriptions are their opening words.
ogp_site_url = html_baseurl
ogp_site_name = html_title
ogp_social_cards = {"enable": False}  # one image per page would slow the build for little gain
ogp_custom_meta_tags = ('<meta name="twitter:card" content="summary" />',)

# -- Charts ---------------------------------------------------------------------------------

plot_include_source = False
plot_html_show_source_link = False
plot_html_show_formats = False
plot_formats = [("png", 144), ("pdf", 144)]
plot_rcparams = {"svg.hashsalt": "blogbook", "figure.dpi": 144}

# -- EPUB and PDF -----------------------------------------------------------------------------

epub_title = project
epub_author = author
epub_publisher = "The book's editors"
epub_copyright = copyright
epub_show_urls = "no"
# The website's scripts (search, link previews) have no place in an e-book.
epub_exclude_files = [
    "_static/search.js",
    "_static/previews.js",
    "_static/vendor/floating-ui/floating-ui.core.umd.min.js",
    "_static/vendor/floating-ui/floating-ui.dom.umd.min.js",
    "_static/vendor/floating-ui/LICENSE",
]
latex_engine = "xelatex"  # the posts use curly quotes, dashes and other Unicode
latex_documents = [(root_doc, "chris-mills-blog.tex", project, author, "manual")]
latex_show_urls = "no"
