"""blogbook: turn a Blogger archive into a Sphinx book.

The converter is three pure layers and a thin shell:

- parsing (:mod:`blogbook.parse_text`, :mod:`blogbook.parse_blogger`) turns archive
  files into :class:`blogbook.model.Post` records plus diagnostics;
- annotating (:mod:`blogbook.topics`, :mod:`blogbook.citations`,
  :mod:`blogbook.terms`) decides topics, citations, glossary links and index entries;
- rendering (:mod:`blogbook.render`) turns records into MyST text, and
  :mod:`blogbook.escape` is the one place that makes archive text literal;
- :mod:`blogbook.writer` and :mod:`blogbook.cli` are the only code that touches
  files, argv and exit codes.

:mod:`blogbook.slugs` decides every page name and label.
"""
