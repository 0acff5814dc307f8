"""The upkeep on rows written in bulk (an import, the merge bench's top-up): it reads households and
members as plain rows, writes only the households whose derived fields change, and keeps a head's
initials while the head's name is the same."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from app.domain.members import household_summary
from app.services.context import ServiceContext
from app.services.demo import DemoService
from app.services.unit_of_work import UnitOfWork
from app.store.bulk import bulk_insert
from app.store.models import ChangeLog, Household, Member


def test_initials_are_kept_while_the_head_is_the_same() -> None:
    members = [("张建国", "户主"), ("李秀英", "配偶")]
    assert household_summary(members)["head_initials"] == "zjg"
    # Stored initials stand for the same head: they are not read again.
    assert household_summary(members, known=("张建国", "kept"))["head_initials"] == "kept"
    assert household_summary(members, known=("王建国", "wjg"))["head_initials"] == "zjg"
    assert household_summary(members, known=("张建国", ""))["head_initials"] == "zjg"
    assert household_summary([("李秀英", "配偶")], known=("张建国", "zjg")) == {
        "head_name": "", "head_initials": "", "member_count": 1}


def _household_log(ctx: ServiceContext) -> dict[str, int]:
    with ctx.db.read() as session:
        return dict(session.execute(select(ChangeLog.row_id, func.count()).where(
            ChangeLog.table_name == Household.__tablename__).group_by(ChangeLog.row_id)).all())


def test_members_added_in_bulk_set_only_their_households(ctx: ServiceContext) -> None:
    DemoService(ctx).generate(12, seed=3)
    with ctx.db.read() as session:
        ids = sorted(session.scalars(select(Household.id)))
    grown = ids[:3]
    logged = _household_log(ctx)
    with UnitOfWork(ctx) as uow:
        bulk_insert(uow.session, Member, [
            {"household_id": household_id, "name": f"补{n}", "relation": "之子", "sex": "男",
             "birth_date": date(2001, 1, n + 1)} for n, household_id in enumerate(grown)])
        uow.touch(ids)  # all of them kept, as an import's touched households are
    with ctx.db.read() as session:
        counts = dict(session.execute(select(Member.household_id, func.count()).where(
            Member.deleted == False).group_by(Member.household_id)).all())  # noqa: E712
        stored = {h.id: h.member_count for h in session.scalars(select(Household))}
    assert stored == {household_id: counts.get(household_id, 0) for household_id in ids}
    written = {row_id for row_id, n in _household_log(ctx).items() if n > logged.get(row_id, 0)}
    assert written == set(grown)
