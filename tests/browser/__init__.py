"""Browser tests: the built book read as a reader would, in chromium."""
