"""What the station's documents read: the posting list's cases, the 帮扶责任人台账, the
走访计划 and the 月度分析."""

from __future__ import annotations

import calendar
from datetime import date
from typing import Any

from sqlalchemy import func, or_, select

from app.domain.divisions import (
    parent_of,
)
from app.domain.procedure import Procedure, Stage
from app.printing.data import (
    Area,
    Contact,
    Count,
    DueRow,
    LedgerRow,
    MonthlyData,
    PlaceLine,
    PostingCase,
    Village,
    WarningLine,
    WorkerDue,
)
from app.services.context import ServiceContext
from app.services.households import HEAD
from app.services.printouts.places import WORKER, division_names, scope_name
from app.services.rows import live
from app.services.stats import StatsService
from app.services.visits import VisitService
from app.store.models import (
    Assignment,
    AssistancePerson,
    Household,
    Member,
    MonitoringCase,
    RiskWarning,
    User,
    Visit,
)

POSTING_STAGES = (Stage.VILLAGE_REVIEWED.value, Stage.POSTED.value)


def posting_cases(ctx: ServiceContext, place: Village) -> list[PostingCase]:
    with ctx.db.read() as session:
        rows = session.execute(select(MonitoringCase, Household).join(
            Household, Household.id == MonitoringCase.household_id).where(
            Household.village_code == place.code, MonitoringCase.stage.in_(POSTING_STAGES),
            MonitoringCase.closed == False,  # noqa: E712
            live(MonitoringCase), live(Household))).all()
        cases = [PostingCase(
            procedure=Procedure(case.procedure), head_name=household.head_name,
            household_number=household.household_number, member_count=household.member_count,
            category=case.category, elimination_method=case.elimination_method,
            risk_types=tuple(case.risk_types), posting_start=case.posting_start,
            posting_end=case.posting_end) for case, household in rows]
    # Identification before elimination, then in household-number order as the village keeps it.
    return sorted(cases, key=lambda c: (c.procedure is not Procedure.IDENTIFICATION,
                                        c.household_number))


def ledger_rows(ctx: ServiceContext, place: Area) -> list[LedgerRow]:
    """Every assistance relation (current and ended) of the area's households, village by
    village in household-number order, with the visits made while it lasted."""
    today = ctx.today()
    visits = (select(func.count()).where(
        Visit.household_id == Assignment.household_id, Visit.visit_date >= Assignment.start_date,
        or_(Assignment.end_date.is_(None), Visit.visit_date <= Assignment.end_date),
        Visit.visit_date <= today, live(Visit)).correlate(Assignment).scalar_subquery())
    head_id = (select(Member.id_number).where(
        Member.household_id == Household.id, Member.relation == HEAD, live(Member))
        .correlate(Household).limit(1).scalar_subquery())
    with ctx.db.read() as session:
        rows = session.execute(
            select(Assignment.start_date, Assignment.end_date, AssistancePerson, Household.village_code,
                   Household.household_number, Household.head_name, head_id, visits)
            .join(AssistancePerson, AssistancePerson.id == Assignment.person_id)
            .join(Household, Household.id == Assignment.household_id)
            .where(Household.village_code.startswith(place.prefix), live(Assignment),
                   live(Household))
            .order_by(Household.village_code, Household.household_number,
                      Assignment.start_date, AssistancePerson.name)).all()
        names = division_names(session, {r[3] for r in rows})
    result = []
    for start, end, person, code, number, head_name, id_number, count in rows:
        township, county = parent_of(code), ""
        county_code = parent_of(township) if township else None
        county = names.get(county_code or "", "")
        result.append(LedgerRow(
            county=county, township=names.get(township or "", ""), village=names.get(code, ""),
            household_number=number, head_name=head_name, head_id_number=id_number or "",
            person_name=person.name, person_sex=person.sex,
            political_status=person.political_status, unit=person.unit,
            unit_relation=person.unit_relation, phone=person.phone, start=start, end=end,
            visits=count or 0))
    return result


def month_end(month: date) -> date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def due_lists(ctx: ServiceContext, place: Area | None, month: date) -> list[WorkerDue]:
    """The households whose next visit falls by the end of ``month`` (overdue ones included, as
    VisitService.due has them), grouped by the grid workers of their village, most urgent
    first; ``place`` None means the whole database."""
    due = VisitService(ctx).due(until=month_end(month), limit=10**9)
    prefix = place.prefix if place else ""
    found: dict[str, Household] = {}
    with ctx.db.read() as session:
        ids = [d.household_id for d in due]
        for start in range(0, len(ids), 500):
            found.update((h.id, h) for h in session.scalars(select(Household).where(
                Household.id.in_(ids[start:start + 500]),
                Household.village_code.startswith(prefix))))
        workers: dict[str, list[Contact]] = {}
        for user in session.scalars(select(User).where(
                User.role == WORKER, User.division_code.startswith(prefix), live(User))
                .order_by(User.name)):
            workers.setdefault(user.division_code, []).append(
                Contact(name=user.name, phone=user.phone))
    groups: dict[tuple[str, str], list[DueRow]] = {}
    for item in due:
        household = found.get(item.household_id)
        if household is None:
            continue
        people = workers.get(household.village_code, [])
        # A village with several workers gives them the list together, phones in name order.
        key = ("、".join(p.name for p in people), "、".join(p.phone for p in people if p.phone))
        groups.setdefault(key, []).append(DueRow(
            village=item.village_name, household_number=household.household_number,
            head_name=item.head_name, phone=household.phone, address=household.address,
            monitored=item.monitored, last_visit=household.last_visit_date, due=item.due,
            days_overdue=item.days_overdue))
    # Named workers in name order, the households without one last.
    return [WorkerDue(worker=Contact(name=name, phone=phone) if name else None, rows=tuple(rows))
            for (name, phone), rows in sorted(groups.items(), key=lambda kv: (not kv[0][0], kv[0]))]


