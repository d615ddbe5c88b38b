"""What a match run may skip: the digest of each country block's inputs.

A country is one block (blocking.py), and a block is scored as a whole: the TF-IDF weights
come from every text of the country, and the context parts (exclusivity, lead, affinity) from
the pairs of each report. So whatever changes in a country (a recommendation added, removed
or edited, its topics, a report's date or observer, a link proposed, decided or removed) can
change what a full run would propose for any recommendation of that country, and nothing that
happens in another country can. The unit a run may skip is therefore the country: a run
computes `country_digests` of what it loaded, scores the countries whose digest (or matching
configuration) differs from the one recorded with their reports by the last run that scored
them whole, and records the digest of the state it leaves behind (its own proposals
included). A run that scores a country scores it exactly as a full run would, so the
proposals of a run that skips the others equal those of a full re-match.

Pure: the matching service loads the records and links and writes the digests.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from tracker.matching.blocking import MatchRecord

DIGEST_VERSION = 1
"""Bump whenever what goes into a digest changes, so every country is scored again."""

DIGEST_SIZE = 16  # bytes: 32 hex digits, the width of `reports.matched_inputs`

RecordFacts = tuple[int, str, str, str, str, str]
"""(id, report id, election date as YYYY-MM-DD, observer, country, text) of a recommendation."""

KIND_CODES = {"restates": 1, "related": 2}
STATE_CODES = {"proposed": 1, "accepted": 2, "rejected": 3}
OTHER_CODE = 9  # a kind or state added later


def link_code(kind: str, state: str, scored: bool) -> int:
    """A link's kind, state and whether the matcher scored it, as one number (the store reads
    it so, tracker/repositories/proposals.py `match_inputs`)."""
    return (
        KIND_CODES.get(kind, OTHER_CODE) * 100
        + STATE_CODES.get(state, OTHER_CODE) * 10
        + (1 if scored else 0)
    )


def facts_of(records: Iterable[MatchRecord]) -> tuple[list[RecordFacts], dict[int, list[str]]]:
    """What `country_digests` reads of loaded records."""
    facts: list[RecordFacts] = []
    topics: dict[int, list[str]] = {}
    for record in records:
        facts.append(
            (
                record.id,
                record.report_id,
                record.election_date.isoformat(),
                record.observer,
                record.country,
                record.text,
            )
        )
        if record.topics:
            topics[record.id] = list(record.topics)
    return facts, topics


def country_digests(
    records: Sequence[RecordFacts],
    topics: Mapping[int, Iterable[str]],
    links: npt.NDArray[np.int64],
) -> dict[str, str]:
    """country -> the digest of its matching inputs: its records (id, report, election date,
    observer, topics, text) and the links whose source is one of them (`links`: rows of
    source id, target id, `link_code`). Independent of the order either comes in."""
    ordered = sorted(records)
    parts: dict[str, list[str]] = defaultdict(list)
    for rec_id, report_id, date, observer, country, text in ordered:
        tagged = "\x1f".join(sorted(topics.get(rec_id, ())))
        parts[country].append(
            f"{rec_id}\x1f{report_id}\x1f{date}\x1f{observer}\x1f{tagged}\x1f{text}\x1e"
        )
    countries = sorted(parts)
    country_index = {country: index for index, country in enumerate(countries)}
    ids = np.fromiter((row[0] for row in ordered), dtype=np.int64, count=len(ordered))
    owner = np.fromiter(
        (country_index[row[4]] for row in ordered), dtype=np.int64, count=len(ordered)
    )
    table = np.asarray(links, dtype=np.int64).reshape(-1, 3)
    by_country: dict[int, bytes] = {}
    if len(table) and len(ids):
        position = np.minimum(np.searchsorted(ids, table[:, 0]), len(ids) - 1)
        known = ids[position] == table[:, 0]
        table, position = table[known], position[known]
        country_of = owner[position]
        order = np.lexsort((table[:, 2], table[:, 1], table[:, 0], country_of))
        table, country_of = np.ascontiguousarray(table[order]), country_of[order]
        bounds = np.searchsorted(country_of, np.arange(len(countries) + 1))
        for index in range(len(countries)):
            start, end = int(bounds[index]), int(bounds[index + 1])
            by_country[index] = table[start:end].tobytes()
    result: dict[str, str] = {}
    for index, country in enumerate(countries):
        hashed = hashlib.blake2b(digest_size=DIGEST_SIZE)
        hashed.update(f"rectrack-match-inputs/{DIGEST_VERSION}\x1e".encode())
        hashed.update("".join(parts[country]).encode())
        hashed.update(b"\x1dlinks\x1d")
        hashed.update(by_country.get(index, b""))
        result[country] = hashed.hexdigest()
    return result


EMPTY = hashlib.blake2b(
    f"rectrack-match-inputs/{DIGEST_VERSION}\x1e\x1dlinks\x1d".encode(), digest_size=DIGEST_SIZE
).hexdigest()
"""The digest of a country with no recommendations (a report of nothing yet)."""


@dataclass(frozen=True)
class ReportState:
    """What the store recorded of a report's last match run."""

    report_id: str
    country: str
    config: str | None
    inputs: str | None


NEW = "new"  # never scored with its whole country (or only by an import's run of its own)
CONFIG = "config"  # scored under another matching configuration
CHANGED = "changed"  # its country's inputs changed since
REASONS = (NEW, CONFIG, CHANGED)


@dataclass(frozen=True)
class Plan:
    """Which countries a run scores, and why: `reasons` counts the reports behind them by the
    first reason that applies to each (new, config, changed); `skipped` are the reports of the
    countries left as they are."""

    countries: frozenset[str]
    reasons: Mapping[str, int]
    skipped: tuple[str, ...]


def plan(states: Iterable[ReportState], digests: Mapping[str, str], config: str) -> Plan:
    """The countries whose reports were not all scored under `config` with the inputs they
    have now (`digests`, from `country_digests`)."""
    reasons: dict[str, int] = dict.fromkeys(REASONS, 0)
    dirty: set[str] = set()
    by_country: dict[str, list[str]] = defaultdict(list)
    for state in states:
        by_country[state.country].append(state.report_id)
        reason = None
        if state.inputs is None or state.config is None:
            reason = NEW
        elif state.config != config:
            reason = CONFIG
        elif state.inputs != digests.get(state.country, EMPTY):
            reason = CHANGED
        if reason is not None:
            reasons[reason] += 1
            dirty.add(state.country)
    skipped = tuple(
        sorted(
            report
            for country, reports in by_country.items()
            if country not in dirty
            for report in reports
        )
    )
    return Plan(countries=frozenset(dirty), reasons=reasons, skipped=skipped)
