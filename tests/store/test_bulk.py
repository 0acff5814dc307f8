from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select, text

from app.store.bulk import bulk_insert
from app.store.changelog import Actor
from app.store.ids import new_id
from app.store.models import ChangeLog, Household, IncomeRecord, Member
from app.sync.log_reader import log_entries

ACTOR = Actor("导入员", "county", "131122000000")


def test_bulk_rows_are_stamped_defaulted_and_logged_like_orm_rows(ctx) -> None:
    household_id = new_id()
    with ctx.db.write(ACTOR) as session:
        bulk_insert(session, Household, [{"id": household_id, "village_code": "131122100201",
                                          "household_type": "一般农户", "head_name": "王五"}])
        bulk_insert(session, Member, [{"household_id": household_id, "name": n,
                                       "relation": "户主" if n == "王五" else "之子"}
                                      for n in ("王五", "王小")])
    with ctx.db.read() as session:
        household = session.get(Household, household_id)
        members = session.scalars(select(Member).where(Member.household_id == household_id)).all()
        log = session.scalars(select(ChangeLog).where(ChangeLog.user_name == "导入员")
                              .order_by(ChangeLog.seq)).all()
    assert household.created_hlc and household.created_hlc == household.updated_hlc
    assert household.house_safety == "安全" and household.deleted is False
    assert [m.health for m in members] == [[], []]
    assert [c.row_id for c in log] == [household_id, *(m.id for m in members)]
    assert all(c.op == "insert" for c in log)
    assert all(c.fields is None for c in log)  # the rows hold the values
    with ctx.db.read() as session:
        rebuilt = log_entries(session, "household", [household_id])
    assert rebuilt[0]["fields"] == {"village_code": "131122100201", "household_type": "一般农户",
                                    "head_name": "王五"}
    assert [c.seq for c in log] == list(range(log[0].seq, log[0].seq + 3))


def test_bulk_insert_needs_a_write_session(ctx) -> None:
    with ctx.db.read() as session, pytest.raises(RuntimeError, match="write session"):
        bulk_insert(session, Household, [{"village_code": "131122100201",
                                          "household_type": "一般农户"}])


def _stored(session, table: str, row_id: str) -> dict:
    """A row as the database holds it (value and the driver's type of every column), bookkeeping aside."""
    cursor = session.execute(text(f"SELECT * FROM {table} WHERE id = :id"), {"id": row_id})
    values = dict(zip(cursor.keys(), cursor.one(), strict=True))
    skip = {"id", "created_hlc", "updated_hlc", "household_id"}
    return {k: (v, type(v).__name__) for k, v in values.items() if k not in skip}


@pytest.mark.parametrize("through_driver", [True, False], ids=["driver", "sqlalchemy"])
def test_bulk_rows_are_stored_and_logged_exactly_as_orm_rows(ctx, monkeypatch, through_driver) -> None:
    from app.store import bulk

    if through_driver and ctx.db.dialect != "sqlite":
        pytest.skip("the straight-to-the-driver path is the SQLite file's; PostgreSQL goes through SQLAlchemy")
    monkeypatch.setattr(bulk, "_through_driver", lambda _connection: through_driver)
    values = {"village_code": "131122100201", "household_type": "脱贫户", "head_name": "王'五",
              "house_area_m2": Decimal("80.50"), "member_count": 3}
    member = {"name": "王小", "relation": "之子", "health": ["残疾", "长期慢性病"],
              "birth_date": date(2010, 5, 1), "lives_in_household": False, "migrant_work_months": 0}
    income = {"year": 2025, "assessed_on": date(2025, 12, 31), "household_size": 3,
              "wage": Decimal("1200.50"), "per_capita_income": Decimal("400.17")}
    with ctx.db.write(ACTOR) as session:
        orm_household = Household(**values)
        session.add(orm_household)
        session.flush()
        orm_member = Member(household_id=orm_household.id, **member)
        orm_income = IncomeRecord(household_id=orm_household.id, **income)
        session.add_all([orm_member, orm_income])
        session.flush()
        bulk_id = new_id()
        bulk_insert(session, Household, [{**values, "id": bulk_id}])
        bulk_insert(session, Member, [{**member, "household_id": bulk_id}])
        bulk_insert(session, IncomeRecord, [{**income, "household_id": bulk_id}])
    with ctx.db.read() as session:
        bulk_member = session.scalar(select(Member).where(Member.household_id == bulk_id))
        bulk_income = session.scalar(select(IncomeRecord).where(IncomeRecord.household_id == bulk_id))
        pairs = [("household", orm_household.id, bulk_id), ("member", orm_member.id, bulk_member.id),
                 ("incomerecord", orm_income.id, bulk_income.id)]
        for table, orm_id, bulk_row_id in pairs:
            assert _stored(session, table, orm_id) == _stored(session, table, bulk_row_id), table
            type_of = "typeof(seen)" if ctx.db.dialect == "sqlite" else "json_typeof(seen)"
            logged = [session.execute(text(
                f"SELECT op, fields IS NULL, seen, user_name, {type_of} FROM changelog WHERE row_id = :id"),
                {"id": row_id}).one() for row_id in (orm_id, bulk_row_id)]
            assert logged[0] == logged[1] and logged[0][1], table
            orm_fields, bulk_fields = (log_entries(session, table, [row_id])[0]["fields"]
                                       for row_id in (orm_id, bulk_row_id))
            orm_fields.pop("household_id", None)
            bulk_fields.pop("household_id", None)
            assert orm_fields == bulk_fields, table
        stamps = session.execute(text("SELECT hlc, seq FROM changelog WHERE user_name = :user ORDER BY seq"),
                                 {"user": ACTOR.user_name}).all()
    assert [s for s, _ in stamps] == sorted(s for s, _ in stamps) and len({s for s, _ in stamps}) == len(stamps)
    assert [q for _, q in stamps] == list(range(stamps[0][1], stamps[0][1] + len(stamps)))


def test_rows_giving_different_columns_in_one_batch_keep_their_order_stamps_and_values(ctx) -> None:
    household_id = new_id()
    given = [{"name": "王五", "relation": "户主"},
             {"name": "王小", "relation": "之子", "health": ["残疾"], "birth_date": date(2010, 5, 1)},
             {"name": "王二", "relation": "之女"},
             {"name": "王三", "relation": "之子", "health": ["长期慢性病"], "birth_date": date(2012, 1, 2)},
             {"id": new_id(), "name": "王四", "relation": "之女", "migrant_work_months": 3}]
    with ctx.db.write(ACTOR) as session:
        bulk_insert(session, Household, [{"id": household_id, "village_code": "131122100201",
                                          "household_type": "一般农户"}])
        bulk_insert(session, Member, [{**row, "household_id": household_id} for row in given])
    with ctx.db.read() as session:
        members = {m.name: m for m in session.scalars(select(Member).where(Member.household_id == household_id))}
        log = session.scalars(select(ChangeLog).where(ChangeLog.table_name == "member")
                              .order_by(ChangeLog.seq)).all()
    assert [members[r["name"]].id for r in given] == [c.row_id for c in log]
    assert [c.hlc for c in log] == [members[r["name"]].created_hlc for r in given] == sorted(c.hlc for c in log)
    assert [c.seq for c in log] == list(range(log[0].seq, log[0].seq + len(given)))
    assert members["王四"].id == given[4]["id"] and members["王四"].migrant_work_months == 3
    assert [members[n].health for n in ("王五", "王小", "王二", "王三")] == [[], ["残疾"], [], ["长期慢性病"]]
    assert members["王三"].birth_date == date(2012, 1, 2) and members["王二"].birth_date is None
