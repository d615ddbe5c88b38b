"""The plain rows the follow-up logic works on, and the status AT an election."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from tracker.enums import ReportKind, Status


@dataclass(frozen=True, slots=True)
class ElectionRow:
    id: int
    country: str
    type: str
    date: dt.date

    @property
    def label(self) -> str:
        return f"{self.date.isoformat()} {self.type}"


@dataclass(frozen=True, slots=True)
class RecommendationRow:
    id: int
    key: str
    election_id: int
    report_id: str
    observer: str
    number: str
    text: str
    priority: bool
    topics: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class AssessmentRow:
    recommendation_id: int
    election_id: int
    report_id: str
    report_kind: ReportKind
    status: Status
    evidence: str | None = None
    assessor: str | None = None


@dataclass(frozen=True, slots=True)
class RestatementRow:
    """An accepted `restates` link: `source` (later) restates `target` (earlier)."""

    source_id: int
    target_id: int


@dataclass(frozen=True)
class StatusVerdict:
    """A recommendation's status at one election, from the reports of that election.

    The report of highest kind counts; where reports of that kind disagree, the worse status
    counts and `disagreement` lists every status given by them."""

    status: Status
    report_id: str
    evidence: str | None
    disagreement: tuple[Status, ...] = ()


def severity(status: Status) -> int:
    """Higher is worse; no-longer-relevant ranks below every status in the order, so that
    any real status given beside it wins a disagreement."""
    return -1 if status is Status.NO_LONGER_RELEVANT else status.rank


def verdict(assessments: Iterable[AssessmentRow]) -> StatusVerdict | None:
    rows = list(assessments)
    if not rows:
        return None
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


@dataclass
class CountryRows:
    """Everything follow-up needs of one country, as loaded by the repository."""

    country: str
    elections: list[ElectionRow]
    recommendations: list[RecommendationRow]
    assessments: list[AssessmentRow]
    restatements: list[RestatementRow]
    _verdicts: dict[tuple[int, int], StatusVerdict] = field(
        default_factory=dict, init=False, repr=False
    )

    def __post_init__(self) -> None:
        self.elections.sort(key=lambda election: (election.date, election.id))
        grouped: dict[tuple[int, int], list[AssessmentRow]] = defaultdict(list)
        for row in self.assessments:
            grouped[(row.recommendation_id, row.election_id)].append(row)
        # Computed once: timelines, gaps and summaries ask for the same verdicts many times.
        self._verdicts = {
            key: found for key, rows in grouped.items() if (found := verdict(rows)) is not None
        }

    def status_at(self, recommendation_id: int, election_id: int) -> StatusVerdict | None:
        return self._verdicts.get((recommendation_id, election_id))

    def elections_until(self, as_of: dt.date | None) -> list[ElectionRow]:
        if as_of is None:
            return list(self.elections)
        return [election for election in self.elections if election.date <= as_of]
