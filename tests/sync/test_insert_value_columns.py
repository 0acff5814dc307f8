"""Insert values read by column (the export's path) are the values read row by row."""

import pytest
from sqlalchemy import select

from app.services.demo import DemoService
from app.store import insert_values as insert_values_module
from app.store.insert_values import insert_value_columns, insert_values
from app.store.models import SYNCED_BY_NAME, ChangeLog


def _by_rows(session, table_name: str, row_ids: list[str]) -> dict[str, tuple[list[int], list]]:
    """What insert_values gives, turned into columns."""
    found = insert_values(session, table_name, row_ids)
    columns: dict[str, tuple[list[int], list]] = {}
    for index, row_id in enumerate(row_ids):
        for name, value in found[row_id].items():
            columns.setdefault(name, ([], []))
            columns[name][0].append(index)
            columns[name][1].append(value)
    return columns


@pytest.mark.parametrize("scan_from", [0, 5_000])  # the whole table scanned, or the rows looked up
def test_every_table_gives_the_same_values_by_column_as_by_row(ctx, monkeypatch, scan_from) -> None:
    monkeypatch.setattr(insert_values_module, "_SCAN_FROM", scan_from)
    DemoService(ctx).generate(60, seed=5)
    compared = 0
    with ctx.db.read() as session:
        for table_name in SYNCED_BY_NAME:
            # Newest first: the order of row ids is not the table's order.
            row_ids = list(dict.fromkeys(session.scalars(
                select(ChangeLog.row_id).where(ChangeLog.table_name == table_name, ChangeLog.op == "insert")
                .order_by(ChangeLog.hlc.desc()))))
            by_column = insert_value_columns(session, table_name, row_ids)
            assert by_column == _by_rows(session, table_name, row_ids), table_name
            compared += len(row_ids)
    assert compared > 800


def test_a_row_id_without_its_row_is_refused(ctx) -> None:
    DemoService(ctx).generate(3, seed=5)
    with ctx.db.read() as session:
        row_id = session.scalar(select(ChangeLog.row_id).where(ChangeLog.table_name == "household"))
        with pytest.raises(LookupError, match="missing"):
            insert_value_columns(session, "household", [row_id, "no-such-row"])
        with pytest.raises(ValueError):
            insert_value_columns(session, "household", [row_id, row_id])
        assert insert_value_columns(session, "household", []) == {}


@pytest.mark.parametrize("scan_from", [0, 5_000])
def test_odd_stored_values_give_the_same_values_by_column_as_by_row(ctx, backend, monkeypatch, scan_from) -> None:
    """On SQLite the columns are read as JSON that SQLite makes: values it cannot put in JSON (a
    blob, an infinite amount) and values JSON must escape come out as the row-by-row read gives them."""
    if backend != "sqlite":
        pytest.skip("stored forms only SQLite lets a column hold")
    monkeypatch.setattr(insert_values_module, "_SCAN_FROM", scan_from)
    DemoService(ctx).generate(4, seed=5)
    with ctx.db.read() as session:
        row_ids = list(session.scalars(select(ChangeLog.row_id).where(
            ChangeLog.table_name == "household", ChangeLog.op == "insert").order_by(ChangeLog.hlc)))
    odd = {"note": "引号\"、反斜杠\\、控制符\u0001\u001f、换行\n、𠀀", "house_area_m2": 0.30000000000000004,
           "farmland_mu": 1 / 3, "forest_mu": 1e300, "phone": "\ud7ff\ue000\uffff"}
    with ctx.db.engine.begin() as connection:
        for name, value in odd.items():
            connection.exec_driver_sql(f'UPDATE household SET "{name}" = ? WHERE id = ?', (value, row_ids[1]))
    with ctx.db.read() as session:
        assert insert_value_columns(session, "household", row_ids) == _by_rows(session, "household", row_ids)
    for name, value in {"forest_mu": float("inf"), "address": b"\x00\xff"}.items():
        with ctx.db.engine.begin() as connection:
            connection.exec_driver_sql(f'UPDATE household SET "{name}" = ? WHERE id = ?', (value, row_ids[2]))
        with ctx.db.read() as session:
            assert insert_value_columns(session, "household", row_ids) == _by_rows(session, "household", row_ids)


@pytest.mark.parametrize("scan_from", [0, 5_000])
def test_some_rows_of_a_table_in_any_order_give_the_same_values_as_by_row(ctx, monkeypatch, scan_from) -> None:
    monkeypatch.setattr(insert_values_module, "_SCAN_FROM", scan_from)
    DemoService(ctx).generate(20, seed=7)
    with ctx.db.read() as session:
        for table_name in ("household", "member", "visit"):
            row_ids = list(dict.fromkeys(session.scalars(select(ChangeLog.row_id).where(
                ChangeLog.table_name == table_name, ChangeLog.op == "insert").order_by(ChangeLog.hlc))))
            for some in (row_ids[::2], row_ids[::-3]):  # every other row; a third of them, newest first
                assert insert_value_columns(session, table_name, some) == _by_rows(session, table_name, some)
