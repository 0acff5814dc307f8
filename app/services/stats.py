"""Counts for the 统计 overview and the `fangpin stats` command: the shared figures
(app/services/reports/definitions.py) of the database's whole area as of today, so they equal the
running month's report."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from app.domain.categories import CASE_STATUSES
from app.services.context import ServiceContext
from app.services.policy import line_warning_from
from app.services.reports.definitions import cases_in_procedure, monitored_cases, overdue_on, shared
from app.services.reports.history import load_history
from app.services.reports.scope import resolve_scope
from app.store.models import Division


@dataclass
class VillageCounts:
    code: str
    name: str
    households: int = 0
    monitored: int = 0
    in_procedure: int = 0
    overdue_visits: int = 0


@dataclass
class Stats:
    households: int
    members: int
    monitored_by_category: dict[str, int]
    by_status: dict[str, int]  # 风险未消除 = 在监测户, 风险已消除 = 累计风险消除 (households)
    in_procedure_by_stage: dict[str, int]
    eliminated_by_method: dict[str, int]  # every case eliminated up to today
    open_warnings: int
    overdue_visits: int
    monitored: int = 0
    monitored_people: int = 0
    in_procedure: int = 0
    identified_total: int = 0
    identified_people: int = 0
    eliminated_total: int = 0
    eliminated_people: int = 0
    elimination_rate: float | None = None
    elimination_rate_people: float | None = None
    villages: list[VillageCounts] = field(default_factory=list)
    # The villages' figures summed per township: the county's overview.
    townships: list[VillageCounts] = field(default_factory=list)
    # The stale monitoring line (app.domain.income.stale_line_warning), None while it is current.
    line_warning: str | None = None


class StatsService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def overview(self) -> Stats:
        """The database's whole area today, counted by the shared definitions
        (app/services/reports/definitions.py) the reports use too."""
        today = self.ctx.today()
        place = resolve_scope(self.ctx, None)
        history = load_history(self.ctx, place)
        figures = shared(history, today)
        stats = Stats(
            households=figures.households, members=figures.members,
            monitored_by_category=figures.monitored_by_category,
            by_status={CASE_STATUSES[0]: figures.monitored, CASE_STATUSES[1]: figures.eliminated_total},
            in_procedure_by_stage=figures.in_procedure_by_stage,
            eliminated_by_method=figures.eliminated_by_method,
            open_warnings=figures.warnings_open, overdue_visits=figures.overdue,
            monitored=figures.monitored, monitored_people=figures.monitored_people,
            in_procedure=figures.in_procedure,
            identified_total=figures.identified_total, identified_people=figures.identified_people,
            eliminated_total=figures.eliminated_total, eliminated_people=figures.eliminated_people,
            elimination_rate=figures.elimination_rate,
            elimination_rate_people=figures.elimination_rate_people)
        villages = {code: VillageCounts(code, name) for code, name in place.villages.items()}
        monitored = monitored_cases(history, today)
        overdue = overdue_on(history, today)
        for household in history.households.values():
            line = villages.get(household.village_code)
            if line is None:
                continue
            line.households += 1
            line.monitored += household.id in monitored
            line.overdue_visits += household.id in overdue
        running = cases_in_procedure(history, today)
        for case in history.cases:
            household = history.households.get(case.household_id)
            if case.id in running and household and household.village_code in villages:
                villages[household.village_code].in_procedure += 1
        stats.villages = [v for v in villages.values() if v.households]
        with self.ctx.db.read() as session:
            stats.townships = _townships(session, stats.villages)
            stats.line_warning = line_warning_from(session, today)
        return stats

def _townships(session: Any, villages: list[VillageCounts]) -> list[VillageCounts]:
    parents = dict(session.execute(select(Division.id, Division.parent_code).where(
        Division.id.in_([v.code for v in villages]))).all()) if villages else {}
    names = dict(session.execute(select(Division.id, Division.name).where(
        Division.id.in_(set(parents.values())))).all()) if parents else {}
    totals: dict[str, VillageCounts] = {}
    for village in villages:
        code = parents.get(village.code) or ""
        total = totals.setdefault(code, VillageCounts(code, names.get(code, code)))
        for name in ("households", "monitored", "in_procedure", "overdue_visits"):
            setattr(total, name, getattr(total, name) + getattr(village, name))
    return sorted(totals.values(), key=lambda township: township.code)
