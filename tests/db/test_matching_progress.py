"""Progress of a match run: its phases reported through a callback (the service prints
nothing), shown on stderr by the CLI on a terminal, never on stdout."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rich.console import Console

from tests.cli_support import run_main
from tracker.cli import progress as cli_progress
from tracker.services import matching
from tracker.services.importing import import_paths
from tracker.store import Store

GOLD = Path(__file__).resolve().parent.parent / "gold"
PHASES = ("loading", "normalising", "matching", "proposing")


@pytest.fixture(autouse=True)
def shipped_matching_config(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RECTRACK_MATCHING_CONFIG", raising=False)
    monkeypatch.setenv("RECTRACK_REVIEWER", "tester")


def test_a_run_reports_each_phase_to_the_end(store: Store) -> None:
    import_paths(store, [GOLD / "topics.yaml", GOLD / "am", GOLD / "by"], actor="t", match=False)
    calls: list[tuple[str, int, int]] = []
    summary = matching.propose(
        store, actor="t", progress=lambda *call: calls.append((call[0], call[1], call[2]))
    )
    stages = list(dict.fromkeys(stage for stage, _, _ in calls))
    assert stages == list(PHASES)
    last = {stage: (done, total) for stage, done, total in calls}
    assert all(done == total for done, total in last.values())
    assert last["matching"] == (2, 2)  # one block per country: AM and BY
    assert last["normalising"][1] == summary.queries
    assert last["proposing"][1] == summary.proposed > 0
    for stage in PHASES:  # never backwards within a phase
        done = [d for s, d, _ in calls if s == stage]
        assert done == sorted(done)


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """stderr as a terminal, and the bar shown at once (no waiting on the clock)."""
    monkeypatch.setattr(
        cli_progress, "stderr", Console(stderr=True, force_terminal=True, width=100)
    )
    monkeypatch.setattr(cli_progress, "PROGRESS_AFTER_S", 0.0)


@pytest.mark.usefixtures("terminal")
def test_match_shows_its_phases_on_stderr_and_keeps_json_alone_on_stdout(
    sqlite_store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    import_paths(sqlite_store, [GOLD / "topics.yaml", GOLD / "am"], actor="t", match=False)
    code, out, err = run_main(capsys, "--db", sqlite_store.url, "match", "--json")
    assert code == 0, err
    assert json.loads(out)["proposed"] > 0  # the one object, nothing else
    for phase in PHASES:
        assert phase in err
        assert phase not in out


@pytest.mark.usefixtures("terminal")
def test_import_shows_its_matching_phases_too(
    sqlite_store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_main(
        capsys,
        "--db",
        sqlite_store.url,
        "import",
        "--json",
        str(GOLD / "topics.yaml"),
        str(GOLD / "am"),
    )
    assert code == 0, err
    assert json.loads(out)["proposed"] > 0
    for phase in ("reading", "writing", *PHASES):
        assert phase in err


def test_without_a_terminal_there_is_no_progress(
    sqlite_store: Store, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli_progress, "PROGRESS_AFTER_S", 0.0)
    import_paths(sqlite_store, [GOLD / "topics.yaml", GOLD / "am"], actor="t", match=False)
    code, out, err = run_main(capsys, "--db", sqlite_store.url, "match")
    assert code == 0, err
    assert "Matched 47 recommendations" in out
    assert err == ""
