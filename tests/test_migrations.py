"""The Alembic migrations: they build exactly the models' schema, go back and forth, in order."""

import re
from collections.abc import Callable
from datetime import datetime
from itertools import pairwise
from pathlib import Path
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, func, inspect, select
from sqlalchemy import table as sa_table
from sqlmodel import Session

from backend import migrations
from backend.models import metadata
from backend.settings import Settings
from seed.demo import load_demo

DATED_REVISION = re.compile(r"^(?P<date>\d{8})_\d{2}$")


def _schema_diff(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return compare_metadata(context, metadata)


def _tables(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names())


def _current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(migrations.alembic_config())


class TestUpgrade:
    def test_upgrade_of_an_empty_database_builds_exactly_the_models_schema(
        self, new_database: Callable[[], Engine]
    ) -> None:
        engine = new_database()
        migrations.upgrade(engine)
        with engine.connect() as connection:
            diff = _schema_diff(connection)
            revision = _current_revision(connection)
        assert diff == []
        assert revision == _scripts().get_current_head()


class TestDowngrade:
    def test_downgrade_to_base_removes_every_table_and_upgrade_works_again(
        self, new_database: Callable[[], Engine]
    ) -> None:
        engine = new_database()
        migrations.upgrade(engine)
        migrations.downgrade(engine, "base")
        with engine.connect() as connection:
            left_after_downgrade = _tables(connection)
            revision_after_downgrade = _current_revision(connection)
        migrations.upgrade(engine)
        with engine.connect() as connection:
            tables_after_upgrade = _tables(connection)
            diff_after_upgrade = _schema_diff(connection)

        assert left_after_downgrade <= {"alembic_version"}
        assert revision_after_downgrade is None
        assert tables_after_upgrade == set(metadata.tables) | {"alembic_version"}
        assert diff_after_upgrade == []


class TestDataKept:
    def test_every_row_of_the_demo_survives_each_step_down_and_up_again(
        self, new_database: Callable[[], Engine], tmp_path: Path
    ) -> None:
        """A database in use goes through each migration (SQLite rebuilds a table to alter
        it) with every row it held: accounts keep their role grants, plans their actions."""
        engine = new_database()
        migrations.upgrade(engine)
        with Session(engine) as session:
            load_demo(session, settings=Settings(data_dir=tmp_path))
            session.commit()
        seeded = _row_counts(engine)
        assert seeded["role_grants"] > 0 and seeded["participations"] > 0

        # Down to each of the last two revisions and up again; down to the one before
        # those would drop tables they made, with their rows.
        revisions = [script.revision for script in _scripts().walk_revisions()]
        for revision in revisions[1:3]:
            migrations.downgrade(engine, revision)
            down = _row_counts(engine)
            assert down == {table: seeded[table] for table in down}, (
                f"rows lost going to {revision}"
            )
            migrations.upgrade(engine)
            up = _row_counts(engine)
            assert {table: up[table] for table in down} == down, f"rows lost from {revision} up"


def _row_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            table: connection.execute(
                select(func.count()).select_from(sa_table(table))
            ).scalar_one()
            for table in inspect(connection).get_table_names()
            if table != "alembic_version"
        }


class TestHistory:
    def test_file_names_start_with_their_dated_revision_id(self) -> None:
        for script in _scripts().walk_revisions():
            match = DATED_REVISION.match(script.revision)
            assert match, f"revision id {script.revision!r} is not YYYYMMDD_NN"
            datetime.strptime(match["date"], "%Y%m%d")  # a real calendar date
            assert script.path is not None
            assert Path(script.path).name.startswith(f"{script.revision}_")

    def test_every_migration_file_is_a_revision_of_the_history(self) -> None:
        scripts = _scripts()
        versions = Path(scripts.versions)
        files = {path.name for path in versions.glob("*.py") if not path.name.startswith("_")}
        revision_files = {Path(str(script.path)).name for script in scripts.walk_revisions()}
        assert files == revision_files

    def test_history_is_linear_with_one_head_and_ids_in_date_order(self) -> None:
        scripts = _scripts()
        history = list(reversed(list(scripts.walk_revisions())))  # base first
        assert len(scripts.get_heads()) == 1
        assert len(scripts.get_bases()) == 1
        for older, newer in pairwise(history):
            assert newer.down_revision == older.revision
        ids = [script.revision for script in history]
        assert ids == sorted(ids)
