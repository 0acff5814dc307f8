"""What a 帮扶明白卡 shows, read in bulk: one household, a village, or a whole area a page of
households at a time."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select, tuple_

from app.domain.idnumber import mask_id_number
from app.domain.procedure import Procedure, Stage, is_settled
from app.printing.data import (
    Area,
    CardData,
    Contact,
    Contacts,
    MeasureLine,
    MemberLine,
    Village,
)
from app.printing.policies import policies_for
from app.services.context import ServiceContext
from app.services.grids import GridWorker, grid_workers_of
from app.services.households import HouseholdDetail, HouseholdService, family_order
from app.services.policy import kind_origins_from
from app.services.printouts.places import contacts, village
from app.services.rows import live
from app.store.models import (
    Assignment,
    AssistancePerson,
    Household,
    Measure,
    Member,
    MonitoringCase,
)


def household_ids(ctx: ServiceContext, place: Village) -> list[str]:
    with ctx.db.read() as session:
        return list(session.scalars(select(Household.id).where(
            Household.village_code == place.code, live(Household))
            .order_by(Household.household_number, Household.id)))


def card(ctx: ServiceContext, household_id: str, printed_on: date) -> CardData:
    detail = HouseholdService(ctx).get(household_id)
    with ctx.db.read() as session:
        grid = grid_workers_of(session, [household_id]).get(household_id)
        origins = kind_origins_from(session)
    return card_data(detail, contacts(ctx, village(ctx, detail.household.village_code)),
                     printed_on, grid, origins)


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
        ids = [i for i, _ in chunk]
        with ctx.db.read() as session:
            grids = grid_workers_of(session, ids)
            origins = kind_origins_from(session)
        for detail in _details(ctx, names, ids):
            yield card_data(detail, known[detail.household.village_code][1], printed_on,
                            grids.get(detail.household.id), origins)


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


def card_data(detail: HouseholdDetail, contacts: Contacts | None = None,
              printed_on: date | None = None, grid: tuple[GridWorker, ...] | None = None,
              kind_origins: Mapping[str, str] | None = None) -> CardData:
    """What the card shows. ``grid``: the workers of the household's grid (None: in no grid);
    ``kind_origins``: the county's renames of measure kinds, so a renamed kind keeps its policy text."""
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
        measures=measures, helpers=helpers, grid_workers=_own_grid_workers(grid, contacts, detail.village_name),
        station=contacts.station,
        policies=policies_for((m.kind for m in measures), risks, kind_origins),
        printed_on=printed_on or date.today(),
    )
    data.state = monitoring_state(case)
    if case is not None and case.identified_on is not None:
        # Category and risk status are the county's decision: shown only once it has approved.
        data.category = case.category
        data.status = case.status
        data.identified_on = _day(case.identified_on)
        data.eliminated_on = _day(case.eliminated_on)
        data.elimination_method = case.elimination_method
    if case is not None and data.state != NOT_MONITORED:
        data.risk_types = risks
        data.procedure = Procedure(case.procedure).label
        data.stage = Stage(case.stage).label
    return data


NOT_MONITORED = "未纳入监测"


def _own_grid_workers(grid: tuple[GridWorker, ...] | None, contacts: Contacts, unit: str) -> list[Contact]:
    """The household's own grid worker(s): its grid's; outside any grid, the village's only worker
    if it has one; else nobody — the card's blank 网格员 row is written in by hand rather than
    listing every worker of the village as if each were this household's."""
    if grid:
        return [Contact(name=w.name, phone=w.phone, unit=f"{unit}{w.grid_name}") for w in grid]
    if grid is None and len(contacts.grid_workers) == 1:
        return list(contacts.grid_workers)
    return []


def monitoring_state(case: Any) -> str:
    """Where the household stands, in the plain words a card on the wall uses: 申报中 (from the
    proposal until the posting), 公示中, 审核中 (after the posting, until the county decides),
    已纳入监测, 风险已消除 — or 未纳入监测 (no case, or the identification was turned down).
    An elimination under way keeps the household 已纳入监测 until the county approves it."""
    if case is None:
        return NOT_MONITORED
    stage = Stage(case.stage)
    if Procedure(case.procedure) is Procedure.ELIMINATION:
        if is_settled(stage):
            return "风险已消除"
        if stage is Stage.POSTED:
            return "已纳入监测（风险消除公示中）"
        return "已纳入监测（风险消除办理中）"
    if case.identified_on is not None and not case.closed:
        return "已纳入监测"
    if case.closed:
        return "风险已消除" if case.eliminated_on is not None else NOT_MONITORED
    if stage is Stage.POSTED:
        return "公示中"
    if stage in (Stage.TOWNSHIP_REVIEWED, Stage.CROSS_CHECKED):
        return "审核中"
    return "申报中"


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""
