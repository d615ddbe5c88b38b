"""`rectrack init` and `info` through the real entry point."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from tracker import schema
from tracker.store import Store


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tracker", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
    )


def test_init_then_info_json(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    created = run("--db", url, "init")
    assert created.returncode == 0, created.stderr
    assert "Created the store" in created.stdout
    again = run("--db", url, "init")
    assert "up to date" in again.stdout

    info = run("--db", url, "info", "--json")
    assert info.returncode == 0, info.stderr
    payload = json.loads(info.stdout)
    assert payload["revision"] == schema.head_revision()
    assert payload["counts"]["recommendations"] == 0


def test_db_comes_from_the_environment(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'env.db'}"
    assert run("init", env={"RECTRACK_DB": url}).returncode == 0
    assert (tmp_path / "env.db").exists()


def test_uninitialised_store_names_the_cure(tmp_path: Path) -> None:
    result = run("--db", f"sqlite:///{tmp_path / 'new.db'}", "info")
    assert result.returncode == 5
    assert "run `rectrack init`" in result.stderr
    assert "Traceback" not in result.stderr


def test_older_store_is_named_and_init_upgrades_it_keeping_a_copy(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    store = Store(f"sqlite:///{path}")
    from alembic import command

    command.upgrade(schema.alembic_config(store), "0001")
    with store.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO elections (country, type, date, early) "
                "VALUES ('GE', 'local', '2021-10-02', 0)"
            )
        )
    store.dispose()

    info = run("--db", f"sqlite:///{path}", "info")
    assert info.returncode == 5
    assert "revision 0001" in info.stderr and "rectrack init" in info.stderr

    upgraded = run("--db", f"sqlite:///{path}", "init")
    assert upgraded.returncode == 0, upgraded.stderr
    backup = tmp_path / "old.db.bak-0001"
    assert backup.exists()
    assert str(backup) in upgraded.stdout.replace("\n", "")

    old_copy = Store(f"sqlite:///{backup}")
    assert schema.current_revision(old_copy) == "0001"
    old_copy.dispose()
    after = run("--db", f"sqlite:///{path}", "info", "--json")
    assert json.loads(after.stdout)["counts"]["elections"] == 1


def test_bad_url_is_one_line(tmp_path: Path) -> None:
    result = run("--db", "nosuchdb://x", "info")
    assert result.returncode != 0
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("args", [["--version"], ["--help"]])
def test_version_and_help(args: list[str]) -> None:
    result = run(*args)
    assert result.returncode == 0
    assert "rectrack" in result.stdout
