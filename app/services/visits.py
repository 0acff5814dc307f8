"""Door-to-door visits: recorded with their form version, keeping the household record current."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from app.domain.errors import UserFacingError
from app.domain.warnings import WarningThresholds
from app.services.context import ServiceContext
from app.services.policy import WARNING_THRESHOLDS, setting_from
from app.services.rows import live, require
from app.services.warnings import evaluate_household
from app.store.models import Division, Household, MonitoringCase, Visit

# The six checks a visit records, as household fields.
CHECK_FIELDS = {
    "不愁吃": "food_secure", "不愁穿": "clothing_secure", "义务教育": "education_secure",
    "基本医疗": "medical_secure", "住房安全": "housing_secure", "饮水安全": "water_secure",
}

BUILTIN_FORM = ("visit", "builtin-1")


@dataclass(frozen=True)
class DueVisit:
    household_id: str
    village_name: str
    head_name: str
    due: date | None
    days_overdue: int
    monitored: bool


class VisitService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def record(self, household_id: str, *, visit_date: date | None = None,
               answers: dict[str, Any] | None = None, checks: dict[str, bool] | None = None,
               summary: str = "", next_visit_date: date | None = None,
               form: tuple[str, str] = BUILTIN_FORM) -> Visit:
        visit_date = visit_date or self.ctx.today()
        if visit_date > self.ctx.today():
            raise UserFacingError(f"走访日期 {visit_date} 不能晚于今天。", field="走访日期")
        unknown = set(checks or {}) - set(CHECK_FIELDS)
        if unknown:
            raise UserFacingError(f"没有“{'、'.join(sorted(unknown))}”这一项检查，可选："
                                  f"{'、'.join(CHECK_FIELDS)}。")
        if next_visit_date is not None and next_visit_date <= visit_date:
            raise UserFacingError("下次走访日期应晚于本次走访日期。", field="下次走访日期")
        with self.ctx.db.write(self.ctx.actor) as session:
            household = require(session, Household, household_id)
            if next_visit_date is None:
                next_visit_date = visit_date + timedelta(days=_interval(session, household))
            visit = Visit(household_id=household_id, visit_date=visit_date,
                          visitor=self.ctx.actor.user_name, form_id=form[0],
                          form_version=form[1], answers=answers or {}, summary=summary.strip(),
                          next_visit_date=next_visit_date)
            session.add(visit)
            for label, value in (checks or {}).items():
                setattr(household, CHECK_FIELDS[label], value)
            if household.last_visit_date is None or visit_date >= household.last_visit_date:
                household.last_visit_date = visit_date
                household.next_visit_due = next_visit_date
            session.flush()
            evaluate_household(session, household, self.ctx.today())
        return visit

    def due(self, until: date | None = None, limit: int = 500) -> list[DueVisit]:
        """Households whose next visit falls by ``until`` (default: end of this month), most urgent first."""
        today = self.ctx.today()
        until = until or today.replace(day=calendar.monthrange(today.year, today.month)[1])
        with self.ctx.db.read() as session:
            monitored = select(MonitoringCase.household_id).where(
                MonitoringCase.closed == False, live(MonitoringCase))  # noqa: E712
            rows = session.execute(
                select(Household.id, Division.name, Household.head_name, Household.next_visit_due,
                       Household.id.in_(monitored))
                .join(Division, Division.id == Household.village_code)
                .where(Household.next_visit_due <= until, live(Household))
                .order_by(Household.next_visit_due).limit(limit)).all()
        return [DueVisit(r[0], r[1], r[2], r[3], max((today - r[3]).days, 0), bool(r[4]))
                for r in rows]


def _interval(session: Any, household: Household) -> int:
    thresholds = WarningThresholds.from_dict(setting_from(session, WARNING_THRESHOLDS))
    monitored = session.scalar(select(MonitoringCase.id).where(
        MonitoringCase.household_id == household.id, MonitoringCase.closed == False,  # noqa: E712
        live(MonitoringCase))) is not None
    return (thresholds.visit_interval_monitored_days if monitored
            else thresholds.visit_interval_other_days)
