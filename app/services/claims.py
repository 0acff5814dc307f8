"""防贫保险/防贫救助 claims: recorded on a household's measure, approved, paid, and listed.

Each use case is one unit of work. A claim entered without a measure brings its own (兜底保障和
社会救助 · 防贫保险 or 防贫救助, from the day applied), so the measure areas, the card and the
reports see it; on payment the measure's amount becomes what its claims paid. The fund ledger
(资金台账) sums the paid claims per fund and place: app/services/fund_ledger.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session

from app.domain.claims import (
    APPLIED,
    APPROVED,
    CLAIM_KINDS,
    CLAIM_MEASURE_KIND,
    PAID,
    REFUSED,
    ClaimState,
    claim_problems,
)
from app.domain.errors import UserFacingError
from app.services import measures
from app.services.context import ServiceContext
from app.services.fields import FieldSpec, amount, choice, iso_date, parse_fields, text
from app.services.rows import live, require
from app.services.unit_of_work import UnitOfWork
from app.store.models import Claim, Household, Measure

CLAIM_FIELDS = {s.name: s for s in (
    FieldSpec("kind", "类别", choice(CLAIM_KINDS), required=True),
    FieldSpec("fund", "保险机构或救助基金", text(60), required=True),
    FieldSpec("applied_on", "申请日期", iso_date(optional=False)),
    FieldSpec("amount_applied", "申请金额（元）", amount()),
    FieldSpec("note", "备注", text(200)),
)}
# What each decision asks for, as the dialogs and the CLI give it (typed text or values).
APPROVAL_FIELDS = {s.name: s for s in (
    FieldSpec("amount_approved", "批准金额（元）", amount(), required=True),
    FieldSpec("approved_on", "审批日期", iso_date(optional=False), required=True),
)}
REFUSAL_FIELDS = {s.name: s for s in (
    FieldSpec("approved_on", "审批日期", iso_date(optional=False), required=True),
    FieldSpec("note", "未获批原因", text(200)),
)}
PAYMENT_FIELDS = {s.name: s for s in (
    FieldSpec("amount_paid", "支付金额（元）", amount(), required=True),
    FieldSpec("paid_on", "支付日期", iso_date(optional=False), required=True),
)}
SHORTEST_ID_PREFIX = 6


@dataclass(frozen=True)
class ClaimLine:
    """A claim as lists show it."""

    id: str
    household_id: str
    household_number: str
    head_name: str
    village_code: str
    kind: str
    fund: str
    status: str
    applied_on: date
    approved_on: date | None
    paid_on: date | None
    amount_applied: Decimal
    amount_approved: Decimal
    amount_paid: Decimal
    recorded_by: str
    note: str


class ClaimService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def add(self, household_id: str, values: dict[str, Any], measure_id: str | None = None) -> Claim:
        with UnitOfWork(self.ctx) as uow:
            return add(uow, household_id, values, measure_id)

    def approve(self, claim_id: str, amount_approved: Any, on: Any = None) -> Claim:
        """Approved with an amount; ``on`` (a date or as typed) defaults to today."""
        with UnitOfWork(self.ctx) as uow:
            return decide(uow, claim_id, parse_fields(APPROVAL_FIELDS, {
                "amount_approved": amount_approved, "approved_on": on or self.ctx.today()}))

    def refuse(self, claim_id: str, on: Any = None, note: str = "") -> Claim:
        with UnitOfWork(self.ctx) as uow:
            return decide(uow, claim_id, parse_fields(REFUSAL_FIELDS, {
                "approved_on": on or self.ctx.today(), "note": note}))

    def pay(self, claim_id: str, amount_paid: Any, on: Any = None) -> Claim:
        with UnitOfWork(self.ctx) as uow:
            return pay(uow, claim_id, parse_fields(PAYMENT_FIELDS, {
                "amount_paid": amount_paid, "paid_on": on or self.ctx.today()}))

    def of_household(self, household_id: str) -> list[ClaimLine]:
        with self.ctx.db.read() as session:
            return _lines(session, Claim.household_id == household_id)

    def in_area(self, area_prefix: str = "", status: str | None = None) -> list[ClaimLine]:
        """The claims of households whose village code starts so ('' : the whole database)."""
        with self.ctx.db.read() as session:
            conditions = [Household.village_code.startswith(area_prefix)]
            if status:
                conditions.append(Claim.status == status)
            return _lines(session, *conditions)

    def resolve(self, typed: str) -> str:
        """A claim's id from the id or its unique beginning (as `claim list` prints it)."""
        prefix = (typed or "").strip().lower()
        if len(prefix) < SHORTEST_ID_PREFIX:
            raise UserFacingError(f"理赔编号“{typed}”太短：至少写前 {SHORTEST_ID_PREFIX} 位"
                                  "（fangpin claim list 可查）。", field="理赔编号")
        with self.ctx.db.read() as session:
            found = list(session.scalars(select(Claim.id).where(Claim.id.startswith(prefix), live(Claim)).limit(2)))
        if not found:
            raise UserFacingError(f"找不到编号以“{typed}”开头的理赔记录。", field="理赔编号")
        if len(found) > 1:
            raise UserFacingError(f"编号以“{typed}”开头的理赔记录不止一条，请多写几位。", field="理赔编号")
        return found[0]


