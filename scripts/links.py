#!/usr/bin/env python3
"""Check the book's external addresses into data/links.csv (make links). Run with --help."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from blogbook.links.cli import main

if __name__ == "__main__":
    sys.exit(main())
