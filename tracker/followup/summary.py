"""Status summaries: how the previous election's recommendations stood at each election."""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass, field

from tracker.enums import Status
from tracker.followup.rows import CountryRows, ElectionRow
from tracker.vocabulary import NOT_ASSESSED

STATUS_COLUMNS: tuple[str, ...] = (*Status.values(), NOT_ASSESSED)


@dataclass
class StatusCounts:
    counts: Counter[str] = field(default_factory=Counter)

    def add(self, status: Status | None) -> None:
        self.counts[status.value if status else NOT_ASSESSED] += 1

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def assessed(self) -> int:
        """Assessed and inside the order: the denominator of the implementation rate."""
        return sum(self.counts[s.value] for s in Status if s is not Status.NO_LONGER_RELEVANT)

    @property
    def implemented(self) -> int:
        return sum(self.counts[s.value] for s in Status if s.counts_as_implemented)

    @property
    def implementation_rate(self) -> float | None:
        """(fully + mostly) / assessed, no-longer-relevant left out of both (design.md)."""
        if self.assessed == 0:
            return None
        return self.implemented / self.assessed

    def share(self, column: str) -> float:
        return self.counts[column] / self.total if self.total else 0.0

    def as_dict(self) -> dict[str, object]:
        return {
            "total": self.total,
            "counts": {column: self.counts[column] for column in STATUS_COLUMNS},
            "shares": {column: round(self.share(column), 4) for column in STATUS_COLUMNS},
            "assessed": self.assessed,
            "implementation_rate": (
                None if self.implementation_rate is None else round(self.implementation_rate, 4)
            ),
        }


@dataclass
class CycleSummary:
    """The recommendations raised at `previous`, by their status at `election`."""

    election: ElectionRow
    previous: ElectionRow
    overall: StatusCounts
    by_topic: dict[str, StatusCounts]

    def as_dict(self) -> dict[str, object]:
        return {
            "election": self.election.date.isoformat(),
            "election_type": self.election.type,
            "previous": self.previous.date.isoformat(),
            "previous_type": self.previous.type,
            "overall": self.overall.as_dict(),
            "by_topic": {topic: counts.as_dict() for topic, counts in self.by_topic.items()},
        }


def cycle_summaries(rows: CountryRows, as_of_index: int | None = None) -> list[CycleSummary]:
    """One summary per election after the first, oldest first."""
    elections = rows.elections if as_of_index is None else rows.elections[: as_of_index + 1]
    raised_at: dict[int, list[int]] = {}
    for rec in rows.recommendations:
        raised_at.setdefault(rec.election_id, []).append(rec.id)
    by_id = {rec.id: rec for rec in rows.recommendations}

    summaries = []
    for previous, election in itertools.pairwise(elections):
        overall = StatusCounts()
        by_topic: dict[str, StatusCounts] = {}
        for rec_id in raised_at.get(previous.id, []):
            found = rows.status_at(rec_id, election.id)
            status = found.status if found else None
            overall.add(status)
            for topic in by_id[rec_id].topics:
                by_topic.setdefault(topic, StatusCounts()).add(status)
        summaries.append(
            CycleSummary(
                election=election,
                previous=previous,
                overall=overall,
                by_topic=dict(sorted(by_topic.items())),
            )
        )
    return summaries
