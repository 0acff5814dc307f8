import pytest
from sqlalchemy import select

from app.store.bulk import bulk_insert
from app.store.changelog import Actor
from app.store.ids import new_id
from app.store.models import ChangeLog, Household, Member

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
    assert log[0].fields["head_name"] == "王五"
    assert [c.seq for c in log] == list(range(log[0].seq, log[0].seq + 3))


def test_bulk_insert_needs_a_write_session(ctx) -> None:
    with ctx.db.read() as session, pytest.raises(RuntimeError, match="write session"):
        bulk_insert(session, Household, [{"village_code": "131122100201",
                                          "household_type": "一般农户"}])
