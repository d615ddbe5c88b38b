"""Score objects, the vectorised scorer against a brute-force reference, blocking, selection,
auto-accept, and the configuration file."""

from __future__ import annotations

import datetime as dt
import itertools
import math
from pathlib import Path

import numpy as np
import pytest

from tracker.errors import ConfigError
from tracker.matching.blocking import MatchRecord, make_blocks
from tracker.matching.config import _replace, default_config, load_config
from tracker.matching.engine import run_matching
from tracker.matching.proposals import auto_accept_choices
from tracker.matching.scoring import Score, Scorer


def test_score_is_a_weighted_mean_of_the_parts_present() -> None:
    score = Score(
        parts={"tfidf": 0.8, "topics": float("nan"), "tokens": 0.2},
        weights={"tfidf": 3.0, "topics": 5.0, "tokens": 1.0},
    )
    assert score.value == pytest.approx((3 * 0.8 + 1 * 0.2) / 4)
    assert score.dominant == "tfidf"
    assert score.weakest == "tokens"
    breakdown = score.as_breakdown()
    assert breakdown["parts"]["topics"] is None
    assert breakdown["dominant"] == "tfidf"


def test_scores_sort_and_compare_like_floats() -> None:
    weights = {"a": 1.0}
    low, high = Score({"a": 0.3}, weights), Score({"a": 0.7}, weights)
    assert sorted([high, low]) == [low, high]
    assert low < 0.5 < high
    assert float(high) == pytest.approx(0.7)
    assert max([low, high]) is high


def _rec(
    rec_id: int,
    text: str,
    year: int,
    *,
    country: str = "AM",
    report: str | None = None,
    topics: tuple[str, ...] = (),
) -> MatchRecord:
    report_id = report or f"{country.lower()}-{year}"
    return MatchRecord(
        id=rec_id,
        key=f"{report_id}#{rec_id}",
        country=country,
        election_date=dt.date(year, 5, 1),
        report_id=report_id,
        text=text,
        topics=frozenset(topics),
    )


TEXTS = [
    "Voter lists should be published for scrutiny.",
    "Vote buying should be investigated and prosecuted.",
    "The media regulator should monitor broadcasters during the campaign.",
    "Commission members should be appointed on merit.",
    "Complaint deadlines should be extended.",
    "The electoral roll should be open to public scrutiny.",
    "All allegations of vote buying should be prosecuted.",
    "Broadcasters should be monitored by an independent media regulator.",
]


def _reference_tfidf(tokens: list[tuple[str, ...]], bigram_weight: float) -> list[dict[str, float]]:
    """TF-IDF vectors the slow, obvious way: the reference for the vectorised scorer."""
    features = [[*t, *(f"{a} {b}" for a, b in itertools.pairwise(t))] for t in tokens]
    df: dict[str, int] = {}
    for feature_list in features:
        for feature in set(feature_list):
            df[feature] = df.get(feature, 0) + 1
    n = len(features)
    vectors = []
    for feature_list in features:
        counts: dict[str, int] = {}
        for feature in feature_list:
            counts[feature] = counts.get(feature, 0) + 1
        weight = {
            f: (1 + math.log(c))
            * (math.log((1 + n) / (1 + df[f])) + 1)
            * (bigram_weight if " " in f else 1.0)
            for f, c in counts.items()
        }
        norm = math.sqrt(sum(v * v for v in weight.values())) or 1.0
        vectors.append({f: v / norm for f, v in weight.items()})
    return vectors


