#!/usr/bin/env python3
"""Get what ``make test`` needs beyond Python packages, and say so.

- axe-core, which the browser tests inject into pages: ``npm ci`` from the lockfile
  when ``node_modules`` is missing or older than ``package-lock.json``;
- Debian packages: Chromium for the browser tests, EPUBCheck for the e-book, Jing for
  the feeds (RELAX NG), TeX Live and poppler (``pdftotext``) for the PDF. Missing ones
  are installed with apt-get when running as root or with passwordless sudo; otherwise
  this stops with the one command that installs them.

Each group of tests can be left out on purpose: ``make test WITHOUT=browser`` (or
``pdf``, ``epub``, ``feed``, several separated by commas). The tests of a group left
out are reported as not run; nothing is skipped silently.

    python3 scripts/prerequisites.py [--without GROUPS] [--list-packages]

Only the standard library: ``.ci/run`` asks it for the package list before any
virtual environment exists.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GROUPS = ("browser", "epub", "feed", "pdf")


def _command(name: str) -> Callable[[], bool]:
    return lambda: shutil.which(name) is not None


def _file(path: str) -> Callable[[], bool]:
    return lambda: Path(path).is_file()


def _tex_file(name: str) -> Callable[[], bool]:
    """A file TeX finds (a LaTeX package of texlive-latex-extra, say)."""

    def found() -> bool:
        if shutil.which("kpsewhich") is None:
            return False
        done = subprocess.run(["kpsewhich", name], capture_output=True, text=True, check=False)
        return bool(done.stdout.strip())

    return found


@dataclass(frozen=True, kw_only=True)
class Package:
    """A Debian package a group of tests needs, and how to tell it is there."""

    name: str
    group: str
    present: Callable[[], bool]


PACKAGES = (
    Package(name="chromium", group="browser", present=_command("chromium")),
    Package(name="epubcheck", group="epub", present=_file("/usr/share/java/epubcheck.jar")),
    Package(name="jing", group="feed", present=_command("jing")),
    Package(name="texlive-xetex", group="pdf", present=_command("xelatex")),
    Package(name="texlive-latex-extra", group="pdf", present=_tex_file("capt-of.sty")),
    Package(name="latexmk", group="pdf", present=_command("latexmk")),
    Package(name="xindy", group="pdf", present=_command("xindy")),
    Package(
        name="fonts-freefont-otf",
        group="pdf",
        present=_file("/usr/share/fonts/opentype/freefont/FreeSerif.otf"),
    ),
    Package(name="poppler-utils", group="pdf", present=_command("pdftotext")),
)


def say(message: str) -> None:
    print(f"make test: {message}", file=sys.stderr, flush=True)


def parse_without(text: str) -> frozenset[str]:
    groups = frozenset(part.strip() for part in text.replace(" ", ",").split(",") if part.strip())
    unknown = groups - set(GROUPS)
    if unknown:
        raise ValueError(
            f"WITHOUT: unknown {', '.join(sorted(unknown))} (known: {', '.join(GROUPS)})"
        )
    return groups


def can_install_as_root() -> list[str] | None:
    """The prefix that runs apt-get as root here, or None."""
    if os.geteuid() == 0:
        return []
    if shutil.which("sudo") is None:
        return None
    asked = subprocess.run(["sudo", "-n", "true"], capture_output=True, check=False)
    return ["sudo"] if asked.returncode == 0 else None


def install(names: list[str]) -> bool:
    prefix = can_install_as_root()
    if prefix is None or shutil.which("apt-get") is None:
        return False
    say(
        f"installing Debian packages {', '.join(names)} with apt-get (a few minutes the first time)"
    )
    environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", *names]):
        if subprocess.run([*prefix, *command], env=environment, check=False).returncode != 0:
            return False
    return True


def debian_packages(without: frozenset[str]) -> int:
    missing = [p for p in PACKAGES if p.group not in without and not p.present()]
    if not missing:
        return 0
    names = [p.name for p in missing]
    if install(names) and all(p.present() for p in missing):
        return 0
    groups = sorted({p.group for p in missing})
    say(f"the {', '.join(groups)} tests need Debian packages that are not installed. Run:")
    print(f"\n    sudo apt-get install {' '.join(names)}\n", file=sys.stderr)
    say(f"or leave those tests out: make test WITHOUT={','.join(groups)}")
    return 1


def axe_core() -> int:
    """``npm ci`` when node_modules is missing or older than the lockfile."""
    installed = ROOT / "node_modules" / "axe-core" / "axe.min.js"
    lockfile = ROOT / "package-lock.json"
    marker = ROOT / "node_modules" / ".package-lock.json"  # npm writes it on every install
    current = marker.is_file() and marker.stat().st_mtime >= lockfile.stat().st_mtime
    if installed.is_file() and current:
        return 0
    if shutil.which("npm") is None:
        say("the browser tests need axe-core from npm, and npm is not installed.")
        say("Install Node.js and npm, or leave those tests out: make test WITHOUT=browser")
        return 1
    say("installing axe-core from package-lock.json (npm ci)")
    command = ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"]
    return subprocess.run(command, cwd=ROOT, check=False).returncode


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="prerequisites.py", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--without", default="", help="groups of tests left out: browser,epub,feed,pdf"
    )
    parser.add_argument(
        "--list-packages", action="store_true", help="print the Debian packages the tests need"
    )
    args = parser.parse_args(argv)
    try:
        without = parse_without(args.without)
    except ValueError as exc:
        parser.error(str(exc))
    if args.list_packages:
        print(" ".join(p.name for p in PACKAGES if p.group not in without))
        return 0
    if without:
        say(f"leaving out the {', '.join(sorted(without))} tests, as asked (WITHOUT)")
    status = debian_packages(without)
    if status == 0 and "browser" not in without:
        status = axe_core()
    return status


if __name__ == "__main__":
    sys.exit(main())
