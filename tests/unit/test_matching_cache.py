"""The cached normalised form (digest of rules and text; refresh of stale rows), the encoded
token form with purpose clauses marked, and the one-pass framing stripper against the plain
alternation it replaces."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

import pytest

from tracker.matching.blocking import MatchRecord
from tracker.matching.cache import TokenCache, rules_key, text_digest
from tracker.matching.config import _replace, default_config
from tracker.matching.framing import FramingStripper, literal_prefixes
from tracker.matching.normalise import SECONDARY_MARK, Normaliser, decode

TEXT = "The CEC should publish results by polling station, in order to enhance public trust."


def _record(rec_id: int, text: str, **changes: object) -> MatchRecord:
    record = MatchRecord(
        id=rec_id,
        key=f"am-2020#{rec_id}",
        country="AM",
        election_date=dt.date(2020, 5, 1),
        report_id="am-2020",
        text=text,
    )
    return replace(record, **changes)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def cache() -> TokenCache:
    return TokenCache(Normaliser.from_config(default_config()))


def test_the_digest_depends_on_the_rules_and_the_text(cache: TokenCache) -> None:
    config = default_config()
    other_rules = replace(config.text, extra_stopwords=(*config.text.extra_stopwords, "publish"))
    assert rules_key(other_rules) != cache.key
    digest = text_digest(cache.key, TEXT)
    assert len(digest) == 16
    assert digest == text_digest(cache.key, TEXT)
    assert digest != text_digest(cache.key, TEXT + " ")
    assert digest != text_digest(rules_key(other_rules), TEXT)


def test_refresh_keeps_fresh_rows_and_recomputes_stale_ones(cache: TokenCache) -> None:
    tokens, digest = cache.entry(TEXT)
    fresh = _record(1, TEXT, tokens=tokens, cached_digest=digest)
    # A digest from other rules, a text edited after its form was cached, a row never filled.
    stale_rules = _record(2, TEXT, tokens="old tokens", cached_digest="0123456789abcdef")
    edited = _record(3, TEXT + " Also by precinct.", tokens=tokens, cached_digest=digest)
    empty = _record(4, TEXT)
    records, rows = cache.refresh([fresh, stale_rules, edited, empty])
    assert records[0] is fresh
    assert [row.id for row in rows] == [2, 3, 4]
    assert records[1].tokens == tokens and records[1].cached_digest == digest
    assert rows[0].tokens == tokens and rows[0].digest == digest
    assert records[2].tokens == cache.entry(edited.text)[0] != tokens
    assert rows[1].digest == text_digest(cache.key, edited.text)
    again, nothing = cache.refresh(records)
    assert nothing == [] and again == records


def test_entries_normalise_each_distinct_text_once(cache: TokenCache) -> None:
    entries = cache.entries([TEXT, TEXT, "Vote buying should be prosecuted."])
    assert len(entries) == 2
    assert entries[TEXT] == cache.entry(TEXT)


def test_purpose_clauses_are_kept_but_marked() -> None:
    normaliser = Normaliser.from_config(default_config())
    result = normaliser.normalise(TEXT)
    marked = [token for token, secondary in decode(result.encoded) if secondary]
    assert marked and set(marked) <= set(result.tokens)
    assert "publish" in result.tokens and "publish" not in marked
    assert result.encoded.replace(SECONDARY_MARK, "") == result.joined
    # An ask worded as a purpose is not lost, only marked.
    purpose_only = normaliser.normalise(
        "Election commissions should be formed so as to ensure a pluralistic composition."
    )
    assert any(token.startswith("pluralist") for token in purpose_only.tokens)
    # Without purpose rules nothing is marked.
    plain = Normaliser(replace(default_config().text, purpose=()))
    assert plain.normalise(TEXT).encoded == plain.normalise(TEXT).joined


def test_purpose_weight_zero_drops_purpose_words_from_the_features() -> None:
    from tracker.matching.scoring import Scorer

    config = _replace(default_config(), purpose_weight=0.0)
    scorer = Scorer(config)
    encoded = scorer.normaliser.normalise(TEXT).encoded
    terms, counts = scorer._doc_terms(encoded)
    vocabulary = {term: name for name, term in scorer._vocab.items()}
    names = {vocabulary[int(term)] for term in terms}
    assert "publish" in names
    assert not any(name.startswith("enhanc") for name in names)
    assert (counts > 0).all()


FRAMING_SAMPLES = [
    "The mission reiterates its previous recommendation that the Electoral Code be reviewed.",
    "As previously recommended, the CEC should publish results. See also paragraph 7.3 of "
    "the 1990 OSCE Copenhagen Document.",
    "Consideration should be given to amending the law, in line with OSCE commitments and "
    "international standards, well in advance of the next elections.",
    "Furthermore, the authorities should consider ensuring that observers are accredited. "
    "This would be in line with General Comment No. 25 of the UN Human Rights Committee.",
    "Как и ранее, рекомендуется пересмотреть порядок формирования комиссий.",
    "Key recommendations include that the ODIHR EOM recommends the other  thing\n twice.",
    "",
]


@pytest.mark.parametrize("text", FRAMING_SAMPLES)
def test_the_one_pass_stripper_equals_the_plain_alternation(text: str) -> None:
    patterns = default_config().text.framing
    combined = re.compile("|".join(f"(?:{pattern})" for pattern in patterns))
    folded = " ".join(text.casefold().split())
    assert FramingStripper(patterns).strip(folded) == combined.sub(" ", folded)


def test_literal_prefixes_and_the_fallback_for_patterns_without_one() -> None:
    # Up to 12 characters, across optional words (whitespace is one space by then).
    assert literal_prefixes(r"\b(?:the\s+)?odihr\s+recommends") == {
        "the odihr re",
        "odihr recomm",
    }
    assert literal_prefixes(r"\w+ly") is None
    assert literal_prefixes(r"(?i)odihr") is None
    # A pattern that cannot be dispatched still works (as an alternation of its own).
    stripper = FramingStripper([r"\w+ly\s+", r"\bthe\s+mission\s+recommends"])
    assert stripper.dispatched == 1
    text = "the mission recommends openly that x"
    assert stripper.strip(text).split() == ["that", "x"]
