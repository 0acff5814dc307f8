"""资金台账: what each 防贫保险 insurer or 防贫救助 fund paid, by township or village, over a date range.

A claim counts when it was paid (已支付) within the range, its household and measure not voided.
人数 are the current members of the households paid (the member list keeps no history); a
household paid by two funds counts under each fund but once in the total — the seed's "407 people,
2,245,700 yuan" is such a total. The places are those a report lists (app/services/reports/scope.py):
the townships of a county, the villages of a township. The definition as every screen and
docs/reports.md give it: ``fund_ledger`` in app/services/reports/definitions.py.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from app.domain.claims import PAID
from app.domain.errors import UserFacingError
from app.printing.fund_ledger import FundLedger, FundLine, FundTotal
from app.services.context import ServiceContext
from app.services.reports.scope import resolve_scope
from app.services.rows import live
from app.store.models import Claim, Household, Measure, Member


def fund_ledger(ctx: ServiceContext, area: str | None = None, start: date | None = None,
                end: date | None = None, fund: str = "") -> FundLedger:
    today = ctx.today()
    end = end or today
    if start is not None and start > end:
        raise UserFacingError(f"开始日期 {start.isoformat()} 晚于结束日期 {end.isoformat()}。", field="日期")
    scope = resolve_scope(ctx, area)
    conditions = [Household.village_code.startswith(scope.prefix), Claim.status == PAID, Claim.paid_on <= end,
                  live(Claim), live(Household), live(Measure)]
    if start is not None:
        conditions.append(Claim.paid_on >= start)
    if fund.strip():
        conditions.append(Claim.fund == fund.strip())
    with ctx.db.read() as session:
        paid = session.execute(
            select(Claim.fund, Claim.household_id, Household.village_code, Claim.amount_paid)
            .join(Household, Household.id == Claim.household_id)
            .join(Measure, Measure.id == Claim.measure_id).where(*conditions)).all()
        households = sorted({row.household_id for row in paid})
        members: dict[str, int] = {}
        for chunk_start in range(0, len(households), 500):
            chunk = households[chunk_start:chunk_start + 500]
            members.update(session.execute(
                select(Member.household_id, func.count()).where(Member.household_id.in_(chunk), live(Member))
                .group_by(Member.household_id)).all())
    groups: dict[tuple[str, str], list] = defaultdict(list)
    for row in paid:
        groups[(row.fund, scope.line_of(row.village_code))].append(row)

    def summed(rows: list, label: str) -> FundTotal:
        ids = {r.household_id for r in rows}
        return FundTotal(label, len(ids), sum(members.get(h, 0) for h in ids), len(rows),
                         sum((Decimal(r.amount_paid) for r in rows), Decimal(0)))

    lines = []
    for (fund_name, place_code), rows in sorted(groups.items()):
        total = summed(rows, fund_name)
        lines.append(FundLine(fund_name, scope.lines.get(place_code, place_code), total.households, total.people,
                              total.claims, total.amount_paid))
    by_fund: dict[str, list] = defaultdict(list)
    for row in paid:
        by_fund[row.fund].append(row)
    return FundLedger(place=scope.full_name, place_kind=scope.line_kind, start=start, end=end, fund=fund.strip(),
                      lines=tuple(lines), funds=tuple(summed(rows, name) for name, rows in sorted(by_fund.items())),
                      total=summed(list(paid), "合计"), printed_on=today)
