"""The breakdown a proposal stores is written as text (issue 19: a first run writes hundreds
of thousands): exactly `json.dumps` of the breakdown dict it replaces."""

from __future__ import annotations

import json

import numpy as np

from tests.unit.test_matching_scoring import TEXTS, _rec
from tracker.matching.blocking import make_blocks
from tracker.matching.config import default_config
from tracker.matching.proposals import select
from tracker.matching.scoring import Scorer


def test_breakdown_texts_are_the_dumped_breakdowns_and_candidates_append_their_own() -> None:
    records = [
        _rec(i + 1, text, 2000 + i, topics=() if i == 3 else ("voting",))
        for i, text in enumerate(TEXTS + TEXTS)
    ]
    config = default_config()
    scores = Scorer(config).score_block(next(make_blocks(records, records)))
    indices = np.arange(len(scores))
    texts = scores.breakdown_texts(indices)
    dicts = scores.breakdowns(indices)
    assert len(texts) > 10
    assert texts == [json.dumps(item) for item in dicts]
    assert any('"topics": null' in text for text in texts)
    candidates = select(scores, top_k=3, floor=0.0)
    assert candidates
    for candidate in candidates:
        expected = dict(candidate.details)
        expected.update(
            rank=candidate.rank,
            match_key=candidate.match_key,
            found_by=candidate.found_by,
            runner_up=round(candidate.runner_up, 4),
            config=config.fingerprint,
        )
        assert candidate.breakdown_text(config) == json.dumps(expected)
        assert candidate.breakdown(config) == expected
        assert "config" not in candidate.breakdown()
