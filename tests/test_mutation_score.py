"""The mutation score of ``make mutation``, read from the verdicts mutmut leaves behind."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

import mutation


def write_verdicts(mutants: Path, module: str, exit_codes: list[int | None]) -> None:
    """A ``.meta`` file as mutmut 3 writes it beside a mutated module."""
    meta = mutants / (module.replace(".", "/") + ".py.meta")
    meta.parent.mkdir(parents=True, exist_ok=True)
    keys = {f"{module}.x_f__mutmut_{n}": code for n, code in enumerate(exit_codes, start=1)}
    meta.write_text(
        json.dumps(
            {
                "exit_code_by_key": keys,
                "hash_by_function_name": {},
                "type_check_error_by_key": {},
                "durations_by_key": {},
                "estimated_durations_by_key": {},
            }
        ),
        encoding="utf-8",
    )


@pytest.mark.parametrize(
    ("exit_code", "status"),
    [
        (1, "killed"),
        (3, "killed"),
        (0, "survived"),
        (33, "no tests"),
        (5, "no tests"),
        (36, "timeout"),
        (-24, "timeout"),
        (-11, "segfault"),
        (None, "not checked"),
        (99, "suspicious"),
    ],
)
def test_status_of_an_exit_code(exit_code: int | None, status: str) -> None:
    assert mutation.status(exit_code) == status


def test_scores_per_module_and_for_all(tmp_path: Path) -> None:
    write_verdicts(tmp_path, "blogbook.slugs", [1, 1, 1, 0])
    write_verdicts(tmp_path, "blogbook.escape", [1, 36, 0, 33, -11, 1, 1, 1, 1, 1])
    scores = mutation.read_scores(tmp_path)
    table = mutation.score_table(scores, today=datetime.date(2026, 11, 28))
    assert table == (
        "module             killed   timeout  survived  no tests     other   total   score\n"
        "blogbook.escape         6         1         1         1         1      10   70.0%\n"
        "blogbook.slugs          3         0         1         0         0       4   75.0%\n"
        "all                     9         1         2         1         1      14   71.4%\n"
        "\n"
        "Mutation score: 10 / 14 mutants killed (71.4%) on 2026-11-28; target 85%: MISSED\n"
    )


def test_the_target_met(tmp_path: Path) -> None:
    write_verdicts(tmp_path, "blogbook.slugs", [1] * 17 + [0] * 3)
    table = mutation.score_table(mutation.read_scores(tmp_path), today=datetime.date(2026, 1, 2))
    assert table.splitlines()[-1] == (
        "Mutation score: 17 / 20 mutants killed (85.0%) on 2026-01-02; target 85%: met"
    )


@pytest.mark.parametrize(
    ("exit_codes", "status", "last_line"),
    [
        ([1, 0], 0, "Mutation score: 1 / 2 mutants killed (50.0%)"),
        ([1, None], 1, "Mutation score: 1 / 2 mutants killed (50.0%)"),  # a run cut short
    ],
)
def test_score_of_the_last_run(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    exit_codes: list[int | None],
    status: int,
    last_line: str,
) -> None:
    write_verdicts(tmp_path / "mutants", "blogbook.slugs", exit_codes)
    assert mutation.main(["--score", "--folder", str(tmp_path)]) == status
    assert capsys.readouterr().out.splitlines()[-1].startswith(last_line)


def test_no_run_yet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert mutation.main(["--score", "--folder", str(tmp_path)]) == 1
    assert "no results" in capsys.readouterr().err


def test_the_copy_mutmut_runs_in(tmp_path: Path) -> None:
    """The package at the top, the tests and what also_copy names beside it; nothing else."""
    folder = tmp_path / "mutation"
    (folder / "stale").mkdir(parents=True)  # a run starts afresh
    mutation.prepare(folder)
    assert sorted(path.name for path in folder.iterdir()) == sorted(
        [
            "pyproject.toml",
            "blogbook",
            "tests",
            "scripts",
            "archive",
            "posts",
            "sources",
            "topics",
            "data",
            "_static",
            "_templates",
            "conf.py",
            "index.md",
            "sources.md",
            "glossary.md",
            "references.bib",
        ]
    )
    assert (folder / "blogbook" / "escape.py").read_bytes() == (
        mutation.PROJECT / "scripts" / "blogbook" / "escape.py"
    ).read_bytes()
    assert not list(folder.rglob("__pycache__"))


def test_a_copy_that_keeps_the_verdicts(tmp_path: Path) -> None:
    folder = tmp_path / "mutation"
    write_verdicts(folder / "mutants", "blogbook.slugs", [1])
    (folder / "tests").mkdir()
    (folder / "tests" / "test_gone.py").write_text("", encoding="utf-8")
    mutation.prepare(folder, keep_results=True)
    assert (folder / "mutants" / "blogbook" / "slugs.py.meta").exists()
    assert not (folder / "tests" / "test_gone.py").exists()
    assert (folder / "tests" / "test_mutation_score.py").exists()
    mutation.prepare(folder)
    assert not (folder / "mutants").exists()
