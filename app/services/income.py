"""Yearly income with its standard components, and large rigid spending items."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from app.domain.errors import UserFacingError
from app.domain.income import IncomeComponents, net_income, per_capita_net_income
from app.services.context import ServiceContext
from app.services.fields import (
    FieldSpec,
    amount,
    boolean,
    choice,
    integer,
    iso_date,
    parse_fields,
    text,
)
from app.services.rows import live, require
from app.services.unit_of_work import UnitOfWork
from app.store.models import Household, IncomeRecord, RigidExpense

COMPONENT_FIELDS = {s.name: s for s in (
    FieldSpec("wage", "工资性收入", amount()),
    FieldSpec("business", "生产经营性收入", amount()),
    FieldSpec("property", "财产性收入", amount()),
    FieldSpec("transfer", "转移性收入", amount()),
    FieldSpec("pension", "其中：养老金", amount()),
    FieldSpec("dibao", "其中：低保金", amount()),
    FieldSpec("tekun", "其中：特困供养金", amount()),
    FieldSpec("eco_compensation", "其中：生态补偿金", amount()),
    FieldSpec("family_planning", "其中：计划生育金", amount()),
    FieldSpec("other_transfer", "其中：其他转移性收入", amount()),
    FieldSpec("business_expense", "生产经营性支出", amount()),
    FieldSpec("insurance_payout", "理赔收入", amount()),
    FieldSpec("eligible_out_of_pocket", "合规自付支出", amount()),
    FieldSpec("household_size", "年度家庭人口数", integer(1, 50)),
    FieldSpec("assessed_on", "核算日期", iso_date()),
)}

EXPENSE_KINDS = ("医疗住院", "门诊慢特病", "教育", "灾害", "意外", "其他")

EXPENSE_FIELDS = {s.name: s for s in (
    FieldSpec("kind", "支出类别", choice(EXPENSE_KINDS)),
    FieldSpec("occurred_on", "发生日期", iso_date(optional=False)),
    FieldSpec("total_amount", "总费用", amount()),
    FieldSpec("reimbursed", "报销金额", amount()),
    FieldSpec("out_of_pocket", "自付金额", amount(optional=True)),
    FieldSpec("resolved", "已解决", boolean()),
    FieldSpec("note", "说明", text(200)),
)}

_TRANSFER_PARTS = ("pension", "dibao", "tekun", "eco_compensation", "family_planning",
                   "other_transfer")


class IncomeService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def record_year(self, household_id: str, year: int, values: dict[str, Any]) -> IncomeRecord:
        with UnitOfWork(self.ctx) as uow:
            return record_year(uow, household_id, year, values)

    def add_expense(self, household_id: str, values: dict[str, Any]) -> RigidExpense:
        with UnitOfWork(self.ctx) as uow:
            return add_expense(uow, household_id, values)


def record_year(uow: UnitOfWork, household_id: str, year: int, values: dict[str, Any]) -> IncomeRecord:
    """Record (or correct) a household's income for a year; per-capita income is computed."""
    today = uow.ctx.today()
    if not 2000 <= year <= today.year + 1:
        raise UserFacingError(f"年度 {year} 不合理。", field="年度")
    parsed = parse_fields(COMPONENT_FIELDS, values)
    parts = sum((parsed.get(p) or Decimal(0) for p in _TRANSFER_PARTS), Decimal(0))
    if "transfer" not in parsed and parts:
        parsed["transfer"] = parts
    elif parts > parsed.get("transfer", Decimal(0)):
        raise UserFacingError(
            f"转移性收入各分项合计 {parts} 元，大于转移性收入 {parsed['transfer']} 元。",
            field="转移性收入")
    session = uow.session
    household = require(session, Household, household_id)
    record = session.scalar(select(IncomeRecord).where(
        IncomeRecord.household_id == household_id, IncomeRecord.year == year,
        live(IncomeRecord)))
    if record is None:
        record = IncomeRecord(household_id=household_id, year=year,
                              assessed_on=min(date(year, 12, 31), today),
                              household_size=max(household.member_count, 1))
        session.add(record)
    for name, value in parsed.items():
        if value is not None:
            setattr(record, name, value)
    components = IncomeComponents(
        wage=Decimal(record.wage), business=Decimal(record.business),
        property=Decimal(record.property), transfer=Decimal(record.transfer),
        business_expense=Decimal(record.business_expense))
    record.net_income = net_income(components)
    record.per_capita_income = per_capita_net_income(components, record.household_size)
    return record


def add_expense(uow: UnitOfWork, household_id: str, values: dict[str, Any]) -> RigidExpense:
    parsed = parse_fields(EXPENSE_FIELDS, values)
    resolved = bool(parsed.pop("resolved", False))
    total, reimbursed = parsed.get("total_amount", Decimal(0)), parsed.get("reimbursed", Decimal(0))
    if reimbursed > total:
        raise UserFacingError(f"报销金额 {reimbursed} 元大于总费用 {total} 元。", field="报销金额")
    if parsed.get("out_of_pocket") is None:
        parsed["out_of_pocket"] = total - reimbursed
    require(uow.session, Household, household_id)
    expense = RigidExpense(household_id=household_id, resolved=resolved, **parsed)
    uow.session.add(expense)
    return expense
