"""Case files: the same golden through the API and through the command line.

Each ``tests/cases/*.case`` holds a small book's input files, the diagnostics
the converter must print and the pages it must write (see casefile.py). Through
the API, the files are read by :func:`blogbook.cli.read_inputs` and converted by
:func:`blogbook.book.convert_book` in this process; through the command line,
``scripts/convert.py`` runs as a user runs it.

Regenerate with ``pytest tests/test_cases.py --update-goldens`` and review the diff:
a case whose golden changes fails once, so that a rewrite is never a silent pass.
Every diagnostic code of :class:`blogbook.diagnostics.Code` is triggered by at least
one case.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from blogbook import cli
from blogbook import diagnostics as diag
from blogbook.book import convert_book
from blogbook.diagnostics import Code
from casefile import Case, read_case, write_case
from conftest import ROOT

CASES = sorted((Path(__file__).parent / "cases").glob("*.case"))
_DIAGNOSTIC = re.compile(r"^\S+:\d+: (error|warning|note): .* \[([a-z0-9-]+)\]$")


def through_the_api(case: Case, root: Path) -> Case:
    case.write_inputs(root)
    options = cli.parse_args(["--root", str(root), *case.options])
    inputs, problems = cli.read_inputs(options)
    diagnostics, pages = list(problems), {}
    if not diag.has_errors(problems):
        conversion = convert_book(inputs)
        diagnostics = list(conversion.diagnostics)
        if not diag.has_errors(diagnostics):
            changes = cli.plan_changes(conversion, options)
            diagnostics += changes.diagnostics
            pages = {
                path.relative_to(root).as_posix(): text for path, text in changes.outputs.items()
            }
    return Case(
        path=case.path,
        files=case.files,
        encodings=case.encodings,
        folders=case.folders,
        options=case.options,
        exit_code=1 if diag.has_errors(diagnostics) else 0,
        diagnostics=[d.format() for d in diagnostics],
        pages=pages,
    )


def outcome(case: Case) -> tuple[int, list[str], dict[str, str]]:
    return case.exit_code, case.diagnostics, case.pages


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case_through_the_api(path: Path, tmp_path: Path, update_goldens: bool) -> None:
    case = read_case(path)
    produced = through_the_api(case, tmp_path)
    if update_goldens and outcome(produced) != outcome(case):
        write_case(produced)
        pytest.fail(f"{path.name}: golden rewritten; review the diff", pytrace=False)
    assert outcome(produced) == outcome(case)


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case_through_the_command_line(path: Path, tmp_path: Path) -> None:
    case = read_case(path)
    case.write_inputs(tmp_path)
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "convert.py"),
            "--root",
            str(tmp_path),
            *case.options,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    diagnostics = [line for line in done.stderr.splitlines() if _DIAGNOSTIC.match(line)]
    given = {tmp_path / name for name in case.files}
    pages = {
        path.relative_to(tmp_path).as_posix(): path.read_text(encoding="utf-8")
        for folder in ("posts", "sources")
        for path in sorted((tmp_path / folder).rglob("*"))
        if path.is_file() and path not in given
    }
    assert (done.returncode, diagnostics, pages) == outcome(case)
    if case.exit_code:
        assert pages == {}, "an error must leave nothing written"


def test_every_code_is_triggered_by_a_case() -> None:
    triggered = {
        match[2]
        for path in CASES
        for line in read_case(path).diagnostics
        if (match := _DIAGNOSTIC.match(line))
    }
    assert sorted(code.value for code in Code if code.value not in triggered) == []
    assert triggered <= {code.value for code in Code}
