"""资金台账 as plain values (app/services/fund_ledger.py computes them) and as PDF: per fund (防贫保险
insurer or 防贫救助 fund) and township or village, the households and people paid and the amount,
with each fund's subtotal and the grand total, portrait A4."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from app.printing.flow import Column
from app.printing.ledger import sign_off
from app.printing.report import Heading, Report

TITLE = "防贫保险（救助）资金台账"
PEOPLE_NOTE = "人数为获支付农户的现有家庭成员数；一户由两个基金支付时各计一次，合计只计一次。"


@dataclass(frozen=True)
class FundLine:
    fund: str
    place: str  # township or village name
    households: int
    people: int
    claims: int
    amount_paid: Decimal


@dataclass(frozen=True)
class FundTotal:
    fund: str  # "合计" for all funds
    households: int
    people: int
    claims: int
    amount_paid: Decimal


@dataclass(frozen=True)
class FundLedger:
    place: str  # the area's full name
    place_kind: str  # 乡镇 or 村
    start: date | None
    end: date
    fund: str  # the one fund asked for, or "" for all
    lines: tuple[FundLine, ...]  # by fund, then place
    funds: tuple[FundTotal, ...]  # one per fund
    total: FundTotal
    printed_on: date

    @property
    def period(self) -> str:
        return f"{self.start.isoformat() if self.start else '开始'} 至 {self.end.isoformat()}"

    def table(self) -> list[tuple[str, str, int, int, int, Decimal]]:
        """Each fund's places then its 小计, the 合计 last: (fund, place, 户, 人, 笔, 元)."""
        rows = []
        for fund in self.funds:
            rows += [(line.fund, line.place, line.households, line.people, line.claims, line.amount_paid)
                     for line in self.lines if line.fund == fund.fund]
            rows.append((fund.fund, "小计", fund.households, fund.people, fund.claims, fund.amount_paid))
        total = self.total
        rows.append(("合计", "", total.households, total.people, total.claims, total.amount_paid))
        return rows


def columns(place_kind: str) -> tuple[Column, ...]:
    return (Column("保险机构或救助基金", 2.2), Column(place_kind, 1.6), Column("户数", 0.8, "right"),
            Column("人数", 0.8, "right"), Column("理赔笔数", 0.9, "right"), Column("支付金额（元）", 1.5, "right"))


def summary(ledger: FundLedger) -> str:
    """The sentence the seed reports in: “… helped 407 people with 2,245,700 yuan”."""
    total: FundTotal = ledger.total
    which = f"“{ledger.fund}”" if ledger.fund else "防贫保险和防贫救助"
    return (f"{ledger.period}，{which}共救助 {total.households:,} 户 {total.people:,} 人，"
            f"支付 {total.claims:,} 笔，金额 {total.amount_paid:,.2f} 元。")


def write_fund_ledger(path: Path, ledger: FundLedger) -> None:
    report = Report(path, Heading(TITLE, ledger.place, ledger.printed_on, note=f"支付日期：{ledger.period}"))
    flow = report.flow
    flow.paragraph(summary(ledger), size=10.5)
    if ledger.lines:
        flow.table(columns(ledger.place_kind), [[fund, place, *_numbers(*numbers)]
                                                 for fund, place, *numbers in ledger.table()], size=9)
    else:
        flow.paragraph("这段时间内没有已支付的理赔。", size=10.5)
    flow.paragraph(PEOPLE_NOTE, size=8.5)
    sign_off(flow)
    report.close()


def _numbers(households: int, people: int, claims: int, amount: Decimal) -> list[str]:
    return [f"{households:,}", f"{people:,}", f"{claims:,}", f"{amount:,.2f}"]
