"""What printed documents read from the database: villages, their contacts, households one at a
time, and the cases on a posting list. The drawing code in app/printing never touches the store."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from app.domain.divisions import DivisionLevel, normalize_code
from app.domain.errors import UserFacingError
from app.domain.idnumber import mask_id_number
from app.domain.procedure import Procedure, Stage
from app.printing.data import (
    CardData,
    Contact,
    Contacts,
    MeasureLine,
    MemberLine,
    PostingCase,
    Village,
)
from app.printing.policies import policies_for
from app.services.context import ServiceContext
from app.services.households import HouseholdDetail, HouseholdService, family_order
from app.services.rows import live
from app.store.models import (
    Assignment,
    AssistancePerson,
    Division,
    Household,
    Measure,
    Member,
    MonitoringCase,
    User,
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
    known = contacts(ctx, place)
    ids = household_ids(ctx, place)
    for start in range(0, len(ids), CHUNK):
        for detail in _details(ctx, place, ids[start:start + CHUNK]):
            yield card_data(detail, known, printed_on)


CHUNK = 200


def _details(ctx: ServiceContext, place: Village, ids: list[str]) -> list[HouseholdDetail]:
    """What a card shows of these households (members, cases, measures, assignments), as
    HouseholdService.get reads it for one, in five queries for all of them."""
    with ctx.db.read() as session:
        households = {h.id: h for h in session.scalars(select(Household).where(
            Household.id.in_(ids)))}
        details = {i: HouseholdDetail(household=households[i], village_name=place.name,
                                      members=[]) for i in ids if i in households}

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
