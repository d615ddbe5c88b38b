"""Ctrl-C, and `rectrack review` without a terminal.

A Ctrl-C is a SIGINT sent at a chosen point inside a real `rectrack` process (a function the
command calls is wrapped so that it raises the signal), never after a delay: the tests assert
what the user sees and what the store holds, not how long anything took.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from tests.cli_support import run_main
from tests.db.test_import_bulk import big_report
from tests.unit.import_support import EARLIER, EARLIER_ID, LATER, LATER_ID, TOPICS, write_files
from tracker.models import Link, Recommendation, Report
from tracker.services.importing import import_paths
from tracker.store import Store, clear_pending_interrupt, defer_interrupt

# Run as `python -c SCRIPT POINT ARGS...`: Ctrl-C "pressed" at POINT, then `rectrack ARGS...`.
SCRIPT = r"""
import atexit, signal, sys, weakref

pressed = []


def press_ctrl_c():
    pressed.append(True)
    signal.raise_signal(signal.SIGINT)


def press_again(*_args):
    if pressed:
        press_ctrl_c()


point, *argv = sys.argv[1:]


def on_bulk_insert():
    # Inside the statement that writes the recommendations, as a real Ctrl-C during a large
    # import lands: SQLAlchemy invalidates the connection, the cleanup after it then fails.
    from sqlalchemy import Engine, event

    def before(conn, cursor, statement, parameters, context, executemany):
        if executemany and statement.startswith("INSERT INTO recommendations "):
            press_ctrl_c()

    event.listen(Engine, "before_cursor_execute", before)


if point == "bulk-insert":
    on_bulk_insert()
elif point == "bulk-insert-then-again":
    # And pressed again, as people do: while connections close, and as the process exits.
    on_bulk_insert()
    from sqlalchemy import event
    from sqlalchemy.pool import Pool

    event.listen(Pool, "checkin", press_again)
    event.listen(Pool, "close", press_again)
    atexit.register(press_again)
elif point == "in-callback":
    # Arrives while a weakref callback runs (as when a Session is freed), where Python cannot
    # raise it: "Exception ignored in: <function WeakValueDictionary...remove>".
    import tracker.repositories.imports as imports

    real_apply_plan = imports.apply_plan

    class Thing:
        pass

    def apply_plan(*args, **kwargs):
        thing = Thing()
        ref = weakref.ref(thing, lambda _ref: press_ctrl_c())
        del thing
        return real_apply_plan(*args, **kwargs)

    imports.apply_plan = apply_plan
elif point == "commit":
    # As the import's transaction commits: the data is durable by the time Python could raise.
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    def after_commit(session):
        if not pressed:
            press_ctrl_c()

    event.listen(Session, "after_commit", after_commit)
elif point == "matching":
    import tracker.services.matching as matching

    real_run_matching = matching.run_matching

    def run_matching(*args, **kwargs):
        press_ctrl_c()
        return real_run_matching(*args, **kwargs)

    matching.run_matching = run_matching
else:
    raise SystemExit(f"unknown point {point}")

sys.argv = ["rectrack", *argv]
from tracker.cli import main

main()
"""

INTERRUPTED = 130
BIG = 2500  # recommendations: over BULK_INDEX_ROWS, so the import takes its bulk path


def _default_sigint() -> None:
    # Runs in the child between fork and exec. A pytest started in the background (`&`, nohup)
    # ignores SIGINT, and an ignored signal stays ignored across exec, so the child Python would
    # never install its KeyboardInterrupt handler and the Ctrl-C under test would vanish. The
    # default disposition is what a command started from a terminal gets.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def run_child(args: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    """Every process these tests start: as from a terminal, whatever started pytest."""
    return subprocess.run(
        args, capture_output=True, text=True, preexec_fn=_default_sigint, **kwargs
    )


@pytest.fixture(autouse=True)
def python_s_sigint_handler() -> Iterator[None]:
    """The in-process tests, too, run with Python's own SIGINT handler, which pytest lacks when
    it was started with SIGINT ignored; the disposition it had is put back afterwards."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def rectrack(point: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "RECTRACK_REVIEWER": "tester"}
    env.pop("RECTRACK_DEBUG", None)
    return run_child(
        [sys.executable, "-c", SCRIPT, point, *args],
        env=env,
        timeout=300,  # a guard against a hang, not a measurement
    )


