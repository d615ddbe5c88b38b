"""tracker/matching/incremental.py: what a country's digest notices, and which countries a run
scores and why."""

from __future__ import annotations

import datetime as dt

import numpy as np

from tracker.matching.blocking import MatchRecord
from tracker.matching.incremental import (
    EMPTY,
    ReportState,
    country_digests,
    facts_of,
    link_code,
    plan,
)


def _record(
    rec_id: int, country: str, text: str, topics: frozenset[str] = frozenset()
) -> MatchRecord:
    return MatchRecord(
        id=rec_id,
        key=f"{country.lower()}-r#{rec_id}",
        country=country,
        election_date=dt.date(2020, 1, 1),
        report_id=f"{country.lower()}-r",
        text=text,
        topics=topics,
        observer="ODIHR",
    )


RECORDS = [
    _record(1, "AM", "Publish results by polling station.", frozenset({"results", "media"})),
    _record(2, "AM", "Review the rules on candidate registration."),
    _record(3, "GE", "Protect the freedom of assembly."),
]
LINKS = [
    (2, 1, link_code("restates", "proposed", True)),
    (3, 3, link_code("related", "accepted", False)),
]


def _digests(records: list[MatchRecord], links: list[tuple[int, int, int]]) -> dict[str, str]:
    return country_digests(*facts_of(records), np.array(links, dtype=np.int64).reshape(-1, 3))


def test_a_digest_does_not_depend_on_order() -> None:
    assert _digests(RECORDS, LINKS) == _digests(RECORDS[::-1], LINKS[::-1])
    assert set(_digests(RECORDS, LINKS)) == {"AM", "GE"}


def test_a_change_shows_in_its_country_only() -> None:
    before = _digests(RECORDS, LINKS)
    edited = [_record(1, "AM", "Publish results by polling station!", RECORDS[0].topics)]
    changes = {
        "text": (edited + RECORDS[1:], LINKS),
        "topics": ([_record(1, "AM", RECORDS[0].text), *RECORDS[1:]], LINKS),
        "decision": (RECORDS, [(2, 1, link_code("restates", "accepted", True)), LINKS[1]]),
        "link removed": (RECORDS, LINKS[1:]),
        "added": ([*RECORDS, _record(4, "AM", "A new ask.")], LINKS),
    }
    for what, (records, links) in changes.items():
        after = _digests(records, links)
        assert after["AM"] != before["AM"], what
        assert after["GE"] == before["GE"], what


def test_link_codes_tell_kind_state_and_scoring_apart() -> None:
    codes = {
        link_code(kind, state, scored)
        for kind in ("restates", "related")
        for state in ("proposed", "accepted", "rejected")
        for scored in (True, False)
    }
    assert len(codes) == 12


def test_the_plan_scores_countries_with_a_new_changed_or_reconfigured_report() -> None:
    digests = {"AM": "a" * 32, "GE": "b" * 32, "KZ": "c" * 32}
    states = [
        ReportState("am-1", "AM", "cfg", "a" * 32),
        ReportState("am-2", "AM", None, None),  # new
        ReportState("ge-1", "GE", "cfg", "x" * 32),  # changed
        ReportState("kz-1", "KZ", "cfg", "c" * 32),  # as it was
        ReportState("uz-1", "UZ", "old", EMPTY),  # another configuration
    ]
    todo = plan(states, digests, "cfg")
    assert todo.countries == {"AM", "GE", "UZ"}
    assert dict(todo.reasons) == {"new": 1, "config": 1, "changed": 1}
    assert todo.skipped == ("kz-1",)
    assert plan(states[3:4], digests, "cfg").countries == frozenset()
    # A report with no recommendations yet matches the empty digest.
    assert plan([ReportState("uz-1", "UZ", "cfg", EMPTY)], digests, "cfg").countries == set()
