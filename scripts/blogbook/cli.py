"""The command line: the only code that reads argv, touches files and exits.

``python scripts/convert.py`` converts every archive file (``archive/*.txt``
and Blogger exports ``archive/*.xml`` / ``archive/*.atom``) with the editorial
layer into ``posts/``. See ``--help``.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import hashlib
import json
import os
import pickle
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from blogbook import diagnostics as diag
from blogbook import renames, slugs, writer
from blogbook.annotations import read_annotations, rules_digest, write_annotations
from blogbook.diagnostics import Code, Diagnostic
from blogbook.inputs import BLOGGER, TEXT, Inputs, rule_inputs

if TYPE_CHECKING:
    from blogbook.book import Conversion

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CODE_FOLDER = Path(__file__).resolve().parent  # the converter's own code, in its fingerprint
ARCHIVE_PATTERNS = ("*.txt", "*.xml", "*.atom")

DESCRIPTION = """\
Convert the blog archive into the book's post pages (MyST).

With no FILE, every archive file in archive/ (*.txt, and Blogger exports *.xml
or *.atom) is converted with the editorial layer archive/editorial.yaml into
posts/, together with the archive pages (posts/index.md, one per year and
month). Topic rules come from topics/*.md, glossary terms from glossary.md,
source keys from references.bib.

With FILE arguments, just those files are converted into --out, without the
editorial layer unless --editorial is given.

Problems are printed as 'file:line: error: message [code]'. Any error means
nothing is written and the exit status is 1; warnings do not stop the run
unless --strict is given. A file is written only if its content changes;
generated pages that no post produces any more are removed.
"""

EPILOG = """\
exit status: 0 success (or nothing to change with --check); 1 errors, or
--check found files that would change; 2 wrong usage.
"""


@dataclass(frozen=True, kw_only=True)
class Options:
    files: tuple[Path, ...]
    out: Path  # the posts' pages
    sources_out: Path | None  # the sources' pages (None: FILE arguments, no source pages)
    editorial: Path | None
    root: Path
    strict: bool
    check: bool
    dry_run: bool
    drafts: bool
    input_format: str
    sources_report: bool


def parse_args(argv: Sequence[str]) -> Options:
    parser = argparse.ArgumentParser(
        prog="convert.py",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add = parser.add_argument
    add("files", nargs="*", type=Path, metavar="FILE", help="archive files to convert")
    add("--out", type=Path, help="folder for the pages (default: posts/)")
    add(
        "--editorial",
        type=Path,
        help="editorial layer (default with no FILE: archive/editorial.yaml)",
    )
    add("--root", type=Path, default=PROJECT_ROOT, help="the book's folder (default: this project)")
    add("--strict", action="store_true", help="treat warnings as errors")
    add("--check", action="store_true", help="write nothing; exit 1 if files would change")
    add("--dry-run", action="store_true", help="write nothing; show what would change")
    add("--drafts", action="store_true", help="include drafts from Blogger exports")
    add(
        "--format",
        dest="input_format",
        choices=("auto", TEXT, BLOGGER),
        default="auto",
        help="archive format (default: detected from the content)",
    )
    add(
        "--sources-report",
        action="store_true",
        help="write nothing; list uncited mentions of sources and links that could be sources",
    )
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if args.files:
        if args.out is None:
            parser.error("--out is required when FILE arguments are given")
        files = tuple(args.files)
        editorial = args.editorial
    else:
        archive = root / "archive"
        files = tuple(sorted(p for pattern in ARCHIVE_PATTERNS for p in archive.glob(pattern)))
        editorial = args.editorial or archive / "editorial.yaml"
        if not editorial.exists() and args.editorial is None:
            editorial = None  # a book may have no editorial layer yet
    return Options(
        files=files,
        out=(args.out or root / "posts").resolve(),
        sources_out=None if args.files else (root / "sources").resolve(),
        editorial=editorial,
        root=root,
        strict=args.strict,
        check=args.check,
        dry_run=args.dry_run,
        drafts=args.drafts,
        input_format=args.input_format,
        sources_report=args.sources_report,
    )


def display_path(path: Path, root: Path) -> str:
    """Paths in messages and pages: relative to the book, so output is the same anywhere."""
    absolute = path.resolve()
    if absolute.is_relative_to(root):
        return absolute.relative_to(root).as_posix()
    return path.as_posix()


def read_inputs(options: Options) -> tuple[Inputs, list[Diagnostic]]:
    """Read every file the conversion needs; unreadable files become diagnostics."""
    root = options.root
    problems: list[Diagnostic] = []

    def read(path: Path) -> bytes | None:
        try:
            return path.read_bytes()
        except OSError as exc:
            shown = display_path(path, root)
            problems.append(diag.error(Code.UNREADABLE, shown, 1, exc.strerror or str(exc)))
            return None

    def text(path: Path) -> tuple[str, str] | None:
        data = read(path)
        if data is None:
            return None
        shown = display_path(path, root)
        try:
            return shown, data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            problems.append(diag.error(Code.NOT_UTF8, shown, line, "not UTF-8; save it as UTF-8"))
            return None

    if not options.files:
        message = "no archive files (archive/*.txt, *.xml, *.atom)"
        problems.append(diag.error(Code.NO_ARCHIVE, "archive", 1, message))
    archives = []
    for path in options.files:
        data = read(path)
        if data is not None:
            archives.append((display_path(path, root), data))
    topic_pages = [page for page in sorted((root / "topics").glob("*.md")) if page.stem != "index"]
    optional = {name: root / name for name in ("glossary.md", "references.bib")}
    inputs = Inputs(
        archives=tuple(archives),
        editorial=text(options.editorial) if options.editorial is not None else None,
        topic_pages=tuple(t for t in map(text, topic_pages) if t is not None),
        glossary=text(optional["glossary.md"]) if optional["glossary.md"].exists() else None,
        bibliography=(
            text(optional["references.bib"]) if optional["references.bib"].exists() else None
        ),
        input_format=options.input_format,
        drafts=options.drafts,
    )
    return inputs, problems


def report(problems: Sequence[Diagnostic]) -> None:
    for problem in problems:
        print(problem.format(), file=sys.stderr)


# --- a run whose inputs have not changed ---------------------------------------------------


def stamp_path(options: Options) -> Path:
    """Where a run notes what it read and wrote: build output, never in the book's sources."""
    return options.root / "_build" / "convert-stamp.json"


def annotations_path(options: Options) -> Path:
    return options.root / "_build" / "convert-annotations.pickle"


def fingerprint(inputs: Inputs, options: Options) -> str:
    """What the pages depend on: every input, the options, and the converter's own code."""
    digest = hashlib.sha256(pickle.dumps((inputs, options.strict, str(options.out)), protocol=5))
    for source in sorted(CODE_FOLDER.glob("*.py")):
        digest.update(source.read_bytes())
    return digest.hexdigest()


def _pages_on_disk(options: Options) -> dict[str, list[int]]:
    """Every generated file: path relative to the book -> [size, mtime_ns]."""
    found = {}
    for folder in output_folders(options):
        shown = display_path(folder, options.root)  # once: resolving every file costs 0.1 s
        for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
            if path.is_file():
                stat = path.stat()
                name = f"{shown}/{path.relative_to(folder).as_posix()}"
                found[name] = [stat.st_size, stat.st_mtime_ns]
    return found


def replay(options: Options, stamp: str) -> bool:
    """Report the last run again if it had the same inputs and its pages are untouched."""
    try:
        saved = json.loads(stamp_path(options).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if saved.get("fingerprint") != stamp or saved.get("pages") != _pages_on_disk(options):
        return False
    for line in saved["diagnostics"]:
        print(line, file=sys.stderr)
    print(
        f"{saved['posts']} posts: 0 files written, 0 removed, {len(saved['pages'])} unchanged "
        "(no input changed)",
        file=sys.stderr,
    )
    return True


def save_stamp(conversion: Conversion, options: Options, stamp: str) -> None:
    saved = {
        "fingerprint": stamp,
        "posts": len(conversion.pages),
        "diagnostics": [problem.format() for problem in conversion.diagnostics],
        "pages": _pages_on_disk(options),
    }
    writer.write_atomically(stamp_path(options), json.dumps(saved) + "\n")


@dataclass(frozen=True, kw_only=True)
class Changes:
    """What a run would do to the posts folder, and what it found on the way."""

    plan: writer.Plan
    outputs: dict[Path, str]  # every file the folder should hold, by its path
    diagnostics: tuple[Diagnostic, ...]  # renamed pages


def output_path(name: str, options: Options) -> Path | None:
    """Where an output (``posts/...``, ``sources/...``) goes; None when it is not written."""
    folder, _, rest = name.partition("/")
    if folder == "posts":
        return options.out / rest
    return options.sources_out / rest if options.sources_out is not None else None


def output_folders(options: Options) -> list[Path]:
    return [options.out] + ([options.sources_out] if options.sources_out is not None else [])


def plan_changes(conversion: Conversion, options: Options) -> Changes:
    """The writes and removals that make the generated folders match *conversion*, with the
    redirects file updated for the post pages that would move (each reported)."""
    names = {
        path: name
        for name in conversion.outputs
        if (path := output_path(name, options)) is not None
    }
    outputs = {path: conversion.outputs[name] for path, name in names.items()}
    the_plan = writer.plan(outputs, output_folders(options))

    def docname(path: Path) -> str:
        if path in names:  # from the output's name: no path arithmetic for 10,000 pages
            name = names[path]
            return _without_suffix(name) if name.startswith("posts/") else ""
        if not path.is_relative_to(options.out):
            return ""
        return "posts/" + path.relative_to(options.out).with_suffix("").as_posix()

    removed = {
        docname(path): path.read_text(encoding="utf-8")
        for path in the_plan.removals
        if slugs.is_post_docname(docname(path))
    }
    added = {  # a page can only have moved if another went away
        docname(path): outputs[path]
        for path in (the_plan.writes if removed else ())
        if not path.exists() and slugs.is_post_docname(docname(path))
    }
    found = renames.find_renames(removed, added) if removed and added else ()
    path = options.out / renames.REDIRECTS_FILE
    previous = renames.read_redirects(path.read_text(encoding="utf-8")) if path.exists() else {}
    redirects = renames.updated_redirects(previous, found, map(docname, outputs))
    if redirects != previous:
        outputs[path] = renames.redirects_text(redirects)
        the_plan = replace(the_plan, writes=(*the_plan.writes, path))
    return Changes(
        plan=the_plan, outputs=outputs, diagnostics=tuple(renames.rename_warnings(found))
    )


def _without_suffix(name: str) -> str:
    """``posts/2014/08/28-rotherham.md`` -> ``posts/2014/08/28-rotherham``."""
    head, dot, suffix = name.rpartition(".")
    return head if dot and "/" not in suffix else name


def write(conversion: Conversion, options: Options) -> int:
    changes = plan_changes(conversion, options)
    report(changes.diagnostics)
    if diag.has_errors(changes.diagnostics, strict=options.strict):
        return 1
    the_plan = changes.plan
    listed = [("write", p) for p in the_plan.writes] + [("remove", p) for p in the_plan.removals]
    if options.check or options.dry_run:
        for action, path in listed:
            print(f"would {action} {display_path(path, options.root)}")
        return 1 if options.check and listed else 0
    writer.apply(the_plan, changes.outputs, output_folders(options))
    print(
        f"{len(conversion.pages)} posts: {len(the_plan.writes)} files written, "
        f"{len(the_plan.removals)} removed, {the_plan.unchanged} unchanged",
        file=sys.stderr,
    )
    return 0


@contextlib.contextmanager
def without_cycle_collection() -> Iterator[None]:
    """A run makes millions of objects and drops almost none until it ends; the few
    cycles among them take a few megabytes. Python's cycle collector would scan the
    rest again and again for nothing: a fifth of the CPU time of a large first run."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def main(argv: Sequence[str] | None = None) -> int:
    options = parse_args(sys.argv[1:] if argv is None else argv)
    with without_cycle_collection():
        return run(options)


def run(options: Options) -> int:
    inputs, problems = read_inputs(options)
    if diag.has_errors(problems):
        report(problems)
        return 1
    # A run that writes the book's pages keeps notes in its _build/ for the next run;
    # one given files to convert elsewhere (--out, no sources) leaves them alone.
    writes = not (options.check or options.dry_run or options.sources_report)
    keeps_notes = writes and options.sources_out is not None
    stamp = fingerprint(inputs, options) if keeps_notes else ""
    if keeps_notes and replay(options, stamp):
        return 0
    rules = rules_digest(rule_inputs(inputs), CODE_FOLDER.glob("*.py"))
    known = read_annotations(annotations_path(options), rules) if keeps_notes else None
    # The converter's own modules load only now: a run with nothing to do is a third as long.
    from blogbook.book import convert_book

    conversion = convert_book(inputs, strict=options.strict, known=known)
    report(conversion.diagnostics)
    if diag.has_errors(conversion.diagnostics, strict=options.strict):
        return 1
    if options.sources_report:
        from blogbook.coverage import coverage_report

        print(coverage_report(conversion.pages, conversion.rules), end="")
        return 0
    if keeps_notes:
        return write_keeping_notes(conversion, options, stamp)
    return write(conversion, options)


def write_keeping_notes(conversion: Conversion, options: Options, stamp: str) -> int:
    """:func:`write`, with the notes for the next run kept if it succeeds. Pickling the
    notes of a large book takes as long as writing its pages: both are done at once."""
    from blogbook import forked

    notes = annotations_path(options)
    pending = notes.with_name(f".{notes.name}.{os.getpid()}.partial")
    many = len(conversion.pages) >= forked.MANY
    kept = forked.beside(write_annotations, pending, conversion.annotations, many=many)
    status = write(conversion, options)
    if kept.wait() and status == 0:
        pending.replace(notes)
        save_stamp(conversion, options, stamp)
    else:
        pending.unlink(missing_ok=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
