"""Policy values set by the county: income lines, warning thresholds (which include the visit
intervals and the workload limit) and posting days."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from app.domain import income
from app.domain.warnings import WarningThresholds
from app.services.context import ServiceContext
from app.store.models import IncomeLine, PolicySetting

WARNING_THRESHOLDS = "warning_thresholds"
POSTING_DAYS = "posting_days"

DEFAULT_SETTINGS: dict[str, Any] = {
    WARNING_THRESHOLDS: WarningThresholds().to_dict(),
    POSTING_DAYS: 5,
}


def seed_defaults(session: Session) -> None:
    """Write the Hebei seed policy into a new database (as changes, so it can travel)."""
    for line in income.default_income_lines():
        session.add(IncomeLine(effective_from=line.effective_from, amount=line.amount,
                               note=line.note))
    for key, value in DEFAULT_SETTINGS.items():
        session.add(PolicySetting(id=key, value=value))


class PolicyService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def income_lines(self) -> list[income.IncomeLine]:
        with self.ctx.db.read() as session:
            return lines_from(session)

    def line_on(self, on: date) -> Decimal:
        return income.line_in_force(self.income_lines(), on).amount

    def setting(self, key: str) -> Any:
        with self.ctx.db.read() as session:
            return setting_from(session, key)

    def warning_thresholds(self) -> WarningThresholds:
        return WarningThresholds.from_dict(self.setting(WARNING_THRESHOLDS))

    def workload_limit(self) -> int:
        return self.warning_thresholds().workload_limit

    def posting_days(self) -> int:
        return int(self.setting(POSTING_DAYS))


def lines_from(session: Session) -> list[income.IncomeLine]:
    rows = session.scalars(select(IncomeLine).where(IncomeLine.deleted == False)  # noqa: E712
                           .order_by(IncomeLine.effective_from)).all()
    return [income.IncomeLine(r.effective_from, Decimal(r.amount), r.note) for r in rows]


def setting_from(session: Session, key: str) -> Any:
    row = session.get(PolicySetting, key)
    if row is None or row.deleted:
        return DEFAULT_SETTINGS[key]
    return row.value
