"""Browsing, the overview, the assess queue and editing, on both backends."""

from __future__ import annotations

from typing import Any

import pytest

from tests.db.builders import Builder, build_kazakhstan
from tracker.enums import Status
from tracker.errors import ConflictError, InvalidInput, NotFound
from tracker.followup.threads import Flag
from tracker.repositories.search import Order, fts5_query, search_words, tsquery
from tracker.services import assessing, browse, editing, followup, history, overview
from tracker.services.browse import BrowseQuery
from tracker.store import Store
from tracker.vocabulary import NOT_ASSESSED

R12 = "kz-2012-parliamentary-odihr-final"
R15 = "kz-2015-presidential-odihr-final"
R16 = "kz-2016-parliamentary-odihr-final"
R19 = "kz-2019-presidential-odihr-final"


@pytest.fixture
def kz(store: Store) -> Store:
    build_kazakhstan(store)
    return store


def keys(page: browse.BrowsePage) -> list[str]:
    return [row.key for row in page.rows]


# -- query text --------------------------------------------------------------------------------


def test_user_text_becomes_quoted_prefix_terms() -> None:
    assert fts5_query('party "registr') == '"party"* AND "registr"*'
    assert fts5_query("NEAR(ab cd) OR ef*") == '"near"* AND "ab"* AND "cd"* AND "or"* AND "ef"*'
    assert fts5_query("  ()*:^ ") is None
    assert tsquery("O'Brien registr") == "'brien':* & 'registr':*"
    assert tsquery("it's") == "'it':*"
    assert search_words("Выборы ЦИК") == ["выборы", "цик"]
    # single letters are no words (they would match nearly everything); numbers are
    assert search_words("article 5 a b") == ["article", "5"]


# -- search ------------------------------------------------------------------------------------


def test_search_narrows_by_words_and_prefix(kz: Store) -> None:
    assert browse.search(kz).total == 9
    found = browse.search(kz, BrowseQuery(text="defam"))
    assert sorted(keys(found)) == [f"{R12}#2", f"{R16}#2", f"{R19}#2"]
    found = browse.search(kz, BrowseQuery(text="party registration"))
    assert sorted(keys(found)) == [f"{R12}#1", f"{R15}#1", f"{R19}#1"]
    assert browse.search(kz, BrowseQuery(text="registration nothinglikethis")).total == 0


def test_search_input_is_never_query_syntax(kz: Store) -> None:
    for text in ('"', "(", "a OR", "NOT defamation", "text:x", "^", "*", "[bold]", "'", "\\"):
        page = browse.search(kz, BrowseQuery(text=text))  # no error on either backend
        assert page.total >= 0
    assert browse.search(kz, BrowseQuery(text="NOT")).total == 0
    assert browse.search(kz, BrowseQuery(text="NOT defamation")).total == 0
    # no word to search (punctuation, a single letter): the text narrows nothing
    assert browse.search(kz, BrowseQuery(text="(")).total == 9
    assert browse.search(kz, BrowseQuery(text="d")).total == 9
    assert sorted(keys(browse.search(kz, BrowseQuery(text="defam civ")))) == [f"{R19}#2"]


def test_search_matches_cyrillic_and_accents(store: Store) -> None:
    with store.transaction() as session:
        build = Builder(session)
        build.topic("media")
        build.report("kz-2021-parliamentary-odihr-final", "2021-01-10")
        build.rec(
            "kz-2021-parliamentary-odihr-final#1",
            "Избирательные комиссии должны быть независимы.",
            topics=("media",),
        )
        build.rec(
            "kz-2021-parliamentary-odihr-final#2",
            "La législation électorale devrait être révisée.",
            topics=("media",),
        )
    assert keys(browse.search(store, BrowseQuery(text="избират"))) == [
        "kz-2021-parliamentary-odihr-final#1"
    ]
    assert keys(browse.search(store, BrowseQuery(text="КОМИССИИ"))) == [
        "kz-2021-parliamentary-odihr-final#1"
    ]
    assert keys(browse.search(store, BrowseQuery(text="législation"))) == [
        "kz-2021-parliamentary-odihr-final#2"
    ]