def row_counts(store: Store) -> tuple[int, int, int]:
    with store.read() as session:
        return (
            session.scalar(select(func.count()).select_from(Report)) or 0,
            session.scalar(select(func.count()).select_from(Recommendation)) or 0,
            session.scalar(select(func.count()).select_from(Link)) or 0,
        )


@pytest.fixture
def big_batch(tmp_path: Path) -> Path:
    """topics, one small earlier report, and one of BIG recommendations."""
    return write_files(
        tmp_path / "in",
        {
            "topics.yaml": TOPICS,
            f"kz/{EARLIER_ID}.yaml": EARLIER,
            f"kz/{LATER_ID}.yaml": big_report(BIG, LATER_ID),
        },
    )


def assert_aborted_cleanly(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == INTERRUPTED, result.stderr
    assert result.stderr.strip() == "Aborted.", result.stderr
    assert result.stdout == ""


# -- Ctrl-C during the import: nothing written, one line, exit 130 --------------------------


def test_ctrl_c_inside_the_bulk_write_rolls_back_and_aborts(
    sqlite_store: Store, big_batch: Path
) -> None:
    """The trial's `internal error: PendingRollbackError` (exit 70): the interrupted statement
    leaves the connection invalid, and the cleanup that runs next fails on it."""
    result = rectrack("bulk-insert", "--db", sqlite_store.url, "import", str(big_batch))
    assert_aborted_cleanly(result)
    assert row_counts(sqlite_store) == (0, 0, 0)


def test_ctrl_c_pressed_again_during_cleanup_changes_nothing(
    sqlite_store: Store, big_batch: Path
) -> None:
    """Further presses while the transaction rolls back, the connections close and the
    process exits: no traceback, no second message, the same exit status."""
    result = rectrack("bulk-insert-then-again", "--db", sqlite_store.url, "import", str(big_batch))
    assert_aborted_cleanly(result)
    assert row_counts(sqlite_store) == (0, 0, 0)


def test_ctrl_c_that_python_drops_in_a_callback_still_stops_the_import(
    sqlite_store: Store, big_batch: Path
) -> None:
    """The trial's `Exception ignored in: <function WeakValueDictionary...>` traceback, after
    which the import went on and committed: now nothing is printed but the one line, and the
    transaction does not commit."""
    result = rectrack("in-callback", "--db", sqlite_store.url, "import", str(big_batch))
    assert "Exception ignored" not in result.stderr
    assert "Traceback" not in result.stderr
    assert_aborted_cleanly(result)
    assert row_counts(sqlite_store) == (0, 0, 0)


# -- Ctrl-C as the import commits: the import stands, and says so ----------------------------


@pytest.mark.parametrize("no_match", [False, True])
def test_ctrl_c_as_the_import_commits_is_not_reported_as_nothing_written(
    sqlite_store: Store, tmp_path: Path, no_match: bool
) -> None:
    """Raised in the commit, the interrupt made a committed import look rolled back ("Aborted.")
    and its matching never ran. It is held until the commit is over: then matching is what it
    interrupts; with --no-match there is nothing left to interrupt, and the import succeeds."""
    batch = write_files(
        tmp_path / "in",
        {"topics.yaml": TOPICS, f"kz/{EARLIER_ID}.yaml": EARLIER, f"kz/{LATER_ID}.yaml": LATER},
    )
    args = ["import", *(["--no-match"] if no_match else []), str(batch)]
    result = rectrack("commit", "--db", sqlite_store.url, *args)
    assert "Imported 3 files: 2 reports added" in result.stdout
    if no_match:
        assert (result.returncode, result.stderr) == (0, "")
    else:
        assert result.returncode == INTERRUPTED
        assert result.stderr.strip().endswith("To propose candidates, run: rectrack match")
    assert row_counts(sqlite_store)[:2] == (2, 5)


# -- Ctrl-C during the matching that follows the import ---------------------------------------


@pytest.mark.parametrize(
    ("preloaded", "command"),
    [
        (True, f"rectrack match --report {LATER_ID}"),  # one report added
        (False, "rectrack match"),  # several
    ],
)
def test_ctrl_c_during_matching_says_the_import_is_complete_and_what_to_run(
    sqlite_store: Store, tmp_path: Path, preloaded: bool, command: str
) -> None:
    files = {f"kz/{LATER_ID}.yaml": LATER}
    if preloaded:
        base = write_files(
            tmp_path / "base", {"topics.yaml": TOPICS, f"kz/{EARLIER_ID}.yaml": EARLIER}
        )
        import_paths(sqlite_store, [base], actor="tester", match=False)
    else:
        files |= {"topics.yaml": TOPICS, f"kz/{EARLIER_ID}.yaml": EARLIER}
    batch = write_files(tmp_path / "in", files)
    result = rectrack("matching", "--db", sqlite_store.url, "import", str(batch))
    assert result.returncode == INTERRUPTED, result.stderr
    assert "Imported 1 file:" in result.stdout or "Imported 3 files:" in result.stdout
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "import is complete" in lines[0]
    assert "matching was interrupted" in lines[0]
    assert lines[0].endswith(f"run: {command}")
    with sqlite_store.read() as session:  # imported, with the file's own links; none proposed
        assert session.scalar(select(func.count()).select_from(Report)) == 2
        states = session.scalars(select(Link.state)).all()
        assert states and all(state.value != "proposed" for state in states)


def test_ctrl_c_during_matching_with_json_reports_it_in_the_one_object(
    sqlite_store: Store, tmp_path: Path
) -> None:
    batch = write_files(
        tmp_path / "in",
        {"topics.yaml": TOPICS, f"kz/{EARLIER_ID}.yaml": EARLIER, f"kz/{LATER_ID}.yaml": LATER},
    )
    result = rectrack("matching", "--db", sqlite_store.url, "import", "--json", str(batch))
    assert result.returncode == INTERRUPTED, result.stderr
    payload = json.loads(result.stdout)
    assert payload["ok"] is True
    assert payload["matching"] == {
        "interrupted": True,
        "unmatched_report_ids": [EARLIER_ID, LATER_ID],
        "command": "rectrack match",
    }


# -- in process: what main prints, and what it leaves behind ---------------------------------


@pytest.mark.parametrize("as_json", [False, True])
def test_main_reports_a_ctrl_c_and_puts_python_s_handlers_back(
    sqlite_store: Store,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    as_json: bool,
) -> None:
    def interrupted(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("tracker.services.importing.import_paths", interrupted)
    batch = write_files(tmp_path / "in", {"topics.yaml": TOPICS})
    hook = sys.unraisablehook
    try:
        code, out, err = run_main(
            capsys, "--db", sqlite_store.url, "import", *(["--json"] if as_json else []), str(batch)
        )
    except KeyboardInterrupt:
        pytest.fail("the Ctrl-C escaped main")
    assert (code, err.strip()) == (INTERRUPTED, "Aborted.")
    if as_json:
        assert json.loads(out)["error"]["kind"] == "Interrupted"
    else:
        assert out == ""
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    assert sys.unraisablehook is hook


# -- the store's transaction ----------------------------------------------------------------


def _insert_topic(session: Session) -> None:
    session.execute(text("INSERT INTO topics (id, label) VALUES ('t-interrupt', 'Interrupt')"))


def _topic_count(store: Store) -> int:
    with store.read() as session:
        found = session.scalar(text("SELECT count(*) FROM topics WHERE id = 't-interrupt'"))
        return int(found or 0)


def test_a_ctrl_c_that_cleanup_masks_still_comes_out_as_a_ctrl_c(store: Store) -> None:
    with pytest.raises(KeyboardInterrupt), store.transaction() as session:
        _insert_topic(session)
        try:
            raise KeyboardInterrupt
        finally:
            raise RuntimeError("cleanup failed on the interrupted connection")
    assert _topic_count(store) == 0


def test_a_deferred_ctrl_c_stops_the_next_commit(store: Store) -> None:
    try:
        with store.transaction() as session:
            _insert_topic(session)
            defer_interrupt()  # as the CLI's handlers do
            with pytest.raises(KeyboardInterrupt), store.read():  # the next scope to begin
                pass
            defer_interrupt()
        pytest.fail("the transaction committed")
    except KeyboardInterrupt:
        pass
    finally:
        clear_pending_interrupt()  # never left for a later test
    assert _topic_count(store) == 0
    with store.transaction() as session:  # raised once, then forgotten
        _insert_topic(session)
    assert _topic_count(store) == 1


def test_a_failing_rollback_does_not_hide_the_error(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_rollback(self: Session) -> None:
        raise RuntimeError("rollback failed")

    with pytest.raises(ValueError, match="the real error"), store.transaction() as session:
        _insert_topic(session)
        monkeypatch.setattr(Session, "rollback", broken_rollback)
        raise ValueError("the real error")
    monkeypatch.undo()
    assert _topic_count(store) == 0


# -- `rectrack review` and `rectrack demo` without a terminal ---------------------------------

NO_TERMINAL = "needs a terminal (stdin and stdout must be a TTY)"


def test_review_without_a_terminal_is_refused_at_once(sqlite_store: Store) -> None:
    """Textual would read an endless end of file from stdin, at full CPU (the timeout only
    guards against that hang)."""
    result = run_child(
        [sys.executable, "-m", "tracker", "--db", sqlite_store.url, "review"],
        stdin=subprocess.DEVNULL,
        timeout=120,
    )
    assert result.returncode in (1, 2)
    assert result.stderr == f"rectrack: rectrack review {NO_TERMINAL}\n"
    assert result.stdout == ""


def test_demo_without_a_terminal_builds_the_store_and_says_how_to_open_it(
    tmp_path: Path,
) -> None:
    """`make demo` run where there is no terminal (CI, a pipe) still does the main job."""
    path = tmp_path / "demo.db"
    result = run_child(
        [sys.executable, "-m", "tracker", "demo", "--path", str(path)],
        stdin=subprocess.DEVNULL,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("No terminal to open the UI in: building the demo store only.")
    assert f"Open it with: rectrack --db sqlite:///{path} review" in result.stderr
    assert result.stdout == f"sqlite:///{path}\n"
    assert path.exists()


def test_the_terminal_check_reads_stdin_and_stdout(monkeypatch: pytest.MonkeyPatch) -> None:
    from tracker.errors import InvalidInput
    from tui.commands import require_terminal

    class Stream:
        def __init__(self, tty: bool) -> None:
            self.tty = tty

        def isatty(self) -> bool:
            return self.tty

    for stdin_tty, stdout_tty in [(True, False), (False, True), (False, False)]:
        monkeypatch.setattr(sys, "stdin", Stream(stdin_tty))
        monkeypatch.setattr(sys, "stdout", Stream(stdout_tty))
        with pytest.raises(InvalidInput, match="needs a terminal"):
            require_terminal("review")
    monkeypatch.setattr(sys, "stdin", Stream(True))
    monkeypatch.setattr(sys, "stdout", Stream(True))
    require_terminal("review")
    monkeypatch.setattr(sys, "stdin", None)
    with pytest.raises(InvalidInput):
        require_terminal("review")
