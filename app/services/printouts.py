"""What printed documents read from the database, and one entry point per document.

The readers (``card``, ``card_batch``, ``posting_cases``, ``ledger_rows``, ``due_lists``,
``monthly``) return plain values from app/printing/data.py; the drawing code in app/printing
never touches the store. ``write_document`` and ``write_card_files`` read and write in one call
for the 打印 page and the command line (docs/printing.md)."""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import func, or_, select, tuple_

from app.domain.divisions import (
    DivisionLevel,
    ancestors,
    level_of,
    normalize_code,
    parent_of,
    scope_prefix,
)
from app.domain.errors import UserFacingError
from app.domain.idnumber import mask_id_number
from app.domain.procedure import Procedure, Stage
from app.printing.batch import Cancelled, Progress, atomic_output, write_card_batch, write_card_folder
from app.printing.card import write_card
from app.printing.data import (
    Area,
    CardData,
    Contact,
    Contacts,
    Count,
    DueRow,
    LedgerRow,
    MeasureLine,
    MemberLine,
    MonthlyData,
    PlaceLine,
    PostingCase,
    Village,
    WarningLine,
    WorkerDue,
)
from app.printing.due import write_due_list
from app.printing.ledger import write_ledger
from app.printing.monthly import write_monthly
from app.printing.policies import policies_for
from app.printing.posting import posting_data, write_posting
from app.services.context import ServiceContext
from app.services.households import HEAD, HouseholdDetail, HouseholdService, family_order
from app.services.policy import PolicyService
from app.services.rows import live
from app.services.stats import StatsService
from app.services.visits import VisitService
from app.store.models import (
    Assignment,
    AssistancePerson,
    Division,
    Household,
    Measure,
    Member,
    MonitoringCase,
    RiskWarning,
    User,
    Visit,
)

WORKER, TOWNSHIP = "worker", "township"
# A posting list is printed for cases the village has reviewed and for those being posted.
POSTING_STAGES = (Stage.VILLAGE_REVIEWED.value, Stage.POSTED.value)


def village(ctx: ServiceContext, raw_code: str) -> Village:
    try:
        code = normalize_code(raw_code)
    except UserFacingError:
        raise UserFacingError(f"村代码“{raw_code}”格式不对，应为 12 位区划代码。") from None
    with ctx.db.read() as session:
        row = session.get(Division, code)
        if row is None or row.deleted or row.level != DivisionLevel.VILLAGE:
            raise UserFacingError(f"村代码 {raw_code} 不是本数据库区划表中的村。")
        township = session.get(Division, row.parent_code) if row.parent_code else None
        return Village(code=code, name=row.name, township_code=row.parent_code or "",
                       township_name=township.name if township else "")


def area(ctx: ServiceContext, raw_code: str) -> Area:
    """A village, township or county of this database, for batches and ledgers."""
    try:
        code = normalize_code(raw_code)
    except UserFacingError:
        raise UserFacingError(f"区划代码“{raw_code}”格式不对，应为村、乡镇或县的区划代码。") from None
    level = level_of(code)
    with ctx.db.read() as session:
        row = session.get(Division, code)
        if row is None or row.deleted or level not in AREA_LEVELS:
            raise UserFacingError(f"区划代码 {raw_code} 不是本数据库区划表中的村、乡镇或县。")
        names = [d.name for c in ancestors(code) if level_of(c) in AREA_LEVELS
                 and (d := session.get(Division, c)) is not None]
    return Area(code=code, name=row.name, level=level.value, full_name="".join([*names, row.name]),
                prefix=scope_prefix(code))


AREA_LEVELS = (DivisionLevel.COUNTY, DivisionLevel.TOWNSHIP, DivisionLevel.VILLAGE)


def contacts(ctx: ServiceContext, place: Village) -> Contacts:
    """The village's grid workers and someone at the township station, as the users table has
    them (the station has no phone of its own in the data yet)."""
    with ctx.db.read() as session:
        users = session.execute(select(User.name, User.role, User.phone, User.division_code).where(
            User.division_code.in_([place.code, place.township_code]), live(User))
            .order_by(User.name)).all()
    workers = tuple(Contact(name=u.name, phone=u.phone, unit=place.name) for u in users
                    if u.role == WORKER and u.division_code == place.code)
    station = next((Contact(name=u.name, phone=u.phone, unit=f"{place.township_name}防贫工作站")
                    for u in users if u.role == TOWNSHIP and u.phone), None)
    return Contacts(grid_workers=workers, station=station)


