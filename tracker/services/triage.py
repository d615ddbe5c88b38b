"""What triage needs beyond the matching review API (`tracker.services.matching`:
`next_proposal`, `proposals_of`, `decide`): the next few proposals in one read, how many
remain, and the bulk accept of strong proposals.

`upcoming` returns what `next_proposal` would return several times in a row, each with the
other candidates of its recommendation, from one ordered read: on a large store each read sorts
every open proposal by score, so the triage screen asks for a batch ahead of the reviewer.

A proposal is *strong* by the same rule as `rectrack match --auto-accept`
(`tracker.matching.proposals.auto_accept_choices`): its recommendation's best candidate, at or
above the strict threshold, leading the runner-up from the same earlier election by the gap.
The bulk accept is the reviewer's decision, not the matcher's: `decided_by` is the reviewer,
and all of it is one history batch (action `decide`, the same fields as one decision), so one
undo turns every one of them back into a proposal. A proposal that changed since the reviewer
saw the list is left alone and reported.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from tracker.enums import LinkKind, LinkState
from tracker.matching.config import MatchingConfig, load_config
from tracker.matching.review import Decision
from tracker.models import utcnow
from tracker.repositories import browsing
from tracker.repositories import proposals as repo
from tracker.repositories import triage as queue_repo
from tracker.repositories.history import HistoryRecorder, link_key
from tracker.repositories.reverting import to_json
from tracker.services.matching import (
    DECIDE_ACTION,
    UNSURE_ACTION,
    Proposal,
    proposal_from_row,
)
from tracker.store import Store

PAGE = 500
BATCH_PAGE = 1000


def upcoming(
    store: Store,
    *,
    reviewer: str | None,
    country: str | None = None,
    skip: Collection[int] = (),
    limit: int = 20,
) -> list[list[Proposal]]:
    """The next `limit` recommendations of the review queue, in `next_proposal`'s order and by
    its rules (best score first, then oldest; proposals `reviewer` marked unsure and ids in
    `skip` left out). Each item holds the recommendation's undecided proposals: the one that
    put it in the queue first, then its other candidates, best first (those marked unsure
    included: they are one key away, not in the way)."""
    wanted = country.upper() if country else None
    skipped = set(skip)
    with store.read() as session:
        unsure = repo.marked_unsure(session, reviewer, UNSURE_ACTION) if reviewer else set()
        skipped |= queue_repo.link_ids_of_keys(session, unsure)
        found: list[list[Proposal]] = []
        seen_sources: set[int] = set()
        offset = 0
        while len(found) < limit:
            ranked = queue_repo.best_proposals(
                session, country=wanted, offset=offset, limit=BATCH_PAGE
            )
            order: list[tuple[int, int]] = []  # (link id, source id) of first appearances
            wanted_now = limit - len(found)
            consumed = 0
            for item in ranked:
                consumed += 1
                if item.link_id in skipped or item.source_id in seen_sources:
                    continue
                seen_sources.add(item.source_id)
                order.append((item.link_id, item.source_id))
                if len(order) >= wanted_now:
                    break
            rows_by_source: dict[int, list[repo.LinkRow]] = {}
            for row in repo.links_of_sources(session, [source for _, source in order]):
                if row.state is LinkState.PROPOSED:
                    rows_by_source.setdefault(row.source_id, []).append(row)
            for link_id, source_id in order:
                rows = rows_by_source.get(source_id, [])
                first = next((row for row in rows if row.id == link_id), None)
                if first is None:  # decided since the ranking was read
                    continue
                rest = sorted(
                    (row for row in rows if row.id != link_id),
                    key=lambda row: (-(row.score or 0.0), row.id),
                )
                found.append([proposal_from_row(first), *(proposal_from_row(row) for row in rest)])
                if len(found) >= limit:
                    break
            if consumed < len(ranked):
                offset += consumed  # the rest of this page is read again next round
                continue
            if len(ranked) < BATCH_PAGE:
                break
            offset += BATCH_PAGE
    return found


def remaining(store: Store, country: str | None = None) -> int:
    """Proposals awaiting a decision (of one country where given)."""
    with store.read() as session:
        return browsing.proposal_count(session, country)


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
    accepted: tuple[str, ...]  # link keys
    skipped: tuple[str, ...]  # changed since the reviewer saw them
    batch: str | None


def accept_proposals(store: Store, seen: Sequence[tuple[int, int]], *, actor: str) -> BulkResult:
    """Accept as restatements the proposals `seen` as (link id, version): one history batch."""
    kind, state = Decision.RESTATES.outcome or (LinkKind.RESTATES, LinkState.ACCEPTED)
    now = utcnow().replace(microsecond=0)
    accepted: list[str] = []
    skipped: list[str] = []
    with store.transaction() as session:
        recorder = HistoryRecorder(actor=actor, at=now)
        for link_id, version in seen:
            row = repo.link_row(session, link_id)
            link = repo.link_for_update(session, link_id)
            if row is None or link is None:
                continue
            key = link_key(row.source_key, row.target_key)
            if link.version != version or link.state is not LinkState.PROPOSED:
                skipped.append(key)
                continue
            wanted = {"kind": kind, "state": state, "decided_by": actor, "decided_at": now}
            for name, value in wanted.items():
                old = getattr(link, name)
                if old == value:
                    continue
                recorder.record(
                    DECIDE_ACTION, "link", key, field=name, old=to_json(old), new=to_json(value)
                )
                setattr(link, name, value)
            accepted.append(key)
        session.flush()
        batch = recorder.batch if recorder.pending else None
        recorder.flush(session)
    return BulkResult(accepted=tuple(accepted), skipped=tuple(skipped), batch=batch)
