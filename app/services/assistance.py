"""Assistance persons (帮扶责任人) and their assignment to households, with history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session

from app.domain.divisions import is_within, normalize_code
from app.domain.errors import UserFacingError
from app.domain.warnings import WarningThresholds
from app.services.context import ServiceContext
from app.services.fields import FieldSpec, choice, parse_fields, phone, text
from app.services.policy import WARNING_THRESHOLDS, setting_from
from app.services.rows import live, require
from app.services.unit_of_work import UnitOfWork
from app.store.models import Assignment, AssistancePerson, Household

PERSON_FIELDS = {s.name: s for s in (
    FieldSpec("name", "姓名", text(40), required=True),
    FieldSpec("sex", "性别", choice(("男", "女"), blank_ok=True)),
    FieldSpec("phone", "联系电话", phone),
    FieldSpec("unit", "工作单位", text(100), required=True),
    FieldSpec("unit_relation", "隶属关系",
              choice(("中央", "省级", "市级", "县级", "乡镇", "村级", "其他"), blank_ok=True)),
    FieldSpec("post", "职务", text(40)),
    FieldSpec("political_status", "政治面貌",
              choice(("中共党员", "中共预备党员", "共青团员", "民主党派", "群众"), blank_ok=True)),
    FieldSpec("division_code", "所属区划", text(12)),
)}


@dataclass(frozen=True)
class PersonLoad:
    person: AssistancePerson
    households: int
    limit: int

    @property
    def over_limit(self) -> bool:
        return self.households > self.limit


@dataclass(frozen=True)
class AssignmentResult:
    assignment: Assignment
    workload_warning: str | None


class AssistanceService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def add_person(self, values: dict[str, Any]) -> AssistancePerson:
        parsed = parse_fields(PERSON_FIELDS, values, creating=True)
        parsed["division_code"] = self._division(parsed.get("division_code"))
        with UnitOfWork(self.ctx) as uow:
            session = uow.session
            person = AssistancePerson(**parsed)
            session.add(person)
        return person

    def update_person(self, person_id: str, changes: dict[str, Any]) -> AssistancePerson:
        parsed = parse_fields(PERSON_FIELDS, changes)
        if "division_code" in parsed:
            parsed["division_code"] = self._division(parsed["division_code"])
        with UnitOfWork(self.ctx) as uow:
            session = uow.session
            person = require(session, AssistancePerson, person_id)
            for name, value in parsed.items():
                setattr(person, name, value)
        return person

    def assign(self, household_id: str, person_id: str, *, reason: str, on: date | None = None,
               primary: bool = True) -> AssignmentResult:
        """Make ``person`` responsible for the household; a new primary person ends the old one."""
        on = on or self.ctx.today()
        with UnitOfWork(self.ctx) as uow:
            session = uow.session
            require(session, Household, household_id)
            person = require(session, AssistancePerson, person_id)
            if not person.active:
                raise UserFacingError(f"{person.name}已不再担任帮扶责任人，不能再分配农户。")
            current = _active(session, household_id)
            if any(a.person_id == person_id for a in current):
                raise UserFacingError(f"{person.name}已经是这一户的帮扶责任人。")
            if primary:
                for old in (a for a in current if a.is_primary):
                    if on < old.start_date:
                        raise UserFacingError("新的帮扶开始日期不能早于原帮扶责任人的开始日期。")
                    old.end_date = on
                    old.end_reason = reason or "更换帮扶责任人"
            assignment = Assignment(household_id=household_id, person_id=person_id,
                                    is_primary=primary, start_date=on, start_reason=reason)
            session.add(assignment)
            session.flush()
            load = _load(session, person_id)
            limit = _workload_limit(session)
        warning = None
        if load > limit:
            warning = f"{person.name}现在帮扶 {load} 户，超过上限 {limit} 户。"
        return AssignmentResult(assignment, warning)

    def end_assignment(self, assignment_id: str, *, reason: str,
                       on: date | None = None) -> Assignment:
        with UnitOfWork(self.ctx) as uow:
            return end_assignment(uow, assignment_id, reason=reason, on=on)

    def transfer_all(self, from_person_id: str, to_person_id: str, *, reason: str,
                     on: date | None = None, retire: bool = True) -> AssignmentResult | None:
        """A person leaves: every household they help passes to another, in one transaction.

        The old assignments end (the history stays), new ones start with the same role; a
        household the new person already helps keeps that assignment. ``retire`` marks the
        person who left as no longer assisting. Returns the last new assignment and the new
        person's workload warning, or None when there was nothing to move.
        """
        if not reason.strip():
            raise UserFacingError("请填写转移原因（如：工作调动、退休）。", field="原因")
        if from_person_id == to_person_id:
            raise UserFacingError("请选择另一位帮扶责任人接手。")
        on = on or self.ctx.today()
        last: Assignment | None = None
        with UnitOfWork(self.ctx) as uow:
            session = uow.session
            leaving = require(session, AssistancePerson, from_person_id)
            taking = require(session, AssistancePerson, to_person_id)
            if not taking.active:
                raise UserFacingError(f"{taking.name}已不再担任帮扶责任人，不能接手农户。")
            moving = session.scalars(select(Assignment).where(
                Assignment.person_id == from_person_id, Assignment.end_date.is_(None),
                live(Assignment))).all()
            already = set(session.scalars(select(Assignment.household_id).where(
                Assignment.person_id == to_person_id, Assignment.end_date.is_(None), live(Assignment))))
            for old in moving:
                if on < old.start_date:
                    raise UserFacingError(f"转移日期 {on} 早于{leaving.name}开始帮扶某户的日期 {old.start_date}。")
                old.end_date, old.end_reason = on, reason.strip()
                if old.household_id not in already:
                    last = Assignment(household_id=old.household_id, person_id=to_person_id,
                                      is_primary=old.is_primary, start_date=on, start_reason=reason.strip())
                    session.add(last)
            if retire:
                leaving.active = False
            session.flush()
            load, limit = _load(session, to_person_id), _workload_limit(session)
        if last is None:
            return None
        warning = f"{taking.name}现在帮扶 {load} 户，超过上限 {limit} 户。" if load > limit else None
        return AssignmentResult(last, warning)

    def loads(self) -> list[PersonLoad]:
        with self.ctx.db.read() as session:
            limit = _workload_limit(session)
            counts = dict(session.execute(
                select(Assignment.person_id, func.count()).where(
                    Assignment.end_date.is_(None), live(Assignment))
                .group_by(Assignment.person_id)).all())
            persons = session.scalars(select(AssistancePerson).where(
                live(AssistancePerson)).order_by(AssistancePerson.name)).all()
        return [PersonLoad(p, counts.get(p.id, 0), limit) for p in persons]

    def _division(self, raw: str | None) -> str:
        code = normalize_code(raw) if raw else self.ctx.scope_code
        if not is_within(code, self.ctx.scope_code):
            raise UserFacingError(f"区划 {code} 不在本机的工作范围内。", field="所属区划")
        return code



def end_assignment(uow: UnitOfWork, assignment_id: str, *, reason: str,
                   on: date | None = None) -> Assignment:
    if not reason.strip():
        raise UserFacingError("请填写结束帮扶的原因。", field="原因")
    on = on or uow.ctx.today()
    assignment = uow.session.get(Assignment, assignment_id)
    if assignment is None or assignment.deleted or assignment.end_date is not None:
        raise UserFacingError("这条帮扶关系不存在或已经结束。")
    if on < assignment.start_date:
        raise UserFacingError("结束日期不能早于开始日期。")
    assignment.end_date = on
    assignment.end_reason = reason.strip()
    return assignment


def _active(session: Session, household_id: str) -> list[Assignment]:
    return list(session.scalars(select(Assignment).where(
        Assignment.household_id == household_id, Assignment.end_date.is_(None),
        live(Assignment))))


def _load(session: Session, person_id: str) -> int:
    return session.scalar(select(func.count()).select_from(Assignment).where(
        Assignment.person_id == person_id, Assignment.end_date.is_(None),
        live(Assignment))) or 0


def _workload_limit(session: Session) -> int:
    return WarningThresholds.from_dict(setting_from(session, WARNING_THRESHOLDS)).workload_limit
