"""The matcher scored against a gold set: what `rectrack eval-matching` calls.

`evaluate_gold` loads a gold set (a folder in the YAML format) into a throw-away in-memory
store, remembers and then hides its links, runs matching over the whole store (as
`tracker.services.matching` runs it, every country scored) and scores the ranked proposals
against the hidden `restates` and `related` links (`tracker.matching.evaluation`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tracker.enums import LinkKind, LinkState
from tracker.errors import InvalidInput, NotFound
from tracker.matching.config import MatchingConfig, load_config
from tracker.matching.evaluation import MatchingMetrics, RankedCandidate, evaluate
from tracker.repositories import proposals as repo
from tracker.services.matching import MatchSummary, propose_all
from tracker.store import Store


@dataclass
class EvaluationRun:
    metrics: MatchingMetrics
    summary: MatchSummary
    ranked: dict[str, list[RankedCandidate]]


def evaluate_gold(
    folder: Path,
    *,
    k: int | None = None,
    config: MatchingConfig | None = None,
    across_countries: bool = False,
    progress: Callable[[str], None] | None = None,
) -> EvaluationRun:
    """Load a gold set into a throw-away in-memory store (one connection: schema and data
    share it), hide every link (`restates`, `related`, `distinct_from`), run matching, and
    score the proposals against the hidden `restates` and `related` links.

    `across_countries` pools all countries into one block, so that other countries' asks are
    distractors (a harder test of ranking; never how `propose` blocks)."""
    from tracker import schema
    from tracker.services.importing import import_paths

    config = config or load_config()
    k = k or config.top_k
    if k < 1:
        raise InvalidInput("k must be at least 1")
    config = config.with_top_k(k)
    if not folder.exists():
        raise NotFound(f"gold set {folder} does not exist")
    say = progress or (lambda _message: None)
    store = Store("sqlite://")
    try:
        schema.upgrade(store)
        say(f"loading {folder}")
        import_paths(store, [folder], actor="eval-matching", match=False)
        with store.transaction() as session:
            links = repo.all_link_rows(session)
            restates = {
                (row.source_key, row.target_key)
                for row in links
                if row.kind is LinkKind.RESTATES and row.state is LinkState.ACCEPTED
            }
            related = {
                (row.source_key, row.target_key)
                for row in links
                if row.kind is LinkKind.RELATED and row.state is LinkState.ACCEPTED
            }
            if not restates:
                raise InvalidInput(
                    f"{folder} holds no `restates` links: a gold set needs them (they are the "
                    "truth the proposals are scored against)"
                )
            repo.delete_all_links(session)
            records = repo.load_records(session)
        say(f"matching {len(records)} recommendations")
        summary = propose_all(
            store, actor="eval-matching", config=config, across_countries=across_countries
        )
        with store.read() as session:
            proposals = [
                row for row in repo.all_link_rows(session) if row.state is LinkState.PROPOSED
            ]
        ranked: dict[str, list[tuple[int, float, str]]] = defaultdict(list)
        for row in proposals:
            rank = int((row.breakdown or {}).get("rank", 0)) or 10**6
            ranked[row.source_key].append((rank, -float(row.score or 0.0), row.target_key))
        ordered = {
            source: [
                RankedCandidate(target=target, score=-negative)
                for _rank, negative, target in sorted(items)
            ]
            for source, items in ranked.items()
        }
        metrics = evaluate(
            gold_restates=restates,
            gold_related=related,
            ranked=ordered,
            election_of={record.key: record.election_date for record in records},
            k=k,
            threshold=config.thresholds.accept,
        )
        return EvaluationRun(metrics=metrics, summary=summary, ranked=ordered)
    finally:
        store.dispose()
