"""Counts for the overview and the `fangpin stats` command, all computed by grouped queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, func, select

from app.domain.procedure import Procedure, Stage
from app.domain.warnings import OPEN
from app.services.context import ServiceContext
from app.services.policy import line_warning_from
from app.services.rows import live
from app.store.models import Division, Household, Member, MonitoringCase, RiskWarning


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
    by_status: dict[str, int]
    in_procedure_by_stage: dict[str, int]
    eliminated_by_method: dict[str, int]
    open_warnings: int
    overdue_visits: int
    villages: list[VillageCounts] = field(default_factory=list)
    # The villages' figures summed per township: the county's overview.
    townships: list[VillageCounts] = field(default_factory=list)
    # The stale monitoring line (app.domain.income.stale_line_warning), None while it is current.
    line_warning: str | None = None


def _monitored() -> object:
    return and_(MonitoringCase.procedure == Procedure.IDENTIFICATION,
                MonitoringCase.stage == Stage.APPROVED,
                MonitoringCase.closed == False, live(MonitoringCase))  # noqa: E712


def _in_procedure() -> object:
    done = (Stage.APPROVED, Stage.REJECTED)
    return and_(~and_(MonitoringCase.procedure == Procedure.IDENTIFICATION,
                      MonitoringCase.stage.in_(done)),
                MonitoringCase.closed == False, live(MonitoringCase))  # noqa: E712


class StatsService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def overview(self) -> Stats:
        today = self.ctx.today()
        with self.ctx.db.read() as session:
            def grouped(column: object, *where: object) -> dict[str, int]:
                rows = session.execute(select(column, func.count()).where(*where)
                                       .group_by(column)).all()
                return {str(key): count for key, count in rows}

            stages = grouped(MonitoringCase.stage, _in_procedure())
            stats = Stats(
                households=session.scalar(select(func.count()).select_from(Household)
                                          .where(live(Household))) or 0,
                members=session.scalar(select(func.count()).select_from(Member)
                                       .where(live(Member))) or 0,
                monitored_by_category=grouped(MonitoringCase.category, _monitored()),
                by_status=grouped(MonitoringCase.status, live(MonitoringCase)),
                in_procedure_by_stage={Stage(k).label: v for k, v in stages.items()},
                eliminated_by_method=grouped(
                    MonitoringCase.elimination_method, MonitoringCase.eliminated_on.is_not(None),
                    live(MonitoringCase)),
                open_warnings=session.scalar(select(func.count()).select_from(RiskWarning).where(
                    RiskWarning.status == OPEN, live(RiskWarning))) or 0,
                overdue_visits=session.scalar(select(func.count()).select_from(Household).where(
                    Household.next_visit_due < today, live(Household))) or 0,
            )
            villages = {code: VillageCounts(code, name) for code, name in session.execute(
                select(Division.id, Division.name).where(Division.level == "village",
                                                         live(Division)).order_by(Division.id))}
            for column, condition in (("households", None), ("overdue_visits",
                                                             Household.next_visit_due < today)):
                query = select(Household.village_code, func.count()).where(live(Household))
                if condition is not None:
                    query = query.where(condition)
                for code, count in session.execute(query.group_by(Household.village_code)):
                    if code in villages:
                        setattr(villages[code], column, count)
            for column, condition in (("monitored", _monitored()),
                                      ("in_procedure", _in_procedure())):
                for code, count in session.execute(
                        select(Household.village_code, func.count())
                        .join(MonitoringCase, MonitoringCase.household_id == Household.id)
                        .where(condition).group_by(Household.village_code)):
                    if code in villages:
                        setattr(villages[code], column, count)
            stats.villages = [v for v in villages.values() if v.households]
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
