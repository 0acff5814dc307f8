"""Migration 0013: a database of the previous version gains the drafts table, its data intact."""

from collections.abc import Callable

from sqlalchemy import text

from app.store import migrate
from app.store.database import open_database
from app.store.engine import make_engine

PASSWORD = "old-version"


def test_a_0012_database_gains_an_empty_drafts_table(new_database: Callable[[str], str]) -> None:
    location = new_database("at_0012")
    engine = make_engine(location, PASSWORD)
    migrate.upgrade(engine, "0012")
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO device (id, name, role, division_code, is_self, created_at) VALUES "
            "('01a20000-0000-7000-8000-000000000001', '老设备', 'worker', '131122100201', true,"
            " '2025-01-01 00:00:00')"))
    engine.dispose()
    db = open_database(location, PASSWORD)
    try:
        assert migrate.current_revision(db.engine) >= "0013"
        with db.read() as session:
            assert session.execute(text("SELECT count(*) FROM formdraft")).scalar() == 0
        assert db.device.name == "老设备"
    finally:
        db.close()
