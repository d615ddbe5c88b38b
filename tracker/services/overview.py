"""The overview: every country with its counts, and one country's elections with the status
mix of each.

Country counts come from a few aggregate queries over the whole store (no texts loaded):
- recommendations: raised at any of its elections;
- threads: connected groups of accepted restatements, singletons included (as
  `tracker.followup.threads.build_threads` forms them);
- proposals: links awaiting triage (state proposed), counted on the later recommendation;
- not assessed: the recommendations raised at the previous election that no report of the
  latest election assessed: the `not-assessed` column of the latest status summary
  (`tracker.followup.summary.cycle_summaries`), which the tests hold the two to.
The status mix of each election is that election's summary from `cycle_summaries` itself.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from tracker.countries import name_of
from tracker.countries import parse as parse_country
from tracker.errors import NotFound
from tracker.followup.summary import CycleSummary, cycle_summaries
from tracker.repositories import browsing
from tracker.repositories import followup as followup_repo
from tracker.repositories.browsing import ElectionRef, ReportRef
from tracker.store import Store


def country_name(code: str) -> str:
    """The country's common name; the code itself for a code without one."""
    return name_of(code) or code.upper()


@dataclass(frozen=True)
class CountryCounts:
    country: str
    name: str
    elections: int
    first_election: dt.date | None
    latest_election: dt.date | None
    recommendations: int
    threads: int | None  # None: not counted (a quick overview)
    proposals: int | None
    not_assessed: int  # raised at the previous election, not assessed at the latest

    def as_dict(self) -> dict[str, object]:
        return {
            "country": self.country,
            "name": self.name,
            "elections": self.elections,
            "first_election": self.first_election.isoformat() if self.first_election else None,
            "latest_election": self.latest_election.isoformat() if self.latest_election else None,
            "recommendations": self.recommendations,
            "threads": self.threads,
            "proposals": self.proposals,
            "not_assessed": self.not_assessed,
        }


def _components(ids_count: int, pairs: list[tuple[int, int]]) -> int:
    """How many connected groups `ids_count` nodes form with the edges `pairs`."""
    parent: dict[int, int] = {}

    def find(item: int) -> int:
        parent.setdefault(item, item)
        root = item
        while parent[root] != root:
            root = parent[root]
        while parent[item] != root:
            parent[item], item = root, parent[item]
        return root

    merged = 0
    for a, b in pairs:
        root_a, root_b = find(a), find(b)
        if root_a != root_b:
            parent[max(root_a, root_b)] = min(root_a, root_b)
            merged += 1
    return ids_count - merged


def countries(store: Store, *, quick: bool = False) -> list[CountryCounts]:
    """Every country with its counts. `quick` leaves out the two that read every link
    (threads and proposals: None), for a first screen that appears at once."""
    with store.read() as session:
        raw = browsing.country_aggregates(session, links=not quick)
    found = []
    for code, elections in sorted(raw.elections.items()):
        ordered = sorted(elections, key=lambda election: (election.date, election.id))
        recommendations = sum(raw.recommendations_by_election.get(e.id, 0) for e in ordered)
        not_assessed = 0
        if len(ordered) >= 2:
            previous, latest = ordered[-2], ordered[-1]
            raised = raw.recommendations_by_election.get(previous.id, 0)
            not_assessed = raised - raw.assessed_pairs.get((previous.id, latest.id), 0)
        threads = proposals = None
        if raw.restatement_pairs is not None and raw.proposals is not None:
            threads = _components(recommendations, raw.restatement_pairs.get(code, []))
            proposals = raw.proposals.get(code, 0)
        found.append(
            CountryCounts(
                country=code,
                name=country_name(code),
                elections=len(ordered),
                first_election=ordered[0].date if ordered else None,
                latest_election=ordered[-1].date if ordered else None,
                recommendations=recommendations,
                threads=threads,
                proposals=proposals,
                not_assessed=not_assessed,
            )
        )
    return found


@dataclass(frozen=True)
class ElectionMix:
    """One election of a country: its reports, how many recommendations it raised, and how the
    previous election's recommendations stood at it (None for the first election)."""

    election: ElectionRef
    reports: list[ReportRef]
    raised: int
    summary: CycleSummary | None


def require_country(store: Store, country: str) -> str:
    """The country's code (upper case); `NotFound`, worded as `rectrack flags` words it, where
    the store holds no election of it."""
    code = parse_country(country)
    with store.read() as session:
        held = followup_repo.countries(session)
    if code not in held:
        raise NotFound.no_elections(code)
    return code


def elections(store: Store, country: str) -> list[ElectionMix]:
    code = country.upper()
    with store.read() as session:
        loaded = followup_repo.load_rows(session, code)
        if code not in loaded:
            raise NotFound.no_elections(code)
        refs = browsing.elections(session, code)
        reports = browsing.reports_by_election(session, code)
    rows = loaded[code]
    summaries = {summary.election.id: summary for summary in cycle_summaries(rows)}
    raised = Counter(rec.election_id for rec in rows.recommendations)
    return [
        ElectionMix(
            election=election,
            reports=reports.get(election.id, []),
            raised=raised.get(election.id, 0),
            summary=summaries.get(election.id),
        )
        for election in refs
    ]
