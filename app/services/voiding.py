"""Voiding (作废) a member, a household or a measure entered by mistake or no longer true.

Nothing is deleted silently: the row is tombstoned (``deleted``, so every list and rule leaves it
out, and an older edit arriving later cannot bring it back) and keeps why — a reason from
``app.domain.voiding``, a note, who and when. These are ordinary field changes of a synchronised
row, so the voiding travels in bundles like any edit, and :func:`voided_in_household` and
:func:`voided_in_villages` read them back for the household's history and the 作废记录 ledger.

A mistaken procedure step is never voided: steps are append-only (the sync checks refuse an edited
step); it is answered by a new step, as the procedure allows.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlmodel import Session

from app.domain.categories import HEAD_RELATION
from app.domain.errors import UserFacingError
from app.domain.voiding import Voidable, VoidReason, check_void_reason
from app.services.context import ServiceContext
from app.services.rows import live, require
from app.services.unit_of_work import UnitOfWork
from app.store.models import Household, Measure, Member, MonitoringCase

VoidedRow = Household | Member | Measure


@dataclass(frozen=True)
class VoidedRecord:
    """One voided record as the history and the ledger show it (plain values, no session)."""

    kind: str  # a Voidable: 成员, 农户, 帮扶措施
    row_id: str
    household_id: str
    village_code: str
    household_number: str
    head_name: str
    what: str  # the member's name and relation, the household's head, the measure's kind
    reason: str
    note: str
    voided_by: str
    voided_on: date | None


class VoidService:
    """Each voiding is one unit of work."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def void_member(self, member_id: str, reason: str, note: str = "") -> Member:
        with UnitOfWork(self.ctx) as uow:
            return void_member(uow, member_id, reason, note)

    def void_household(self, household_id: str, reason: str, note: str = "") -> Household:
        with UnitOfWork(self.ctx) as uow:
            return void_household(uow, household_id, reason, note)

    def void_measure(self, measure_id: str, reason: str, note: str = "") -> Measure:
        with UnitOfWork(self.ctx) as uow:
            return void_measure(uow, measure_id, reason, note)

    def member_id(self, reference: str) -> str:
        """A member on the register, by ID number (the way people are known) or member code."""
        reference = reference.strip()
        with self.ctx.db.read() as session:
            found = session.scalars(select(Member.id).where(
                (Member.id_number == reference.upper()) | (Member.id == reference), live(Member))).all()
        if len(found) != 1:
            raise UserFacingError(f"找不到身份证号或成员编码为“{reference}”的在册成员。")
        return found[0]

    def history(self, household_id: str) -> list[VoidedRecord]:
        with self.ctx.db.read() as session:
            return voided_in_household(session, household_id)


def void_member(uow: UnitOfWork, member_id: str, reason: str, note: str = "") -> Member:
    """Void a member (去世, 迁出, 重复录入 …): the household's head must be changed first."""
    reason, note = check_void_reason(Voidable.MEMBER, reason, note)
    member = require(uow.session, Member, member_id)
    if member.relation == HEAD_RELATION:
        raise UserFacingError(f"{member.name}是户主，不能直接作废。请先把另一名成员改为户主，"
                              "再作废这名成员。")
    _void(uow, member, reason, note)
    uow.audit("void_member", member_id=member.id, household_id=member.household_id, reason=reason)
    return member


def void_household(uow: UnitOfWork, household_id: str, reason: str, note: str = "") -> Household:
    """Void a household entered twice or by mistake, with its members (same reason).

    A household in an open monitoring case is refused: the case is closed by its procedure first."""
    reason, note = check_void_reason(Voidable.HOUSEHOLD, reason, note)
    session = uow.session
    household = require(session, Household, household_id)
    open_case = session.scalar(select(MonitoringCase.id).where(
        MonitoringCase.household_id == household_id, MonitoringCase.closed == False,  # noqa: E712
        live(MonitoringCase)))
    if open_case is not None:
        raise UserFacingError(f"{household.head_name}户有尚未结束的监测案例，不能作废。"
                              "请先按程序处理该案例（如风险消除或终止监测）。")
    for member in session.scalars(select(Member).where(
            Member.household_id == household_id, live(Member))):
        _void(uow, member, reason, note or f"随{household.head_name}户一并作废")
    _void(uow, household, reason, note)
    uow.audit("void_household", household_id=household_id, reason=reason)
    return household


def void_measure(uow: UnitOfWork, measure_id: str, reason: str, note: str = "") -> Measure:
    """Void a measure recorded by mistake or twice (a measure that ended is closed, not voided)."""
    reason, note = check_void_reason(Voidable.MEASURE, reason, note)
    measure = require(uow.session, Measure, measure_id)
    _void(uow, measure, reason, note)
    uow.audit("void_measure", measure_id=measure.id, household_id=measure.household_id, reason=reason)
    return measure


def _void(uow: UnitOfWork, row: VoidedRow, reason: str, note: str) -> None:
    row.void_reason, row.void_note = reason, note
    row.voided_by, row.voided_on = uow.ctx.actor.user_name, uow.today
    row.deleted = True


# --- reading them back -------------------------------------------------------------------------


def voided_in_household(session: Session, household_id: str) -> list[VoidedRecord]:
    """The household's voided members and measures (and the household itself), newest first."""
    household = session.get(Household, household_id)
    if household is None:
        return []
    records = [_record(household, row) for row in (
        *session.scalars(select(Member).where(Member.household_id == household_id, _voided(Member))),
        *session.scalars(select(Measure).where(Measure.household_id == household_id, _voided(Measure))),
    )]
    records.sort(key=lambda r: r.voided_on or date.min, reverse=True)
    if household.deleted and household.void_reason:
        records.insert(0, _record(household, household))
    return records


def voided_in_villages(session: Session, village_codes: Collection[str]) -> list[VoidedRecord]:
    """Every voided record of these villages, by village and date (the 作废记录 ledger)."""
    codes = list(village_codes)
    records = [_record(h, h) for h in session.scalars(select(Household).where(
        Household.village_code.in_(codes), _voided(Household)))]
    for model in (Member, Measure):
        records += [_record(household, row) for row, household in session.execute(
            select(model, Household).join(Household, Household.id == model.household_id)
            .where(Household.village_code.in_(codes), _voided(model))).all()]
    return sorted(records, key=lambda r: (r.village_code, r.voided_on or date.min, r.household_id))


def _voided(model: type[VoidedRow]) -> object:
    return (model.deleted == True) & (model.void_reason != "")  # noqa: E712


def _record(household: Household, row: VoidedRow) -> VoidedRecord:
    if isinstance(row, Member):
        kind, what = Voidable.MEMBER, f"{row.name}（{row.relation}）"
    elif isinstance(row, Measure):
        kind, what = Voidable.MEASURE, f"{row.kind}{('：' + row.item) if row.item else ''}（{row.start_date}）"
    else:
        kind, what = Voidable.HOUSEHOLD, f"{row.head_name}户" + (
            f"（户编号 {row.household_number}）" if row.household_number else "")
    return VoidedRecord(str(kind), row.id, household.id, household.village_code, household.household_number,
                        household.head_name, what, row.void_reason,
                        row.void_note, row.voided_by, row.voided_on)


__all__ = ["VoidReason", "VoidService", "VoidedRecord", "void_household", "void_measure", "void_member",
           "voided_in_household", "voided_in_villages"]
