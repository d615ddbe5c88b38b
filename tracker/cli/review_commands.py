"""`rectrack proposals` (the review queue) and `rectrack decide` (a decision per recommendation),
on the same service as the TUI's triage screen (tracker.services.review)."""

from __future__ import annotations

import click

from tracker.cli.common import counted, json_option, opened_store, print_json, safe, state, stdout
from tracker.matching.review import Decision
from tracker.services import review


@click.command()
@click.option("--country", metavar="CC", help="Only recommendations of this country.")
@click.option("--report", "report_id", metavar="ID", help="Only recommendations of this report.")
@click.option(
    "--all",
    "include_decided",
    is_flag=True,
    help="Also recommendations and candidates already decided (with who decided and when).",
)
@click.option("--limit", type=click.IntRange(min=1), metavar="N", help="At most N recommendations.")
@json_option
def proposals(
    country: str | None,
    report_id: str | None,
    include_decided: bool,
    limit: int | None,
    as_json: bool,
) -> None:
    """The review queue: recommendations with undecided candidate restatements, best first,
    each with its candidates in rank order and the thread each candidate is in.

    Decide with `rectrack decide KEY --restates N` (N a candidate's rank or key) or `--none`.
    Candidates you marked unsure are left out unless --all is given.
    """
    with opened_store() as store:
        items = review.review_queue(
            store,
            reviewer=state().actor,
            country=country,
            report_id=report_id,
            include_decided=include_decided,
            limit=limit,
        )
    if as_json:
        print_json(
            {"recommendations": [item.as_dict(include_decided=include_decided) for item in items]}
        )
        return
    if not items:
        where = f" of {safe(country.upper())}" if country else ""
        where += f" of report {safe(report_id)}" if report_id else ""
        stdout.print(f"No recommendations{where} wait for a decision.")
        return
    for item in items:
        stdout.print(
            f"[bold]{safe(item.key)}[/] [dim]({item.election_date.year}; "
            f"{safe(item.thread.describe())})[/]"
        )
        stdout.print(f"  {safe(item.text)}", style="italic")
        shown = item.candidates if include_decided else item.open_candidates
        for candidate in shown:
            score = "  –  " if candidate.score is None else f"{candidate.score:.2f}"
            note = f"  [reverse]{safe(candidate.marker)}[/]" if candidate.marker else ""
            own = "  [bold]already in its thread[/]" if candidate.in_own_thread else ""
            stdout.print(
                f"  {candidate.rank}. {score} {safe(candidate.key)} "
                f"[dim]({safe(candidate.thread.describe())})[/]{own}{note}"
            )
            stdout.print(f"       {safe(candidate.text)}", style="dim")
        stdout.print()
    stdout.print(
        f"{counted(len(items), 'recommendation')} shown. Decide with: rectrack decide KEY "
        "--restates N (or --none)."
    )


@click.command()
@click.argument("key")
@click.option(
    "--restates",
    "restates",
    multiple=True,
    metavar="CAND",
    help="KEY restates this candidate (its rank or key); repeat for a merge. Every other "
    "undecided candidate is closed.",
)
@click.option(
    "--none", "none_", is_flag=True, help="KEY restates none of its candidates: close them all."
)
@click.option("--related", multiple=True, metavar="CAND", help="Related: a different ask.")
@click.option("--distinct", multiple=True, metavar="CAND", help="Distinct: not the same ask.")
@click.option(
    "--unsure", multiple=True, metavar="CAND", help="Unsure: leave it open; your queue skips it."
)
@click.option(
    "--merge-threads",
    is_flag=True,
    help="Agree that the restatements join two threads of their own into one.",
)
@click.option(
    "--override", is_flag=True, help="Replace a decision someone else made on a candidate."
)
@json_option
def decide(
    key: str,
    restates: tuple[str, ...],
    none_: bool,
    related: tuple[str, ...],
    distinct: tuple[str, ...],
    unsure: tuple[str, ...],
    merge_threads: bool,
    override: bool,
    as_json: bool,
) -> None:
    """Decide on recommendation KEY's candidates, as one action (`rectrack undo` reverts all
    of it).

    `--restates N` accepts that candidate and closes every other undecided one: as distinct,
    or, where the candidate is already in the thread it joins, as settled. CAND is a rank as
    `rectrack proposals` shows it, or a key (also of an earlier recommendation the matcher did
    not propose). Refused, with nothing written: picks that join two threads of their own
    without --merge-threads, and replacing another reviewer's decision without --override
    (exit status 3 for both).
    """
    pairs = (
        [(cand, Decision.RELATED) for cand in related]
        + [(cand, Decision.DISTINCT) for cand in distinct]
        + [(cand, Decision.UNSURE) for cand in unsure]
    )
    choice = review.Choice(restates=restates, none=none_, pairs=tuple(pairs))
    with opened_store() as store:
        outcome = review.decide(
            store,
            key,
            choice,
            actor=state().actor,
            merge_threads=merge_threads,
            override=override,
        )
    if as_json:
        print_json(outcome.as_dict())
        return
    for line in outcome.lines():
        stdout.print(safe(line))
    if not outcome.changes:
        stdout.print("Nothing changed: it was already so.")
