"""The test session's own machinery: the throw-away PostgreSQL server and the skip summary."""

from __future__ import annotations

import os
import pwd
import stat
from pathlib import Path

import pytest

from tests import throwaway_pg
from tests.conftest import REQUIRE_PG_ENV, skipped_summary


def _fake_bindir(folder: Path, tools: tuple[str, ...] = ("initdb", "pg_ctl")) -> Path:
    folder.mkdir(parents=True)
    for tool in tools:
        path = folder / tool
        path.write_text("#!/bin/sh\n")
        path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return folder


def test_the_binaries_on_path_come_first(tmp_path: Path) -> None:
    on_path = _fake_bindir(tmp_path / "mine" / "bin")
    _fake_bindir(tmp_path / "lib" / "16" / "bin")
    found = throwaway_pg.find_bindir(str(on_path), [str(tmp_path / "lib" / "*" / "bin")])
    assert found == on_path.resolve()


def test_else_the_newest_version_with_both_tools(tmp_path: Path) -> None:
    for version in ("9.6", "15", "13"):
        _fake_bindir(tmp_path / "lib" / version / "bin")
    _fake_bindir(tmp_path / "lib" / "17" / "bin", tools=("pg_ctl",))  # a client-only install
    found = throwaway_pg.find_bindir(str(tmp_path / "empty"), [str(tmp_path / "lib" / "*" / "bin")])
    assert found == tmp_path / "lib" / "15" / "bin"


def test_no_binaries_says_what_to_do(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(throwaway_pg, "find_bindir", lambda: None)
    with pytest.raises(
        throwaway_pg.Unavailable, match="set RECTRACK_TEST_PG or install postgresql"
    ):
        throwaway_pg.start()


def test_as_root_the_server_runs_as_an_unprivileged_user(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    user = throwaway_pg._run_as_user()
    assert user is not None and user.pw_name in throwaway_pg.RUN_AS_WHEN_ROOT
    assert user.pw_uid != 0
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    assert throwaway_pg._run_as_user() is None


def test_as_root_without_such_a_user_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(name: str) -> pwd.struct_passwd:
        raise KeyError(name)

    monkeypatch.setattr(os, "geteuid", lambda: 0)
    monkeypatch.setattr(pwd, "getpwnam", missing)
    with pytest.raises(throwaway_pg.Unavailable, match="initdb refuses root"):
        throwaway_pg._run_as_user()


@pytest.mark.postgres
def test_a_throw_away_server_serves_and_leaves_nothing_behind() -> None:
    from sqlalchemy import create_engine, text

    bindir = throwaway_pg.find_bindir()
    if bindir is None:
        if os.environ.get(REQUIRE_PG_ENV) == "1":
            pytest.fail(f"{REQUIRE_PG_ENV}=1 but no PostgreSQL server binaries", pytrace=False)
        pytest.skip("no server: install postgresql")
    stops: list[object] = []
    server = throwaway_pg.start(bindir, on_exit=stops.append)
    assert stops == [server.stop]  # also stopped at exit, should the session's teardown not run
    pid = int((server.data / "postmaster.pid").read_text().split()[0])
    engine = create_engine(server.url)
    try:
        with engine.connect() as connection:
            assert connection.scalar(text("SELECT current_user")) == throwaway_pg.SUPERUSER
            assert connection.scalar(text("SHOW listen_addresses")) == ""  # no TCP port
            # as a real deployment: UTF-8, and a locale that lower-cases more than ASCII
            assert connection.scalar(text("SHOW server_encoding")) == "UTF8"
            assert connection.scalar(text("SELECT lower('ИЗБИРАТЕЛЬ Élu')")) == "избиратель élu"
    finally:
        engine.dispose()
        server.stop()
    assert not server.folder.exists()
    assert not _running(pid)
    server.stop()  # twice is harmless


def _running(pid: int) -> bool:
    # A zombie has ended: reaping it is its parent's business (init, or whatever PID 1 is).
    stat_file = Path(f"/proc/{pid}/stat")
    if Path("/proc/self/stat").exists():
        try:
            return stat_file.read_text().rsplit(")", 1)[1].split()[0] != "Z"
        except FileNotFoundError:
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _skipped(nodeid: str, reason: str, *markers: str) -> pytest.TestReport:
    return pytest.TestReport(
        nodeid,
        (nodeid, 1, nodeid),
        dict.fromkeys([nodeid, *markers], 1),
        "skipped",
        (nodeid, 1, f"Skipped: {reason}"),
        "setup",
    )


def test_the_skip_summary_names_each_kind_and_why() -> None:
    no_server = "no server: set RECTRACK_TEST_PG or install postgresql"
    reports = [
        _skipped("a[postgresql]", no_server, "postgres"),
        _skipped("b[postgresql]", no_server, "postgres"),
        _skipped("c", "no Chromium at /usr/bin/chromium (apt-get install chromium)", "browser"),
        _skipped("d", "PyYAML without libyaml"),
        _skipped("e", "no seed/ yet"),
    ]
    assert skipped_summary(reports) == (
        f"skipped: 2 PostgreSQL ({no_server}), "
        "1 Chromium (no Chromium at /usr/bin/chromium (apt-get install chromium)), "
        "2 other (PyYAML without libyaml; no seed/ yet)"
    )
    assert skipped_summary([]) is None
