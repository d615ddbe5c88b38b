"""The bulk accept of strong proposals (the triage screen's `A`); the review queue itself is
`tracker.services.review`.

A proposal is *strong* by the same rule as `rectrack match --auto-accept`
(`tracker.matching.proposals.auto_accept_choices`): its recommendation's best candidate, at or
above the strict threshold, leading the runner-up from the same earlier election by the gap.
The bulk accept is the reviewer's decision, not the matcher's: `decided_by` is the reviewer,
and all of it is one history batch (action `decide`, the same fields as one decision), so one
undo turns every one of them back into a proposal. A proposal that changed since the reviewer
saw the list is left alone and reported.

`Proposal` is a proposed link as the list of strong proposals shows it (`proposal_from_row`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tracker.enums import LinkKind, LinkState
from tracker.history_entries import LinkKey
from tracker.matching.config import MatchingConfig, load_config
from tracker.models import utcnow
from tracker.repositories import proposals as repo
from tracker.repositories import review as review_repo
from tracker.repositories.history import HistoryRecorder
from tracker.services import review
from tracker.store import Store

PAGE = 500


@dataclass(frozen=True)
class Side:
    """One recommendation of a proposal: its key, text, report and election date."""

    key: str
    text: str
    report_id: str
    election_date: dt.date


@dataclass(frozen=True)
class Proposal:
    """A proposed link as the bulk accept lists it: the later recommendation (`source`), the
    earlier one it may restate (`target`), the score and its breakdown."""

    link_id: int
    version: int
    score: float
    breakdown: dict[str, Any]
    source: Side
    target: Side
    country: str
    state: LinkState
    kind: LinkKind

    @property
    def key(self) -> str:
        return str(LinkKey(self.source.key, self.target.key))

    @property
    def dominant(self) -> str | None:
        value = self.breakdown.get("dominant")
        return value if isinstance(value, str) else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "link_id": self.link_id,
            "version": self.version,
            "score": self.score,
            "breakdown": self.breakdown,
            "country": self.country,
            "state": self.state.value,
            "kind": self.kind.value,
            "source": {
                "key": self.source.key,
                "text": self.source.text,
                "report": self.source.report_id,
                "election_date": self.source.election_date.isoformat(),
            },
            "target": {
                "key": self.target.key,
                "text": self.target.text,
                "report": self.target.report_id,
                "election_date": self.target.election_date.isoformat(),
            },
        }


def proposal_from_row(row: repo.LinkRow) -> Proposal:
    return Proposal(
        link_id=row.id,
        version=row.version,
        score=float(row.score or 0.0),
        breakdown=dict(row.breakdown or {}),
        source=Side(row.source_key, row.source_text, row.source_report, row.source_date),
        target=Side(row.target_key, row.target_text, row.target_report, row.target_date),
        country=row.country,
        state=row.state,
        kind=row.kind,
    )


def strong_rule(config: MatchingConfig | None = None) -> str:
    """What makes a proposal strong, in words (for a confirmation or a message)."""
    config = config or load_config()
    return (
        f"the best candidate of its recommendation, scoring at least "
        f"{config.thresholds.auto_accept:.2f} and leading the runner-up from the same earlier "
        f"election by at least {config.thresholds.auto_accept_gap:.2f}"
    )


def is_strong(proposal: Proposal, config: MatchingConfig) -> bool:
    breakdown = proposal.breakdown
    rank = breakdown.get("rank")
    runner_up = breakdown.get("runner_up", 0.0)
    if rank != 1 or not isinstance(runner_up, (int, float)):
        return False
    strict = config.thresholds.auto_accept
    gap = config.thresholds.auto_accept_gap
    return proposal.score >= strict and proposal.score - float(runner_up) >= gap


def strong_proposals(
    store: Store, *, country: str | None = None, config: MatchingConfig | None = None
) -> list[Proposal]:
    """The strong proposals (of one country where given), best first."""
    config = config or load_config()
    found: list[Proposal] = []
    with store.read() as session:
        offset = 0
        while True:
            rows = repo.proposals_best_first(
                session, country=country.upper() if country else None, offset=offset, limit=PAGE
            )
            for row in rows:
                if float(row.score or 0.0) < config.thresholds.auto_accept:
                    return found  # best first: nothing further can be strong
                proposal = proposal_from_row(row)
                if is_strong(proposal, config):
                    found.append(proposal)
            if len(rows) < PAGE:
                return found
            offset += PAGE


@dataclass(frozen=True)
class BulkResult:
    accepted: tuple[LinkKey, ...]
    skipped: tuple[LinkKey, ...]  # changed since the reviewer saw them
    batch: str | None
    joins: tuple[LinkKey, ...] = ()  # would join two threads or replace a decision: left open


def accept_proposals(store: Store, seen: Sequence[tuple[int, int]], *, actor: str) -> BulkResult:
    """Accept as restatements the proposals `seen` as (link id, version), each as the review's
    "restates candidate N" (the recommendation's other candidates closed), all in one history
    batch. One that would join two threads, or replace someone's decision, is left for triage,
    where it is asked first."""
    accepted: list[LinkKey] = []
    skipped: list[LinkKey] = []
    joins: list[LinkKey] = []
    with store.transaction() as session:
        recorder = HistoryRecorder(actor=actor, at=utcnow().replace(microsecond=0))
        # One read of every link seen, as the session's rows: a decision earlier in the loop
        # (which may close or remove a later one) shows in them without reading them again.
        named = review_repo.links_with_keys(session, [link_id for link_id, _ in seen])
        for link_id, version in seen:
            found = named.get(link_id)
            if found is None or review_repo.is_deleted(session, found.link):
                continue
            row = found.link
            key = LinkKey(found.source_key, found.target_key)
            if row.version != version or row.state is not LinkState.PROPOSED:
                skipped.append(key)
                continue
            try:
                review.decide_in(
                    session,
                    found.source_key,
                    review.Choice(restates=(found.target_key,)),
                    recorder=recorder,
                )
            except (review.ThreadMergeRefused, review.OverrideRefused):
                joins.append(key)
                continue
            accepted.append(key)
        batch = recorder.batch if recorder.pending else None
        recorder.flush(session)
    return BulkResult(
        accepted=tuple(accepted), skipped=tuple(skipped), batch=batch, joins=tuple(joins)
    )
