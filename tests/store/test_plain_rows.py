"""plain_rows: the rows of a select of plain columns, read through the SQLite driver without
SQLAlchemy's per-row work, must be the very values SQLAlchemy's own rows hold (the generic path,
which PostgreSQL takes)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select, text

from app.store import plain_rows as plain_rows_module
from app.store.bulk import bulk_insert
from app.store.changelog import Actor
from app.store.ids import new_id
from app.store.models import Household, IncomeRecord, Member, RigidExpense
from app.store.plain_rows import plain_columns, plain_rows

ACTOR = Actor("导入员", "county", "131122000000")


def _write_odd_rows(ctx) -> str:
    """A household whose columns hold what conversions get wrong: None and False booleans, a date,
    an amount with a fraction of a cent, JSON lists (empty, Chinese, a 21-digit integer)."""
    household_id = new_id()
    with ctx.db.write(ACTOR) as session:
        bulk_insert(session, Household, [{"id": household_id, "village_code": "131122100201",
                                          "household_type": "脱贫户", "head_name": "王五",
                                          "housing_secure": False, "last_visit_date": date(2024, 2, 29)}])
        bulk_insert(session, Member, [
            {"household_id": household_id, "name": "王五", "relation": "户主",
             "health": ["残疾", "患有大病"], "health_changed_on": date(2024, 3, 1)},
            {"household_id": household_id, "name": "王小", "relation": "之子", "health": []},
            {"household_id": household_id, "name": "王丽", "relation": "之女", "health": ["健康"],
             "deleted": True}])
        bulk_insert(session, IncomeRecord, [
            {"household_id": household_id, "year": year, "assessed_on": date(year, 12, 1),
             "household_size": 3, "per_capita_income": amount}
            for year, amount in ((2022, Decimal("6600.10")), (2023, Decimal("5200")))])
        bulk_insert(session, RigidExpense, [{"household_id": household_id, "kind": "医疗住院",
                                             "occurred_on": date(2024, 1, 5),
                                             "out_of_pocket": Decimal("12345.67")}])
        # A fraction of a cent, as a device's float could store it: rounded as SQLAlchemy rounds it.
        session.execute(text("UPDATE rigidexpense SET total_amount = 0.125 WHERE household_id = :h"),
                        {"h": household_id})
        # An integer JSON holds exactly that orjson would read as a float (a file may say anything).
        session.execute(text("UPDATE member SET health = '[\"残疾\", 123456789012345678901]' "
                             "WHERE household_id = :h AND name = '王小'"), {"h": household_id})
    return household_id


def _statements(household_id: str) -> list:
    return [
        select(Household.id, Household.deleted, Household.housing_secure, Household.last_visit_date,
               Household.member_count, Household.head_name).where(Household.id == household_id),
        select(Member.id, Member.name, Member.deleted, Member.health, Member.health_changed_on)
        .where(Member.household_id == household_id).order_by(Member.name),
        select(IncomeRecord.household_id, IncomeRecord.per_capita_income)
        .where(IncomeRecord.household_id == household_id).order_by(IncomeRecord.year.desc()),
        select(RigidExpense.kind, RigidExpense.occurred_on, RigidExpense.out_of_pocket,
               RigidExpense.total_amount, RigidExpense.member_id)
        .where(RigidExpense.household_id == household_id),
    ]


@pytest.mark.parametrize("sparse", [10**9, 0], ids=["values-patched-into-rows", "rows-as-columns"])
def test_plain_rows_hold_what_sqlalchemy_rows_hold(ctx, monkeypatch, sparse) -> None:
    """Both ways of converting: only the values there are patched into their rows (what a column
    of mostly None gets), or every row turned into columns and back."""
    monkeypatch.setattr(plain_rows_module, "SPARSE", sparse)
    household_id = _write_odd_rows(ctx)
    with ctx.db.read() as session:
        for statement in _statements(household_id):
            expected = session.execute(statement).all()
            got = plain_rows(session, statement)
            assert [tuple(row) for row in got] == [tuple(row) for row in expected]
            # The same Python types, not only equal values (a 0/1 is not a bool, 5200 not 5200.00).
            assert [[(type(v), str(v)) for v in row] for row in got] == [
                [(type(v), str(v)) for v in row] for row in expected]
            names = list(statement.selected_columns.keys())
            assert [[getattr(row, name) for name in names] for row in got] == [
                [getattr(row, name) for name in names] for row in expected]


def test_plain_rows_of_nothing(ctx) -> None:
    with ctx.db.read() as session:
        assert plain_rows(session, select(Member.id, Member.health).where(Member.id == "none")) == []


def test_plain_columns_hold_what_sqlalchemy_rows_hold(ctx) -> None:
    household_id = _write_odd_rows(ctx)
    with ctx.db.read() as session:
        for statement in _statements(household_id):
            expected = [tuple(row) for row in session.execute(statement).all()]
            got = plain_columns(session, statement)
            assert [tuple(column) for column in got] == list(zip(*expected, strict=True))
            assert [[type(v) for v in column] for column in got] == [
                [type(v) for v in column] for column in zip(*expected, strict=True)]
        assert plain_columns(session, select(Member.id, Member.health).where(Member.id == "none")) == [(), ()]


def test_values_are_patched_into_rows_only_when_a_conversion_keeps_none() -> None:
    """Rows whose converted columns are None are left as read only if every conversion gives None
    for None, as SQLAlchemy's own do; a custom type's that refuses None or makes something of it
    sends the rows through the conversion of every value."""
    from app.store.plain_rows import _keeps_none

    def refuses(value: object) -> object:
        return len(value)  # type: ignore[arg-type]

    assert _keeps_none(lambda value: value) and not _keeps_none(lambda value: "默认")
    assert not _keeps_none(refuses)
