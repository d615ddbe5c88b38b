"""What the CLI refuses on a store, and refuses alike: a store that does not exist is not created
by any command but `init`; import of a report's PDF names `rectrack extract` and writes
nothing; a country with no elections in the store is refused by every command that takes
--country; an import never moves another report's election silently; a history key that names
nothing is refused."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.cli_support import run_main
from tests.db.builders import build_kazakhstan
from tracker.errors import InvalidInput, StoreNotReady
from tracker.models import Election
from tracker.repositories.counts import table_counts
from tracker.services import admin, demo, history
from tracker.store import Store

REPO_ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture(autouse=True)
def no_terminal_ui(monkeypatch: pytest.MonkeyPatch) -> None:
    """`rectrack review` must refuse before its UI starts; if it ever got that far, the test
    fails instead of waiting on a terminal."""

    def opened(*_args: object, **_options: object) -> None:
        pytest.fail("the terminal UI was opened")

    monkeypatch.setattr("tui.app.RectrackApp.run", opened)


# -- a store that was never initialised ------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ("import", str(REPO_ROOT / "seed")),
        ("info",),
        ("status",),
        ("history", "--json"),
        ("report", "--country", "KZ"),
        ("export", "{tmp}/out"),
        ("review",),
    ],
)
def test_a_missing_sqlite_store_is_refused_and_not_created(
    command: tuple[str, ...], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "x" / "new.db"
    url = f"sqlite:///{path}"
    argv = [arg.replace("{tmp}", str(tmp_path)) for arg in command]
    code, out, err = run_main(capsys, "--db", url, *argv)
    assert code == StoreNotReady.exit_code
    assert err == f"rectrack: there is no store at {url}: run `rectrack init` to create it\n"
    if "--json" in argv:
        assert json.loads(out)["error"]["kind"] == "StoreNotReady"
    else:
        assert out == ""
    assert not path.parent.exists()  # neither the file nor its folder
    assert not (tmp_path / "out").exists()


def test_init_still_creates_a_missing_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "x" / "new.db"
    url = f"sqlite:///{path}"
    code, out, _ = run_main(capsys, "--db", url, "init")
    assert code == 0 and out.startswith(f"Created the store at {url}")
    assert path.is_file()
    code, out, err = run_main(capsys, "--db", url, "info", "--json")
    assert code == 0, err
    assert json.loads(out)["counts"]["recommendations"] == 0


def test_open_store_refuses_a_missing_file_but_not_memory(tmp_path: Path) -> None:
    path = tmp_path / "missing.db"
    with pytest.raises(StoreNotReady, match=r"there is no store at .*: run `rectrack init`"):
        admin.open_store(f"sqlite:///{path}")
    assert not path.exists()
    # an in-memory store has no file to look for: it gets as far as its (absent) schema
    with pytest.raises(StoreNotReady, match="has no schema yet"):
        admin.open_store("sqlite://")
    store, result = admin.init_store(f"sqlite:///{path}")
    store.dispose()
    assert result.old_revision is None and path.is_file()


def test_demo_does_not_create_the_configured_stores_folder(tmp_path: Path) -> None:
    target = tmp_path / "nowhere" / "demo.db"
    with pytest.raises(InvalidInput, match="is your configured store"):
        demo.build_demo(target, actor="tester", user_url=f"sqlite:///{target}")
    assert not target.parent.exists()


def test_the_history_service_refuses_a_limit_below_one(store: Store) -> None:
    for limit in (0, -3):
        with pytest.raises(InvalidInput, match=f"^limit {limit}: give a number of entries"):
            history.list_history(store, limit=limit)
    assert history.list_history(store, limit=1) == []


# -- import of a file that is not YAML -------------------------------------------------------


def test_import_of_a_pdf_names_extract_and_writes_nothing(
    sqlite_store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = tmp_path / "kz-2021-final.pdf"
    pdf.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    code, out, err = run_main(capsys, "--db", sqlite_store.url, "import", str(pdf))
    assert code == 1 and out == ""
    first, last = err.splitlines()
    assert first.startswith(
        f"{pdf}:1:1: (file): not a YAML file: `rectrack import` reads the rectrack/1 YAML format"
    )
    assert "run `rectrack extract FILE` first" in first
    assert last == "rectrack: 1 error in the input; nothing was written"
    with sqlite_store.read() as session:
        assert set(table_counts(session).values()) == {0}

    code, out, _ = run_main(capsys, "--db", sqlite_store.url, "import", str(pdf), "--json")
    assert code == 1
    (issue,) = json.loads(out)["issues"]
    assert issue["file"] == str(pdf) and issue["message"].startswith("not a YAML file")


# -- a country with no elections in the store -------------------------------------------------

NO_ELECTIONS = "no elections of FR in the store"


@pytest.fixture
def kz_db(sqlite_store: Store) -> str:
    build_kazakhstan(sqlite_store)
    return sqlite_store.url


@pytest.mark.parametrize(
    "command",
    [
        ("flags", "--country", "FR"),
        ("status", "--country", "fr"),
        ("report", "--country", "FR"),
        ("report", "--country", "KZ", "--country", "FR", "--format", "json"),
        ("export", "{tmp}/out", "--country", "FR"),
        ("review", "--country", "FR"),
        ("review", "--screen", "briefing", "--country", "fr"),
    ],
)
def test_a_country_without_elections_is_refused_alike(
    command: tuple[str, ...], kz_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [arg.replace("{tmp}", str(tmp_path)) for arg in command]
    code, out, err = run_main(capsys, "--db", kz_db, *argv)
    assert (code, out, err) == (1, "", f"rectrack: {NO_ELECTIONS}\n")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "command",
    [
        ("flags", "--country", "Kazakhstan"),
        ("status", "--country", "Kazakhstan"),
        ("report", "--country", "Kazakhstan"),
        ("export", "{tmp}/out", "--country", "Kazakhstan"),
        ("match", "--country", "Kazakhstan"),
        ("review", "--country", "Kazakhstan"),
        (
            "extract",
            "{tmp}/report.txt",
            "--country",
            "Kazakhstan",
            "--report-id",
            "kz-x",
            "--election-type",
            "parliamentary",
            "--election-date",
            "2021-01-10",
        ),
    ],
)
def test_a_name_for_a_code_is_refused_alike_with_the_code_meant(
    command: tuple[str, ...], kz_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "report.txt").write_text("Recommendations\n1. Parliament should act.\n")
    argv = [arg.replace("{tmp}", str(tmp_path)) for arg in command]
    code, out, err = run_main(capsys, "--db", kz_db, *argv)
    assert (code, out) == (1, "")
    assert err == (
        "rectrack: unknown country code 'Kazakhstan' (did you mean 'KZ'?): expected an ISO "
        "3166-1 alpha-2 code such as 'KZ'\n"
    )
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "command",
    [
        ("flags", "--country", "FR"),
        ("status", "--country", "FR"),
        ("export", "{tmp}/out", "--country", "FR"),
    ],
)
def test_with_json_the_refusal_is_one_error_object(
    command: tuple[str, ...], kz_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [arg.replace("{tmp}", str(tmp_path)) for arg in command]
    code, out, _ = run_main(capsys, "--db", kz_db, *argv, "--json")
    assert code == 1
    assert json.loads(out) == {
        "error": {"kind": "NotFound", "message": NO_ELECTIONS, "exit_code": 1}
    }


def test_a_country_with_elections_is_still_briefed(
    kz_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_main(capsys, "--db", kz_db, "report", "--country", "kz")
    assert code == 0, err
    assert out.startswith("# Kazakhstan (KZ)\n")
    # known, with no election up to --as-of: still a briefing that says what is missing
    code, out, err = run_main(
        capsys, "--db", kz_db, "report", "--country", "KZ", "--as-of", "2000-01-01"
    )
    assert code == 0, err
    assert "The store holds no elections of Kazakhstan (KZ) up to 2000-01-01." in out


def test_the_empty_store_refuses_report_like_flags(
    sqlite_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copyfile(sqlite_template, tmp_path / "empty.db")
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    results = [
        run_main(capsys, "--db", url, name, "--country", "KZ")
        for name in ("flags", "status", "report")
    ]
    assert results == [(1, "", "rectrack: no elections of KZ in the store\n")] * 3


# -- a file that would change whether a stored election is early ------------------------------


KZ_2016 = dt.date(2016, 3, 20)


def test_an_import_never_changes_another_reports_election_silently(
    sqlite_store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed = REPO_ROOT / "seed"
    db = ["--db", sqlite_store.url]
    final = "kz-2016-parliamentary-odihr-final"
    assert run_main(capsys, *db, "import", str(seed / "topics.yaml"), str(seed / "kz"))[0] == 0
    interim = tmp_path / "kz-2016-parliamentary-odihr-interim.yaml"
    text = (seed / "kz" / interim.name).read_text(encoding="utf-8")
    assert "    early: true\n" in text
    interim.write_text(text.replace("    early: true\n", ""), encoding="utf-8")  # as extract writes
    with sqlite_store.read() as session:
        before = table_counts(session)
    code, _, err = run_main(capsys, *db, "import", str(interim))
    assert code == 1
    assert (
        f"the parliamentary election of 2016-03-20 is early in the store ({final} says so) and "
        "not early in this file" in err
    )
    with sqlite_store.read() as session:
        assert table_counts(session) == before
        assert all(session.scalars(select(Election.early).where(Election.date == KZ_2016)))
    # Both reports together may change it.
    final_file = tmp_path / f"{final}.yaml"
    final_file.write_text(
        (seed / "kz" / final_file.name)
        .read_text(encoding="utf-8")
        .replace("    early: true\n", ""),
        encoding="utf-8",
    )
    assert run_main(capsys, *db, "import", str(interim), str(final_file))[0] == 0
    with sqlite_store.read() as session:
        assert not any(session.scalars(select(Election.early).where(Election.date == KZ_2016)))


def test_history_of_a_recommendation_includes_the_import_that_brought_it(
    sqlite_store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    seed = REPO_ROOT / "seed"
    db = ["--db", sqlite_store.url]
    assert run_main(capsys, *db, "import", "--no-match", str(seed))[0] == 0
    key = "kz-2012-parliamentary-odihr-final#1"
    code, out, _ = run_main(capsys, *db, "history", "--key", key, "--json")
    assert code == 0
    (entry,) = json.loads(out)["entries"]
    assert (entry["action"], entry["key"]) == ("import", "kz-2012-parliamentary-odihr-final")
    code, out, err = run_main(capsys, *db, "history", "--key", "kz-2012-parliamentary-odihr-fnal#1")
    assert (code, out) == (1, "")
    assert err == (
        "rectrack: no recommendation or report 'kz-2012-parliamentary-odihr-fnal#1' in the store\n"
    )
