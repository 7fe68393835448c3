#!/usr/bin/env python3
"""Mutation testing of the converter's pure modules: how many broken copies the tests catch.

mutmut (configured in pyproject.toml, ``[tool.mutmut]``) makes small changes to the
modules it lists, one at a time (a ``<`` for a ``<=``, a string changed, a line
dropped), and runs the fast tests that reach the changed function against each. A
*mutant* is *killed* when a test fails. The score is killed / all mutants.

mutmut names a mutant after its file's path, and the tests import ``blogbook``, not
``scripts.blogbook``; so it runs in a copy of the project (``_build/mutation``) where the
package sits at the top: ``blogbook/`` is ``scripts/blogbook/``, and the files the tests
read are copied beside it. A run starts afresh, since mutmut would otherwise keep the
verdicts of the last run whatever changed in the tests since; ``--keep`` keeps them, copies
the tests again, and retests the mutants named.

It is a benchmark, not a test: a missed target does not change the exit status; a mutmut
run that fails, or leaves mutants unchecked, makes it 1.

    .venv/bin/python scripts/mutation.py            # the full run (make mutation)
    .venv/bin/python scripts/mutation.py --score    # the score of the last run again
    .venv/bin/python scripts/mutation.py --keep 'blogbook.escape.*'   # retest some mutants

To read a survivor afterwards: ``cd _build/mutation && ../../.venv/bin/mutmut show NAME``
(or ``mutmut browse``).
"""

from __future__ import annotations

import argparse
import datetime
import json
import shutil
import subprocess
import sys
import tomllib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
FOLDER = PROJECT / "_build" / "mutation"
PACKAGE = "blogbook"  # scripts/blogbook, at the top of the folder mutmut runs in
TARGET = 85.0  # percent of mutants killed (issue 17)

# mutmut 3.8.1's verdicts, by the exit code it records for a mutant (mutmut/stats.py).
# A timeout is a kill: the tests did not let the mutant finish.
STATUS_BY_EXIT_CODE: Mapping[int | None, str] = {
    1: "killed",
    3: "killed",  # pytest's internal error
    0: "survived",
    5: "no tests",
    33: "no tests",
    34: "skipped",
    36: "timeout",
    24: "timeout",  # SIGXCPU: the CPU time limit
    -24: "timeout",
    152: "timeout",
    255: "timeout",
    37: "caught by type check",
    -11: "segfault",
    -9: "segfault",
    2: "interrupted",
    None: "not checked",
}
KILLED = ("killed", "timeout")
COLUMNS = ("killed", "timeout", "survived", "no tests", "other")


def status(exit_code: int | None) -> str:
    return STATUS_BY_EXIT_CODE.get(exit_code, "suspicious")


@dataclass(frozen=True, kw_only=True)
class Score:
    module: str
    counts: Counter[str]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def killed(self) -> int:
        return sum(self.counts[name] for name in KILLED)

    @property
    def percent(self) -> float:
        return 100.0 * self.killed / self.total if self.total else 0.0

    def column(self, name: str) -> int:
        if name == "other":
            return sum(n for s, n in self.counts.items() if s not in COLUMNS)
        return self.counts[name]


def module_name(meta: Path, mutants: Path) -> str:
    """``mutants/blogbook/escape.py.meta`` -> ``blogbook.escape``."""
    relative = meta.relative_to(mutants).as_posix().removesuffix(".py.meta")
    return relative.replace("/", ".")


def read_scores(mutants: Path) -> list[Score]:
    """One score per mutated module, from the ``.meta`` files mutmut writes beside them."""
    scores = []
    for meta in sorted(mutants.rglob("*.py.meta")):
        exit_codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
        counts = Counter(status(code) for code in exit_codes.values())
        scores.append(Score(module=module_name(meta, mutants), counts=counts))
    return scores


def total_score(scores: Iterable[Score]) -> Score:
    counts: Counter[str] = Counter()
    for score in scores:
        counts.update(score.counts)
    return Score(module="all", counts=counts)


def score_table(scores: Sequence[Score], *, today: datetime.date) -> str:
    """The per-module table and, last, the line the README quotes."""
    rows = [*scores, total_score(scores)]
    width = max(len(row.module) for row in rows)
    header = f"{'module':<{width}}  " + "  ".join(f"{c:>8}" for c in COLUMNS)
    lines = [header + f"  {'total':>6}  {'score':>6}"]
    for row in rows:
        cells = "  ".join(f"{row.column(c):>8}" for c in COLUMNS)
        lines.append(f"{row.module:<{width}}  {cells}  {row.total:>6}  {row.percent:>5.1f}%")
    everything = rows[-1]
    met = "met" if everything.percent >= TARGET else "MISSED"
    lines.append("")
    lines.append(
        f"Mutation score: {everything.killed} / {everything.total} mutants killed "
        f"({everything.percent:.1f}%) on {today.isoformat()}; target {TARGET:.0f}%: {met}"
    )
    return "\n".join(lines) + "\n"


def _copy(source: Path, target: Path) -> None:
    if source.is_dir():
        ignore = shutil.ignore_patterns("__pycache__", ".hypothesis", ".pytest_cache")
        shutil.copytree(source, target, ignore=ignore)
    else:
        shutil.copy2(source, target)


def prepare(folder: Path, *, project: Path = PROJECT, keep_results: bool = False) -> None:
    """A fresh copy of what mutmut needs in *folder*: pyproject.toml, the package at the top,
    the tests, and what ``also_copy`` names; with *keep_results*, mutmut's own folder
    (``mutants/``: the mutants and their verdicts) stays."""
    config = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))
    also_copy = config["tool"]["mutmut"]["also_copy"]
    for entry in sorted(folder.iterdir()) if folder.exists() else ():
        if keep_results and entry.name == "mutants":
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    folder.mkdir(parents=True, exist_ok=True)
    _copy(project / "pyproject.toml", folder / "pyproject.toml")
    _copy(project / "scripts" / PACKAGE, folder / PACKAGE)
    for name in ("tests", *also_copy):
        _copy(project / name.rstrip("/"), folder / name.rstrip("/"))


def run_mutmut(folder: Path, names: Sequence[str]) -> int:
    mutmut = Path(sys.executable).parent / "mutmut"
    return subprocess.run([str(mutmut), "run", *names], cwd=folder, check=False).returncode


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mutation.py", description=__doc__.split("\n\n")[0])
    add = parser.add_argument
    add("names", nargs="*", metavar="MUTANT", help="mutants to (re)test, e.g. 'blogbook.slugs.*'")
    add("--folder", type=Path, default=FOLDER, help="where mutmut runs (default: %(default)s)")
    add("--keep", action="store_true", help="keep the last run's verdicts; retest MUTANTs only")
    add("--score", action="store_true", help="only print the score of the last run")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(sys.argv[1:] if argv is None else argv)
    folder: Path = args.folder
    if not args.score:
        prepare(folder, keep_results=args.keep)
        status_code = run_mutmut(folder, args.names)
        if status_code != 0:
            print(f"mutation.py: mutmut failed (exit status {status_code})", file=sys.stderr)
            return 1
    scores = read_scores(folder / "mutants")
    if not scores:
        print(
            f"mutation.py: no results in {folder / 'mutants'}; run without --score", file=sys.stderr
        )
        return 1
    print(score_table(scores, today=datetime.date.today()), end="")
    unchecked = total_score(scores).counts["not checked"]
    if unchecked:
        print(f"mutation.py: {unchecked} mutants were not checked", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
