"""Helpers of ``scripts/bench.py``: synthetic blogs, timed runs, the report.

- :mod:`~benchlib.corpus`: words and titles learnt from the real archive;
- :mod:`~benchlib.synth`: synthetic posts, written as text archives or a Blogger export;
- :mod:`~benchlib.testbook`: a book folder around an archive (the tests use it too);
- :mod:`~benchlib.runs`: commands timed and measured, sphinx-build's output read;
- :mod:`~benchlib.report`: the table, the targets, the JSON.
"""
