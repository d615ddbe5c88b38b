"""Roles on a shared PostgreSQL store (issue 17): several logins, made by the fixture, each
driving `rectrack` as a member of a team would; the database refuses what a role may not do,
also to plain SQL, and the history names the login that acted."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from tests.cli_support import run_main
from tests.conftest import PostgresSchemas
from tracker import schema
from tracker.identity import REVIEWER_ENV
from tracker.repositories import roles as repository
from tracker.roles import NOT_PERMITTED_EXIT, Role, role_comment, role_name
from tracker.store import Store, normalise_url

pytestmark = pytest.mark.postgres

GOLD = Path(__file__).resolve().parent.parent / "gold"
EARLIER = "am-2013-presidential-odihr-final"
LATER = "am-2017-parliamentary-odihr-final"
KEY = f"{EARLIER}#1"
ROLES = ("reader", "reviewer", "editor", "admin")


@dataclass
class Team:
    """A migrated schema and a login per role (plus one with none), each with its own URL."""

    schema: str
    database: str
    superuser_url: str
    logins: dict[str, str]  # reader, reviewer, editor, admin, none -> login name
    _url: str
    _engines: list[Engine]

    def url(self, who: str) -> str:
        """A URL for `who` (a key of `logins`, or a login's name), on the team's schema."""
        login = self.logins.get(who, who)
        url = make_url(self._url).set(username=login)
        url = url.update_query_dict({"options": f"-csearch_path={self.schema}"})
        return url.render_as_string(hide_password=False)

    def engine(self, who: str) -> Engine:
        engine = create_engine(normalise_url(self.url(who)))
        self._engines.append(engine)
        return engine

    def role(self, kind: str) -> str:
        return role_name(self.database, Role(kind))


def _run(
    capsys: pytest.CaptureFixture[str], team: Team, who: str, *args: str
) -> tuple[int, str, str]:
    return run_main(capsys, "--db", team.url(who), *args)


@pytest.fixture
def team(
    postgres_schemas: PostgresSchemas,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Team]:
    monkeypatch.delenv(REVIEWER_ENV, raising=False)
    first, name = postgres_schemas.create()
    tag = uuid.uuid4().hex[:8]
    logins = {kind: f"t{tag}_{kind}" for kind in (*ROLES, "none")}
    admin_engine = postgres_schemas.admin
    with admin_engine.connect() as connection:
        database = str(connection.execute(text("SELECT current_database()")).scalar())
        superuser = bool(
            connection.execute(
                text("SELECT rolsuper FROM pg_roles WHERE rolname = session_user")
            ).scalar()
        )
    if not superuser:
        pytest.skip("the roles tests create logins: RECTRACK_TEST_PG must name a superuser")
    with admin_engine.begin() as connection:
        for login in logins.values():
            connection.execute(text(f'CREATE ROLE "{login}" LOGIN'))
    team = Team(
        schema=name,
        database=database,
        superuser_url=postgres_schemas.url,
        logins=logins,
        _url=postgres_schemas.url,
        _engines=[],
    )
    try:
        schema.upgrade(first)
        first.dispose()
        superuser_url = make_url(postgres_schemas.url).update_query_dict(
            {"options": f"-csearch_path={name}"}
        )
        as_superuser = superuser_url.render_as_string(hide_password=False)
        for kind in ROLES:
            code, _, err = run_main(
                capsys, "--db", as_superuser, "grant", logins[kind], "--role", kind
            )
            assert code == 0, err
        code, _, err = _run(
            capsys, team, "editor", "import", str(GOLD / "topics.yaml"), str(GOLD / "am"),
            "--no-match",
        )  # fmt: skip
        assert code == 0, err
        yield team
    finally:
        for engine in team._engines:
            engine.dispose()
        postgres_schemas.drop(name)
        with admin_engine.begin() as connection:
            for login in logins.values():
                connection.execute(text(f'DROP OWNED BY "{login}"'))
                connection.execute(text(f'DROP ROLE "{login}"'))


def _assess(
    capsys: pytest.CaptureFixture[str], team: Team, who: str, *extra: str
) -> tuple[int, str, str]:
    return _run(
        capsys, team, who, *extra, "assess", KEY, "--at", LATER, "--status",
        "partially-implemented", "--evidence", "Amended in 2016.",
    )  # fmt: skip


def _history_actors(team: Team) -> list[str]:
    with team.engine("reader").connect() as connection:
        rows = connection.execute(
            text("SELECT actor FROM history WHERE entity = 'assessment' ORDER BY id")
        ).all()
    return [str(row[0]) for row in rows]


# -- the roles themselves ------------------------------------------------------------------------


def test_init_creates_the_four_roles_once_each_marked_as_rectrack_s(
    team: Team, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(capsys, team, "admin", "init")
    assert code == 0, err
    assert "up to date" in out
    with team.engine("reader").connect() as connection:
        rows = connection.execute(
            text(
                "SELECT rolname, rolcanlogin, shobj_description(oid, 'pg_authid') FROM pg_roles "
                "WHERE rolname = ANY(:names) ORDER BY rolname"
            ),
            {"names": [team.role(kind) for kind in ROLES]},
        ).all()
    assert sorted((name, login, comment) for name, login, comment in rows) == sorted(
        (team.role(kind), False, role_comment(team.database, Role(kind))) for kind in ROLES
    )
    # The revision's work once more (as a second store in the same database does) changes
    # nothing: the same four roles, the same grants.
    superuser = create_engine(
        normalise_url(team.superuser_url),
        connect_args={"options": f"-csearch_path={team.schema}"},
    )
    try:
        with superuser.begin() as connection:
            login = repository.current_login(connection)
            repository.create_roles(connection, login)
            repository.apply_grants(connection, login)
    finally:
        superuser.dispose()
    assert "permission denied" in _refused(team.engine("reader"), "DELETE FROM links")
    code, out, err = _run(capsys, team, "reader", "roles", "--json")
    assert code == 0, err
    assert json.loads(out)["you"]["role"] == "reader"


def test_roles_lists_each_login_with_its_role(
    team: Team, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(capsys, team, "reader", "roles", "--json")
    assert code == 0, err
    listing = json.loads(out)
    assert listing["you"] == {"login": team.logins["reader"], "role": "reader", "superuser": False}
    members = {member["login"]: member["role"] for member in listing["members"]}
    for kind in ROLES:
        assert members[team.logins[kind]] == kind
    assert team.logins["none"] not in members


# -- what each role may do ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "command", "needed"),
    [
        ("reader", ("assess",), "reviewer"),
        ("reader", ("decide", KEY, "--none"), "reviewer"),
        ("reader", ("split", KEY), "reviewer"),
        ("reader", ("undo",), "reviewer"),
        ("reader", ("export", "out"), "editor"),
        ("reviewer", ("import", str(GOLD / "topics.yaml")), "editor"),
        ("reviewer", ("match",), "editor"),
        ("editor", ("grant", "someone", "--role", "reader"), "admin"),
        ("editor", ("revoke", "someone"), "admin"),
        ("editor", ("init",), "admin"),
        ("reviewer", ("undo", "--by", "somebody-else"), "admin"),
    ],
)
def test_a_command_the_role_does_not_allow_is_refused_before_it_starts_naming_the_role(
    team: Team,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    who: str,
    command: tuple[str, ...],
    needed: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    if command == ("assess",):
        code, _out, err = _assess(capsys, team, who)
    else:
        code, _out, err = _run(capsys, team, who, *command)
    login = team.logins[who]
    assert code == NOT_PERMITTED_EXIT, err
    assert f"needs the {needed} role; {login} is a{'n' if who == 'editor' else ''} {who}" in err
    assert f"ask an admin to run `rectrack grant {login} --role {needed}`" in err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_each_role_may_run_what_it_allows(
    team: Team, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for who in ROLES:
        code, out, err = _run(capsys, team, who, "info", "--json")
        assert json.loads(out)["revision"] == "0006"
        assert code == 0, (who, err)
        code, _out, err = _run(capsys, team, who, "thread", KEY)
        assert code == 0, (who, err)
    code, _, err = _assess(capsys, team, "reviewer")
    assert code == 0, err
    code, _, err = _run(capsys, team, "reviewer", "undo")
    assert code == 0, err
    code, _, err = _run(capsys, team, "editor", "export", str(tmp_path / "out"))
    assert code == 0, err
    assert (tmp_path / "out" / "topics.yaml").exists()
    code, _, err = _run(capsys, team, "editor", "match", "--country", "AM")
    assert code == 0, err
    code, _, err = _run(capsys, team, "admin", "init")
    assert code == 0, err


def test_a_login_without_a_role_is_told_so_not_that_the_schema_is_missing(
    team: Team, capsys: pytest.CaptureFixture[str]
) -> None:
    login = team.logins["none"]
    code, _out, err = _run(capsys, team, "none", "info")
    assert code == NOT_PERMITTED_EXIT
    assert f"the login {login} has no rectrack role on database {team.database}" in err
    assert f"`rectrack grant {login} --role reader`" in err
    assert "no schema" not in err
    code, _, err = _run(capsys, team, "none", "init")
    assert code == NOT_PERMITTED_EXIT
    assert f"init needs the admin role; {login} has no rectrack role" in err


# -- the database enforces them, also against plain SQL ----------------------------------------


def _refused(engine: Engine, statement: str) -> str:
    with pytest.raises(DBAPIError) as raised, engine.begin() as connection:
        connection.execute(text(statement))
    return str(raised.value.orig)


def test_a_reader_writes_nothing_even_with_plain_sql(team: Team) -> None:
    reader = team.engine("reader")
    with reader.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM recommendations")).scalar()
    for statement in (
        "INSERT INTO topics (id, label) VALUES ('forged', 'Forged')",
        "UPDATE recommendations SET text = 'forged'",
        "DELETE FROM links",
        "DELETE FROM assessments",
        "UPDATE alembic_version SET version_num = '0001'",
        "CREATE TABLE forged (id integer)",
    ):
        assert "permission denied" in _refused(reader, statement), statement


def test_a_reviewer_may_not_touch_what_only_an_editor_may(team: Team) -> None:
    reviewer = team.engine("reviewer")
    for statement in (
        "UPDATE reports SET title = 'forged'",
        "DELETE FROM recommendations",
        "INSERT INTO topics (id, label) VALUES ('forged', 'Forged')",
    ):
        assert "permission denied" in _refused(reviewer, statement), statement


def test_the_history_is_append_only_for_every_role(
    team: Team, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _assess(capsys, team, "reviewer")
    assert code == 0, err
    for who in ROLES:
        engine = team.engine(who)
        for statement in (
            "UPDATE history SET actor = 'someone'",
            "DELETE FROM history",
            "TRUNCATE history",
        ):
            message = _refused(engine, statement)
            assert "permission denied" in message or "append-only" in message, (who, statement)
    assert _history_actors(team) == [team.logins["reviewer"]]


def test_a_history_entry_written_by_plain_sql_must_name_its_login(team: Team) -> None:
    message = _refused(
        team.engine("reviewer"),
        "INSERT INTO history (at, actor, action, entity, key, batch) "
        "VALUES (now(), 'somebody-else', 'assess', 'assessment', 'k', 'b')",
    )
    assert "may not record as somebody-else" in message


# -- who acted -----------------------------------------------------------------------------------


def test_the_history_names_the_database_login_not_a_declared_name(
    team: Team, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    login = team.logins["reviewer"]
    code, _, err = _assess(capsys, team, "reviewer", "--reviewer", "somebody-else")
    assert code == NOT_PERMITTED_EXIT
    assert "--reviewer names somebody-else" in err
    assert f"records who is logged in ({login})" in err
    monkeypatch.setenv(REVIEWER_ENV, "somebody-else")
    code, _, err = _assess(capsys, team, "reviewer")
    assert code == NOT_PERMITTED_EXIT
    assert f"{REVIEWER_ENV} names somebody-else" in err
    assert _history_actors(team) == []
    monkeypatch.setenv(REVIEWER_ENV, login)  # naming oneself is fine
    code, _, err = _assess(capsys, team, "reviewer")
    assert code == 0, err
    assert _history_actors(team) == [login]


def test_an_admin_may_record_on_another_s_behalf_and_both_names_are_kept(
    team: Team, capsys: pytest.CaptureFixture[str]
) -> None:
    admin = team.logins["admin"]
    code, _out, err = _assess(capsys, team, "admin", "--reviewer", "field-observer")
    assert code == 0, err
    assert _history_actors(team) == [f"field-observer (recorded by {admin})"]


def test_a_reviewer_undoes_its_own_action_only(
    team: Team, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _assess(capsys, team, "admin")
    assert code == 0, err
    # The reviewer's own undo finds nothing of theirs; the admin's action stays.
    code, _, err = _run(capsys, team, "reviewer", "undo")
    assert code != 0
    code, _, err = _run(capsys, team, "reviewer", "undo", "--by", team.logins["admin"])
    assert code == NOT_PERMITTED_EXIT
    # Nor by plain SQL: an undo entry reverting another login's batch is refused.
    with team.engine("reader").connect() as connection:
        batch = connection.execute(text("SELECT batch FROM history LIMIT 1")).scalar()
    message = _refused(
        team.engine("reviewer"),
        "INSERT INTO history (at, actor, action, entity, key, batch, reverts) VALUES "
        f"(now(), '{team.logins['reviewer']}', 'undo', 'assessment', 'k', 'b', '{batch}')",
    )
    assert "only an admin may undo" in message


# -- grant and revoke ----------------------------------------------------------------------------


def test_grant_replaces_the_role_and_revoke_takes_it_away(
    team: Team, capsys: pytest.CaptureFixture[str]
) -> None:
    reader = team.logins["reader"]
    code, out, err = _run(capsys, team, "admin", "grant", reader, "--role", "reviewer")
    assert code == 0, err
    assert f"{reader} is now reviewer (was reader)" in out
    code, _, err = _assess(capsys, team, "reader")
    assert code == 0, err
    assert _history_actors(team) == [reader]
    code, out, err = _run(capsys, team, "admin", "revoke", reader, "--json")
    assert code == 0, err
    assert json.loads(out) == {"login": reader, "role": None, "previous": ["reviewer"]}
    code, _, err = _run(capsys, team, "reader", "info")
    assert code == NOT_PERMITTED_EXIT
    assert "has no rectrack role" in err
    # Plain SQL agrees: the grants went with the role.
    refused = _refused(team.engine("reader"), f'SELECT * FROM "{team.schema}".reports')
    assert "permission denied" in refused


def test_an_admin_grants_admin_and_the_new_admin_may_grant_in_turn(
    team: Team, capsys: pytest.CaptureFixture[str]
) -> None:
    editor, reader = team.logins["editor"], team.logins["reader"]
    code, _, err = _run(capsys, team, "admin", "grant", editor, "--role", "admin")
    assert code == 0, err
    code, _, err = _run(capsys, team, "editor", "grant", reader, "--role", "editor")
    assert code == 0, err
    code, _, err = _run(capsys, team, "admin", "revoke", reader)
    assert code == 0, err  # one admin revokes what another granted
    code, _, err = _run(capsys, team, "reader", "info")
    assert code == NOT_PERMITTED_EXIT


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("grant", "no-such-login", "--role", "reader"),
            "there is no PostgreSQL login no-such-login",
        ),
        (("revoke", "{admin}"), "is you: an admin does not change their own role"),
        (("grant", "{role_reader}", "--role", "admin"), "is one of the store's roles, not a login"),
        (("grant", "{reader}", "--role", "boss"), "Invalid value for '--role'"),
    ],
)
def test_grant_and_revoke_refuse_what_is_not_a_login_or_is_oneself(
    team: Team, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    values = {**team.logins, "role_reader": team.role("reader")}
    code, _, err = _run(capsys, team, "admin", *(arg.format(**values) for arg in args))
    assert code != 0
    assert message in err.replace("\n", " ")
    assert "Traceback" not in err


def test_the_database_owner_runs_init_and_becomes_the_first_admin(
    postgres_schemas: PostgresSchemas, capsys: pytest.CaptureFixture[str]
) -> None:
    """Not a superuser: a login with CREATEROLE owning the schema, as README's set-up makes."""
    tag = uuid.uuid4().hex[:8]
    owner, member, name = f"t{tag}_owner", f"t{tag}_member", f"t_{tag}_owned"
    admin_engine = postgres_schemas.admin
    with admin_engine.begin() as connection:
        connection.execute(text(f'CREATE ROLE "{owner}" LOGIN CREATEROLE'))
        connection.execute(text(f'CREATE ROLE "{member}" LOGIN'))
        connection.execute(text(f'CREATE SCHEMA "{name}" AUTHORIZATION "{owner}"'))
    base = make_url(postgres_schemas.url).update_query_dict({"options": f"-csearch_path={name}"})

    def url(login: str) -> str:
        return base.set(username=login).render_as_string(hide_password=False)

    try:
        code, out, err = run_main(capsys, "--db", url(owner), "init")
        assert code == 0, err
        assert "Created the store" in out
        code, out, err = run_main(capsys, "--db", url(owner), "roles", "--json")
        assert code == 0, err
        assert json.loads(out)["you"] == {"login": owner, "role": "admin", "superuser": False}
        code, _, err = run_main(capsys, "--db", url(member), "info")
        assert code == NOT_PERMITTED_EXIT
        assert "has no rectrack role" in err
        code, _, err = run_main(capsys, "--db", url(owner), "grant", member, "--role", "reviewer")
        assert code == 0, err
        code, _, err = run_main(capsys, "--db", url(member), "info")
        assert code == 0, err
        code, out, err = run_main(capsys, "--db", url(owner), "init")
        assert code == 0, err
        assert "up to date" in out
    finally:
        postgres_schemas.drop(name)
        with admin_engine.begin() as connection:
            for login in (member, owner):
                connection.execute(text(f'DROP OWNED BY "{login}"'))
                connection.execute(text(f'DROP ROLE "{login}"'))


# -- the TUI -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("who", "may_write"), [("reader", False), ("reviewer", True)])
def test_the_tui_shows_who_is_logged_in_and_disables_what_the_role_may_not(
    team: Team, who: str, may_write: bool
) -> None:
    from tui.app import RectrackApp

    login = team.logins[who]
    store = Store(team.url(who))

    async def run() -> None:
        app = RectrackApp(store, reviewer=login, start="assess")
        async with app.run_test(size=(120, 40)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            expected = f"logged in as {login} ({who})" + ("" if may_write else ": reading only")
            assert app.sub_title == expected
            assert app.may_write is may_write
            for action in ("assess", "undo", "evidence"):
                assert app.screen.check_action(action, ()) is (True if may_write else None)
            assert app.screen.check_action("next_pending", ()) is True
            names = [name for name, _, _ in app.palette_commands()]
            assert ("Undo my last action" in names) is may_write

    try:
        asyncio.run(run())
    finally:
        store.dispose()
