"""Households and their members: every write validated, attributed and logged."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from app.domain.categories import HEAD_RELATION, RELATIONS
from app.domain.divisions import DivisionLevel, is_within, normalize_code
from app.domain.errors import UserFacingError
from app.domain.household_number import (
    device_tag,
    local_number,
    local_prefix,
    normalise_scan,
    scanned_household_id,
    sequence_of,
)
from app.domain.idnumber import mask_id_number, parse_id_number
from app.domain.members import check_member_values
from app.domain.pinyin import name_initials
from app.services import voiding
from app.services.context import ServiceContext
from app.services.fields import HOUSEHOLD_FIELDS, MEMBER_FIELDS, parse_fields
from app.services.rows import live, require
from app.services.unit_of_work import UnitOfWork
from app.store.hlc import node_of_device
from app.store.models import (
    Assignment,
    AssistancePerson,
    CaseStep,
    Division,
    Household,
    IncomeRecord,
    Measure,
    Member,
    MonitoringCase,
    RigidExpense,
    RiskWarning,
    Visit,
)

HEAD = HEAD_RELATION


@dataclass
class HouseholdDetail:
    household: Household
    village_name: str
    members: list[Member]
    incomes: list[IncomeRecord] = field(default_factory=list)
    expenses: list[RigidExpense] = field(default_factory=list)
    visits: list[Visit] = field(default_factory=list)
    cases: list[MonitoringCase] = field(default_factory=list)
    steps: dict[str, list[CaseStep]] = field(default_factory=dict)
    assignments: list[tuple[Assignment, AssistancePerson]] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    warnings: list[RiskWarning] = field(default_factory=list)

    @property
    def head(self) -> Member | None:
        return next((m for m in self.members if m.relation == HEAD), None)

    @property
    def active_case(self) -> MonitoringCase | None:
        return next((c for c in self.cases if not c.closed), None)


class HouseholdService:
    """The household use cases: each is one unit of work around the helper of the same name."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def create(self, values: dict[str, Any], members: list[dict[str, Any]]) -> Household:
        with UnitOfWork(self.ctx) as uow:
            return create(uow, values, members)

    def update(self, household_id: str, changes: dict[str, Any]) -> Household:
        with UnitOfWork(self.ctx) as uow:
            return update(uow, household_id, changes)

    def add_member(self, household_id: str, values: dict[str, Any]) -> Member:
        with UnitOfWork(self.ctx) as uow:
            return add_member(uow, household_id, values)

    def update_member(self, member_id: str, changes: dict[str, Any]) -> Member:
        with UnitOfWork(self.ctx) as uow:
            return update_member(uow, member_id, changes)

    def remove_member(self, member_id: str, reason: str, note: str = "") -> None:
        with UnitOfWork(self.ctx) as uow:
            remove_member(uow, member_id, reason, note)

    def get(self, household_id: str) -> HouseholdDetail:
        with self.ctx.db.read() as session:
            return detail_of(session, household_id)

    def resolve(self, reference: str) -> str:
        """A household id from its full id, a unique id prefix, its 户编号, or a member's ID number."""
        reference = scanned_household_id(reference) or normalise_scan(reference)
        with self.ctx.db.read() as session:
            if session.get(Household, reference) is not None:
                return reference
            matches = session.scalars(select(Household.id).where(
                Household.id.startswith(reference), live(Household)).limit(2)).all() \
                if len(reference) >= 8 else []
            if not matches:
                matches = session.scalars(select(Member.household_id).where(
                    Member.id_number == reference.upper(), live(Member)).limit(2)).all()
            if not matches:
                matches = session.scalars(select(Household.id).where(
                    Household.household_number == reference, live(Household)).limit(2)).all()
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise UserFacingError(f"“{reference}”对应多户，请输入更长的户编码。")
        raise UserFacingError(f"找不到农户“{reference}”（可以输入户编码或成员身份证号）。")


# --- helpers: each writes through the caller's unit of work ------------------------------------
# The unit of work's upkeep sets head name, initials and member count and runs the warning rules
# for every household written here, once, before it commits.


