"""Matching's cache of normalised texts in the store (SQLite and PostgreSQL): import fills it,
a match run recomputes what is stale (other rules, an edited text, an empty row) in bulk and
leaves the rows' versions alone."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select, update

from tracker.matching.cache import TokenCache, text_digest
from tracker.matching.config import default_config, load_config
from tracker.matching.normalise import Normaliser
from tracker.models import Recommendation
from tracker.services import matching
from tracker.services.importing import import_paths
from tracker.store import Store

GOLD = Path(__file__).resolve().parent.parent / "gold"


def _load(store: Store, *folders: str) -> None:
    import_paths(
        store, [GOLD / "topics.yaml", *(GOLD / f for f in folders)], actor="loader", match=False
    )


def _rows(store: Store) -> dict[str, tuple[str, str | None, str | None, int]]:
    with store.read() as session:
        rows = session.execute(
            select(
                Recommendation.key,
                Recommendation.text,
                Recommendation.match_tokens,
                Recommendation.match_digest,
                Recommendation.version,
            )
        )
        return {row[0]: (row[1], row[2], row[3], row[4]) for row in rows}


def _expected(text: str) -> tuple[str, str]:
    return TokenCache(Normaliser.from_config(default_config())).entry(text)


def test_import_fills_the_cache_for_every_new_recommendation(store: Store) -> None:
    _load(store, "am", "by")
    rows = _rows(store)
    assert rows
    for text, tokens, digest, _version in rows.values():
        assert (tokens, digest) == _expected(text)


def test_a_match_run_recomputes_stale_rows_in_bulk(store: Store) -> None:
    _load(store, "am")
    before = _rows(store)
    keys = sorted(before)
    stale_rules, emptied, edited = keys[0], keys[1], keys[2]
    with store.transaction() as session:
        # A digest from other rules, a row without a cached form, and a text edited by a path
        # that knows nothing of the cache (the cached columns keep the old text's form).
        session.execute(
            update(Recommendation)
            .where(Recommendation.key == stale_rules)
            .values(match_tokens="stale", match_digest="0000000000000000")
        )
        session.execute(
            update(Recommendation)
            .where(Recommendation.key == emptied)
            .values(match_tokens=None, match_digest=None)
        )
        session.execute(
            update(Recommendation)
            .where(Recommendation.key == edited)
            .values(text=before[edited][0] + " Voter lists should also be published.")
        )
    matching.propose(store, actor="tester")
    after = _rows(store)
    for key, (text, tokens, digest, version) in after.items():
        assert (tokens, digest) == _expected(text), key
        assert version == before[key][3], "the cache is derived data: no version bump"
    assert after[edited][1] != before[edited][1]


def test_other_text_rules_make_the_whole_cache_stale(store: Store, tmp_path: Path) -> None:
    _load(store, "kg")
    overlay = tmp_path / "rules.toml"
    overlay.write_text('[text]\nextra_stopwords = ["recommend", "voter"]\n', encoding="utf-8")
    config = load_config(overlay)
    matching.propose(store, actor="tester", config=config)
    cache = TokenCache(Normaliser.from_config(config))
    rows = _rows(store)
    for text, tokens, digest, _version in rows.values():
        assert digest == text_digest(cache.key, text)
        assert tokens == cache.entry(text)[0]
        assert tokens is not None and "voter" not in tokens.split()
