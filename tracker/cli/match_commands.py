"""`rectrack match` and `rectrack eval-matching`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from tracker.cli.common import (
    counted,
    json_option,
    opened_store,
    print_issues,
    print_json,
    safe,
    state,
    stderr,
    stdout,
)
from tracker.cli.progress import lazy_progress
from tracker.errors import ImportFailed, InvalidInput
from tracker.matching.config import CONFIG_ENV, load_config
from tracker.services import evaluation, matching

_CONFIG_HELP = (
    f"A TOML file laid over the shipped matching configuration (default: ${CONFIG_ENV}, if set)."
)


@click.command()
@click.option("--country", metavar="CC", help="Only recommendations of this country.")
@click.option("--report", "report_id", metavar="ID", help="Only recommendations of this report.")
@click.option(
    "--auto-accept",
    is_flag=True,
    help="Accept (as the matcher, not as a person) each best candidate above the strict "
    "threshold with a clear gap to the runner-up. Off by default.",
)
@click.option(
    "--config", "config_path", type=click.Path(dir_okay=False, path_type=Path), help=_CONFIG_HELP
)
@json_option
def match(
    country: str | None,
    report_id: str | None,
    auto_accept: bool,
    config_path: Path | None,
    as_json: bool,
) -> None:
    """Propose earlier restatements for recommendations, as links for review.

    For each recommendation in scope (one report, one country, or the whole store) the
    matcher ranks the recommendations of the same country from earlier elections and stores
    the best few above the floor as proposals, with their score and why. Pairs a reviewer or
    a file already decided are never proposed again; re-running adds only what is new.
    Without --country or --report it covers every report, among them those `rectrack info`
    counts as not matched yet (added by an import whose matching failed or was skipped, or
    matched under another configuration). Progress goes to stderr.
    """
    if country and report_id:
        raise click.UsageError("give --country or --report, not both (a report has its country)")
    config = load_config(config_path)
    with opened_store() as store, lazy_progress() as progress:
        summary = matching.propose(
            store,
            country=country,
            report_id=report_id,
            actor=state().actor,
            auto_accept=auto_accept,
            config=config,
            progress=progress,
        )
    if as_json:
        print_json(summary.as_dict())
        return
    countries = ", ".join(summary.countries) or "no country"
    scope = (
        f"report {safe(report_id)} ({countries})"
        if report_id
        else f"country {countries}"
        if country
        else f"the whole store ({countries})"
    )
    stdout.print(
        f"Matched {counted(summary.queries, 'recommendation')} of {scope} "
        f"in {summary.elapsed_s:.2f} s."
    )
    stdout.print(
        f"  {summary.proposed:,} new proposals, {summary.already_proposed:,} already proposed; "
        f"{summary.with_candidates:,} recommendations have candidates."
    )
    if auto_accept:
        stdout.print(f"  {summary.auto_accepted:,} accepted automatically (by the matcher).")
    if summary.why():
        stdout.print(f"  {summary.why()}")


@click.command("eval-matching")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--k", "k", type=click.IntRange(min=1), default=None, help="Top k (default 5).")
@click.option(
    "--across-countries",
    is_flag=True,
    help="Pool all countries into one block, so that other countries' asks are distractors.",
)
@click.option(
    "--config", "config_path", type=click.Path(dir_okay=False, path_type=Path), help=_CONFIG_HELP
)
@json_option
def eval_matching(
    folder: Path, k: int | None, across_countries: bool, config_path: Path | None, as_json: bool
) -> None:
    """Score the matcher against a gold set (a folder in the YAML format).

    The set is loaded into a throw-away in-memory store with every link hidden; its
    `restates` links are the truth. Prints recall at k and MRR (over recommendations that
    restate an earlier one), pairwise precision, recall and F1 over threads at the accept
    threshold, and how many `related` pairs were taken for restatements.
    """
    config = load_config(config_path)

    def progress(message: str) -> None:
        stderr.print(message, markup=False)

    try:
        result = evaluation.evaluate_gold(
            folder, k=k, config=config, across_countries=across_countries, progress=progress
        )
    except ImportFailed as exc:
        print_issues(exc, as_json)
        if as_json:
            raise
        count = len(exc.issues)
        raise InvalidInput(
            f"{folder} is not a gold set in the YAML format: {count} "
            f"error{'s' if count != 1 else ''} in its files (above)"
        ) from None
    figures = result.metrics.as_dict()
    if as_json:
        print_json(figures)
        return
    counts = figures.pop("counts")
    for name, value in figures.items():
        stdout.print(f"{name:<22}{value}")
    for name, value in counts.items():
        stdout.print(f"  {name.replace('_', ' '):<22}{value:>8,}")
    sys.stdout.flush()


COMMANDS = (match, eval_matching)