def household_ids(ctx: ServiceContext, place: Village) -> list[str]:
    with ctx.db.read() as session:
        return list(session.scalars(select(Household.id).where(
            Household.village_code == place.code, live(Household))
            .order_by(Household.household_number, Household.id)))


def card(ctx: ServiceContext, household_id: str, printed_on: date) -> CardData:
    detail = HouseholdService(ctx).get(household_id)
    return card_data(detail, contacts(ctx, village(ctx, detail.household.village_code)),
                     printed_on)


def village_cards(ctx: ServiceContext, place: Village, printed_on: date) -> Iterator[CardData]:
    """Cards for a village, read a chunk of households at a time in a few bulk queries, so a
    village of any size is never all in memory and no household costs a round of queries."""
    ids = household_ids(ctx, place)
    pages = ([(i, place.code) for i in ids[start:start + CHUNK]] for start in range(0, len(ids), CHUNK))
    return _cards(ctx, pages, printed_on)


@dataclass(frozen=True)
class CardBatch:
    """The cards of an area: ``total`` known up front for progress, ``cards`` read lazily."""

    area: Area
    total: int
    cards: Iterator[CardData]


def card_batch(ctx: ServiceContext, place: Area, printed_on: date) -> CardBatch:
    """Every household of a village, township or county, village by village in household-number
    order; counted first, then read a page of households at a time (keyset pagination), so not
    even the list of ids grows with the area."""
    in_area = (Household.village_code.startswith(place.prefix), live(Household))
    with ctx.db.read() as session:
        total = session.scalar(select(func.count()).select_from(Household).where(*in_area)) or 0
    return CardBatch(area=place, total=total, cards=_cards(ctx, _pages(ctx, in_area), printed_on))


CHUNK = 200


def _pages(ctx: ServiceContext, where: tuple[Any, ...]) -> Iterator[list[tuple[str, str]]]:
    """(household id, village code) of the matching households, CHUNK at a time."""
    order = (Household.village_code, Household.household_number, Household.id)
    after: tuple[str, str, str] | None = None
    while True:
        query = select(*order).where(*where).order_by(*order).limit(CHUNK)
        if after is not None:
            query = query.where(tuple_(*order) > tuple_(*after))
        with ctx.db.read() as session:
            rows = [(r[0], r[1], r[2]) for r in session.execute(query)]
        if not rows:
            return
        yield [(household_id, code) for code, _, household_id in rows]
        after = rows[-1]


def _cards(ctx: ServiceContext, pages: Iterable[list[tuple[str, str]]], printed_on: date
           ) -> Iterator[CardData]:
    known: dict[str, tuple[Village, Contacts]] = {}
    for chunk in pages:
        for code in dict.fromkeys(c for _, c in chunk):
            if code not in known:
                place = village(ctx, code)
                known[code] = place, contacts(ctx, place)
        names = {code: place.name for code, (place, _) in known.items()}
        for detail in _details(ctx, names, [i for i, _ in chunk]):
            yield card_data(detail, known[detail.household.village_code][1], printed_on)


def _details(ctx: ServiceContext, village_names: dict[str, str], ids: list[str]
             ) -> list[HouseholdDetail]:
    """What a card shows of these households (members, cases, measures, assignments), as
    HouseholdService.get reads it for one, in five queries for all of them."""
    with ctx.db.read() as session:
        households = {h.id: h for h in session.scalars(select(Household).where(
            Household.id.in_(ids)))}
        details = {i: HouseholdDetail(household=h, village_name=village_names[h.village_code],
                                      members=[]) for i, h in households.items()}

        def rows(model: Any, *order: Any) -> Iterator[Any]:
            return iter(session.scalars(select(model).where(
                model.household_id.in_(ids), live(model)).order_by(*order)))

        for member in rows(Member):
            details[member.household_id].members.append(member)
        for case in rows(MonitoringCase, MonitoringCase.proposed_on.desc()):
            details[case.household_id].cases.append(case)
        for measure in rows(Measure, Measure.start_date.desc()):
            details[measure.household_id].measures.append(measure)
        for assignment, person in session.execute(
                select(Assignment, AssistancePerson)
                .join(AssistancePerson, AssistancePerson.id == Assignment.person_id)
                .where(Assignment.household_id.in_(ids), live(Assignment))
                .order_by(Assignment.start_date.desc())).all():
            details[assignment.household_id].assignments.append((assignment, person))
    for detail in details.values():
        detail.members.sort(key=family_order)
    return [details[i] for i in ids if i in details]


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