def test_sparse_first_stage_equals_a_brute_force_cosine() -> None:
    records = [_rec(i + 1, text, 2010 + i // 4 * 5) for i, text in enumerate(TEXTS)]
    config = default_config()
    for common_min_df in (1, 1000):  # everything dense, everything sparse
        scorer = Scorer(_replace(config, common_min_df=common_min_df, common_share=0.01))
        block = next(make_blocks(records, records))
        scores = scorer.score_block(block)
        tokens = [scorer.normaliser.normalise(r.text).tokens for r in block.records]
        vectors = _reference_tfidf(tokens, config.bigram_weight)
        for q, c, cos in zip(
            scores.query_rows, scores.cand_rows, scores.parts["tfidf"], strict=True
        ):
            a, b = vectors[int(q)], vectors[int(c)]
            assert cos == pytest.approx(sum(a[f] * b.get(f, 0.0) for f in a), abs=1e-6)
        # Only earlier elections are candidates.
        days = block.days
        assert (days[scores.cand_rows] < days[scores.query_rows]).all()


def test_distinct_is_the_lower_share_of_rare_mass_found_in_the_other_text() -> None:
    """`distinct` against the slow, obvious computation: idf squared over the same features."""
    records = [_rec(i + 1, text, 2010 + i // 4 * 5) for i, text in enumerate(TEXTS)]
    config = default_config()
    for common_min_df in (1, 1000):  # everything dense, everything sparse
        scorer = Scorer(_replace(config, common_min_df=common_min_df, common_share=0.01))
        block = next(make_blocks(records, records))
        scores = scorer.score_block(block)
        tokens = [scorer.normaliser.normalise(r.text).tokens for r in block.records]
        features = [{*t, *(f"{a} {b}" for a, b in itertools.pairwise(t))} for t in tokens]
        n = len(features)
        df = {f: sum(f in other for other in features) for f in set().union(*features)}
        rare = {
            f: ((math.log((1 + n) / (1 + df[f])) + 1) * (config.bigram_weight if " " in f else 1))
            ** 2
            for f in df
        }
        for q, c, value in zip(
            scores.query_rows, scores.cand_rows, scores.parts["distinct"], strict=True
        ):
            a, b = features[int(q)], features[int(c)]
            shared = sum(rare[f] for f in a & b)
            expected = min(shared / sum(rare[f] for f in a), shared / sum(rare[f] for f in b))
            assert value == pytest.approx(expected, abs=1e-5)


def test_breakdowns_of_a_block_equal_each_scores_own() -> None:
    """The vectorised breakdowns (what proposals store) against `Score.as_breakdown`, with
    topics missing for some pairs so that a part is left out."""
    records = [
        _rec(i + 1, text, 2000 + i, topics=() if i == 3 else ("voting",))
        for i, text in enumerate(TEXTS + TEXTS)
    ]
    scorer = Scorer(default_config())
    scores = scorer.score_block(next(make_blocks(records, records)))
    indices = np.arange(len(scores))
    assert len(indices) > 10
    assert scores.breakdowns(indices) == [
        scores.score(i).as_breakdown() for i in range(len(scores))
    ]
    parts = [b["parts"]["topics"] for b in scores.breakdowns(indices)]
    assert None in parts and 1.0 in parts


def test_report_affinity_counts_strong_mutual_best_pairs_between_two_reports() -> None:
    from tracker.matching.scoring import report_affinity

    records = [
        _rec(1, "a", 2020, report="q"),
        _rec(2, "b", 2020, report="q"),
        _rec(3, "c", 2015, report="same-series"),
        _rec(4, "d", 2015, report="same-series"),
        _rec(5, "e", 2016, report="elsewhere"),
        _rec(6, "f", 2016, report="elsewhere"),
    ]
    query_rows = np.array([0, 1, 0, 1], dtype=np.int64)
    cand_rows = np.array([2, 3, 4, 5], dtype=np.int64)
    scores = np.array([0.8, 0.7, 0.85, 0.3])
    # Both asks of "q" are restated from "same-series"; only one strongly from "elsewhere".
    values = report_affinity(records, query_rows, cand_rows, scores, 0.4)
    assert values.tolist() == [1.0, 1.0, 0.5, 0.5]
    # A pair that is not its two ends' best match between the reports does not count.
    query_rows = np.r_[query_rows, 1]
    cand_rows = np.r_[cand_rows, 2]
    scores = np.r_[scores, 0.75]
    values = report_affinity(records, query_rows, cand_rows, scores, 0.4)
    assert values.tolist() == [0.5, 0.5, 0.5, 0.5, 0.5]
    # An accepted restatement between the two reports (not scored: decided) counts too.
    only = report_affinity(records, query_rows[:1], cand_rows[:1], scores[:1], 0.4)
    assert only.tolist() == [0.5]
    with_decided = report_affinity(
        records, query_rows[:1], cand_rows[:1], scores[:1], 0.4, accepted=[(1, 3)]
    )
    assert with_decided.tolist() == [1.0]


def test_an_accepted_restatement_competes_in_exclusivity() -> None:
    from tracker.matching.scoring import exclusivity

    records = [
        _rec(1, "a", 2020, report="q"),
        _rec(2, "b", 2020, report="q"),
        _rec(3, "c", 2015, report="earlier"),
        _rec(4, "d", 2015, report="earlier"),
    ]
    query_rows = np.array([0], dtype=np.int64)
    cand_rows = np.array([2], dtype=np.int64)
    base = np.array([0.7])
    alone = exclusivity(records, query_rows, cand_rows, base, 1.25)
    assert alone.tolist() == [1.0]
    # The query already restates another ask of that report; the target is already restated
    # by another ask of the query's report; a link elsewhere changes nothing.
    for accepted, expected in (([(0, 3)], 0.125), ([(1, 2)], 0.125), ([(1, 3)], 1.0)):
        value = exclusivity(records, query_rows, cand_rows, base, 1.25, accepted)
        assert value.tolist() == [pytest.approx(expected)]


def test_lead_rewards_a_clear_best_candidate_only() -> None:
    from tracker.matching.scoring import lead

    query_rows = np.array([0, 0, 0, 1], dtype=np.int64)
    base = np.array([0.8, 0.5, 0.78, 0.4])
    values = lead(query_rows, base, 2.0)
    assert values[0] == pytest.approx(0.5 + 2.0 * 0.02)  # barely ahead of 0.78
    assert values[1] == pytest.approx(0.0)  # far behind the best: clipped
    assert values[2] == pytest.approx(0.5 - 2.0 * 0.02)
    assert values[3] == pytest.approx(1.0)  # alone: ahead of nothing (0)


def test_restatements_rank_first_and_only_earlier_elections_count() -> None:
    earlier = [_rec(i + 1, text, 2015) for i, text in enumerate(TEXTS[:5])]
    later = [_rec(i + 11, text, 2019) for i, text in enumerate(TEXTS[5:])]
    same_election = [_rec(21, "Voter lists should be published for scrutiny.", 2019, report="x")]
    run = run_matching(later, earlier + later + same_election, default_config())
    best = {items[0].source.id: items[0].target.id for items in run.by_source().values()}
    assert best == {11: 1, 12: 2, 13: 3}
    assert all(c.target.election_date < c.source.election_date for c in run.candidates)
    assert all(c.match_key == "country=AM;earlier-election" for c in run.candidates)


def test_blocking_keeps_countries_apart_and_exclusions_hold() -> None:
    am = [_rec(1, TEXTS[0], 2015), _rec(2, TEXTS[5], 2019)]
    ge = [_rec(3, TEXTS[0], 2015, country="GE"), _rec(4, TEXTS[5], 2019, country="GE")]
    run = run_matching(am + ge, am + ge, default_config())
    assert {(c.source.id, c.target.id) for c in run.candidates} == {(2, 1), (4, 3)}
    run = run_matching(am + ge, am + ge, default_config(), excluded={2: {1}})
    assert {(c.source.id, c.target.id) for c in run.candidates} == {(4, 3)}
    pooled = run_matching(am + ge, am + ge, default_config(), across_countries=True, floor=0.0)
    assert {c.target.id for c in pooled.candidates if c.source.id == 2} == {1, 3}


def test_top_k_floor_and_ranks() -> None:
    earlier = [_rec(i + 1, text, 2015) for i, text in enumerate(TEXTS)]
    query = [_rec(50, "Vote buying allegations should be investigated.", 2020)]
    config = _replace(default_config(), top_k=2)
    run = run_matching(query, earlier + query, config, floor=0.0)
    assert [c.rank for c in run.candidates] == [1, 2]
    assert run.candidates[0].value >= run.candidates[1].value
    strict = run_matching(query, earlier + query, config, floor=0.99)
    assert strict.candidates == []


def test_auto_accept_needs_the_strict_threshold_and_a_gap() -> None:
    earlier = [_rec(1, TEXTS[1], 2015), _rec(2, TEXTS[0], 2015)]
    query = [_rec(9, TEXTS[1], 2020)]
    config = default_config()
    run = run_matching(query, earlier + query, config, floor=0.0)
    top = run.candidates[0]
    assert top.target.id == 1 and top.value >= config.thresholds.auto_accept
    assert auto_accept_choices(run.candidates, config) == [top]
    no_gap = _replace(
        config, thresholds=type(config.thresholds)(0.0, 0.5, 0.9, auto_accept_gap=1.0)
    )
    assert auto_accept_choices(run.candidates, no_gap) == []


def test_config_defaults_and_overlay(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = load_config(use_env=False)
    t = config.thresholds
    assert 0 < t.floor <= t.accept <= t.auto_accept <= 1
    assert config.top_k == 5
    overlay = tmp_path / "mine.toml"
    overlay.write_text("[thresholds]\naccept = 0.5\n[proposals]\ntop_k = 3\n", encoding="utf-8")
    mine = load_config(overlay)
    assert mine.thresholds.accept == 0.5 and mine.top_k == 3
    assert mine.thresholds.floor == t.floor and mine.weights == config.weights
    assert mine.fingerprint != config.fingerprint
    monkeypatch.setenv("RECTRACK_MATCHING_CONFIG", str(overlay))
    assert load_config().top_k == 3


@pytest.mark.parametrize(
    "body, message",
    [
        ("[thresholds]\naccpt = 0.5\n", "unknown key thresholds.accpt"),
        ("[thresholds]\naccept = 0.1\nfloor = 0.3\n", "floor <= accept"),
        ("[weights]\ntfidf = 'high'\n", "wrong type"),
        ("[text]\nframing = ['(unclosed']\n", "framing pattern"),
        ("[nonsense]\n", "unknown table"),
        ("not toml = = 1", "not valid TOML"),
    ],
)
def test_bad_config_is_refused(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_config(path)


def test_scoring_has_no_pairwise_python_loop() -> None:
    """A 2,000-record history and a 40-record report: every query gets its first stage."""
    rng = np.random.default_rng(1)
    words = [f"w{i}" for i in range(3000)]
    history = [
        _rec(i + 1, " ".join(rng.choice(words, 25)), 1990 + i // 40, report=f"r{i // 40}")
        for i in range(2000)
    ]
    queries = [_rec(5000 + i, history[i].text, 2050, report="new") for i in range(40)]
    config = default_config()
    run = run_matching(queries, history + queries, config)
    best = {items[0].source.id: items[0].target.id for items in run.by_source().values()}
    assert best == {5000 + i: i + 1 for i in range(40)}