def test_search_follows_edits_of_the_text(kz: Store) -> None:
    editing.edit_recommendation(
        kz, f"{R12}#3", actor="ann", expected_version=1, text="Tabulation must be transparent."
    )
    assert keys(browse.search(kz, BrowseQuery(text="tabulation"))) == [f"{R12}#3"]
    assert browse.search(kz, BrowseQuery(text="polling station")).total == 0


def test_filters_combine(kz: Store) -> None:
    assert browse.search(kz, BrowseQuery(topic="media")).total == 3
    assert keys(browse.search(kz, BrowseQuery(priority=True))) == [f"{R12}#1"]
    assert browse.search(kz, BrowseQuery(observer="ODIHR", country="kz")).total == 9
    assert browse.search(kz, BrowseQuery(country="GE")).total == 0
    assert browse.search(kz, BrowseQuery(report_id=R16)).total == 3
    options = browse.filter_options(kz)
    assert options.countries == ["KZ"]
    assert [e.date.year for e in options.elections] == [2012, 2015, 2016, 2019]
    election_2016 = options.elections[2]
    found = browse.search(kz, BrowseQuery(election_id=election_2016.id, topic="media"))
    assert keys(found) == [f"{R16}#2"]


def test_status_filter_uses_the_last_status(kz: Store) -> None:
    not_implemented = browse.search(kz, BrowseQuery(status=Status.NOT.value))
    assert sorted(keys(not_implemented)) == [f"{R12}#2", f"{R15}#1", f"{R16}#1", f"{R16}#2"]
    assert all(row.last_status is Status.NOT for row in not_implemented.rows)
    # r12#1 was last assessed at 2015 (partially); r15#1 at 2016, where the final report's
    # "not" beats the interim report's "mostly".
    assert keys(browse.search(kz, BrowseQuery(status=Status.PARTIALLY.value))) == [f"{R12}#1"]
    assert sorted(keys(browse.search(kz, BrowseQuery(status=NOT_ASSESSED)))) == [
        f"{R12}#3",
        f"{R19}#1",
        f"{R19}#2",
    ]
    with pytest.raises(InvalidInput):
        BrowseQuery(status="done")


def test_flag_filter_uses_the_threads(kz: Store) -> None:
    stalled = browse.search(kz, BrowseQuery(flag=Flag.STALLED))
    assert sorted(keys(stalled)) == [f"{R12}#2", f"{R16}#2", f"{R19}#2"]
    both = browse.search(kz, BrowseQuery(flag=Flag.STALLED, text="civil"))
    assert keys(both) == [f"{R19}#2"]
    assert browse.search(kz, BrowseQuery(flag=Flag.REGRESSED, topic="media")).total == 0


def test_pages_and_order(kz: Store) -> None:
    first = browse.search(kz, limit=4)
    second = browse.search(kz, offset=4, limit=4)
    third = browse.search(kz, offset=8, limit=4)
    assert first.total == second.total == third.total == 9
    assert first.has_more and second.has_more and not third.has_more
    everything = keys(first) + keys(second) + keys(third)
    assert len(set(everything)) == 9
    assert everything[:2] == [f"{R19}#1", f"{R19}#2"]  # newest election first
    oldest = browse.search(kz, BrowseQuery(order=Order.OLDEST), limit=1)
    assert keys(oldest) == [f"{R12}#1"]
    relevant = browse.search(kz, BrowseQuery(text="defamation", order=Order.RELEVANCE))
    assert relevant.total == 3


def test_rows_carry_topics(kz: Store) -> None:
    page = browse.search(kz, BrowseQuery(text="observers"))
    assert page.rows[0].topics == ("election-observation",)
    assert page.rows[0].last_status is Status.FULLY


# -- detail ------------------------------------------------------------------------------------


