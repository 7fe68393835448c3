"""The editor's link checker: every external address of the book, checked, and the
Internet Archive's copy of each dead one (``make links``, ``scripts/links.py``).

One module per concern, pure where it can be:

- :mod:`~blogbook.links.addresses` collects the book's addresses from the converter's
  own result (pure);
- :mod:`~blogbook.links.table` reads, merges and writes ``data/links.csv`` (pure);
- :mod:`~blogbook.links.verdict` turns one check into a row: the statuses and the
  rule that promotes a failing address to dead (pure);
- :mod:`~blogbook.links.probe` checks one address over HTTP, politely;
- :mod:`~blogbook.links.wayback` asks the Internet Archive for a snapshot;
- :mod:`~blogbook.links.run` checks many addresses at once, with a progress bar;
- :mod:`~blogbook.links.cli` is the command line: the only code here that reads argv,
  touches files and picks an exit code.

The build never reads the network: it reads the table this package writes.
"""
