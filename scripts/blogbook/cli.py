"""The command line: the only code that reads argv, touches files and exits.

``python scripts/convert.py`` converts every archive file (``archive/*.txt``
and Blogger exports ``archive/*.xml`` / ``archive/*.atom``) with the editorial
layer into ``posts/``. See ``--help``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from blogbook import diagnostics as diag
from blogbook import editorial as editorial_mod
from blogbook import writer
from blogbook.diagnostics import Diagnostic
from blogbook.model import ParseResult, Post
from blogbook.pages import PostPage, Rules, build_pages
from blogbook.parse_text import parse_text_archive
from blogbook.render import render_archive_pages, render_post
from blogbook.sources import read_bibliography
from blogbook.terms import Term, parse_glossary
from blogbook.topics import parse_topic_rule

PROJECT_ROOT = Path(__file__).resolve().parents[2]
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
unless --strict is given.
"""

EPILOG = """\
exit status: 0 success (or nothing to change with --check); 1 errors, or
--check found files that would change; 2 wrong usage.
"""


@dataclass(frozen=True, kw_only=True)
class Options:
    files: tuple[Path, ...]
    out: Path
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
    parser.add_argument(
        "files", nargs="*", type=Path, metavar="FILE", help="archive files to convert"
    )
    parser.add_argument("--out", type=Path, help="folder for the pages (default: posts/)")
    parser.add_argument(
        "--editorial",
        type=Path,
        help="editorial layer (default with no FILE: archive/editorial.yaml)",
    )
    parser.add_argument(
        "--root", type=Path, default=PROJECT_ROOT, help="the book's folder (default: this project)"
    )
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 and list the files that would change",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="write nothing; show what would change"
    )
    parser.add_argument("--drafts", action="store_true", help="include drafts from Blogger exports")
    parser.add_argument(
        "--format",
        dest="input_format",
        choices=("auto", "text", "blogger"),
        default="auto",
        help="archive format (default: detected from the content)",
    )
    parser.add_argument(
        "--sources-report",
        action="store_true",
        help=(
            "write nothing; list sentences that mention a source but cite none, "
            "and links that could be sources"
        ),
    )
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if args.files:
        if args.out is None:
            parser.error("--out is required when FILE arguments are given")
        files = tuple(args.files)
        editorial = args.editorial
    else:
        files = tuple(
            sorted(p for pattern in ARCHIVE_PATTERNS for p in (root / "archive").glob(pattern))
        )
        editorial = args.editorial or root / "archive" / "editorial.yaml"
    return Options(
        files=files,
        out=(args.out or root / "posts"),
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


# --- reading ---------------------------------------------------------------------------


def read_archives(options: Options) -> tuple[list[Post], list[Diagnostic]]:
    posts: list[Post] = []
    problems: list[Diagnostic] = []
    if not options.files:
        problems.append(
            diag.error(
                "no-archive",
                display_path(options.root / "archive", options.root),
                1,
                "no archive files found",
            )
        )
    for path in options.files:
        shown = display_path(path, options.root)
        try:
            data = path.read_bytes()
        except OSError as exc:
            problems.append(diag.error("unreadable", shown, 1, exc.strerror or str(exc)))
            continue
        result = _parse(data, shown, options)
        posts.extend(result.posts)
        problems.extend(result.diagnostics)
    return posts, problems


def _parse(data: bytes, shown: str, options: Options) -> ParseResult:
    fmt = options.input_format
    if fmt == "auto":
        fmt = "blogger" if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<") else "text"
    if fmt == "blogger":
        from blogbook.parse_blogger import parse_blogger_export  # only exports need XML

        return parse_blogger_export(data, shown, include_drafts=options.drafts)
    return parse_text_archive(data, shown)


def read_rules(options: Options) -> tuple[Rules, list[Diagnostic]]:
    problems: list[Diagnostic] = []
    root = options.root
    editorial = editorial_mod.EMPTY
    if options.editorial is not None and options.editorial.exists():
        editorial, found = editorial_mod.parse_editorial(
            options.editorial.read_text(encoding="utf-8"), display_path(options.editorial, root)
        )
        problems.extend(found)
    elif (
        options.editorial is not None
        and options.files
        and options.editorial != root / "archive" / "editorial.yaml"
    ):
        problems.append(
            diag.error("unreadable", display_path(options.editorial, root), 1, "no such file")
        )
    topic_rules = []
    for page in sorted((root / "topics").glob("*.md")):
        if page.stem == "index":
            continue
        rule, found = parse_topic_rule(
            page.read_text(encoding="utf-8"), display_path(page, root), page.stem
        )
        problems.extend(found)
        if rule is not None:
            topic_rules.append(rule)
    terms: tuple[Term, ...] = ()
    glossary = root / "glossary.md"
    if glossary.exists():
        terms, found = parse_glossary(
            glossary.read_text(encoding="utf-8"), display_path(glossary, root)
        )
        problems.extend(found)
    source_keys = None
    source_urls: dict[str, str] = {}
    bib = root / "references.bib"
    if bib.exists():
        bibliography, found = read_bibliography(
            bib.read_text(encoding="utf-8"), display_path(bib, root)
        )
        problems.extend(found)
        source_keys = frozenset(bibliography.keys)
        source_urls = dict(bibliography.urls)
    rules = Rules(
        editorial=editorial,
        topics=tuple(topic_rules),
        terms=terms,
        source_keys=source_keys,
        source_urls=source_urls,
    )
    return rules, problems


# --- writing -----------------------------------------------------------------------------


def outputs_for(pages: Sequence[PostPage], out: Path) -> dict[Path, str]:
    outputs = {_page_path(out, page.docname): render_post(page) for page in pages}
    for index_page in render_archive_pages(pages):
        outputs[_page_path(out, index_page.docname)] = index_page.text
    return outputs


def _page_path(out: Path, docname: str) -> Path:
    return out / (docname.removeprefix("posts/") + ".md")


def report(problems: Sequence[Diagnostic]) -> None:
    for problem in problems:
        print(problem.format(), file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    options = parse_args(sys.argv[1:] if argv is None else argv)
    posts, problems = read_archives(options)
    rules, found = read_rules(options)
    problems.extend(found)
    if not diag.has_errors(problems, strict=options.strict):
        pages, found_in_pages = build_pages(posts, rules)
        problems.extend(found_in_pages)
    report(problems)
    if diag.has_errors(problems, strict=options.strict):
        return 1
    if options.sources_report:
        from blogbook.coverage import coverage_report

        print(coverage_report(pages, rules), end="")
        return 0
    out = options.out.resolve() if not options.out.is_absolute() else options.out
    outputs = outputs_for(pages, out)
    the_plan = writer.plan(outputs, out)
    changes = [("write", path) for path in the_plan.writes] + [
        ("remove", path) for path in the_plan.removals
    ]
    if options.check or options.dry_run:
        for action, path in changes:
            print(f"would {action} {display_path(path, options.root)}")
        return 1 if options.check and changes else 0
    writer.apply(the_plan, outputs, out)
    print(
        f"{len(pages)} posts: {len(the_plan.writes)} files written, "
        f"{len(the_plan.removals)} removed, {the_plan.unchanged} unchanged",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
