"""Case files: the same golden through the API and through the command line.

Each ``tests/cases/*.case`` holds a small book's input files, the diagnostics
the converter must print and the pages it must write (see casefile.py).
Regenerate with ``pytest tests/test_cases.py --update-goldens`` and review the diff.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from blogbook.book import Inputs, convert_book
from casefile import Case, read_case, write_case
from conftest import ROOT

CASES = sorted((Path(__file__).parent / "cases").glob("*.case"))
_DIAGNOSTIC = re.compile(r"^\S+:\d+: (error|warning|note): ")


def inputs_of(case: Case) -> Inputs:
    files = case.files
    return Inputs(
        archives=tuple(
            (name, text.encode("utf-8"))
            for name, text in sorted(files.items())
            if name.startswith("archive/") and name.endswith((".txt", ".xml", ".atom"))
        ),
        editorial=("archive/editorial.yaml", files["archive/editorial.yaml"])
        if "archive/editorial.yaml" in files
        else None,
        topic_pages=tuple(
            (name, text)
            for name, text in sorted(files.items())
            if name.startswith("topics/") and name != "topics/index.md"
        ),
        glossary=("glossary.md", files["glossary.md"]) if "glossary.md" in files else None,
        bibliography=("references.bib", files["references.bib"])
        if "references.bib" in files
        else None,
    )


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case_through_the_api(path: Path, update_goldens: bool) -> None:
    case = read_case(path)
    conversion = convert_book(inputs_of(case))
    failed = any(d.severity.value == "error" for d in conversion.diagnostics)
    produced = Case(
        path=path,
        files=case.files,
        exit_code=1 if failed else 0,
        diagnostics=[d.format() for d in conversion.diagnostics],
        pages=dict(conversion.outputs),
    )
    if update_goldens:
        write_case(produced)
    assert (produced.exit_code, produced.diagnostics, produced.pages) == (
        case.exit_code,
        case.diagnostics,
        case.pages,
    )


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case_through_the_command_line(path: Path, tmp_path: Path) -> None:
    case = read_case(path)
    for name, text in case.files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "archive").mkdir(exist_ok=True)
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "convert.py"), "--root", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    diagnostics = [line for line in done.stderr.splitlines() if _DIAGNOSTIC.match(line)]
    posts = tmp_path / "posts"
    pages = (
        {
            p.relative_to(posts).as_posix(): p.read_text(encoding="utf-8")
            for p in posts.rglob("*.md")
        }
        if posts.exists()
        else {}
    )
    assert (done.returncode, diagnostics, pages) == (case.exit_code, case.diagnostics, case.pages)
