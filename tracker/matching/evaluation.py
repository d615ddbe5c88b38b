"""Figures of merit for matching against a gold set (pure; `eval-matching` feeds it).

- recall_at_k: share of gold-restating recommendations (sources of a gold `restates` link) with
  at least one acceptable counterpart among their top k candidates; acceptable = any member of
  the same gold thread from an EARLIER election.
- mrr: mean reciprocal rank of the first acceptable counterpart over the same recommendations
  (0 where none is in the top k).
- precision, recall, f1: pairwise over threads. Predicted links (top-k candidates at or above
  the accept threshold) are joined into groups; every pair inside a group is a predicted pair,
  every pair inside a gold thread a gold pair.
- related_as_restates: gold `related` pairs whose two ends fall in one predicted group.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


class UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, item: str) -> str:
        parent = self.parent.setdefault(item, item)
        if parent != item:
            root = self.find(parent)
            self.parent[item] = root
            return root
        return item

    def union(self, first: str, second: str) -> None:
        a, b = self.find(first), self.find(second)
        if a != b:
            self.parent[max(a, b)] = min(a, b)

    def groups(self) -> dict[str, set[str]]:
        result: dict[str, set[str]] = {}
        for item in list(self.parent):
            result.setdefault(self.find(item), set()).add(item)
        return result


def components(pairs: Iterable[tuple[str, str]]) -> UnionFind:
    found = UnionFind()
    for first, second in pairs:
        found.union(first, second)
    return found


def _pairs(size: int) -> int:
    return size * (size - 1) // 2


@dataclass(frozen=True)
class RankedCandidate:
    target: str
    score: float


@dataclass
class MatchingMetrics:
    k: int
    threshold: float
    recall_at_k: float
    mrr: float
    precision: float
    recall: float
    f1: float
    related_as_restates: int
    counts: dict[str, int] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "k": self.k,
            "threshold": self.threshold,
            "recall_at_k": round(self.recall_at_k, 4),
            "mrr": round(self.mrr, 4),
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "related_as_restates": self.related_as_restates,
            "counts": dict(self.counts),
        }


def evaluate(
    *,
    gold_restates: Iterable[tuple[str, str]],
    gold_related: Iterable[tuple[str, str]],
    ranked: Mapping[str, Sequence[RankedCandidate]],
    election_of: Mapping[str, dt.date],
    k: int,
    threshold: float,
) -> MatchingMetrics:
    """`ranked` maps a recommendation key to its candidates, best first (what the matcher
    proposed); `election_of` gives each key's election date."""
    restates = sorted(set(gold_restates))
    related = sorted(set(gold_related))
    gold = components(restates)
    sources = sorted({source for source, _ in restates})
    members = gold.groups()
    hits = 0
    reciprocal = 0.0
    misses: list[str] = []
    for source in sources:
        thread = members[gold.find(source)]
        when = election_of[source]
        acceptable = {key for key in thread if election_of[key] < when}
        top = [candidate.target for candidate in ranked.get(source, ())][:k]
        rank = next((i for i, target in enumerate(top, 1) if target in acceptable), None)
        if rank is None:
            misses.append(source)
            continue
        hits += 1
        reciprocal += 1.0 / rank
    predicted_links = sorted(
        (source, candidate.target)
        for source, candidates in ranked.items()
        for candidate in list(candidates)[:k]
        if candidate.score >= threshold
    )
    predicted = components(predicted_links)
    gold_pairs = sum(_pairs(len(group)) for group in members.values())
    predicted_groups = predicted.groups()
    predicted_pairs = sum(_pairs(len(group)) for group in predicted_groups.values())
    overlap: Counter[tuple[str, str]] = Counter()
    for key in predicted.parent:
        if key in gold.parent:
            overlap[(predicted.find(key), gold.find(key))] += 1
    true_pairs = sum(_pairs(size) for size in overlap.values())
    precision = true_pairs / predicted_pairs if predicted_pairs else 1.0
    recall = true_pairs / gold_pairs if gold_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    conflated = sum(
        1
        for first, second in related
        if first in predicted.parent
        and second in predicted.parent
        and predicted.find(first) == predicted.find(second)
    )
    wrong_links = sum(
        1
        for source, target in predicted_links
        if not (
            source in gold.parent
            and target in gold.parent
            and gold.find(source) == gold.find(target)
        )
    )
    counts = {
        "recommendations": len(election_of),
        "restating": len(sources),
        "found_in_top_k": hits,
        "gold_links": len(restates),
        "gold_threads": len(members),
        "gold_pairs": gold_pairs,
        "related_pairs": len(related),
        "proposals": sum(min(k, len(candidates)) for candidates in ranked.values()),
        "predicted_links": len(predicted_links),
        "wrong_predicted_links": wrong_links,
        "predicted_pairs": predicted_pairs,
        "true_pairs": true_pairs,
    }
    n = len(sources)
    return MatchingMetrics(
        k=k,
        threshold=threshold,
        recall_at_k=hits / n if n else 1.0,
        mrr=reciprocal / n if n else 1.0,
        precision=precision,
        recall=recall,
        f1=f1,
        related_as_restates=conflated,
        counts=counts,
        misses=misses,
    )
