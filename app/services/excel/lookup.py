"""What the database already holds about the file's households and people, read in a few large
queries before planning (never one query per row)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import Session

from app.domain.divisions import DivisionLevel, is_within, normalize_code
from app.domain.errors import UserFacingError
from app.excel.records import FileHousehold
from app.excel.targets import HOUSEHOLD
from app.services.rows import live
from app.store.models import Assignment, AssistancePerson, Division, Household, IncomeRecord, Member

LOOKUP_CHUNK = 5000  # values in one IN (…) query


@dataclass
class Lookup:
    """What the database already holds about the households and people of the file."""

    villages: dict[str, Division]
    townships: dict[str, str]
    by_number: dict[str, list[Household]]
    members_by_id: dict[str, Member]
    households: dict[str, Household]
    members_of: dict[str, list[Member]]
    incomes: dict[tuple[str, int], IncomeRecord]
    persons: dict[tuple[str, str], AssistancePerson]
    active: dict[str, list[Assignment]]


def _chunks(values: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(values), LOOKUP_CHUNK):
        yield values[start:start + LOOKUP_CHUNK]


def load_lookup(session: Session, scope: str, households: list[FileHousehold]) -> Lookup:
    villages = {d.id: d for d in session.scalars(select(Division).where(
        Division.level == DivisionLevel.VILLAGE, live(Division))) if is_within(d.id, scope)}
    by_number: dict[str, list[Household]] = {}
    members_by_id: dict[str, Member] = {}
    if not (_holds_any(session, Household) or _holds_any(session, Member)):
        numbers: list[str] = []  # a database without households (a county's first roster): nobody to match
        ids: list[str] = []
    else:
        numbers = sorted({str(h.values(HOUSEHOLD)["household_number"]) for h in households
                          if h.values(HOUSEHOLD).get("household_number")})
        ids = sorted({str(v) for h in households for r in h.rows
                      for v in (r.values.get("member.id_number"), r.values.get("household.head_id")) if v})
    for chunk in _chunks(numbers):
        for household in session.scalars(select(Household).where(
                Household.household_number.in_(chunk), live(Household))):
            by_number.setdefault(household.household_number, []).append(household)
    for chunk in _chunks(ids):
        for member in session.scalars(select(Member).where(Member.id_number.in_(chunk), live(Member))):
            members_by_id[member.id_number] = member
    household_ids = sorted({h.id for found in by_number.values() for h in found}
                           | {m.household_id for m in members_by_id.values()})
    townships = {d.id: d.name for d in session.scalars(select(Division).where(
        Division.level == DivisionLevel.TOWNSHIP, live(Division)))}
    lookup = Lookup(villages, townships, by_number, members_by_id, {}, {}, {}, {}, {})
    for chunk in _chunks(household_ids):
        for household in session.scalars(select(Household).where(Household.id.in_(chunk))):
            lookup.households[household.id] = household
        for member in session.scalars(select(Member).where(Member.household_id.in_(chunk), live(Member))):
            lookup.members_of.setdefault(member.household_id, []).append(member)
        for record in session.scalars(select(IncomeRecord).where(
                IncomeRecord.household_id.in_(chunk), live(IncomeRecord))):
            lookup.incomes[(record.household_id, record.year)] = record
        for assignment in session.scalars(select(Assignment).where(
                Assignment.household_id.in_(chunk), Assignment.end_date.is_(None), live(Assignment))):
            lookup.active.setdefault(assignment.household_id, []).append(assignment)
    if any(r.values.get("helper.name") for h in households for r in h.rows):
        for person in session.scalars(select(AssistancePerson).where(live(AssistancePerson))):
            for key in {*person_keys(person.name, person.phone, person.unit), (person.name, "")}:
                lookup.persons.setdefault(key, person)
    return lookup


def _holds_any(session: Session, model: type[Household] | type[Member]) -> bool:
    return session.scalar(select(model.id).where(live(model)).limit(1)) is not None


def person_keys(name: str, phone: str, unit: str) -> list[tuple[str, str]]:
    """How an assistance person is recognised: by name and phone, or name and unit; by the name
    alone only when the sheet gives neither."""
    keys = [(name, value) for value in (phone, unit) if value]
    return keys or [(name, "")]


def find_village(session: Session, raw: str, scope: str) -> Division:
    """The village a ``--village`` argument names, within ``scope``. A code of the wrong form is
    refused as such; a well-formed 12-digit code that no village has (999999999999 too, whose
    province part no province has) is refused as not a village of this database's division table."""
    text = "".join(str(raw).split())
    try:
        code = normalize_code(text)
    except UserFacingError:
        if not (len(text) == 12 and text.isdigit()):
            raise UserFacingError(f"村代码“{raw}”格式不对，应为 12 位数字的村级区划代码。") from None
        code = text
    division = session.get(Division, code)
    if division is None or division.deleted:
        raise UserFacingError(f"村代码 {text} 不是本数据库区划表中的村。")
    if division.level != DivisionLevel.VILLAGE:
        raise UserFacingError(f"{text} 是{division.name}的区划代码，不是村；请填写 12 位的村级区划代码。")
    if not is_within(code, scope):
        raise UserFacingError(f"{division.name}（{code}）不在本机的工作范围内。")
    return division


def own_village(session: Session, role: str, scope: str) -> str | None:
    """A grid worker's own village (the database's scope): where the households of a roster
    without a 村 column belong unless another village is chosen. None for a station."""
    if role != "worker":
        return None
    division = session.get(Division, scope)
    if division is None or division.deleted or division.level != DivisionLevel.VILLAGE:
        return None
    return division.id
