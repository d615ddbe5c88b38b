"""The figures of merit, on a hand-made example and on the development gold set."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest

from tests.gold_reader import GoldSet, read_gold
from tracker.matching.config import default_config
from tracker.matching.engine import run_matching
from tracker.matching.evaluation import RankedCandidate, evaluate

GOLD = Path(__file__).resolve().parent.parent / "gold"
HELDOUT = Path(__file__).resolve().parent.parent / "heldout"
GENERATE = Path(__file__).resolve().parents[2] / "bench" / "generate.py"


def test_metrics_on_a_hand_made_example() -> None:
    when = {"a1": dt.date(2010, 1, 1), "a2": dt.date(2014, 1, 1), "a3": dt.date(2018, 1, 1)}
    when |= {"b1": dt.date(2010, 1, 1), "b2": dt.date(2014, 1, 1), "c1": dt.date(2010, 1, 1)}
    gold = [("a2", "a1"), ("a3", "a2"), ("b2", "b1")]
    related = [("b2", "c1")]
    ranked = {
        # a3's acceptable counterparts are a2 and a1 (the same thread, earlier).
        "a3": [RankedCandidate("c1", 0.9), RankedCandidate("a1", 0.8)],
        "a2": [RankedCandidate("a1", 0.95)],
        "b2": [RankedCandidate("c1", 0.7), RankedCandidate("a1", 0.2)],
    }
    metrics = evaluate(
        gold_restates=gold,
        gold_related=related,
        ranked=ranked,
        election_of=when,
        k=5,
        threshold=0.5,
    )
    assert metrics.recall_at_k == pytest.approx(2 / 3)
    assert metrics.mrr == pytest.approx((1 / 2 + 1) / 3)
    # Predicted links >= 0.5: a3-c1, a3-a1, a2-a1, b2-c1 -> groups {a1,a2,a3,c1}, {b2,c1}...
    # joined: {a1, a2, a3, c1, b2}: 10 predicted pairs; gold pairs: 3 (a) + 1 (b) = 4;
    # true pairs: the three of thread a.
    assert metrics.precision == pytest.approx(3 / 10)
    assert metrics.recall == pytest.approx(3 / 4)
    assert metrics.related_as_restates == 1
    assert metrics.misses == ["b2"]
    top1 = evaluate(
        gold_restates=gold,
        gold_related=related,
        ranked=ranked,
        election_of=when,
        k=1,
        threshold=0.5,
    )
    assert top1.recall_at_k == pytest.approx(1 / 3)


def test_the_development_gold_set_is_big_enough() -> None:
    gold = read_gold(GOLD)
    assert len(gold.restates) >= 60
    assert len(gold.related) >= 30
    assert len({record.country for record in gold.records}) >= 4
    assert any(record.text[0] >= "А" for record in gold.records)  # a Cyrillic report


def _figures(folder: Path, *, across: bool = False) -> dict[str, float]:
    return _figures_of(read_gold(folder), across=across)


def _figures_of(gold: GoldSet, *, across: bool = False) -> dict[str, Any]:
    config = default_config()
    run = run_matching(gold.records, gold.records, config, across_countries=across)
    ranked = {
        items[0].source.key: [RankedCandidate(c.target.key, c.value) for c in items]
        for items in run.by_source().values()
    }
    metrics = evaluate(
        gold_restates=gold.restates,
        gold_related=gold.related,
        ranked=ranked,
        election_of=gold.election_of,
        k=config.top_k,
        threshold=config.thresholds.accept,
    )
    return metrics.as_dict()


def test_figures_on_the_development_gold_set() -> None:
    figures = _figures(GOLD)
    assert figures["recall_at_k"] >= 0.98
    assert figures["mrr"] >= 0.95
    # The target, F1 >= 0.90, is met just (0.904: P 0.88, R 0.93); what is still missed are
    # real-wording paraphrases that share few words with their targets.
    assert figures["f1"] >= 0.90
    assert figures["precision"] >= 0.87 and figures["recall"] >= 0.92
    assert figures["related_as_restates"] <= 9


def test_figures_with_other_countries_as_distractors() -> None:
    figures = _figures(GOLD, across=True)
    assert figures["recall_at_k"] >= 0.95
    # With every country pooled (~150 candidates each; the measure had ~40) the
    # distractors are often the same ask raised in another country. Report affinity (a
    # report restates its own country's previous report in bundles) lifts MRR to 0.81.
    assert figures["mrr"] >= 0.80


def test_figures_on_a_generated_corpus(tmp_path: Path) -> None:
    """A held-out generated corpus (seed 7; the weights were set on seeds 2 and 3): its
    near-miss distractors share a restatement's frame and purpose with another key word."""
    folder = tmp_path / "small"
    subprocess.run(
        [sys.executable, str(GENERATE), "--size", "small", "--seed", "7", "--out", str(folder)],
        check=True,
        capture_output=True,
    )
    figures = _figures(folder)
    assert figures["recall_at_k"] >= 0.98
    assert figures["mrr"] >= 0.95
    # The target is F1 >= 0.90; the shipped configuration reaches 0.82 here (0.72 before
    # purpose clauses were weighed down and the `distinct` and `lead` parts were added).
    assert figures["f1"] >= 0.80


# -- the held-out set: real wording the matcher was never tuned on ---------------------------


def test_the_held_out_set_is_apart_from_the_development_set() -> None:
    heldout, development = read_gold(HELDOUT), read_gold(GOLD)
    assert len(heldout.restates) >= 140 and len(heldout.related) >= 50
    countries = {record.country for record in heldout.records}
    assert len(countries) == 6
    assert not countries & {record.country for record in development.records}


def test_figures_on_the_held_out_set() -> None:
    figures = _figures(HELDOUT)
    assert figures["recall_at_k"] >= 0.98  # 0.986
    assert figures["mrr"] >= 0.95  # 0.979
    # 0.837 (P 0.92, R 0.77): the misses are loose paraphrases scoring just under the
    # threshold (F1 0.855 at 0.57), as on the seed.
    assert figures["f1"] >= 0.80


def test_held_out_figures_with_another_country_as_distractors() -> None:
    """The issue's measure pools about 40 candidates; two countries pooled give about 58."""
    heldout = read_gold(HELDOUT)
    countries = sorted({record.country for record in heldout.records})
    found = restating = 0
    reciprocal = 0.0
    for pair in combinations(countries, 2):
        records = [record for record in heldout.records if record.country in pair]
        keys = {record.key for record in records}
        pooled = GoldSet(
            records=records,
            restates={link for link in heldout.restates if link[0] in keys},
            related={link for link in heldout.related if link[0] in keys},
        )
        figures = _figures_of(pooled, across=True)
        counts = figures["counts"]
        found += counts["found_in_top_k"]
        restating += counts["restating"]
        reciprocal += figures["mrr"] * counts["restating"]
    assert found / restating >= 0.95  # 0.986
    assert reciprocal / restating >= 0.80  # 0.939