def monthly(ctx: ServiceContext, month: date) -> MonthlyData:
    """The monthly analysis of everything this database covers: StatsService's overview (the
    state today) with what happened in ``month``: cases identified and eliminated, visits made,
    warnings raised, per village (per township when there are too many villages to chart)."""
    first, last = month.replace(day=1), month_end(month)
    stats = StatsService(ctx).overview()
    with ctx.db.read() as session:
        def by_village(query: Any) -> dict[str, int]:
            return {code: count for code, count in session.execute(
                query.group_by(Household.village_code)).all()}

        def in_month(column: Any) -> Any:
            return column.between(first, last)

        case_rows = select(Household.village_code, func.count()).join(
            MonitoringCase, MonitoringCase.household_id == Household.id).where(
            live(MonitoringCase), live(Household))
        identified = by_village(case_rows.where(in_month(MonitoringCase.identified_on)))
        eliminated = by_village(case_rows.where(in_month(MonitoringCase.eliminated_on)))
        visited = by_village(select(Household.village_code, func.count(Visit.household_id.distinct()))
                             .join(Visit, Visit.household_id == Household.id)
                             .where(in_month(Visit.visit_date), live(Visit), live(Household)))

        def grouped(column: Any, *where: Any) -> tuple[Count, ...]:
            rows = session.execute(select(column, func.count()).where(*where).group_by(column)
                                   .order_by(func.count().desc(), column)).all()
            return tuple(Count(str(label or "未填"), count) for label, count in rows)

        identified_by = grouped(MonitoringCase.category, in_month(MonitoringCase.identified_on),
                                live(MonitoringCase))
        eliminated_by = grouped(MonitoringCase.elimination_method,
                                in_month(MonitoringCase.eliminated_on), live(MonitoringCase))
        visits_done = session.scalar(select(func.count()).select_from(Visit).where(
            in_month(Visit.visit_date), live(Visit))) or 0
        warnings = session.execute(
            select(RiskWarning.title, RiskWarning.status, func.count())
            .where(in_month(RiskWarning.raised_on), live(RiskWarning))
            .group_by(RiskWarning.title, RiskWarning.status)).all()
        with_helper = session.scalar(select(func.count(MonitoringCase.household_id.distinct())).where(
            MonitoringCase.procedure == Procedure.IDENTIFICATION, MonitoringCase.stage == Stage.APPROVED,
            MonitoringCase.closed == False, live(MonitoringCase),  # noqa: E712
            MonitoringCase.household_id.in_(select(Assignment.household_id).where(
                Assignment.end_date.is_(None), live(Assignment))))) or 0
        names = division_names(session, {v.code for v in stats.villages})
    lines = [PlaceLine(v.name, v.households, v.monitored, v.in_procedure, identified.get(v.code, 0),
                       eliminated.get(v.code, 0), visited.get(v.code, 0), v.overdue_visits)
             for v in stats.villages]
    kind = "村"
    townships = {parent_of(v.code) for v in stats.villages}
    if len(lines) > MAX_CHART_PLACES and len(townships) > 1:
        kind, lines = "乡镇", _by_township(stats.villages, lines, names)
    return MonthlyData(
        place=scope_name(ctx), month=first, printed_on=ctx.today(), households=stats.households,
        members=stats.members,
        monitored_by_category=_counts(stats.monitored_by_category),
        by_status=_counts(stats.by_status),
        in_procedure_by_stage=_counts(stats.in_procedure_by_stage),
        identified_by_category=identified_by, eliminated_by_method=eliminated_by,
        visits_done=visits_done, households_visited=sum(visited.values()),
        overdue_visits=stats.overdue_visits, monitored_with_helper=with_helper,
        eliminated_total=sum(stats.eliminated_by_method.values()),
        warnings=_warning_lines(warnings), places=tuple(lines), place_kind=kind)


MAX_CHART_PLACES = 16


def _counts(values: dict[str, int]) -> tuple[Count, ...]:
    return tuple(Count(label or "未填", count)
                 for label, count in sorted(values.items(), key=lambda kv: (-kv[1], kv[0])))


def _warning_lines(rows: list[Any]) -> tuple[WarningLine, ...]:
    totals: dict[str, list[int]] = {}
    for title, status, count in rows:
        line = totals.setdefault(title, [0, 0])
        line[0] += count
        if status == OPEN_WARNING:
            line[1] += count
    return tuple(WarningLine(title, raised, raised - pending, pending)
                 for title, (raised, pending) in sorted(totals.items(), key=lambda kv: -kv[1][0]))


OPEN_WARNING = "待处置"


def _by_township(villages: list[Any], lines: list[PlaceLine], names: dict[str, str]
                 ) -> list[PlaceLine]:
    sums: dict[str, list[int]] = {}
    for village_counts, line in zip(villages, lines, strict=True):
        total = sums.setdefault(parent_of(village_counts.code) or "", [0] * 7)
        for index, value in enumerate((line.households, line.monitored, line.in_procedure,
                                       line.identified, line.eliminated, line.visited,
                                       line.overdue)):
            total[index] += value
    return [PlaceLine(names.get(code, code), *values) for code, values in sorted(sums.items())]
