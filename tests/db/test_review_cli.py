"""`rectrack proposals` and `rectrack decide`: the review queue and per-recommendation decisions
through the CLI, as a user types them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from tests.cli_support import run_main
from tests.db.test_review_session import R12, R16, R19, R21, all_links, link_state, propose
from tracker.enums import LinkKind, LinkState
from tracker.store import Store

from .builders import Builder, build_kazakhstan


@pytest.fixture
def db(sqlite_store: Store) -> str:
    """KZ's threads and a 2021 report under review (as in test_review_session), one of its texts
    holding Rich markup."""
    build_kazakhstan(sqlite_store)
    with sqlite_store.transaction() as session:
        build = Builder(session)
        build.report(R21, "2021-01-10")
        build.rec(f"{R21}#1", "Defamation should be a [bold]civil[/bold] matter.")
        build.rec(f"{R21}#2", "Results should be published per station.")
        build.rec(f"{R21}#3", "Party registration should be eased.")
    propose(sqlite_store, f"{R21}#1", f"{R19}#2", 0.97)
    propose(sqlite_store, f"{R21}#1", f"{R16}#2", 0.60)
    propose(sqlite_store, f"{R21}#1", f"{R12}#3", 0.30)
    propose(sqlite_store, f"{R21}#2", f"{R12}#3", 0.95)
    propose(sqlite_store, f"{R21}#3", f"{R19}#1", None, LinkState.ACCEPTED)
    propose(sqlite_store, f"{R21}#3", f"{R19}#2", 0.80)
    return sqlite_store.url


@contextmanager
def opened(db: str) -> Iterator[Store]:
    store = Store(db)
    try:
        yield store
    finally:
        store.dispose()


def rectrack(
    capsys: pytest.CaptureFixture[str], db: str, *args: str, reviewer: str = "ann"
) -> tuple[int, str, str]:
    return run_main(capsys, "--db", db, "--reviewer", reviewer, *args)


def test_proposals_json_is_the_queue(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = rectrack(capsys, db, "proposals", "--json")
    assert code == 0 and err == ""
    payload = json.loads(out)
    assert list(payload) == ["recommendations"]
    items = payload["recommendations"]
    assert [item["key"] for item in items] == [f"{R21}#1", f"{R21}#2", f"{R21}#3"]
    first = items[0]
    assert first["text"].startswith("Defamation should be a [bold]civil")
    assert [c["key"] for c in first["candidates"]] == [f"{R19}#2", f"{R16}#2", f"{R12}#3"]
    assert [c["score"] for c in first["candidates"]] == [0.97, 0.60, 0.30]
    assert first["candidates"][0]["thread"] == [f"{R12}#2", f"{R16}#2", f"{R19}#2"]
    assert first["candidates"][0]["text"]
    # r21#3 already restates r19#1: its own thread is shown, and only the open candidate.
    assert [c["key"] for c in items[2]["candidates"]] == [f"{R19}#2"]
    assert items[2]["thread"][-1] == f"{R21}#3"


def test_proposals_text_is_data_not_markup(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = rectrack(capsys, db, "proposals", "--limit", "1")
    assert code == 0
    assert "[bold]civil[/bold]" in out
    assert "thread of 3 (2012-2019), latest: not implemented" in out
    assert "1 recommendation shown" in out


def test_decide_restates_closes_the_rest_and_undo_reverts_it(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = rectrack(capsys, db, "decide", f"{R21}#1", "--restates", "1", "--json")
    assert code == 0
    result = json.loads(out)
    assert {(c["target"], c["decision"]) for c in result["changes"]} == {
        (f"{R19}#2", "restates"),
        (f"{R16}#2", "settled"),
        (f"{R12}#3", "distinct"),
    }
    with opened(db) as store:
        assert link_state(store, f"{R21}#1", f"{R19}#2") == (LinkKind.RESTATES, LinkState.ACCEPTED)
    code, out, _err = rectrack(capsys, db, "proposals", "--json")
    assert f"{R21}#1" not in [item["key"] for item in json.loads(out)["recommendations"]]
    code, out, _err = rectrack(capsys, db, "undo")
    assert code == 0
    code, out, _err = rectrack(capsys, db, "proposals", "--json")
    first = json.loads(out)["recommendations"][0]
    assert first["key"] == f"{R21}#1" and len(first["candidates"]) == 3


def test_decide_none_and_pairs(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = rectrack(capsys, db, "decide", f"{R21}#2", "--none")
    assert code == 0 and f"distinct: {R21}#2 -> {R12}#3" in out
    code, out, _err = rectrack(capsys, db, "decide", f"{R21}#1", "--related", f"{R16}#2")
    assert code == 0 and f"related: {R21}#1 -> {R16}#2" in out
    code, out, _err = rectrack(capsys, db, "decide", f"{R21}#1", "--unsure", "1", "--unsure", "3")
    assert code == 0
    code, out, _err = rectrack(capsys, db, "proposals", "--json")
    assert [i["key"] for i in json.loads(out)["recommendations"]] == [f"{R21}#3"]
    code, out, _err = rectrack(capsys, db, "proposals", "--json", reviewer="bob")
    assert f"{R21}#1" in [i["key"] for i in json.loads(out)["recommendations"]]


def test_joining_threads_and_overriding_need_their_flags(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = rectrack(capsys, db, "decide", f"{R21}#3", "--restates", "1")
    assert code == 3
    assert "this joins 2 threads" in err and "--merge-threads" in err
    assert "Traceback" not in err
    code, out, _err = rectrack(
        capsys, db, "decide", f"{R21}#3", "--restates", "1", "--merge-threads"
    )
    assert code == 0

    rectrack(capsys, db, "decide", f"{R21}#2", "--none", reviewer="bob")
    code, _out, err = rectrack(capsys, db, "decide", f"{R21}#2", "--restates", "1")
    assert code == 3 and "rejected by bob at" in err and "--override" in err
    code, out, _err = rectrack(capsys, db, "decide", f"{R21}#2", "--restates", "1", "--override")
    assert code == 0 and "(was: rejected by bob" in out
    with opened(db) as store:
        kind, state = link_state(store, f"{R21}#2", f"{R12}#3") or (None, None)
        assert (kind, state) == (LinkKind.RESTATES, LinkState.ACCEPTED)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("decide", f"{R21}#1"), "nothing decided"),
        (("decide", f"{R21}#1", "--restates", "1", "--none"), "not both"),
        (("decide", f"{R21}#1", "--restates", "9"), "has no candidate 9: candidates are 1, 2, 3"),
        (("decide", "kz-1999#1", "--none"), "no recommendation 'kz-1999#1'"),
        (("decide", f"{R21}#1", "--related", f"{R19}#1"), "is not a candidate of"),
        (("proposals", "--report", "nope"), "no report 'nope'"),
        (("proposals", "--country", "Kazakhstan"), "unknown country code"),
        (("proposals", "--country", "FR"), "no elections of FR in the store (it has KZ)"),
    ],
)
def test_bad_input_is_one_clear_line(
    db: str, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    with opened(db) as store:
        before = all_links(store)
    code, _out, err = rectrack(capsys, db, *args)
    assert code in (1, 2), err
    assert message in err and "Traceback" not in err
    assert len(err.strip().splitlines()) <= 3
    with opened(db) as store:
        assert all_links(store) == before
