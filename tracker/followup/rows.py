"""The plain rows the follow-up logic works on, and the status AT an election.

Rows are named tuples: a whole store makes hundreds of thousands of them, and a frozen
dataclass costs five times as much to build."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import NamedTuple

from tracker.enums import ReportKind, Status
from tracker.vocabulary import election_label


@dataclass(frozen=True, slots=True)
class ElectionRow:
    id: int
    country: str
    type: str
    date: dt.date

    @property
    def label(self) -> str:
        return election_label(self.date, self.type)


class RecommendationRow(NamedTuple):
    id: int
    key: str
    election_id: int
    report_id: str
    observer: str
    number: str
    text: str
    priority: bool
    topics: tuple[str, ...] = ()


class AssessmentRow(NamedTuple):
    recommendation_id: int
    election_id: int
    report_id: str
    report_kind: ReportKind
    status: Status
    evidence: str | None = None
    assessor: str | None = None


class RestatementRow(NamedTuple):
    """An accepted `restates` link: `source` (later) restates `target` (earlier)."""

    source_id: int
    target_id: int


class StatusVerdict(NamedTuple):
    """A recommendation's status at one election, from the reports of that election.

    The report of highest kind counts; where reports of that kind disagree, the worse status
    counts and `disagreement` lists every status given by them."""

    status: Status
    report_id: str
    evidence: str | None
    disagreement: tuple[Status, ...] = ()


# Higher is worse; no-longer-relevant ranks below every status in the order, so that any
# real status given beside it wins a disagreement. A table: flags and summaries ask it
# hundreds of thousands of times on a large store.
_SEVERITY = {status: -1 if not status.in_order else status.rank for status in Status}


def severity(status: Status) -> int:
    return _SEVERITY[status]


def verdict(assessments: Iterable[AssessmentRow]) -> StatusVerdict | None:
    rows = list(assessments)
    return _verdict_of(rows) if rows else None


def _verdict_of(rows: list[AssessmentRow]) -> StatusVerdict:
    if len(rows) == 1:  # by far the most common case
        only = rows[0]
        return StatusVerdict(only.status, only.report_id, only.evidence)
    best_kind = min(row.report_kind.rank for row in rows)
    top = [row for row in rows if row.report_kind.rank == best_kind]
    worst = max(top, key=lambda row: (severity(row.status), row.report_id))
    statuses = tuple(sorted({row.status for row in top}, key=severity))
    return StatusVerdict(
        status=worst.status,
        report_id=worst.report_id,
        evidence=worst.evidence,
        disagreement=statuses if len(statuses) > 1 else (),
    )


_NONE_GIVEN: Mapping[int, StatusVerdict] = MappingProxyType({})


@dataclass
class CountryRows:
    """Everything follow-up needs of one country, as loaded by the repository."""

    country: str
    elections: list[ElectionRow]
    recommendations: list[RecommendationRow]
    assessments: list[AssessmentRow]
    restatements: list[RestatementRow]
    _verdicts: dict[int, dict[int, StatusVerdict]] = field(
        default_factory=dict, init=False, repr=False
    )

    def __post_init__(self) -> None:
        self.elections.sort(key=lambda election: (election.date, election.id))
        grouped: dict[int, dict[int, list[AssessmentRow]]] = {}
        for row in self.assessments:
            by_election = grouped.get(row.recommendation_id)
            if by_election is None:
                grouped[row.recommendation_id] = {row.election_id: [row]}
            elif row.election_id in by_election:
                by_election[row.election_id].append(row)
            else:
                by_election[row.election_id] = [row]
        # Computed once: timelines, gaps and summaries ask for the same verdicts many times.
        self._verdicts = {
            recommendation_id: {
                election_id: _verdict_of(given) for election_id, given in by_election.items()
            }
            for recommendation_id, by_election in grouped.items()
        }

    def status_at(self, recommendation_id: int, election_id: int) -> StatusVerdict | None:
        return self._verdicts.get(recommendation_id, _NONE_GIVEN).get(election_id)

    def verdicts_of(self, recommendation_id: int) -> Mapping[int, StatusVerdict]:
        """Its verdicts by election id: empty where it was never assessed."""
        return self._verdicts.get(recommendation_id, _NONE_GIVEN)

    def elections_until(self, as_of: dt.date | None) -> list[ElectionRow]:
        if as_of is None:
            return list(self.elections)
        return [election for election in self.elections if election.date <= as_of]
