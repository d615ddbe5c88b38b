"""Matching that fails after an import committed, and the reports no match run has covered.

The import's own transaction is durable by the time its matching runs; an error there must not
read as "nothing was written": the summary is printed, the exit status says "imported, matching
not done", and the store knows which reports still need `rectrack match`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from tests.cli_support import run_main
from tracker.cli.import_commands import MATCHING_NOT_DONE_EXIT
from tracker.enums import LinkState
from tracker.errors import StoreBusy, TrackerError
from tracker.matching.config import load_config
from tracker.models import Link, Report
from tracker.services import matching
from tracker.services.importing import import_paths
from tracker.store import Store

GOLD = Path(__file__).resolve().parent.parent / "gold"
AM = [str(GOLD / "topics.yaml"), str(GOLD / "am")]
AM_REPORTS = sorted(path.stem for path in (GOLD / "am").glob("*.yaml"))
BY_REPORTS = sorted(path.stem for path in (GOLD / "by").glob("*.yaml"))


@pytest.fixture(autouse=True)
def shipped_matching_config(monkeypatch: pytest.MonkeyPatch) -> None:
    # The fingerprint a report is matched under is that of the configuration in use: the
    # shipped one here, whatever the developer's environment lays over it.
    monkeypatch.delenv("RECTRACK_MATCHING_CONFIG", raising=False)
    monkeypatch.delenv("RECTRACK_DEBUG", raising=False)
    monkeypatch.setenv("RECTRACK_REVIEWER", "tester")


def _busy() -> Exception:
    return StoreBusy(
        "the store is busy: another rectrack process is writing to it; try again shortly"
    )


def _server_gone() -> Exception:
    # As psycopg reports a PostgreSQL server stopped mid-run (the store's scope translates it).
    return OperationalError("SELECT ...", {}, Exception("server closed the connection"))


def _disk_full() -> Exception:
    return OperationalError("INSERT INTO links ...", {}, Exception("database or disk is full"))


FAILURES = {
    "busy": (_busy, "the store is busy"),
    "server-gone": (_server_gone, "server closed the connection"),
    "disk-full": (_disk_full, "database or disk is full"),
}


def _fail_matching(monkeypatch: pytest.MonkeyPatch, make: Any) -> None:
    """The match run fails inside its transaction, once the import has committed."""

    def failing(*_args: Any, **_kwargs: Any) -> Any:
        raise make()

    monkeypatch.setattr(matching, "run_matching", failing)


def _proposals(store: Store) -> int:
    with store.read() as session:
        statement = select(func.count()).select_from(Link).where(Link.state == LinkState.PROPOSED)
        return int(session.scalar(statement) or 0)


def _info(capsys: pytest.CaptureFixture[str], store: Store) -> dict[str, Any]:
    code, out, err = run_main(capsys, "--db", store.url, "info", "--json")
    assert code == 0, err
    payload = json.loads(out)
    assert isinstance(payload, dict)
    return payload


@pytest.mark.parametrize("failure", sorted(FAILURES))
def test_a_failed_matching_after_the_import_prints_the_summary_and_says_to_run_match(
    sqlite_store: Store,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    failure: str,
) -> None:
    make, said = FAILURES[failure]
    _fail_matching(monkeypatch, make)
    code, out, err = run_main(capsys, "--db", sqlite_store.url, "import", *AM)
    assert code == MATCHING_NOT_DONE_EXIT, err
    assert "Imported 5 files: 4 reports added" in out
    assert "Traceback" not in err
    assert "the import is complete, but matching failed" in err
    assert said in err
    assert "try again" not in err  # the busy error's advice would read as "import again"
    assert err.rstrip().endswith("run: rectrack match")
    with sqlite_store.read() as session:
        assert session.scalar(select(func.count()).select_from(Report)) == 4
    assert _proposals(sqlite_store) == 0
    assert _info(capsys, sqlite_store)["unmatched_reports"] == 4

    monkeypatch.undo()
    code, out, err = run_main(capsys, "--db", sqlite_store.url, "match")
    assert code == 0, err
    assert _info(capsys, sqlite_store)["unmatched_reports"] == 0
    assert _proposals(sqlite_store) > 0


def test_with_json_the_one_object_says_matching_was_not_done_and_why(
    sqlite_store: Store, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _fail_matching(monkeypatch, _busy)
    code, out, err = run_main(capsys, "--db", sqlite_store.url, "import", "--json", *AM)
    assert code == MATCHING_NOT_DONE_EXIT, err
    payload = json.loads(out)  # exactly one object on stdout
    assert payload["ok"] is True
    assert payload["totals"]["reports"]["added"] == 4
    assert payload["matching"] == {
        "interrupted": False,
        "error": {"kind": "StoreBusy", "message": _busy().args[0]},
        "unmatched_report_ids": AM_REPORTS,
        "command": "rectrack match",
    }
    assert "proposed" not in payload


def test_one_report_added_is_named_in_the_command(
    sqlite_store: Store,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    *earlier, last = sorted((GOLD / "am").glob("*.yaml"))
    import_paths(sqlite_store, [GOLD / "topics.yaml", *earlier], actor="tester")
    _fail_matching(monkeypatch, _server_gone)
    code, _out, err = run_main(capsys, "--db", sqlite_store.url, "import", str(last))
    assert code == MATCHING_NOT_DONE_EXIT, err
    assert err.rstrip().endswith(f"run: rectrack match --report {last.stem}")
    monkeypatch.undo()
    assert _info(capsys, sqlite_store)["unmatched_reports"] == 1
    code, _out, err = run_main(capsys, "--db", sqlite_store.url, "match", "--report", last.stem)
    assert code == 0, err
    assert _info(capsys, sqlite_store)["unmatched_reports"] == 0


def test_an_error_that_is_no_store_error_still_prints_the_summary(
    sqlite_store: Store, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _fail_matching(monkeypatch, lambda: ValueError("a bug in the matcher"))
    code, out, err = run_main(capsys, "--db", sqlite_store.url, "import", *AM)
    assert code == MATCHING_NOT_DONE_EXIT, err
    assert "Imported 5 files" in out
    assert "internal error: ValueError: a bug in the matcher" in err
    assert "Traceback" not in err


def test_info_says_how_many_reports_are_not_matched_and_what_to_run(
    sqlite_store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    import_paths(sqlite_store, [Path(p) for p in AM], actor="tester", match=False)
    code, out, err = run_main(capsys, "--db", sqlite_store.url, "info")
    assert code == 0, err
    assert "unmatched reports         4" in out
    assert "4 reports not matched yet" in err and "run `rectrack match`" in err


# -- which reports count as matched (the service, on every backend) -------------------------


def _unmatched(store: Store, **options: Any) -> list[str]:
    return list(matching.unmatched(store, **options).report_ids)


def test_a_run_marks_what_it_covered_and_only_that(store: Store) -> None:
    import_paths(store, [GOLD / "topics.yaml", GOLD / "am", GOLD / "by"], actor="t", match=False)
    assert _unmatched(store) == sorted(AM_REPORTS + BY_REPORTS)

    first = BY_REPORTS[0]  # the first election of its country: no candidates, still covered
    summary = matching.propose(store, report_id=first, actor="t")
    assert summary.with_candidates == 0
    assert first not in _unmatched(store)
    assert _unmatched(store) == sorted(AM_REPORTS + BY_REPORTS[1:])

    matching.propose(store, country="AM", actor="t")
    assert _unmatched(store) == BY_REPORTS[1:]

    matching.propose(store, actor="t")
    assert _unmatched(store) == []


def test_a_failed_run_leaves_its_reports_unmatched(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_paths(store, [GOLD / "topics.yaml", GOLD / "am"], actor="t", match=False)

    def fail_after_writing(*_args: Any, **_kwargs: Any) -> int:
        raise StoreBusy("the store is busy")

    # The last step of a run, once its proposals and its coverage are written: a failure there
    # rolls both back.
    monkeypatch.setattr(matching, "_auto_accept", fail_after_writing)
    with pytest.raises(TrackerError):
        matching.propose(store, actor="t", auto_accept=True)
    monkeypatch.undo()
    assert _unmatched(store) == AM_REPORTS
    assert _proposals(store) == 0


def test_an_import_that_matches_marks_the_reports_it_added(store: Store) -> None:
    import_paths(store, [GOLD / "topics.yaml", GOLD / "am"], actor="t")
    assert _unmatched(store) == []
    import_paths(store, [GOLD / "by"], actor="t", match=False)
    assert _unmatched(store) == BY_REPORTS


def test_reports_matched_under_another_configuration_count_as_unmatched(store: Store) -> None:
    import_paths(store, [GOLD / "topics.yaml", GOLD / "am"], actor="t", match=False)
    other = load_config().with_top_k(2)
    assert other.fingerprint != load_config().fingerprint
    matching.propose(store, actor="t", config=other)
    assert _unmatched(store, config=other) == []
    assert _unmatched(store) == AM_REPORTS  # under the configuration in use
    matching.propose(store, actor="t")
    assert _unmatched(store) == []


def test_reports_of_a_store_upgraded_to_0004_count_as_unmatched_and_downgrade_keeps_them(
    tmp_path: Path,
) -> None:
    from alembic import command
    from sqlalchemy import inspect, text

    from tracker import schema

    store = Store(f"sqlite:///{tmp_path / 'old.db'}")
    try:
        command.upgrade(schema.alembic_config(store), "0003")
        with store.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO elections (id, country, type, date, early) "
                    "VALUES (1, 'GE', 'local', '2021-10-02', 0)"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO reports (id, election_id, observer, kind, version) "
                    "VALUES ('ge-2021-local-odihr-final', 1, 'ODIHR', 'final-report', 1)"
                )
            )
        schema.upgrade(store)
        assert _unmatched(store) == ["ge-2021-local-odihr-final"]

        command.downgrade(schema.alembic_config(store), "0003")
        columns = {column["name"] for column in inspect(store.engine).get_columns("reports")}
        assert "matched_config" not in columns
        with store.engine.connect() as connection:
            assert connection.scalar(text("SELECT count(*) FROM reports")) == 1
    finally:
        store.dispose()