def card_data(detail: HouseholdDetail, contacts: Contacts | None = None,
              printed_on: date | None = None) -> CardData:
    household = detail.household
    contacts = contacts or Contacts()
    # The open case if there is one, else the latest (cases come newest first).
    case = detail.active_case or (detail.cases[0] if detail.cases else None)
    head = detail.head
    measures = [MeasureLine(kind=m.kind, item=m.item, start=_day(m.start_date),
                            amount=Decimal(m.amount or 0), status=m.status,
                            provider=m.provider_unit) for m in detail.measures]
    helpers = [Contact(name=p.name, phone=p.phone, unit=p.unit)
               for a, p in sorted(detail.assignments, key=lambda ap: not ap[0].is_primary)
               if a.end_date is None]
    risks = list(case.risk_types) if case else []
    data = CardData(
        household_id=household.id, village=detail.village_name,
        head_name=head.name if head else household.head_name,
        household_number=household.household_number, household_type=household.household_type,
        address=household.address, group_name=household.group_name,
        members=[MemberLine(name=m.name, relation=m.relation, sex=m.sex,
                            masked_id=mask_id_number(m.id_number) if m.id_number else "",
                            health="、".join(m.health), labour=m.labour_skill)
                 for m in detail.members],
        measures=measures, helpers=helpers, grid_workers=list(contacts.grid_workers),
        station=contacts.station,
        policies=policies_for((m.kind for m in measures), risks),
        printed_on=printed_on or date.today(),
    )
    if case is not None:
        data.category = case.category
        data.risk_types = risks
        data.status = case.status
        data.procedure = Procedure(case.procedure).label
        data.stage = Stage(case.stage).label
        data.identified_on = _day(case.identified_on)
        data.eliminated_on = _day(case.eliminated_on)
        data.elimination_method = case.elimination_method
    return data


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


def _names(session: Any, codes: set[str]) -> dict[str, str]:
    """Division names for these codes and every one above them."""
    wanted = set(codes)
    for code in codes:
        wanted.update(ancestors(code))
    return dict(session.execute(select(Division.id, Division.name).where(
        Division.id.in_(sorted(wanted)))).all())


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
        names = _names(session, {r[3] for r in rows})
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
        names = _names(session, {v.code for v in stats.villages})
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


def scope_name(ctx: ServiceContext) -> str:
    try:
        return area(ctx, ctx.scope_code).full_name
    except UserFacingError:  # a city or province centre: its own name is enough
        with ctx.db.read() as session:
            row = session.get(Division, ctx.scope_code)
            return row.name if row else ctx.scope_code


# --- one entry point per document, for the 打印 page and the command line --------------------


class DocumentKind(StrEnum):
    CARD = "card"
    CARDS = "cards"
    LEDGER = "ledger"
    POSTING = "posting"
    DUE = "due"
    MONTHLY = "monthly"

    @property
    def title(self) -> str:
        return DOCUMENT_TITLES[self]


DOCUMENT_TITLES = {
    DocumentKind.CARD: "帮扶明白卡", DocumentKind.CARDS: "帮扶明白卡（批量）",
    DocumentKind.LEDGER: "帮扶责任人台账", DocumentKind.POSTING: "监测对象公示",
    DocumentKind.DUE: "入户走访计划", DocumentKind.MONTHLY: "月度分析",
}


@dataclass(frozen=True)
class PrintRequest:
    """What to print. ``household`` (an id, household number or member's ID number) for a card;
    ``area`` (a division code) for cards, a ledger, a posting list (a village) and optionally a
    due list; ``month`` (any day in it; default this month) for a due list and the monthly."""

    kind: DocumentKind
    household: str = ""
    area: str = ""
    month: date | None = None
    posting_start: date | None = None


