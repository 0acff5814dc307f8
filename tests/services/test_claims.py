"""防贫保险/防贫救助 claims (issue 20): applied, approved, paid on a household's measure, and the fund
ledger (资金台账) that sums them — figures known by construction."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.domain.errors import UserFacingError
from app.excel.fund_ledger import write_fund_ledger_xlsx
from app.printing.fund_ledger import summary, write_fund_ledger
from app.services.claims import ClaimService
from app.services.fund_ledger import fund_ledger
from app.services.households import HouseholdService
from app.services.measures import MeasureService
from app.services.voiding import VoidService
from app.store.models import Claim, Measure
from tests.conftest import OTHER_VILLAGE, VILLAGE

INSURER = "人保财险冀州支公司"
FUND = "县防贫救助基金"


def household(ctx, people, size: int, village: str = VILLAGE) -> str:
    members = [people.member(f"户主{people.counter}")] + [
        people.member(f"成员{people.counter}", "之子", birth=date(2005, 3, 1)) for _ in range(size - 1)]
    return HouseholdService(ctx).create({"village_code": village, "household_type": "一般农户"}, members).id


def paid_claim(ctx, household_id: str, fund: str, amount: str, on: date) -> Claim:
    service = ClaimService(ctx)
    claim = service.add(household_id, {"kind": "防贫保险", "fund": fund, "applied_on": on, "amount_applied": amount})
    service.approve(claim.id, amount, on)
    return service.pay(claim.id, amount, on)


def test_the_jizhou_claim_applied_approved_and_paid_on_a_measure_of_its_own(ctx, people) -> None:
    home = household(ctx, people, 3)
    service = ClaimService(ctx)
    claim = service.add(home, {"kind": "防贫保险", "fund": INSURER, "applied_on": date(2026, 9, 2),
                               "amount_applied": "8,000元"})
    assert (claim.status, claim.amount_applied, claim.recorded_by) == ("已申请", Decimal(8000), ctx.actor.user_name)
    with ctx.db.read() as session:
        measure = session.get(Measure, claim.measure_id)
        assert (measure.household_id, measure.kind, measure.item, measure.start_date) == (
            home, "兜底保障和社会救助", "防贫保险", date(2026, 9, 2))
    service.approve(claim.id, "6520", date(2026, 9, 10))
    paid = service.pay(claim.id, 6520, date(2026, 9, 15))
    assert (paid.status, paid.amount_approved, paid.amount_paid, paid.paid_on) == (
        "已支付", Decimal(6520), Decimal(6520), date(2026, 9, 15))
    with ctx.db.read() as session:
        assert session.get(Measure, claim.measure_id).amount == Decimal(6520)  # the measure shows what was paid
    [line] = service.of_household(home)
    assert (line.status, line.fund, line.amount_paid) == ("已支付", INSURER, Decimal(6520))


def test_what_a_claim_may_not_say_is_refused_in_chinese_and_nothing_is_written(ctx, people) -> None:
    home, other = household(ctx, people, 2), household(ctx, people, 1)
    service = ClaimService(ctx)
    claim = service.add(home, {"kind": "防贫救助", "fund": FUND, "applied_on": date(2026, 10, 1)})
    with pytest.raises(UserFacingError, match="只有“已批准”"):
        service.pay(claim.id, 100, date(2026, 10, 2))
    service.approve(claim.id, 1000, date(2026, 10, 5))
    with pytest.raises(UserFacingError, match="超过批准金额"):
        service.pay(claim.id, "1000.01", date(2026, 10, 6))
    with pytest.raises(UserFacingError, match="支付日期不能早于审批日期"):
        service.pay(claim.id, 500, date(2026, 10, 4))
    with pytest.raises(UserFacingError, match="晚于今天"):
        service.pay(claim.id, 500, date(2026, 12, 1))
    with pytest.raises(UserFacingError, match="已是“已批准”"):
        service.approve(claim.id, 2000)
    with pytest.raises(UserFacingError, match="类别"):
        service.add(home, {"kind": "商业保险", "fund": FUND})
    with pytest.raises(UserFacingError, match="保险机构或救助基金"):
        service.add(home, {"kind": "防贫保险"})
    theirs = MeasureService(ctx).add(other, {"kind": "健康帮扶", "item": "医疗救助"})
    with pytest.raises(UserFacingError, match="不是这一户的"):
        service.add(home, {"kind": "防贫保险", "fund": INSURER}, measure_id=theirs.id)
    with ctx.db.read() as session:
        stored = session.get(Claim, claim.id)
        assert (stored.status, stored.amount_paid, stored.paid_on) == ("已批准", Decimal(0), None)
        assert len(session.scalars(select(Claim)).all()) == 1
    refused = service.add(home, {"kind": "防贫救助", "fund": FUND, "applied_on": date(2026, 10, 1)})
    assert service.refuse(refused.id, date(2026, 10, 3), "收入高于标准").status == "未获批"


def test_the_fund_ledger_counts_households_people_and_yuan_per_fund_and_village(ctx, people, tmp_path) -> None:
    a3, b2, c1 = household(ctx, people, 3), household(ctx, people, 2), household(ctx, people, 1, OTHER_VILLAGE)
    paid_claim(ctx, a3, INSURER, "6520", date(2026, 9, 15))
    paid_claim(ctx, a3, FUND, "1000", date(2026, 10, 1))  # one household, two funds
    paid_claim(ctx, b2, INSURER, "2000.50", date(2026, 10, 20))
    paid_claim(ctx, c1, INSURER, "3000", date(2026, 11, 2))
    paid_claim(ctx, c1, INSURER, "999", date(2025, 12, 31))  # before the range
    ClaimService(ctx).add(b2, {"kind": "防贫保险", "fund": INSURER, "amount_applied": 5000})  # not paid: not counted
    voided = paid_claim(ctx, b2, INSURER, "777", date(2026, 11, 1))
    VoidService(ctx).void_measure(voided.measure_id, "录入错误")  # a voided measure's claim is not counted

    ledger = fund_ledger(ctx, "131122100000", start=date(2026, 1, 1))
    assert ledger.place_kind == "村"
    by_fund = {f.fund: (f.households, f.people, f.claims, f.amount_paid) for f in ledger.funds}
    assert by_fund == {INSURER: (3, 6, 3, Decimal("11520.50")), FUND: (1, 3, 1, Decimal(1000))}
    total = ledger.total
    assert (total.households, total.people, total.claims, total.amount_paid) == (3, 6, 4, Decimal("12520.50"))
    assert [(line.fund, line.households, line.people, line.amount_paid) for line in ledger.lines] == [
        (INSURER, 2, 5, Decimal("8520.50")), (INSURER, 1, 1, Decimal(3000)), (FUND, 1, 3, Decimal(1000))]
    assert "共救助 3 户 6 人，支付 4 笔，金额 12,520.50 元" in summary(ledger)
    only = fund_ledger(ctx, VILLAGE, start=date(2026, 1, 1), end=date(2026, 9, 30), fund=INSURER)
    assert (only.total.households, only.total.people, only.total.amount_paid) == (1, 3, Decimal(6520))

    xlsx = tmp_path / "资金台账.xlsx"
    write_fund_ledger_xlsx(xlsx, ledger)
    sheet = load_workbook(xlsx).active
    values = [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert ["合计", None, 3, 6, 4, 12520.5] in [list(row[:6]) for row in values]
    pdf = tmp_path / "资金台账.pdf"
    write_fund_ledger(pdf, ledger)
    assert pdf.read_bytes().startswith(b"%PDF")
    with pytest.raises(UserFacingError, match="晚于结束日期"):
        fund_ledger(ctx, None, start=date(2026, 11, 1), end=date(2026, 10, 1))