def create(uow: UnitOfWork, values: dict[str, Any], members: list[dict[str, Any]]) -> Household:
    parsed = parse_fields(HOUSEHOLD_FIELDS, values, creating=True)
    if not members:
        raise UserFacingError("一户至少要登记一名成员（户主）。")
    heads = [m for m in members if str(m.get("relation", "")).strip() == HEAD]
    if len(heads) != 1:
        raise UserFacingError(f"每户必须有且只有一名户主，现在有 {len(heads)} 名。",
                              field="与户主关系")
    session = uow.session
    parsed["village_code"] = _village_in_scope(uow, parsed["village_code"])
    household = Household(**{"household_type": "一般农户", **parsed})
    if household.household_number:
        _check_unique_number(session, household)
    else:
        household.household_number = next_number(uow, household.village_code)
    new_members: list[Member] = []
    for position, values_of_member in enumerate(members, start=1):
        member = _new_member(session, household.id, values_of_member, where=f"第 {position} 名成员")
        if any(m.id_number == member.id_number for m in new_members):
            raise UserFacingError(f"第 {position} 名成员的身份证号与本户另一成员重复。",
                                  field="身份证号")
        new_members.append(member)
    session.add(household)
    session.add_all(new_members)
    return household


def update(uow: UnitOfWork, household_id: str, changes: dict[str, Any]) -> Household:
    parsed = parse_fields(HOUSEHOLD_FIELDS, changes)
    household = require(uow.session, Household, household_id)
    if "village_code" in parsed:
        parsed["village_code"] = _village_in_scope(uow, parsed["village_code"])
    for name, value in parsed.items():
        setattr(household, name, value)
    if parsed.get("household_number"):
        _check_unique_number(uow.session, household)
    return household


def next_number(uow: UnitOfWork, village_code: str) -> str:
    """The next 户编号 this device gives out in the village (app/domain/household_number.py)."""
    tag = device_tag(node_of_device(uow.ctx.db.device.id))
    prefix = local_prefix(village_code, tag)
    taken = uow.session.scalars(select(Household.household_number).where(
        Household.household_number >= prefix, Household.household_number < prefix + "\U0010ffff"))
    return local_number(village_code, tag, max((sequence_of(n, prefix) for n in taken), default=0) + 1)


def _check_unique_number(session: Session, household: Household) -> None:
    other = session.scalar(select(Household).where(
        Household.household_number == household.household_number, Household.id != household.id,
        live(Household)).limit(1))
    if other is not None:
        raise UserFacingError(f"户编号 {household.household_number} 已是{other.head_name}户的户编号，"
                              "同一户编号不能用于两户。", field="户编号")


def detail_of(session: Session, household_id: str) -> HouseholdDetail:
    """Everything about one household, read in the caller's session."""
    household = require(session, Household, household_id)
    village = session.get(Division, household.village_code)
    detail = HouseholdDetail(
        household=household,
        village_name=village.name if village else household.village_code,
        members=sorted(_children(session, Member, household_id), key=family_order),
        incomes=_children(session, IncomeRecord, household_id, IncomeRecord.year.desc()),
        expenses=_children(session, RigidExpense, household_id, RigidExpense.occurred_on.desc()),
        visits=_children(session, Visit, household_id, Visit.visit_date.desc()),
        cases=_children(session, MonitoringCase, household_id, MonitoringCase.proposed_on.desc()),
        measures=_children(session, Measure, household_id, Measure.start_date.desc()),
        warnings=_children(session, RiskWarning, household_id, RiskWarning.raised_on.desc()),
    )
    case_ids = [c.id for c in detail.cases]
    for step in session.scalars(select(CaseStep).where(
            CaseStep.case_id.in_(case_ids), live(CaseStep))
            .order_by(CaseStep.acted_on, CaseStep.created_hlc)):
        detail.steps.setdefault(step.case_id, []).append(step)
    detail.assignments = [
        (a, p) for a, p in session.execute(
            select(Assignment, AssistancePerson)
            .join(AssistancePerson, AssistancePerson.id == Assignment.person_id)
            .where(Assignment.household_id == household_id, live(Assignment))
            .order_by(Assignment.start_date.desc())).all()]
    return detail


