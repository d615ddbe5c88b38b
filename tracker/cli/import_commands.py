"""`rectrack import` and `rectrack export`: the YAML format in and out (seed-format.md)."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

import click
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from tracker.cli import INTERRUPTED_EXIT
from tracker.cli.common import (
    counted,
    json_option,
    opened_store,
    print_issues,
    print_json,
    print_listed,
    safe,
    state,
    stderr,
    stdout,
)
from tracker.errors import ImportConflict, ImportFailed
from tracker.importing.plan import summary_line
from tracker.importing.reader import MAX_FILE_BYTES
from tracker.services import exporting, importing
from tracker.store import raise_pending_interrupt

PROGRESS_AFTER_S = 0.5


class LazyProgress:
    """A Rich progress bar on stderr that appears only once a batch has taken more than a
    moment, and only on a terminal."""

    def __init__(self) -> None:
        self.started_at = time.monotonic()
        self.progress: Progress | None = None
        self.tasks: dict[str, TaskID] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        raise_pending_interrupt()  # a Ctrl-C that was dropped where it arrived: stop here
        if self.progress is None:
            if not stderr.is_terminal or time.monotonic() - self.started_at < PROGRESS_AFTER_S:
                return
            self.progress = Progress(
                TextColumn("{task.description:<8}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=stderr,
                transient=True,
            )
            self.progress.start()
        if stage not in self.tasks:
            self.tasks[stage] = self.progress.add_task(stage, total=total)
        self.progress.update(self.tasks[stage], completed=done, total=total)

    def close(self) -> None:
        if self.progress is not None:
            self.progress.stop()


@contextmanager
def lazy_progress() -> Iterator[LazyProgress]:
    progress = LazyProgress()
    try:
        yield progress
    finally:
        progress.close()


@click.command("import")
@click.argument(
    "paths", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="PATH..."
)
@click.option(
    "--dry-run", is_flag=True, help="Check everything and print the summary; write nothing."
)
@click.option(
    "--prune",
    is_flag=True,
    help="Each file is authoritative for its report's recommendations: remove those it no "
    "longer holds (a conflict where reviewer decisions hang on them).",
)
@click.option(
    "--prefer",
    type=click.Choice(["file", "store"]),
    default=None,
    help="Who wins where a file contradicts a reviewer's decision in the store. "
    "Default: report the conflicts and write nothing.",
)
@click.option("--no-match", is_flag=True, help="Do not propose matches for the reports added.")
@json_option
def import_(
    paths: tuple[Path, ...],
    dry_run: bool,
    prune: bool,
    prefer: Literal["file", "store"] | None,
    no_match: bool,
    as_json: bool,
) -> None:
    """Import YAML files and folders (walked recursively) as one batch.

    Every file is checked first; any error, in any file, is reported as FILE:LINE:COLUMN:
    PATH: message and nothing is written (exit status 1). A valid batch is written in one
    transaction. Re-importing the same files changes nothing; a changed file updates what
    changed, recorded in the history. Where a file contradicts a reviewer's decision (a link
    or an assessment made in the store), nothing is written unless --prefer says who wins
    (exit status 3). Files over MAX_FILE_BYTES are refused.
    """
    unmatched: list[str] = []
    with opened_store() as store, lazy_progress() as progress:
        try:
            # The import, then matching for the reports it added, as two calls (what
            # `import_paths` does with match=True), so that a Ctrl-C during matching can say
            # that the import itself is complete.
            summary = importing.import_paths(
                store,
                list(paths),
                actor=state().actor,
                dry_run=dry_run,
                prune=prune,
                prefer=prefer,
                match=False,
                progress=progress,
            )
        except (ImportFailed, ImportConflict) as exc:
            progress.close()
            print_issues(exc, as_json)
            raise
        created = [] if no_match or dry_run else summary.created_report_ids
        proposed: int | None = None
        try:
            if created:
                raise_pending_interrupt()  # one that came as the import committed
                proposed = importing.propose_matches(store, created, state().actor).proposed
        except KeyboardInterrupt:  # its transaction is rolled back: nothing proposed
            progress.close()
            stderr.print()  # off the line of the terminal's ^C
            unmatched = created
    if as_json:
        payload = {"ok": True, **summary.as_dict()}
        if unmatched:
            payload["matching"] = {
                "interrupted": True,
                "unmatched_report_ids": unmatched,
                "command": _match_command(unmatched),
            }
        if proposed is not None:
            payload["proposed"] = proposed
        print_json(payload)
    else:
        _print_summary(summary)
        if proposed is not None:
            stdout.print(
                f"Matching proposed {counted(proposed, 'candidate restatement')} for the "
                f"{counted(len(created), 'report')} added (review them: rectrack review)."
            )
    if unmatched:
        _report_matching_interrupted(unmatched)
        sys.exit(INTERRUPTED_EXIT)  # not click's Exit: main would take it for a return value


import_.help = (import_.help or "").replace("MAX_FILE_BYTES", f"{MAX_FILE_BYTES // 2**20} MiB")


def _match_command(report_ids: list[str]) -> str:
    return f"rectrack match --report {report_ids[0]}" if len(report_ids) == 1 else "rectrack match"


def _report_matching_interrupted(report_ids: list[str]) -> None:
    """Ctrl-C during the matching that follows the import: the import is committed, and a
    re-import would find it unchanged and propose nothing, so say what to run."""
    what = f"report {report_ids[0]}" if len(report_ids) == 1 else f"the {len(report_ids)} reports"
    stderr.print(
        f"The import is complete, but matching was interrupted: nothing was proposed for "
        f"{what} added. To propose candidates, run: {_match_command(report_ids)}",
        markup=False,
    )


def _print_summary(summary: importing.ImportSummary) -> None:
    print_listed(summary.resolved, prefix="resolved: ")
    topics = summary.topics
    if topics.added or topics.changed or topics.unchanged:
        stdout.print(
            f"topics  {topics.added} added, {topics.changed} changed, {topics.unchanged} unchanged"
        )
    width = max((len(report.id) for report in summary.reports), default=0)
    for report in summary.reports:
        line = summary_line(report)
        kept = report.recommendations.kept
        if kept and not summary.prune:
            line += f"; {kept} recommendations not in the file kept (--prune removes them)"
        elif kept:
            line += f"; {kept} recommendations kept"
        stdout.print(f"{safe(report.id):<{width}}  {safe(line)}")
    totals = summary.totals()
    reports = totals["reports"]
    recs = totals["recommendations"]
    verb = "Would import" if summary.dry_run else "Imported"
    stdout.print(
        f"{verb} {counted(len(summary.files), 'file')}: "
        f"{counted(reports['added'], 'report')} added, "
        f"{reports['changed']} changed, {reports['unchanged']} unchanged; "
        f"{counted(recs['added'], 'recommendation')} added, {recs['changed']} changed, "
        f"{recs['removed']} removed."
    )
    if summary.dry_run:
        stderr.print("Dry run: nothing was written.")


@click.command("export")
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False), metavar="DIR")
@click.option(
    "--country",
    "countries",
    multiple=True,
    metavar="CC",
    help="Only the reports of this country (repeatable).",
)
@click.option(
    "--report", "report_ids", multiple=True, metavar="ID", help="Only this report (repeatable)."
)
@json_option
def export(
    folder: Path, countries: tuple[str, ...], report_ids: tuple[str, ...], as_json: bool
) -> None:
    """Write the store as YAML: DIR/topics.yaml and DIR/<cc>/<report id>.yaml.

    The output is deterministic, so a git diff shows what changed. A whole-store export (no
    --country, no --report) also removes the files an earlier export wrote, unchanged since, for
    reports no longer in the store; never any other file. With filters,
    the countries and the reports named are exported. Written all together or not at all.
    """
    with opened_store() as store:
        summary = exporting.export_store(
            store, folder, countries=list(countries), report_ids=list(report_ids)
        )
    if as_json:
        print_json(summary.as_dict())
        return
    for removed in summary.removed:
        stdout.print(f"removed {safe(removed)}")
    stdout.print(
        f"Exported {counted(summary.reports, 'report')} to {safe(summary.folder)}: "
        f"{counted(len(summary.written), 'file')} written, {len(summary.unchanged)} unchanged, "
        f"{len(summary.removed)} removed."
    )
