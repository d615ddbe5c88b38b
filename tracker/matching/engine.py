"""The matcher end to end, on plain records: blocking, scoring, selection.

The services feed it records from the store; tests and benchmarks feed it records built in
memory. It returns candidates; it writes nothing.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field

from tracker.matching.blocking import MatchRecord, make_blocks
from tracker.matching.config import MatchingConfig
from tracker.matching.proposals import Candidate, select
from tracker.matching.scoring import Scorer


@dataclass
class MatchRun:
    """What one run found: candidates (best `top_k` per query above the floor), and counts."""

    candidates: list[Candidate] = field(default_factory=list)
    queries: int = 0
    blocks: int = 0
    pairs_scored: int = 0

    def by_source(self) -> dict[int, list[Candidate]]:
        result: dict[int, list[Candidate]] = {}
        for candidate in self.candidates:
            result.setdefault(candidate.source.id, []).append(candidate)
        for items in result.values():
            items.sort(key=lambda item: item.rank)
        return result


def run_matching(
    queries: Iterable[MatchRecord],
    history: Iterable[MatchRecord],
    config: MatchingConfig,
    *,
    excluded: Mapping[int, Collection[int]] | None = None,
    restated: Collection[tuple[int, int]] = (),
    scorer: Scorer | None = None,
    across_countries: bool = False,
    floor: float | None = None,
) -> MatchRun:
    """Candidates for every query among the earlier records of its block. `excluded` maps a
    query id to candidate ids never to return (decided pairs, members of its thread);
    `restated` holds the accepted restatements as (source id, target id), which report
    affinity counts among the strong pairs between two reports."""
    scorer = scorer or Scorer(config)
    run = MatchRun()
    query_list = list(queries)
    run.queries = len(query_list)
    for block in make_blocks(query_list, history, across_countries=across_countries):
        run.blocks += 1
        scores = scorer.score_block(block, excluded, restated)
        run.pairs_scored += len(scores)
        run.candidates.extend(
            select(
                scores,
                top_k=config.top_k,
                floor=config.thresholds.floor if floor is None else floor,
            )
        )
    return run
