"""`rectrack demo` and `rectrack review` through the real entry point (without a terminal UI:
`--no-open`, and the errors that come before the UI)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tracker.store import Store


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tracker", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
    )


def test_demo_builds_a_fresh_matched_store_each_run(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    first = run("demo", "--no-open", "--path", str(path))
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == f"sqlite:///{path}"
    assert "matching proposed" in first.stderr
    store = Store(f"sqlite:///{path}")
    with store.transaction() as session:  # a change that the next run must not keep
        session.connection().exec_driver_sql("DELETE FROM links")
    store.dispose()
    second = run("demo", "--no-open", "--path", str(path))
    assert second.returncode == 0, second.stderr
    store = Store(f"sqlite:///{path}")
    with store.read() as session:
        assert session.connection().exec_driver_sql("SELECT count(*) FROM links").scalar()
        count = session.connection().exec_driver_sql("SELECT count(*) FROM recommendations")
        assert count.scalar_one() > 200
    store.dispose()


def test_demo_never_replaces_the_configured_store(tmp_path: Path) -> None:
    path = tmp_path / "mine.db"
    assert run("--db", f"sqlite:///{path}", "init").returncode == 0
    refused = run("--db", f"sqlite:///{path}", "demo", "--no-open", "--path", str(path))
    assert refused.returncode != 0
    assert "never replaces it" in refused.stderr
    assert path.exists()


def test_review_needs_a_store_at_the_current_schema(tmp_path: Path) -> None:
    result = run("--db", f"sqlite:///{tmp_path / 'none.db'}", "review")
    assert result.returncode == 5
    assert "rectrack init" in result.stderr
