"""Assistance measures (帮扶措施) taken for a household, linked to the risk each one answers."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from app.domain import categories
from app.domain.errors import UserFacingError
from app.services.context import ServiceContext
from app.services.fields import FieldSpec, amount, choice, iso_date, parse_fields, text
from app.services.rows import live, require
from app.services.unit_of_work import UnitOfWork
from app.store.models import Household, Measure, MonitoringCase

MEASURE_STATUSES = ("计划", "实施中", "已完成", "已终止")

MEASURE_FIELDS = {s.name: s for s in (
    FieldSpec("kind", "措施类别", choice(categories.MEASURE_KINDS), required=True),
    FieldSpec("item", "具体措施", text(100)),
    FieldSpec("risk_type", "针对风险", choice(categories.RISK_TYPES, blank_ok=True)),
    FieldSpec("start_date", "开始日期", iso_date(optional=False)),
    FieldSpec("end_date", "结束日期", iso_date()),
    FieldSpec("amount", "金额（元）", amount()),
    FieldSpec("status", "状态", choice(MEASURE_STATUSES)),
    FieldSpec("provider_unit", "实施单位", text(100)),
    FieldSpec("note", "备注", text(300)),
)}


class MeasureService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

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
    parsed = parse_fields(MEASURE_FIELDS, {"start_date": uow.ctx.today(), **values}, creating=True)
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
    parsed = parse_fields(MEASURE_FIELDS, changes)
    measure = require(uow.session, Measure, measure_id)
    for name, value in parsed.items():
        setattr(measure, name, value)
    _check_dates({"start_date": measure.start_date, "end_date": measure.end_date})
    return measure


def _check_dates(values: dict[str, Any]) -> None:
    start, end = values.get("start_date"), values.get("end_date")
    if start and end and end < start:
        raise UserFacingError("结束日期不能早于开始日期。", field="结束日期")
