#!/usr/bin/env python3
"""Convert the blog archive into the book's post pages. Run with --help."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from blogbook.cli import main

if __name__ == "__main__":
    sys.exit(main())  # with the cycle collector off while it runs: see blogbook.cli.main