def test_detail_has_thread_evidence_and_links(kz: Store) -> None:
    found = browse.detail(kz, f"{R15}#1")
    assert found.record.text.startswith("As previously recommended")
    assert found.record.topics == (("political-parties", "Political parties"),)
    assert [member.key for member in found.thread.members] == [
        f"{R12}#1",
        f"{R15}#1",
        f"{R16}#1",
        f"{R19}#1",
    ]
    assert {(e.report_id, e.status) for e in found.evidence} == {
        (R16, Status.NOT),
        ("kz-2016-parliamentary-odihr-interim", Status.MOSTLY),
    }
    assert found.last_status is not None and found.last_status.status is Status.NOT
    assert {(link.other_key, link.later) for link in found.links} == {
        (f"{R12}#1", False),
        (f"{R16}#1", True),
    }
    assert found.related == []
    with pytest.raises(NotFound):
        browse.detail(kz, "nope#1")


# -- overview ----------------------------------------------------------------------------------


def test_overview_counts_agree_with_the_followup_definitions(kz: Store) -> None:
    [counts] = overview.countries(kz)
    assert counts.country == "KZ" and counts.name == "Kazakhstan"
    assert counts.recommendations == 9
    assert counts.threads == len(followup.threads(kz, "KZ")["KZ"]) == 4
    assert counts.proposals == 0
    latest = followup.status_summaries(kz, "KZ")["KZ"][-1]
    assert counts.not_assessed == latest.overall.counts[NOT_ASSESSED] == 0
    assert counts.elections == 4
    [quick] = overview.countries(kz, quick=True)
    assert (quick.threads, quick.proposals) == (None, None)
    assert (quick.recommendations, quick.not_assessed) == (9, 0)


def test_overview_not_assessed_counts_the_latest_cycle(kz: Store) -> None:
    with kz.transaction() as session:
        build = Builder(session)
        build.report("kz-2021-parliamentary-odihr-final", "2021-01-10")
    [counts] = overview.countries(kz)
    latest = followup.status_summaries(kz, "KZ")["KZ"][-1]
    assert counts.not_assessed == latest.overall.counts[NOT_ASSESSED] == 2
    followup.assess(
        kz, f"{R19}#1", at_report="kz-2021-parliamentary-odihr-final", status=Status.NOT, actor="a"
    )
    assert overview.countries(kz)[0].not_assessed == 1


def test_overview_elections_carry_the_status_mix(kz: Store) -> None:
    mixes = overview.elections(kz, "kz")
    assert [mix.raised for mix in mixes] == [3, 1, 3, 2]
    assert mixes[0].summary is None
    at_2019 = mixes[3].summary
    assert at_2019 is not None
    assert at_2019.overall.counts[Status.NOT.value] == 2
    assert at_2019.overall.counts[Status.FULLY.value] == 1
    assert [report.id for report in mixes[2].reports] == [
        R16,
        "kz-2016-parliamentary-odihr-interim",
    ]
    with pytest.raises(NotFound):
        overview.elections(kz, "GE")


# -- assess queue ------------------------------------------------------------------------------


def test_assess_queue_lists_the_previous_election_with_last_status(kz: Store) -> None:
    with kz.transaction() as session:
        Builder(session).report("kz-2021-parliamentary-odihr-final", "2021-01-10")
    queue = assessing.assess_queue(kz, "kz-2021-parliamentary-odihr-final")
    assert [item.key for item in queue.items] == [f"{R19}#1", f"{R19}#2"]
    assert queue.pending == 2 and queue.done == 0
    first = queue.items[0]
    # r19#1's thread was last judged at 2019: r16#1 not implemented.
    assert first.last_status is not None and first.last_status.status is Status.NOT
    assert first.last_status_at is not None and first.last_status_at.date.year == 2019
    assert first.thread_size == 4

    followup.assess(
        kz,
        f"{R19}#1",
        at_report="kz-2021-parliamentary-odihr-final",
        status=Status.PARTIALLY,
        actor="ann",
        evidence="Some steps.",
    )
    queue = assessing.assess_queue(kz, "kz-2021-parliamentary-odihr-final")
    assert queue.pending == 1 and queue.done == 1
    assert queue.items[0].own is not None and queue.items[0].own.status is Status.PARTIALLY
    everything = assessing.assess_queue(kz, "kz-2021-parliamentary-odihr-final", scope="all")
    assert len(everything.items) == 9


def test_assessing_reports_and_first_election(kz: Store) -> None:
    reports = assessing.assessing_reports(kz, "KZ")
    assert [item.report.id for item in reports] == [
        R19,
        R16,
        "kz-2016-parliamentary-odihr-interim",
        R15,
    ]
    assert reports[0].previous.date.year == 2016
    with pytest.raises(NotFound):
        assessing.assess_queue(kz, R12)


