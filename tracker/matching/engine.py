"""The matcher end to end, on plain records: blocking, scoring, selection.

The services feed it records from the store; tests and benchmarks feed it records built in
memory. It returns candidates; it writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field

from tracker.bulk import keep_freed_memory
from tracker.matching.blocking import MatchRecord, make_blocks
from tracker.matching.config import MatchingConfig
from tracker.matching.proposals import Candidate, select
from tracker.matching.scoring import Scorer

Progress = Callable[[str, int, int], None]
"""Called as progress(stage, done, total) while matching works (the importer's convention)."""

MATCHING_STAGE = "matching"


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
    progress: Progress | None = None,
) -> MatchRun:
    """Candidates for every query among the earlier records of its block. `excluded` maps a
    query id to candidate ids never to return (decided pairs, members of its thread);
    `restated` holds the accepted restatements as (source id, target id), which report
    affinity counts among the strong pairs between two reports. `progress` hears of each
    block (a country) as it is done."""
    keep_freed_memory()
    scorer = scorer or Scorer(config)
    run = MatchRun()
    query_list = list(queries)
    run.queries = len(query_list)
    # One block per country of the queries (make_blocks), or one for them all.
    total = min(1, len(query_list)) if across_countries else len({q.country for q in query_list})
    if progress is not None:
        progress(MATCHING_STAGE, 0, total)
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
        if progress is not None:
            progress(MATCHING_STAGE, run.blocks, total)
    return run
