"""On SQLite there are no logins or roles: the file's permissions are the access control.
`grant`, `revoke` and `roles` refuse and say so."""

from __future__ import annotations

import json

import pytest

from tests.cli_support import run_main
from tracker.store import Store


@pytest.mark.parametrize(
    "args",
    [("grant", "alice", "--role", "reader"), ("revoke", "alice"), ("roles",), ("roles", "--json")],
)
def test_the_role_commands_refuse_on_sqlite_and_say_why(
    sqlite_store: Store, capsys: pytest.CaptureFixture[str], args: tuple[str, ...]
) -> None:
    code, out, err = run_main(capsys, "--db", sqlite_store.url, *args)
    assert code == 1
    assert f"{args[0]} works on PostgreSQL only" in err
    assert "file's permissions are the access control" in err
    assert "Traceback" not in err
    if "--json" in args:
        assert json.loads(out)["error"]["exit_code"] == 1
