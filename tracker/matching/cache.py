"""The normalised form of each recommendation, kept in the store so that matching does not
normalise a whole history again on every run.

Two columns of `recommendations` hold it: `match_tokens` (`NormalisedText.encoded`: the
normalised tokens joined by single spaces, those of purpose clauses marked; stems and concept
tokens never contain a space) and `match_digest` (16 hex
digits: a hash of the text rules, of this code's `NORMALISER_VERSION`, and of the text itself).
A cached form counts only while its digest equals the digest of the record's current text
under the rules in use; anything else (new rules, a user's config overlay, a text edited by
any path, a row written before the columns existed) makes the row stale, and the matcher
normalises it again and writes it back in bulk.

Pure: the importer and the matching service call these and write the columns.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from tracker.matching.blocking import MatchRecord
from tracker.matching.config import TextRules
from tracker.matching.normalise import Normaliser

NORMALISER_VERSION = 2
"""Bump whenever normalise.py changes what it makes of a text, so every cache goes stale."""

DIGEST_LENGTH = 16


def rules_key(rules: TextRules) -> str:
    """A hash of everything that decides a text's normalised form, except the text."""
    payload = [
        NORMALISER_VERSION,
        list(rules.framing),
        list(rules.purpose),
        list(rules.extra_stopwords),
        [list(group) for group in rules.synonyms],
    ]
    raw = json.dumps(payload, ensure_ascii=False).encode()
    return hashlib.sha256(raw).hexdigest()


def text_digest(key: str, text: str) -> str:
    """The digest stored beside a text's normalised form (`key` from `rules_key`)."""
    hashed = hashlib.blake2b(text.encode(), digest_size=DIGEST_LENGTH // 2, key=key[:64].encode())
    return hashed.hexdigest()


@dataclass(frozen=True, slots=True)
class CacheRow:
    """What to write for one recommendation: its id, normalised tokens and digest."""

    id: int
    tokens: str
    digest: str


class TokenCache:
    """Computes and checks cached normalised forms under one set of text rules."""

    def __init__(self, normaliser: Normaliser) -> None:
        self.normaliser = normaliser
        self.key = rules_key(normaliser.rules)

    def entry(self, text: str) -> tuple[str, str]:
        """(tokens, digest) of one text: what the importer writes."""
        return self.normaliser.normalise(text).encoded, text_digest(self.key, text)

    def entries(self, texts: Iterable[str]) -> dict[str, tuple[str, str]]:
        """text -> (tokens, digest), each distinct text once."""
        result: dict[str, tuple[str, str]] = {}
        for text in texts:
            if text not in result:
                result[text] = self.entry(text)
        return result

    def refresh(self, records: Sequence[MatchRecord]) -> tuple[list[MatchRecord], list[CacheRow]]:
        """`records` (as loaded: `tokens` and `cached_digest` from the store) with every stale
        cached form replaced by a fresh one, and the rows to write back."""
        result: list[MatchRecord] = []
        stale: list[CacheRow] = []
        key = self.key
        for record in records:
            digest = text_digest(key, record.text)
            if record.cached_digest == digest and record.tokens is not None:
                result.append(record)
                continue
            tokens = self.normaliser.normalise(record.text).encoded
            result.append(replace(record, tokens=tokens, cached_digest=digest))
            stale.append(CacheRow(id=record.id, tokens=tokens, digest=digest))
        return result, stale
