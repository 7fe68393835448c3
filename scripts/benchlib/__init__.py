"""The benchmark's library; ``scripts/bench.py`` is its command line.

The synthetic blog:

- :mod:`~benchlib.corpus`: words and titles learnt from the real archive;
- :mod:`~benchlib.sources`: synthetic sources, their BibTeX entries and cue phrases;
- :mod:`~benchlib.synth`: synthetic posts, written as text archives;
- :mod:`~benchlib.feed`: synthetic posts written as a Blogger export;
- :mod:`~benchlib.testbook`: a book folder around an archive (the tests use it too);
- :mod:`~benchlib.blog`: the synthetic blog, and the books made of it.

The measurements, each a frozen record of :mod:`~benchlib.results`:

- :mod:`~benchlib.runs`: commands timed and measured, sphinx-build's output read;
- :mod:`~benchlib.converter`: the converter's first run and re-run;
- :mod:`~benchlib.builds`: clean builds, and the recommended ``-j``;
- :mod:`~benchlib.floor`: the same sources on Sphinx's basic theme, the floor;
- :mod:`~benchlib.search`: the book's search and Sphinx's, in a real browser;
- :mod:`~benchlib.rebuilds`: rebuilds with no change and after one edit;
- :mod:`~benchlib.pages`: page sizes;
- :mod:`~benchlib.blogger`: a Blogger export converted;
- :mod:`~benchlib.profiles`: cProfile of the converter and a build;
- :mod:`~benchlib.suite`: all of them in order, as one :class:`~benchlib.results.Results`;
- :mod:`~benchlib.report`: the targets, and the printed table.
"""
