"""Revision 0005: `reports.matched_inputs` starts NULL (the next match scores the country)
and a downgrade drops it without losing rows."""

from __future__ import annotations

from pathlib import Path

from tracker.store import Store


def test_upgrade_to_0005_leaves_existing_reports_unscored_and_downgrade_keeps_them(
    tmp_path: Path,
) -> None:
    from alembic import command
    from sqlalchemy import inspect, text

    from tracker import schema

    store = Store(f"sqlite:///{tmp_path / 'old.db'}")
    try:
        command.upgrade(schema.alembic_config(store), "0004")
        with store.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO elections (id, country, type, date, early) "
                    "VALUES (1, 'GE', 'local', '2021-10-02', 0)"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO reports (id, election_id, observer, kind, version, "
                    "matched_config) VALUES ('ge-2021-local-odihr-final', 1, 'ODIHR', "
                    "'final-report', 1, 'abc')"
                )
            )
        schema.upgrade(store)
        with store.engine.connect() as connection:
            row = connection.execute(
                text("SELECT matched_config, matched_inputs FROM reports")
            ).one()
        assert tuple(row) == ("abc", None)

        command.downgrade(schema.alembic_config(store), "0004")
        columns = {column["name"] for column in inspect(store.engine).get_columns("reports")}
        assert "matched_inputs" not in columns
        assert "matched_config" in columns
        with store.engine.connect() as connection:
            assert connection.scalar(text("SELECT count(*) FROM reports")) == 1
    finally:
        store.dispose()