def add(uow: UnitOfWork, household_id: str, values: dict[str, Any], measure_id: str | None = None) -> Claim:
    """A claim applied for; under ``measure_id`` (a measure of the household) or a new measure."""
    today = uow.ctx.today()
    parsed = parse_fields(CLAIM_FIELDS, {"applied_on": today, **values}, creating=True)
    _not_after_today(parsed["applied_on"], "申请日期", today)
    session = uow.session
    require(session, Household, household_id)
    if measure_id:
        measure = require(session, Measure, measure_id)
        if measure.household_id != household_id:
            raise UserFacingError("这项帮扶措施不是这一户的，理赔只能记在本户的措施下。", field="帮扶措施")
    else:
        measure = measures.add(uow, household_id, {
            "kind": CLAIM_MEASURE_KIND, "item": parsed["kind"], "start_date": parsed["applied_on"],
            "status": "实施中", "provider_unit": parsed["fund"]})
        session.flush()
    claim = Claim(household_id=household_id, measure_id=measure.id, status=APPLIED,
                  recorded_by=uow.ctx.actor.user_name, **parsed)
    _check(claim)
    session.add(claim)
    return claim


def decide(uow: UnitOfWork, claim_id: str, decision: dict[str, Any]) -> Claim:
    """The insurer's or fund's decision, parsed by APPROVAL_FIELDS (approved with an amount) or
    REFUSAL_FIELDS (not approved)."""
    claim = require(uow.session, Claim, claim_id)
    if claim.status != APPLIED:
        raise UserFacingError(f"这条理赔已是“{claim.status}”，不能再审批。", field="状态")
    _not_after_today(decision["approved_on"], "审批日期", uow.ctx.today())
    claim.approved_on = decision["approved_on"]
    if "amount_approved" in decision:
        claim.status, claim.amount_approved = APPROVED, decision["amount_approved"]
    else:
        claim.status, claim.amount_approved = REFUSED, Decimal(0)
        claim.note = decision.get("note") or claim.note
    _check(claim)
    return claim


def pay(uow: UnitOfWork, claim_id: str, payment: dict[str, Any]) -> Claim:
    """Paid out (parsed by PAYMENT_FIELDS); the measure's amount becomes what all its claims paid."""
    session = uow.session
    claim = require(session, Claim, claim_id)
    if claim.status != APPROVED:
        raise UserFacingError(f"只有“已批准”的理赔可以登记支付，这条是“{claim.status}”。", field="状态")
    _not_after_today(payment["paid_on"], "支付日期", uow.ctx.today())
    claim.status, claim.paid_on, claim.amount_paid = PAID, payment["paid_on"], payment["amount_paid"]
    _check(claim)
    session.flush()
    measure = require(session, Measure, claim.measure_id)
    measure.amount = session.scalar(select(func.coalesce(func.sum(Claim.amount_paid), 0)).where(
        Claim.measure_id == measure.id, live(Claim))) or Decimal(0)
    return claim


def _check(claim: Claim) -> None:
    found = claim_problems(ClaimState(claim.status, claim.applied_on, claim.approved_on, claim.paid_on,
                                      Decimal(claim.amount_applied), Decimal(claim.amount_approved),
                                      Decimal(claim.amount_paid)))
    if found:
        raise UserFacingError("；".join(found) + "。", field="理赔")


def _not_after_today(day: date, label: str, today: date) -> None:
    if day > today:
        raise UserFacingError(f"“{label}”{day.isoformat()} 晚于今天（{today.isoformat()}）。", field=label)


def _lines(session: Session, *conditions: Any) -> list[ClaimLine]:
    rows = session.execute(
        select(Claim, Household.household_number, Household.head_name, Household.village_code)
        .join(Household, Household.id == Claim.household_id)
        .join(Measure, Measure.id == Claim.measure_id)
        .where(live(Claim), live(Household), live(Measure), *conditions)
        .order_by(Claim.applied_on.desc(), Household.household_number)).all()
    return [ClaimLine(c.id, c.household_id, number, head, village, c.kind, c.fund, c.status, c.applied_on,
                      c.approved_on, c.paid_on, Decimal(c.amount_applied), Decimal(c.amount_approved),
                      Decimal(c.amount_paid), c.recorded_by, c.note)
            for c, number, head, village in rows]
