"""What the station's documents read: the posting list's cases, the 帮扶责任人台账, the
走访计划 and (from the station reports) the 月度分析."""

from __future__ import annotations

import calendar
from collections.abc import Collection
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app.domain.divisions import parent_of
from app.domain.procedure import Procedure, Stage
from app.printing.analysis_data import ReportData
from app.printing.data import (
    Area,
    Contact,
    DueRow,
    LedgerRow,
    PostingCase,
    Village,
    WorkerDue,
)
from app.services.context import ServiceContext
from app.services.grids import grid_workers_of
from app.services.households import HEAD
from app.services.printouts.places import WORKER, division_names
from app.services.rows import live
from app.services.visits import VisitService
from app.store.models import (
    Assignment,
    AssistancePerson,
    Household,
    Member,
    MonitoringCase,
    User,
    Visit,
)


def posted_cases(session: Session, village_codes: Collection[str]) -> list[tuple[MonitoringCase, Household]]:
    """The open cases of these villages that are in posting (公示中) — only those go on a posting
    list; a case reviewed but not yet posted, or past its posting, does not — identification before
    elimination, then in household-number order as the village keeps it."""
    rows = session.execute(select(MonitoringCase, Household).join(
        Household, Household.id == MonitoringCase.household_id).where(
        Household.village_code.in_(list(village_codes)), MonitoringCase.stage == Stage.POSTED.value,
        MonitoringCase.closed == False,  # noqa: E712
        live(MonitoringCase), live(Household))).all()
    return sorted(((case, household) for case, household in rows),
                  key=lambda r: (r[0].procedure != Procedure.IDENTIFICATION.value, r[1].village_code,
                                 r[1].household_number))


def posting_cases(ctx: ServiceContext, place: Village) -> list[PostingCase]:
    with ctx.db.read() as session:
        return [PostingCase(
            procedure=Procedure(case.procedure), head_name=household.head_name,
            household_number=household.household_number, member_count=household.member_count,
            category=case.category, elimination_method=case.elimination_method,
            risk_types=tuple(case.risk_types), posting_start=case.posting_start,
            posting_end=case.posting_end, group_name=household.group_name)
            for case, household in posted_cases(session, [place.code])]


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
    VisitService.due has them), grouped by the worker(s) of each household's grid (网格), most
    urgent first; a household in no grid goes to its village's workers together. ``place`` None
    means the whole database."""
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
        grids = grid_workers_of(session, list(found))
    groups: dict[tuple[str, str], list[DueRow]] = {}
    for item in due:
        household = found.get(item.household_id)
        if household is None:
            continue
        in_grid = grids.get(household.id)
        people = ([Contact(name=w.name, phone=w.phone) for w in in_grid] if in_grid is not None
                  else workers.get(household.village_code, []))
        # A grid (or a village without grids) with several workers gives them the list together.
        key = ("、".join(p.name for p in people), "、".join(p.phone for p in people if p.phone))
        groups.setdefault(key, []).append(DueRow(
            village=item.village_name, household_number=household.household_number,
            head_name=item.head_name, phone=household.phone, address=household.address,
            monitored=item.monitored, last_visit=household.last_visit_date, due=item.due,
            days_overdue=item.days_overdue))
    # Named workers in name order, the households without one last.
    return [WorkerDue(worker=Contact(name=name, phone=phone) if name else None, rows=tuple(rows))
            for (name, phone), rows in sorted(groups.items(), key=lambda kv: (not kv[0][0], kv[0]))]


def monthly(ctx: ServiceContext, month: date) -> ReportData:
    """The 月分析 of ``month`` for everything this database covers, as the 打印 page prints it:
    the station reports' monthly (app/services/reports), figures as of the month's end."""
    # Imported here: the reports resolve their scope through this package's places.
    from app.services.reports import ReportKind, ReportService

    return ReportService(ctx).build(ReportKind.MONTHLY, f"{month.year}-{month.month:02d}")
