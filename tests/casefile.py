"""Case files: input files, expected diagnostics and expected pages side by side.

A case file is a sequence of sections, each opened by a marker line::

    <<<<< file archive/2020-01.txt      an input file of the book (UTF-8)
    <<<<< file archive/x.txt latin-1    the same text, saved in another encoding
    <<<<< folder archive/y.txt          a folder where a file is expected (unreadable)
    <<<<< options --drafts              options of the run
    <<<<< diagnostics exit=0            expected messages (stderr lines)
    <<<<< page posts/2020/01/01-a-title.md   an expected output, relative to the book

Inputs come first; ``--update-goldens`` rewrites everything from the first
expected section on, from what the converter produced.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

MARKER = "<<<<< "


@dataclass
class Case:
    path: Path
    files: dict[str, str] = field(default_factory=dict)
    encodings: dict[str, str] = field(default_factory=dict)  # file name -> other than UTF-8
    folders: list[str] = field(default_factory=list)
    options: list[str] = field(default_factory=list)
    exit_code: int = 0
    diagnostics: list[str] = field(default_factory=list)
    pages: dict[str, str] = field(default_factory=dict)

    def write_inputs(self, root: Path) -> None:
        """The case's input files, as a book in *root*."""
        for name, text in self.files.items():
            target = root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(text.encode(self.encodings.get(name, "utf-8")))
        for name in self.folders:
            (root / name).mkdir(parents=True, exist_ok=True)
        (root / "archive").mkdir(exist_ok=True)


def read_case(path: Path) -> Case:
    case = Case(path=path)
    kind, name, lines = "", "", []  # type: ignore[var-annotated]
    sections: list[tuple[str, str, list[str]]] = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line.startswith(MARKER):
            if kind:
                sections.append((kind, name, lines))
            kind, _, name = line[len(MARKER) :].partition(" ")
            lines = []
        else:
            lines.append(line)
    if kind:
        sections.append((kind, name, lines))
    for kind, name, body in sections:
        text = "\n".join(body)
        if kind == "file":
            name, _, encoding = name.partition(" ")
            case.files[name] = text.removesuffix("\n") + "\n"
            if encoding:
                case.encodings[name] = encoding
        elif kind == "folder":
            case.folders.append(name)
        elif kind == "options":
            case.options = name.split()
        elif kind == "diagnostics":
            case.exit_code = int(name.removeprefix("exit="))
            case.diagnostics = [line for line in body if line]
        elif kind == "page":
            case.pages[name] = text.removesuffix("\n") + "\n"
        else:
            raise ValueError(f"{path}: unknown section {kind!r}")
    return case


def write_case(case: Case) -> None:
    parts = []
    for name, text in case.files.items():
        encoding = f" {case.encodings[name]}" if name in case.encodings else ""
        parts.append(f"{MARKER}file {name}{encoding}\n{text}")
    parts += [f"{MARKER}folder {name}\n" for name in case.folders]
    if case.options:
        parts.append(f"{MARKER}options {' '.join(case.options)}\n")
    parts.append(
        f"{MARKER}diagnostics exit={case.exit_code}\n" + "".join(f"{d}\n" for d in case.diagnostics)
    )
    parts += [f"{MARKER}page {name}\n{text}" for name, text in sorted(case.pages.items())]
    case.path.write_text("".join(parts), encoding="utf-8")
