"""`rectrack extract`: draft a report's YAML from its PDF, text or Markdown file."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

import click

from tracker.cli.common import (
    json_option,
    opened_store,
    print_issues,
    print_json,
    safe,
    state,
    stderr,
)
from tracker.cli.import_commands import match_after_import
from tracker.enums import ElectionType, ReportKind
from tracker.errors import ImportConflict, ImportFailed, InvalidInput
from tracker.extracting import Draft, ReportMeta
from tracker.importing.batch import YAML_SUFFIXES
from tracker.services import extracting
from tracker.services.importing import ImportSummary


def print_summary(draft: Draft, taxonomy_source: str, store_note: str | None = None) -> None:
    """What the reviewer should know before opening the draft, on stderr."""
    stderr.print(
        f"{safe(draft.source)}: {len(draft.items)} recommendations "
        f"({draft.priority_count} priority) under "
        f'"{safe(draft.section_heading)}", page {draft.section_page}.'
    )
    for warning in draft.warnings:
        stderr.print(f"[yellow]warning:[/] {safe(warning)}")
    for problem in draft.numbering:
        stderr.print(f"[yellow]CHECK numbering:[/] {safe(problem)}")
    doubtful = draft.doubtful
    if doubtful:
        stderr.print(f"[yellow]{len(doubtful)} to check[/] (marked CHECK in the draft):")
        for item in doubtful:
            stderr.print(
                f"  #{safe(item.number)} (page {item.page}): {safe('; '.join(item.doubts))}"
            )
    elif not draft.numbering:
        stderr.print("No item looks mis-split.")
    restating = draft.restating
    if restating:
        numbers = ", ".join(f"#{item.number}" for item in restating)
        stderr.print(
            f"Items that say they repeat an earlier recommendation: {safe(numbers)} "
            "(add their `restates` links)."
        )
    stderr.print(
        f"Topics are suggestions from the taxonomy in {safe(taxonomy_source)}: check them."
    )
    if store_note:
        stderr.print(f"[dim](The store was not used: {safe(store_note)}.)[/]")


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--report-id",
    required=True,
    metavar="ID",
    help="The report's slug, e.g. kz-2021-parliamentary-odihr-final.",
)
@click.option("--country", required=True, metavar="CC", help="ISO 3166-1 alpha-2 code, e.g. KZ.")
@click.option(
    "--election-date", required=True, metavar="YYYY-MM-DD", help="Election day (first round)."
)
@click.option(
    "--election-type",
    required=True,
    type=click.Choice(ElectionType.values()),
    help="The kind of election.",
)
@click.option(
    "--observer", default="ODIHR", show_default=True, help="The organisation that wrote the report."
)
@click.option(
    "--kind",
    default=ReportKind.FINAL_REPORT.value,
    show_default=True,
    type=click.Choice(ReportKind.values()),
    help="The kind of report.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the draft to FILE instead of stdout.",
)
@click.option("--force", is_flag=True, help="Overwrite the -o FILE if it exists.")
@click.option(
    "--import",
    "and_import",
    is_flag=True,
    help="Import the draft into the store after the summary (what `rectrack import` does).",
)
@json_option
def extract(
    file: Path, report_id: str, country: str, election_date: str, election_type: str,
    observer: str, kind: str, output: Path | None, force: bool, and_import: bool, as_json: bool,
) -> None:  # fmt: skip
    """Draft a report's YAML from its PDF, text or Markdown FILE.

    Finds the recommendations section ("RECOMMENDATIONS", with its priority and other parts),
    splits it into its numbered items, keeps their numbers and wording, marks the priority ones
    and suggests topics. Items whose split looks doubtful, and items that say they repeat an
    earlier recommendation, get a comment. The draft goes to stdout or -o FILE, a summary to
    stderr; check it, then `rectrack import` it, or give --import to do both in one step.

    A scanned PDF has no text to read: run OCR on it first (e.g. ocrmypdf).
    """
    if as_json and output is None and not and_import:
        raise InvalidInput("--json prints the summary on stdout: give -o FILE for the draft")
    if and_import and output is not None and output.suffix.lower() not in ("", *YAML_SUFFIXES):
        # `rectrack import` reads *.yaml and *.yml files only; refused before anything is written.
        raise InvalidInput(f"-o {output}: --import reads the draft as YAML: name it *.yaml")
    meta = ReportMeta.checked(
        report_id=report_id,
        country=country,
        election_type=election_type,
        election_date=election_date,
        observer=observer,
        kind=kind,
    )
    if and_import:
        _extract_and_import(file, meta, output, force=force, as_json=as_json)
        return
    store, why_not = extracting.existing_store(state().db_url)
    try:
        taxonomy = extracting.taxonomy(store)
    finally:
        if store is not None:
            store.dispose()
    result = extracting.extract(file, meta, taxonomy)
    if output is not None:
        extracting.write_draft(result, output, overwrite=force)
    print_summary(result.draft, result.taxonomy.source, why_not)
    if as_json:
        print_json(_payload(result, output))
    elif output is None:
        sys.stdout.write(result.text)
    else:
        stderr.print(f"Draft written to {safe(output)}.")


def _payload(
    result: extracting.Extraction, output: Path | None, imported: ImportSummary | None = None
) -> dict[str, Any]:
    payload: dict[str, Any] = dict(result.draft.summary())
    payload["output"] = str(output) if output is not None else None
    payload["topics_from"] = result.taxonomy.source
    if imported is not None:
        payload["imported"] = imported.totals()
    return payload


def _extract_and_import(
    file: Path, meta: ReportMeta, output: Path | None, *, force: bool, as_json: bool
) -> None:
    """Draft, write (to -o FILE or a temporary file), show the summary, then import."""
    with opened_store() as store:
        result = extracting.extract(file, meta, extracting.taxonomy(store))
        with tempfile.TemporaryDirectory(prefix="rectrack-extract-") as folder:
            target = output or Path(folder) / f"{meta.report_id}.yaml"
            extracting.write_draft(result, target, overwrite=force)
            print_summary(result.draft, result.taxonomy.source)
            if result.taxonomy.path is not None:
                stderr.print(
                    "The store holds no topics yet: the shipped taxonomy is imported with the "
                    "draft."
                )
            try:
                imported = extracting.import_draft(
                    store, result, target, actor=state().actor, match=False
                )
            except (ImportFailed, ImportConflict) as exc:
                print_issues(exc, as_json=False)  # the summary went to stderr: the issues too
                kept = Path.cwd() / f"{meta.report_id}.draft.yaml"
                if output is None and extracting.keep_draft(result.text, kept):
                    stderr.print(
                        f"The draft is kept in {safe(kept)}: fix it, then `rectrack import` it."
                    )
                raise
        matched = match_after_import(store, imported.created_report_ids)
    if as_json:
        print_json({**_payload(result, output, imported), **matched.as_dict()})
        matched.exit_if_not_done()
        return
    totals = imported.totals()
    recommendations = totals["recommendations"]
    stderr.print(
        f"Imported {meta.report_id}: {recommendations['added']} recommendations added, "
        f"{recommendations['changed']} changed, {recommendations['unchanged']} unchanged."
    )
    matched.print_proposed(stderr)
    matched.exit_if_not_done()
