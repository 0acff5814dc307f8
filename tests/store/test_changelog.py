import pytest
from sqlalchemy import delete, select

from app.store.changelog import Actor
from app.store.models import ChangeLog, Household
from app.sync.log_reader import log_entries

ACTOR = Actor("测试员", "county", "131122000000")


def _log(db) -> list[ChangeLog]:
    with db.read() as session:
        return list(session.scalars(select(ChangeLog).where(
            ChangeLog.device_id == db.device.id).order_by(ChangeLog.seq)))


def test_insert_update_and_tombstone_are_each_one_numbered_change(ctx) -> None:
    db = ctx.db
    before = len(_log(db))
    with db.write(ACTOR) as session:
        household = Household(village_code="131122100201", household_type="一般农户")
        session.add(household)
    with db.write(ACTOR) as session:
        row = session.get(Household, household.id)
        row.phone = "13800000000"
        row.address = "一组5号"
    with db.write(ACTOR) as session:
        session.get(Household, household.id).deleted = True
    changes = _log(db)[before:]
    assert [c.op for c in changes] == ["insert", "update", "delete"]
    assert [c.seq for c in changes] == list(range(changes[0].seq, changes[0].seq + 3))
    # The row held the insert's values until its first change, which wrote them into the entry.
    assert changes[0].fields == {"village_code": "131122100201", "household_type": "一般农户"}
    assert changes[1].fields == {"phone": "13800000000", "address": "一组5号"}
    assert changes[1].seen == {"phone": changes[0].hlc, "address": changes[0].hlc}
    assert all(c.user_name == "测试员" for c in changes)
    assert changes[0].hlc < changes[1].hlc < changes[2].hlc
    with db.read() as session:
        row = session.get(Household, household.id)
    assert row.stamp_of("phone") == changes[1].hlc
    assert row.stamp_of("deleted") == changes[2].hlc
    assert row.stamp_of("village_code") == changes[0].hlc


def test_setting_a_field_to_its_current_value_records_nothing(ctx) -> None:
    with ctx.db.write(ACTOR) as session:
        household = Household(village_code="131122100201", household_type="一般农户", phone="1")
        session.add(household)
    count = len(_log(ctx.db))
    with ctx.db.write(ACTOR) as session:
        session.get(Household, household.id).phone = "1"
    assert len(_log(ctx.db)) == count


def test_a_failed_write_leaves_neither_rows_nor_changes(ctx) -> None:
    count = len(_log(ctx.db))
    with pytest.raises(RuntimeError), ctx.db.write(ACTOR) as session:
        session.add(Household(village_code="131122100201", household_type="一般农户"))
        session.flush()
        raise RuntimeError("boom")
    assert len(_log(ctx.db)) == count
    with ctx.db.read() as session:
        assert session.scalars(select(Household)).all() == []


def test_synchronised_rows_cannot_be_written_outside_a_write_session(ctx) -> None:
    with ctx.db.read() as session:
        session.add(Household(village_code="131122100201", household_type="一般农户"))
        with pytest.raises(RuntimeError, match="write session"):
            session.flush()


def test_synchronised_rows_are_never_physically_deleted(ctx) -> None:
    with ctx.db.write(ACTOR) as session:
        household = Household(village_code="131122100201", household_type="一般农户")
        session.add(household)
    with pytest.raises(RuntimeError, match="tombstoned"), ctx.db.write(ACTOR) as session:
        session.delete(session.get(Household, household.id))
        session.flush()
    with ctx.db.read() as session:
        assert session.scalar(select(Household).where(Household.id == household.id))
    assert delete  # bulk deletes are not used anywhere; the ORM path is what is guarded


def test_sequence_continues_after_reopening(ctx) -> None:
    from app.services.setup import open_context
    from tests.conftest import PASSWORD

    with ctx.db.write(ACTOR) as session:
        session.add(Household(village_code="131122100201", household_type="一般农户"))
    last = _log(ctx.db)[-1]
    location = ctx.db.location
    ctx.db.close()
    reopened = open_context(location, PASSWORD)
    try:
        with reopened.db.write(ACTOR) as session:
            session.add(Household(village_code="131122100201", household_type="一般农户"))
        newest = _log(reopened.db)[-1]
        assert newest.seq == last.seq + 1
        assert newest.hlc > last.hlc
    finally:
        reopened.db.close()


def test_an_insert_records_what_differs_from_the_defaults(ctx) -> None:
    with ctx.db.write(ACTOR) as session:
        session.add(Household(village_code="131122100201", household_type="一般农户",
                              phone="13800000000"))
    insert = _log(ctx.db)[-1]
    assert insert.op == "insert" and insert.fields is None
    with ctx.db.read() as session:
        rebuilt = log_entries(session, "household", [insert.row_id])
    assert [e["fields"] for e in rebuilt] == [{"village_code": "131122100201", "household_type": "一般农户",
                                               "phone": "13800000000"}]
