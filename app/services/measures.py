"""Assistance measures (帮扶措施) taken for a household, linked to the risk each one answers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.errors import UserFacingError
from app.domain.policy_lists import ITEM_LIMIT, active_kinds, offered_items
from app.services.context import ServiceContext
from app.services.fields import FieldSpec, amount, choice, iso_date, parse_fields, suggested, text
from app.services.policy import measure_items_from, risk_types_from
from app.services.rows import live, require
from app.services.unit_of_work import UnitOfWork
from app.store.models import Household, Measure, MonitoringCase

MEASURE_STATUSES = ("计划", "实施中", "已完成", "已终止")


def measure_fields(measure_items: Mapping[str, list[str]], risk_types: Sequence[str],
                   keep: Measure | None = None) -> dict[str, FieldSpec]:
    """A measure's fields with the county's kinds, items and risk types in force (policy data).
    ``keep``: a stored measure, whose own names stay acceptable on it after a rename or retirement
    (a record keeps the names it was made with)."""
    kinds = _with_kept(active_kinds(measure_items), keep and keep.kind)
    risks = _with_kept(tuple(risk_types), keep and keep.risk_type)
    return {s.name: s for s in (
        FieldSpec("kind", "措施类别", choice(kinds), required=True),
        FieldSpec("item", "具体措施", suggested(offered_items(measure_items), ITEM_LIMIT)),
        FieldSpec("risk_type", "针对风险", choice(risks, blank_ok=True)),
        FieldSpec("start_date", "开始日期", iso_date(optional=False)),
        FieldSpec("end_date", "结束日期", iso_date()),
        FieldSpec("amount", "金额（元）", amount()),
        FieldSpec("status", "状态", choice(MEASURE_STATUSES)),
        FieldSpec("provider_unit", "实施单位", text(100)),
        FieldSpec("note", "备注", text(300)),
    )}


def _with_kept(offered: tuple[str, ...], kept: str | None) -> tuple[str, ...]:
    return offered + ((kept,) if kept and kept not in offered else ())


class MeasureService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def fields(self, measure_id: str | None = None) -> dict[str, FieldSpec]:
        """The fields a dialog offers today, for a new measure or the stored one ``measure_id``."""
        with self.ctx.db.read() as session:
            keep = require(session, Measure, measure_id) if measure_id else None
            return _fields_in_force(session, self.ctx.today(), keep)

    def items_by_kind(self) -> dict[str, list[str]]:
        """Each kind offered today with its items, for a dialog offering the chosen kind's only."""
        with self.ctx.db.read() as session:
            items = measure_items_from(session, self.ctx.today())
        return {kind: list(items[kind]) for kind in active_kinds(items)}

    def add(self, household_id: str, values: dict[str, Any]) -> Measure:
        with UnitOfWork(self.ctx) as uow:
            return add(uow, household_id, values)

    def update(self, measure_id: str, changes: dict[str, Any]) -> Measure:
        with UnitOfWork(self.ctx) as uow:
            return update(uow, measure_id, changes)

    def close(self, measure_id: str, *, status: str = "已完成", on: Any = None) -> Measure:
        if status not in ("已完成", "已终止"):
            raise UserFacingError("结束措施时状态应为“已完成”或“已终止”。", field="状态")
        return self.update(measure_id, {"status": status, "end_date": on or self.ctx.today()})


def add(uow: UnitOfWork, household_id: str, values: dict[str, Any]) -> Measure:
    """A measure for the household, linked to its open case if it has one."""
    specs = _fields_in_force(uow.session, uow.ctx.today())
    parsed = parse_fields(specs, {"start_date": uow.ctx.today(), **values}, creating=True)
    _check_dates(parsed)
    session = uow.session
    require(session, Household, household_id)
    case_id = session.scalar(select(MonitoringCase.id).where(
        MonitoringCase.household_id == household_id,
        MonitoringCase.closed == False, live(MonitoringCase)))  # noqa: E712
    measure = Measure(household_id=household_id, case_id=case_id, **parsed)
    session.add(measure)
    return measure


def update(uow: UnitOfWork, measure_id: str, changes: dict[str, Any]) -> Measure:
    measure = require(uow.session, Measure, measure_id)
    parsed = parse_fields(_fields_in_force(uow.session, uow.ctx.today(), measure), changes)
    for name, value in parsed.items():
        setattr(measure, name, value)
    _check_dates({"start_date": measure.start_date, "end_date": measure.end_date})
    return measure


def _fields_in_force(session: Session, on: date, keep: Measure | None = None) -> dict[str, FieldSpec]:
    return measure_fields(measure_items_from(session, on), risk_types_from(session, on), keep)


def _check_dates(values: dict[str, Any]) -> None:
    start, end = values.get("start_date"), values.get("end_date")
    if start and end and end < start:
        raise UserFacingError("结束日期不能早于开始日期。", field="结束日期")
