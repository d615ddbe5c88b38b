"""From scored pairs to proposals: the top k per recommendation above the floor, ranked, each
with its score, breakdown and how it was found; and the strict choice of `--auto-accept`.

Pure: the service decides what is already proposed or decided and writes the links.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from tracker.matching.blocking import MatchRecord
from tracker.matching.config import MatchingConfig
from tracker.matching.scoring import BlockScores


@dataclass(frozen=True)
class Candidate:
    """An earlier recommendation (`target`) that `source` may restate."""

    source: MatchRecord
    target: MatchRecord
    value: float  # the score
    details_text: str  # `Score.as_breakdown()` of the score, as JSON
    rank: int  # 1 = the best candidate of `source`
    match_key: str  # how blocking found it
    found_by: str  # which stage kept it
    runner_up: float  # best other score from the target's election (0.0 if none)

    @property
    def gap(self) -> float:
        return self.value - self.runner_up

    @cached_property
    def details(self) -> dict[str, Any]:
        """`Score.as_breakdown()` of the score."""
        result: dict[str, Any] = json.loads(self.details_text)
        return result

    def breakdown(self, config: MatchingConfig | None = None) -> dict[str, Any]:
        """The breakdown stored with the proposal: the details, the rank, how it was found."""
        result: dict[str, Any] = json.loads(self.breakdown_text(config))
        return result

    def breakdown_text(self, config: MatchingConfig | None = None) -> str:
        """`json.dumps(self.breakdown(config))`, written as text."""
        tail = (
            f', "rank": {self.rank}, "match_key": {json.dumps(self.match_key)}, '
            f'"found_by": {json.dumps(self.found_by)}, "runner_up": {round(self.runner_up, 4)!r}'
        )
        if config is not None:
            tail += f', "config": {json.dumps(config.fingerprint)}'
        return self.details_text[:-1] + tail + "}"


def select(scores: BlockScores, *, top_k: int, floor: float) -> list[Candidate]:
    """Per query: its best `top_k` candidates scoring at least `floor`, best first."""
    total = scores.total
    if not len(total):
        return []
    block = scores.block
    q = scores.query_rows
    c = scores.cand_rows
    order = np.lexsort((c, -total, q))
    q_sorted = q[order]
    starts = np.r_[0, np.flatnonzero(np.diff(q_sorted)) + 1]
    group_start = np.repeat(starts, np.diff(np.r_[starts, len(q_sorted)]))
    rank = np.arange(len(q_sorted)) - group_start + 1
    # Runner-up within (query, target election): the best other score of the same election.
    days = block.days[c]
    by_election = np.lexsort((-total, days, q))
    qe, de, te = q[by_election], days[by_election], total[by_election]
    same_as_next = np.r_[(qe[:-1] == qe[1:]) & (de[:-1] == de[1:]), False]
    same_as_prev = np.r_[False, same_as_next[:-1]]
    runner = np.zeros(len(total))
    first_of_group = ~same_as_prev
    runner_for_first = np.where(same_as_next, np.r_[te[1:], 0.0], 0.0)
    runner_values = np.where(first_of_group, runner_for_first, 0.0)
    # Non-first members' runner-up is the group's first (the best): fill forward.
    group_id = np.cumsum(first_of_group) - 1
    group_best = te[first_of_group][group_id]
    runner_values = np.where(first_of_group, runner_values, group_best)
    runner[by_election] = runner_values
    chosen = order[(rank <= top_k) & (total[order] >= floor)]
    chosen_rank = rank[(rank <= top_k) & (total[order] >= floor)]
    records = block.records
    details = scores.breakdown_texts(chosen)
    result: list[Candidate] = []
    for index, position, detail in zip(chosen.tolist(), chosen_rank.tolist(), details, strict=True):
        result.append(
            Candidate(
                source=records[int(q[index])],
                target=records[int(c[index])],
                value=float(total[index]),
                details_text=detail,
                rank=int(position),
                match_key=block.match_key,
                found_by=scores.found_by,
                runner_up=float(runner[index]),
            )
        )
    return result


def auto_accept_choices(candidates: Iterable[Candidate], config: MatchingConfig) -> list[Candidate]:
    """The proposals `--auto-accept` may accept: a recommendation's best candidate, at or above
    the strict threshold, leading the runner-up from the same earlier election by the gap."""
    strict = config.thresholds.auto_accept
    gap = config.thresholds.auto_accept_gap
    return [
        candidate
        for candidate in candidates
        if candidate.rank == 1 and candidate.value >= strict and candidate.gap >= gap
    ]