def add_member(uow: UnitOfWork, household_id: str, values: dict[str, Any]) -> Member:
    session = uow.session
    require(session, Household, household_id)
    member = _new_member(session, household_id, values, where="新成员")
    if member.relation == HEAD and _head_of(session, household_id) is not None:
        raise UserFacingError("这一户已经有户主。如要更换户主，请先把原户主改为其他关系。",
                              field="与户主关系")
    session.add(member)
    return member


def update_member(uow: UnitOfWork, member_id: str, changes: dict[str, Any]) -> Member:
    parsed = parse_fields(MEMBER_FIELDS, changes)
    session = uow.session
    member = require(session, Member, member_id)
    merged = {name: getattr(member, name) for name in MEMBER_FIELDS} | parsed
    _apply_member_values(member, merged)
    _check_unique_id(session, member)
    heads = session.scalars(select(Member).where(
        Member.household_id == member.household_id, Member.relation == HEAD,
        Member.id != member.id, live(Member))).all()
    if member.relation == HEAD and heads:
        raise UserFacingError(
            f"这一户已有户主{heads[0].name}。如要更换户主，请先把原户主改为其他关系。",
            field="与户主关系")
    return member


def remove_member(uow: UnitOfWork, member_id: str, reason: str, note: str = "") -> None:
    """A member leaves the household's register with a reason (去世, 迁出, 重复录入 …): voided."""
    voiding.void_member(uow, member_id, reason, note)


def _village_in_scope(uow: UnitOfWork, raw_code: str) -> str:
    code = normalize_code(raw_code)
    village = uow.session.get(Division, code)
    if village is None or village.level != DivisionLevel.VILLAGE:
        raise UserFacingError(f"村代码 {raw_code} 不是本数据库区划表中的村。", field="所在村")
    if not is_within(code, uow.ctx.scope_code):
        raise UserFacingError(f"{village.name}（{code}）不在本机的工作范围内。", field="所在村")
    return code


def _new_member(session: Session, household_id: str, values: dict[str, Any], where: str) -> Member:
    try:
        parsed = parse_fields(MEMBER_FIELDS, values, creating=True)
        member = Member(household_id=household_id, name="", relation="")
        _apply_member_values(member, {"ethnicity": "汉族", "lives_in_household": True, **parsed})
        _check_unique_id(session, member)
    except UserFacingError as error:
        raise UserFacingError(error.message, field=error.field, location=where) from None
    return member


def _check_unique_id(session: Session, member: Member) -> None:
    other = session.execute(
        select(Member, Household).join(Household, Household.id == Member.household_id)
        .where(Member.id_number == member.id_number, Member.id != member.id, live(Member))
    ).first()
    if other is None:
        return
    holder, household = other
    village = session.get(Division, household.village_code)
    raise UserFacingError(
        f"身份证号 {mask_id_number(member.id_number)} 已登记在"
        f"{village.name if village else household.village_code}"
        f"{household.head_name}户（成员{holder.name}，户编码 {household.id}），"
        "同一人不能登记在两户。", field="身份证号")


def _apply_member_values(member: Member, values: dict[str, Any]) -> None:
    info = parse_id_number(values["id_number"])
    check_member_values(values)
    for name, value in values.items():
        setattr(member, name, value)
    member.id_number = info.number
    member.id_number_reversed = info.number[::-1]
    member.sex = str(info.sex)
    member.birth_date = info.birth_date
    member.name_initials = name_initials(member.name)


def family_order(member: Member) -> tuple[int, date]:
    """Head first, then relations in the official order, older before younger."""
    rank = RELATIONS.index(member.relation) if member.relation in RELATIONS else len(RELATIONS)
    return rank, member.birth_date or date.max


def _head_of(session: Session, household_id: str) -> Member | None:
    return session.scalar(select(Member).where(
        Member.household_id == household_id, Member.relation == HEAD, live(Member)))


def _children(session: Session, model: Any, household_id: str, *order: Any) -> list[Any]:
    return list(session.scalars(select(model).where(
        model.household_id == household_id, live(model)).order_by(*order)))