# -- editing -----------------------------------------------------------------------------------


def test_edit_records_history_and_undo_reverts_it(kz: Store) -> None:
    key = f"{R12}#1"
    result = editing.edit_recommendation(
        kz,
        key,
        actor="ann",
        expected_version=1,
        text="  Party registration must follow objective criteria.  ",
        topics=["media", "political-parties"],
        priority=False,
        addressees=["parliament", " parliament ", "cec"],
    )
    assert set(result.changed) == {"text", "topics", "priority", "addressees"}
    assert result.version == 2
    found = browse.detail(kz, key).record
    assert found.text == "Party registration must follow objective criteria."
    assert [topic for topic, _ in found.topics] == ["media", "political-parties"]
    assert found.addressees == ("parliament", "cec") and not found.priority
    entries = history.list_history(kz, key=key)
    assert {entry.field for entry in entries} == {"text", "topics", "priority", "addressees"}
    assert all(e.entity == "recommendation" and e.action == "edit" for e in entries)
    assert len({entry.batch for entry in entries}) == 1

    history.undo_last(kz, "ann")
    back = browse.detail(kz, key).record
    assert back.text == "Party registration should follow objective criteria."
    assert [topic for topic, _ in back.topics] == ["political-parties"]
    assert back.priority and back.addressees == ()


def test_edit_of_topics_alone_moves_the_version(kz: Store) -> None:
    key = f"{R12}#2"
    result = editing.edit_recommendation(
        kz, key, actor="ann", expected_version=1, topics=["media", "results"]
    )
    assert result.changed == ("topics",) and result.version == 2
    with pytest.raises(ConflictError):
        editing.edit_recommendation(kz, key, actor="bob", expected_version=1, topics=["media"])


def test_edit_conflict_writes_nothing(kz: Store) -> None:
    key = f"{R16}#3"
    editing.edit_recommendation(kz, key, actor="ann", expected_version=1, priority=True)
    with pytest.raises(ConflictError):
        editing.edit_recommendation(kz, key, actor="bob", expected_version=1, text="Other.")
    assert browse.detail(kz, key).record.text.startswith("Citizen observers")
    assert [entry.actor for entry in history.list_history(kz, key=key)] == ["ann"]


def test_edit_refuses_bad_values_and_no_change_writes_nothing(kz: Store) -> None:
    key = f"{R16}#3"
    with pytest.raises(InvalidInput, match="did you mean 'media'"):
        editing.edit_recommendation(kz, key, actor="ann", expected_version=1, topics=["medai"])
    with pytest.raises(InvalidInput):
        editing.edit_recommendation(kz, key, actor="ann", expected_version=1, text="   ")
    with pytest.raises(InvalidInput):
        editing.edit_recommendation(kz, key, actor="ann", expected_version=1, topics=[])
    same = editing.edit_recommendation(
        kz,
        key,
        actor="ann",
        expected_version=1,
        text="Citizen observers should be admitted to all stages.",
    )
    assert not same.is_change and same.version == 1
    assert history.list_history(kz, key=key) == []


def test_first_page_of_a_broad_search_walks_the_reports(
    kz: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tracker.repositories import search as search_repo

    walks: list[int] = []
    original = search_repo._walk_first_page

    def spy(*args: Any, **kwargs: Any) -> Any:
        found = original(*args, **kwargs)
        walks.append(0 if found is None else len(found.rows))
        return found

    for order in (Order.NEWEST, Order.OLDEST):
        query = BrowseQuery(text="should", order=order)
        counted = browse.search(kz, query, limit=5)
        with monkeypatch.context() as patched:
            patched.setattr(search_repo, "_walk_first_page", spy)
            patched.setattr(search_repo, "WALK_ABOVE", 0)
            patched.setattr(search_repo, "WALK_CHUNKS", (1, 2))
            walked = browse.search(kz, query, limit=5)
        assert walks.pop() == 5
        assert keys(walked) == keys(counted)
        assert walked.total == counted.total == 9
