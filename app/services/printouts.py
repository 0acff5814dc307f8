"""What printed documents read from the database: villages, their contacts, households one at a
time, and the cases on a posting list. The drawing code in app/printing never touches the store."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

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
from app.services.households import HouseholdDetail, HouseholdService
from app.services.rows import live
from app.store.models import Division, Household, MonitoringCase, User

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
    """Cards one household at a time, so a village of any size is never all in memory."""
    known = contacts(ctx, place)
    service = HouseholdService(ctx)
    for household_id in household_ids(ctx, place):
        yield card_data(service.get(household_id), known, printed_on)


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
