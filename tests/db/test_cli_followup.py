"""The follow-up commands through the CLI, on the hand-built history."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tracker.cli import main
from tracker.store import Store

from .builders import build_kazakhstan

R16 = "kz-2016-parliamentary-odihr-final"
R19 = "kz-2019-presidential-odihr-final"
Invoke = Callable[..., tuple[int, str]]


@pytest.fixture
def db(sqlite_store: Store) -> str:
    build_kazakhstan(sqlite_store)
    return sqlite_store.url


@pytest.fixture
def invoke(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str]]:
    """Runs the real entry point; returns the exit code and stdout + stderr."""

    def run(db: str, *args: str, reviewer: str = "alice") -> tuple[int, str]:
        with pytest.raises(SystemExit) as exited:
            main(["--db", db, "--reviewer", reviewer, *args])
        captured = capsys.readouterr()
        return int(exited.value.code or 0), captured.out + captured.err

    return run


def test_thread_json_is_one_object(db: str, invoke: Invoke) -> None:
    code, output = invoke(db, "thread", f"{R16}#1", "--json")
    assert code == 0
    payload = json.loads(output)
    assert payload["times_raised"] == 4
    assert payload["flags"] == ["long-standing", "priority-outstanding", "regressed"]
    assert [row["status"] for row in payload["timeline"]] == [
        "partially-implemented",
        "not-implemented",
        "not-implemented",
    ]


def test_flags_and_status_json(db: str, invoke: Invoke) -> None:
    code, output = invoke(db, "flags", "--country", "KZ", "--json")
    assert code == 0
    assert len(json.loads(output)["countries"]["KZ"]) == 3
    code, output = invoke(db, "status", "--json")
    cycles = json.loads(output)["countries"]["KZ"]
    assert [c["overall"]["implementation_rate"] for c in cycles] == [0.0, 0.0, 0.3333]


def test_assess_history_undo_round(db: str, invoke: Invoke) -> None:
    code, output = invoke(
        db,
        "assess",
        f"{R16}#3",
        "--at",
        R19,
        "--status",
        "partially-implemented",
        "--evidence",
        "[bold]not[/] quite",
    )
    assert code == 0, output
    assert "fully-implemented -> partially-implemented" in output
    code, output = invoke(
        db, "assess", f"{R16}#3", "--at", R19, "--status", "partially-implemented"
    )
    assert code == 0
    assert "partially-implemented already (status unchanged; nothing changed)" in output
    assert "->" not in output
    code, output = invoke(db, "history", "--key", f"{R16}#3", "--json")
    entries = json.loads(output)["entries"]
    assert {e["action"] for e in entries} == {"assess"}
    assert set(entries[0]) >= {
        "at",
        "actor",
        "action",
        "entity",
        "key",
        "field",
        "old",
        "new",
        "batch",
    }
    code, output = invoke(db, "history", "--key", f"{R16}#3")
    assert "[bold]not[/] quite" in output  # markup in data shows literally
    code, output = invoke(db, "undo", "--by", "bob")
    assert code == 1 and "bob has nothing to undo" in output
    code, output = invoke(db, "undo")
    assert code == 0 and "Undid alice's assess" in output


def test_errors_are_one_line(db: str, invoke: Invoke) -> None:
    code, output = invoke(db, "thread", "missing#1")
    assert code == 1
    assert "no recommendation 'missing#1'" in output
    code, output = invoke(db, "flags", "--country", "FR")
    assert code == 1 and "no elections of FR" in output
    code, output = invoke(db, "flags", "--as-of", "2020-13-01")
    assert code == 1 and "not a date" in output


def test_status_on_empty_store(tmp_path: Path, sqlite_template: Path, invoke: Invoke) -> None:
    import shutil

    shutil.copyfile(sqlite_template, tmp_path / "empty.db")
    code, output = invoke(f"sqlite:///{tmp_path / 'empty.db'}", "status")
    assert code == 0 and "no elections yet" in output


def test_json_failures_print_one_error_object(db: str, invoke: Invoke) -> None:
    code, output = invoke(db, "thread", "missing#1", "--json")
    assert code == 1
    json_part = output[: output.index("rectrack:")]
    payload = json.loads(json_part)
    assert payload["error"]["kind"] == "NotFound"
    assert "missing#1" in payload["error"]["message"]


def test_assess_says_what_changed_besides_the_status(db: str, invoke: Invoke) -> None:
    args = ("assess", f"{R16}#3", "--at", R19, "--status", "fully-implemented")
    code, output = invoke(db, *args, "--evidence", "a new law in force")
    assert code == 0
    assert "fully-implemented already (status unchanged; assessor, evidence updated)" in output
    code, output = invoke(db, *args, "--evidence", "a new law in force", "--json")
    assert json.loads(output)["changed"] == []