@dataclass(frozen=True)
class PrintResult:
    path: Path
    count: int  # cards, ledger relations, households listed; 1 for the monthly
    message: str  # one line for the user, in Chinese


def write_document(ctx: ServiceContext, request: PrintRequest, out: Path, *,
                   progress: Progress | None = None, cancelled: Cancelled | None = None
                   ) -> PrintResult:
    """Read what ``request`` needs and write it as one PDF at ``out``, atomically: on an error
    or PrintCancelled (card batches only) no file is left. Safe to call off the UI thread with
    a context of its own; ``progress`` and ``cancelled`` are called from that thread."""
    today = ctx.today()
    kind = request.kind
    if kind is DocumentKind.CARDS:
        batch = card_batch(ctx, area(ctx, _required(request.area, "区划代码")), today)
        count = write_card_batch(out, batch.cards, total=batch.total, progress=progress,
                                 cancelled=cancelled)
        return PrintResult(out, count, f"已生成{batch.area.name}明白卡 {count} 户：{out}")
    writer, count, message = _prepare(ctx, request, today)
    with atomic_output(out) as partial:
        writer(partial)
    if progress is not None:
        progress(1, 1)
    return PrintResult(out, count, f"{message}：{out}")


def write_card_files(ctx: ServiceContext, area_code: str, folder: Path, *,
                     progress: Progress | None = None, cancelled: Cancelled | None = None
                     ) -> PrintResult:
    """One card PDF per household of a village or township, into ``folder``."""
    batch = card_batch(ctx, area(ctx, _required(area_code, "区划代码")), ctx.today())
    files = write_card_folder(folder, batch.cards, total=batch.total, progress=progress,
                              cancelled=cancelled)
    return PrintResult(folder, len(files),
                       f"已生成{batch.area.name}明白卡 {len(files)} 户，每户一个文件：{folder}")


def _prepare(ctx: ServiceContext, request: PrintRequest, today: date
             ) -> tuple[Callable[[Path], None], int, str]:
    """Everything read before the file is opened: (the writer, how many, the message)."""
    kind = request.kind
    month = (request.month or today).replace(day=1)
    label = f"{month.year}年{month.month}月"
    if kind is DocumentKind.CARD:
        data = card(ctx, HouseholdService(ctx).resolve(_required(request.household, "户编号")),
                    today)
        return (lambda path: write_card(path, data)), 1, f"已生成{data.head_name}户的明白卡"
    if kind is DocumentKind.LEDGER:
        place = area(ctx, _required(request.area, "区划代码"))
        rows = ledger_rows(ctx, place)
        return ((lambda path: write_ledger(path, place.full_name, rows, today)), len(rows),
                f"已生成{place.name}帮扶责任人台账（{len(rows)} 条帮扶关系）")
    if kind is DocumentKind.POSTING:
        spot = village(ctx, _required(request.area, "村代码"))
        posting = posting_data(spot, posting_cases(ctx, spot), contacts(ctx, spot),
                               start=request.posting_start or today,
                               days=PolicyService(ctx).posting_days(), printed_on=today)
        return ((lambda path: write_posting(path, posting)), len(posting.rows),
                f"已生成{spot.name}公示名单（{len(posting.rows)} 户）")
    if kind is DocumentKind.DUE:
        place_or_all = area(ctx, request.area) if request.area else None
        workers = due_lists(ctx, place_or_all, month)
        name = place_or_all.full_name if place_or_all else scope_name(ctx)
        listed = sum(len(w.rows) for w in workers)
        return ((lambda path: write_due_list(path, name, month, workers, today)), listed,
                f"已生成{label}走访计划（{listed} 户）")
    if kind is DocumentKind.MONTHLY:
        report = monthly(ctx, month)
        return (lambda path: write_monthly(path, report)), 1, f"已生成{label}月度分析"
    raise UserFacingError(f"不能用这种方式打印“{kind.title}”。")


def _required(value: str, label: str) -> str:
    if not value.strip():
        raise UserFacingError(f"请选择或填写{label}。")
    return value.strip()
