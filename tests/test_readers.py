"""Real clients judge the e-book and the PDF: EPUBCheck, and TeX compiling the PDF.

Read the Docs offers both for download. Its PDF build runs latexmk with ``-f``, so a
LaTeX error there only warns: only these tests catch a broken PDF. Each runs the
program Debian ships (``make test`` installs it); ``make test WITHOUT=epub`` or
``WITHOUT=pdf`` leaves them out, saying so.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pybtex.database import parse_string

from blogbook.model import opening_words
from blogbook.parse_text import parse_text_archive
from conftest import ROOT, Build, missing
from test_book import CHRONOLOGICAL

EPUBCHECK = Path("/usr/share/java/epubcheck.jar")  # Debian's epubcheck
CLEAN = "Messages: 0 fatals / 0 errors / 0 warnings / 0 infos"


@pytest.mark.epub
def test_epubcheck_finds_nothing_to_report(built_epub: Build) -> None:
    if not EPUBCHECK.is_file() or shutil.which("java") is None:
        missing("EPUBCheck", "install it with `sudo apt-get install epubcheck`", "epub")
    assert built_epub.returncode == 0, built_epub.output
    [epub] = built_epub.outdir.glob("*.epub")
    done = subprocess.run(
        ["java", "-jar", str(EPUBCHECK), str(epub)], capture_output=True, text=True, check=False
    )
    report = done.stdout + done.stderr
    messages = [
        line for line in report.splitlines() if re.match(r"^(FATAL|ERROR|WARNING|INFO|USAGE)", line)
    ]
    assert (done.returncode, messages, CLEAN in report) == (0, [], True), report


# --- the PDF ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def pdf(built_latex: Build) -> tuple[str, str]:
    """The compiled PDF's text (pdftotext) and TeX's log."""
    for program in ("xelatex", "latexmk", "xindy", "pdftotext"):
        if shutil.which(program) is None:
            missing(program, "install TeX Live as the README says", "pdf")
    assert built_latex.returncode == 0, built_latex.output
    done = subprocess.run(
        [
            "make",
            "-C",
            str(built_latex.outdir),
            "LATEXOPTS=-halt-on-error -interaction=nonstopmode",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    [log] = built_latex.outdir.glob("chris-mills-blog.log")
    [document] = built_latex.outdir.glob("chris-mills-blog.pdf")
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(document), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return text, log.read_text(encoding="utf-8", errors="replace")


def flat(text: str) -> str:
    """Text without whitespace or hyphens: lines of a PDF break anywhere, with hyphens."""
    return re.sub(r"[\s\-\u00ad]+", "", text)


@pytest.mark.pdf
def test_pdf_has_every_post_the_glossary_and_the_sources(pdf: tuple[str, str]) -> None:
    text = flat(pdf[0])
    posts = [
        post
        for archive in sorted((ROOT / "archive").glob("*.txt"))
        for post in parse_text_archive(archive.read_bytes(), archive.name).posts
    ]
    assert len(posts) == len(CHRONOLOGICAL)
    missing_posts = [opening_words(p, 8) for p in posts if flat(opening_words(p, 8)) not in text]
    assert missing_posts == []
    glossary = (ROOT / "glossary.md").read_text(encoding="utf-8")
    terms = re.findall(r"^(\w[^\n]*)\n  \S", glossary.split("```{glossary}", 1)[1], flags=re.M)
    assert terms and [term for term in terms if flat(term) not in text] == []
    sources = parse_string((ROOT / "references.bib").read_text(encoding="utf-8"), "bibtex")
    titles = [
        re.sub(r"[{}\\]", "", e.fields["title"])
        for e in sources.entries.values()
        if "title" in e.fields
    ]
    assert titles and [title for title in titles if flat(title) not in text] == []


@pytest.mark.pdf
def test_pdf_has_no_undefined_reference_and_no_missing_character(pdf: tuple[str, str]) -> None:
    log = pdf[1]
    undefined = re.findall(r"^.*(?:undefined|Undefined).*$", log, flags=re.M)
    missing_characters = re.findall(r"^Missing character: .*$", log, flags=re.M)
    assert (undefined, missing_characters) == ([], [])
