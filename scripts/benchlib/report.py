"""The benchmark's results: the targets of issue 6, checked, and the printed table.

:func:`targets` and :func:`table` are pure: the results dictionary (as written to
the JSON file) in, rows or text out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

KB = 1000
CONVERTER_SECONDS = 3.0
CLEAN_BUILD_SECONDS = 30.0
SCALING_FACTOR = 8.0
NO_CHANGE_SECONDS = 2.0
EDIT_SECONDS = 4.0
POST_PAGE_BYTES = 25 * KB
OVERHEAD_DRIFT = 0.05  # a post page's weight beyond its text may vary this much with size


@dataclass(frozen=True, kw_only=True)
class Target:
    name: str
    measured: str
    limit: str
    met: bool | None  # None: not measured


def _build(results: dict[str, Any], posts: int, jobs: str) -> dict[str, Any] | None:
    return next((b for b in results["builds"] if b["posts"] == posts and b["jobs"] == jobs), None)


def targets(results: dict[str, Any]) -> list[Target]:
    found: list[Target] = []
    converter = results["converter"]
    first, rerun = converter["first"], converter["rerun"]
    found.append(
        Target(
            name=f"converter, {converter['posts']:,} posts, first run",
            measured=f"{first['seconds']:.2f} s",
            limit=f"<= {CONVERTER_SECONDS:g} s",
            met=first["seconds"] <= CONVERTER_SECONDS and first["returncode"] == 0,
        )
    )
    found.append(
        Target(
            name="converter, no-change re-run",
            measured=f"{rerun['written']} files written",
            limit="0 files",
            met=rerun["written"] == 0 and rerun["returncode"] == 0,
        )
    )
    jobs = results["recommended_jobs"]
    sizes = sorted({b["posts"] for b in results["builds"]})
    small, large = sizes[0], sizes[-1]
    big = _build(results, large, jobs)
    little = _build(results, small, jobs)
    if big is not None:
        found.append(
            Target(
                name=f"clean build, {large:,} posts, -j {jobs}",
                measured=f"{big['seconds']:.1f} s",
                limit=f"<= {CLEAN_BUILD_SECONDS:g} s",
                met=big["seconds"] <= CLEAN_BUILD_SECONDS and big["returncode"] == 0,
            )
        )
    if big is not None and little is not None and large != small:
        ratio = big["seconds"] / little["seconds"]
        found.append(
            Target(
                name=f"{large:,}-post build / {small:,}-post build",
                measured=f"{ratio:.1f}x",
                limit=f"<= {SCALING_FACTOR:g}x",
                met=ratio <= SCALING_FACTOR,
            )
        )
    rebuilds = results["rebuilds"]
    quiet = rebuilds["no_change"]
    found.append(
        Target(
            name=f"no-change rebuild, {rebuilds['posts']:,} posts",
            measured=f"{quiet['seconds']:.2f} s, {quiet['reread']} re-read",
            limit=f"<= {NO_CHANGE_SECONDS:g} s, 0 re-read",
            met=quiet["seconds"] <= NO_CHANGE_SECONDS and quiet["reread"] == 0,
        )
    )
    for key, label in (("edit_body", "later paragraph"), ("edit_opening", "opening words")):
        edit = rebuilds[key]
        found.append(
            Target(
                name=f"one post edited ({label}), {rebuilds['posts']:,} posts",
                measured=f"{edit['seconds']:.2f} s, {edit['reread']} re-read",
                limit=f"<= {EDIT_SECONDS:g} s, 1 re-read",
                met=edit["seconds"] <= EDIT_SECONDS and edit["reread"] == 1,
            )
        )
    pages = results["pages"]
    largest = pages[str(large)]
    found.append(
        Target(
            name=f"post page HTML, {large:,} posts (mean; max)",
            measured=(
                f"{largest['post_mean_bytes'] / KB:.1f} KB; {largest['post_max_bytes'] / KB:.1f} KB"
            ),
            limit=f"<= {POST_PAGE_BYTES / KB:g} KB",
            met=largest["post_mean_bytes"] <= POST_PAGE_BYTES,
        )
    )
    smallest = pages[str(small)]
    if large != small:
        drift = abs(largest["overhead_mean_bytes"] / smallest["overhead_mean_bytes"] - 1)
        found.append(
            Target(
                name="post page weight beyond its text, independent of size",
                measured=(
                    f"{smallest['overhead_mean_bytes'] / KB:.1f} KB at {small:,}, "
                    f"{largest['overhead_mean_bytes'] / KB:.1f} KB at {large:,}"
                ),
                limit=f"within {OVERHEAD_DRIFT:.0%}",
                met=drift <= OVERHEAD_DRIFT,
            )
        )
    return found


def _rows_to_text(header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> str:
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(header, widths, strict=True))]
    lines.append("  ".join("-" * width for width in widths))
    lines += [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in rows
    ]
    return "\n".join(line.rstrip() for line in lines)


def _split(run: dict[str, Any], digits: int) -> str:
    convert, sphinx = run["convert_seconds"], run["sphinx_seconds"]
    return f"convert {convert:.{digits}f} s + sphinx {sphinx:.{digits}f} s"


def table(results: dict[str, Any]) -> str:
    rows: list[tuple[str, ...]] = []
    converter = results["converter"]
    for key, label in (("first", "first run"), ("rerun", "no-change re-run")):
        run = converter[key]
        rows.append(
            (
                f"converter {converter['posts']:,} posts, {label}",
                f"{run['seconds']:.2f} s",
                f"{run['written']} written, {run['cpu_seconds']:.1f} CPU s",
                f"{run['max_rss_mib']:.0f} MiB",
            )
        )
    for build in results["builds"]:
        rows.append(
            (
                f"make html clean, {build['posts']:,} posts, -j {build['jobs']}",
                f"{build['seconds']:.1f} s",
                _split(build, 1)
                + f", {build['cpu_seconds']:.0f} CPU s"
                + (f", {build['warnings']} warnings" if build["warnings"] else ""),
                f"{build['max_rss_mib']:.0f} MiB",
            )
        )
    rebuilds = results["rebuilds"]
    for key, label in (
        ("no_change", "no change"),
        ("edit_body", "one post edited (later paragraph)"),
        ("edit_opening", "one post edited (opening words)"),
    ):
        rebuild = rebuilds[key]
        rows.append(
            (
                f"make html again, {rebuilds['posts']:,} posts, -j {rebuilds['jobs']}: {label}",
                f"{rebuild['seconds']:.2f} s",
                _split(rebuild, 2)
                + f"; {rebuild['reread']} re-read, {len(rebuild['written'])} pages written",
                f"{rebuild['max_rss_mib']:.0f} MiB",
            )
        )
    for posts, sizes in results["pages"].items():
        rows.append(
            (
                f"HTML, {int(posts):,} posts",
                f"post page mean {sizes['post_mean_bytes'] / KB:.1f} KB, "
                f"max {sizes['post_max_bytes'] / KB:.1f} KB",
                f"total {sizes['html_total_bytes'] / KB / KB:.1f} MB, "
                f"searchindex.js {sizes['searchindex_bytes'] / KB:.0f} KB",
                "",
            )
        )
    blogger = results["blogger"]
    if blogger["status"] == "ok":
        rows.append(
            (
                f"Blogger export, {blogger['posts']:,} posts, converted",
                f"{blogger['seconds']:.2f} s",
                f"{blogger['converted']:,} posts, {blogger['export_bytes'] / KB / KB:.1f} MB",
                f"{blogger['max_rss_mib']:.0f} MiB",
            )
        )
    else:
        rows.append((f"Blogger export, {blogger['posts']:,} posts", "n/a", blogger["reason"], ""))
    text = _rows_to_text(("measurement", "time / size", "detail", "peak RSS"), rows)
    checks = [
        (
            target.name,
            target.measured,
            target.limit,
            "met" if target.met else ("n/a" if target.met is None else "MISSED"),
        )
        for target in targets(results)
    ]
    text += "\n\n" + _rows_to_text(("target", "measured", "limit", ""), checks)
    text += f"\n\nrecommended: -j {results['recommended_jobs']} ({results['jobs_reason']})"
    machine = results["machine"]
    start, end = machine["load_average_at_start"][0], machine["load_average_at_end"][0]
    text += f"\nload average (1 min) at start {start:.2f}, at end {end:.2f}: other work skews times"
    return text
