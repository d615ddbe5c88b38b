"""`rectrack import` and `rectrack export`: the YAML format in and out (seed-format.md)."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import click
from rich.console import Console

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
from tracker.cli.progress import lazy_progress
from tracker.errors import ImportConflict, ImportFailed, TrackerError
from tracker.importing.plan import summary_line
from tracker.importing.reader import MAX_FILE_BYTES
from tracker.services import exporting, importing
from tracker.store import Store, interruption, raise_pending_interrupt, translate_db_error

# The import is written; the matching that follows it was not done (an error stopped it): the
# reports it added have no proposals until `rectrack match` runs.
MATCHING_NOT_DONE_EXIT = 6


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

    Then matching proposes candidates for the reports added. If an error stops it, the import
    stays written and its summary is printed; the exit status is 6: imported, matching not
    done, run `rectrack match` (importing the files again would not match them).
    """
    with opened_store() as store, lazy_progress() as progress:
        try:
            # The import, then matching for the reports it added, as two calls (what
            # `import_paths` does with match=True), so that a failure or a Ctrl-C during
            # matching can say that the import itself is complete.
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
        matched = match_after_import(store, created, progress)
    if as_json:
        print_json({"ok": True, **summary.as_dict(), **matched.as_dict()})
    else:
        _print_summary(summary)
        matched.print_proposed()
    matched.exit_if_not_done()


@dataclass
class MatchedAfterImport:
    """The matching that follows a committed import: how many it proposed, or which reports it
    left unmatched and why (None: Ctrl-C)."""

    created: list[str]
    proposed: int | None = None
    unmatched: list[str] = field(default_factory=list)
    failure: TrackerError | None = None

    def as_dict(self) -> dict[str, Any]:
        """The `--json` parts: `proposed`, or `matching` when it was not done."""
        payload: dict[str, Any] = {}
        if self.unmatched:
            payload["matching"] = {
                "interrupted": self.failure is None,
                **(
                    {}
                    if self.failure is None
                    else {
                        "error": {
                            "kind": type(self.failure).__name__,
                            "message": self.failure.message,
                        }
                    }
                ),
                "unmatched_report_ids": self.unmatched,
                "command": match_command(self.unmatched),
            }
        if self.proposed is not None:
            payload["proposed"] = self.proposed
        return payload

    def print_proposed(self, console: Console = stdout) -> None:
        if self.proposed is not None:
            console.print(
                f"Matching proposed {counted(self.proposed, 'candidate restatement')} for the "
                f"{counted(len(self.created), 'report')} added (review them: rectrack review)."
            )

    def exit_if_not_done(self) -> None:
        """After the summary: a failure says what to run and exits 6, a Ctrl-C exits 130."""
        if self.failure is not None:
            _report_matching_failed(self.unmatched, self.failure)
            sys.exit(MATCHING_NOT_DONE_EXIT)
        if self.unmatched:
            _report_matching_interrupted(self.unmatched)
            sys.exit(INTERRUPTED_EXIT)  # not click's Exit: main would take it for a return value


def match_after_import(
    store: Store, created: list[str], progress: Any = None
) -> MatchedAfterImport:
    """Matching for the reports an import added, once the import has committed: whatever stops
    it (an error, Ctrl-C), the import stands and the result says so (`import`, `extract
    --import`)."""
    result = MatchedAfterImport(created=created)
    if not created:
        return result
    try:
        raise_pending_interrupt()  # one that came as the import committed
        result.proposed = importing.propose_matches(
            store, created, state().actor, progress
        ).proposed
    except KeyboardInterrupt:  # its transaction is rolled back: nothing proposed
        if progress is not None:
            progress.close()
        stderr.print()  # off the line of the terminal's ^C
        result.unmatched = created
    except Exception as exc:  # rolled back too; the import stands, whatever went wrong
        if progress is not None:
            progress.close()
        result.unmatched = created
        if interruption(exc) is not None:
            stderr.print()
        else:
            if os.environ.get("RECTRACK_DEBUG"):
                raise
            result.failure = _matching_failure(exc)
    return result


import_.help = (import_.help or "").replace("MAX_FILE_BYTES", f"{MAX_FILE_BYTES // 2**20} MiB")


def _matching_failure(exc: Exception) -> TrackerError:
    """What stopped the matching, as the user's kind of error (a driver error translated; any
    other, named as the internal error it is)."""
    translated = translate_db_error(exc)
    if type(translated) is TrackerError and translated.message == str(exc):
        return TrackerError(
            f"internal error: {type(exc).__name__}: {exc} (set RECTRACK_DEBUG=1 for details)"
        )
    return translated


def match_command(report_ids: list[str]) -> str:
    from tracker.services.matching import match_command  # loaded once matching has run

    return match_command(report_ids)


def _added(report_ids: list[str]) -> str:
    return f"report {report_ids[0]}" if len(report_ids) == 1 else f"the {len(report_ids)} reports"


def _report_matching_interrupted(report_ids: list[str]) -> None:
    """Ctrl-C during the matching that follows the import: the import is committed, and a
    re-import would find it unchanged and propose nothing, so say what to run."""
    stderr.print(
        f"The import is complete, but matching was interrupted: nothing was proposed for "
        f"{_added(report_ids)} added. To propose candidates, run: {match_command(report_ids)}",
        markup=False,
    )


def _report_matching_failed(report_ids: list[str], failure: TrackerError) -> None:
    """An error during the matching that follows the import: as for a Ctrl-C, the import is
    committed and a re-import would propose nothing, so the advice is `rectrack match`, never
    "try again"."""
    # The failure's own advice ("try again shortly") is for the matching alone: cut it, so
    # that nobody takes it for "import again".
    cause = failure.message.split("; try again")[0].split("; reload and try")[0].rstrip(".")
    stderr.print(
        f"rectrack: the import is complete, but matching failed ({cause})"
        f": nothing was proposed for {_added(report_ids)} added, and importing the files again "
        f"will not propose any. To propose candidates, run: {match_command(report_ids)}",
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
    with opened_store() as store, lazy_progress() as progress:
        summary = exporting.export_store(
            store, folder, countries=list(countries), report_ids=list(report_ids), progress=progress
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
