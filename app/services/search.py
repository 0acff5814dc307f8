"""Household search over a whole county: every query is an index range scan, never a table scan.

What the user typed decides the key: digits (and X) search ID numbers from the front or, for 4–8
digits, from the back; Latin letters search pinyin initials; Chinese searches member names from the
front and village names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, select, union
from sqlmodel import Session

from app.domain.procedure import Stage
from app.services.context import ServiceContext
from app.services.rows import live
from app.store.models import Division, Household, Member, MonitoringCase

_ID_LIKE = re.compile(r"^[0-9]{1,17}[0-9Xx]?$")
_LETTERS = re.compile(r"^[A-Za-z]+$")
# Past the largest code point: "prefix <= value < prefix + _TOP" is a prefix match on an index.
_TOP = "\U0010ffff"


@dataclass(frozen=True)
class HouseholdRow:
    id: str
    village_code: str
    village_name: str
    group_name: str
    head_name: str
    member_count: int
    household_type: str
    category: str
    stage: str
    status: str
    next_visit_due: date | None
    matched: str


def _prefix(column: object, text: str) -> object:
    return (column >= text) & (column < text + _TOP)  # type: ignore[operator]


def _member_query(text: str) -> Select | None:
    if _ID_LIKE.match(text):
        text = text.upper()
        by_front = select(Member.household_id, Member.name).where(
            _prefix(Member.id_number, text), live(Member))
        if 4 <= len(text) <= 8:
            by_back = select(Member.household_id, Member.name).where(
                _prefix(Member.id_number_reversed, text[::-1]), live(Member))
            return union(by_front, by_back)
        return by_front
    if _LETTERS.match(text):
        return select(Member.household_id, Member.name).where(
            _prefix(Member.name_initials, text.lower()), live(Member))
    return select(Member.household_id, Member.name).where(_prefix(Member.name, text),
                                                           live(Member))


class SearchService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def search(self, text: str = "", village: str | None = None,
               limit: int = 200) -> list[HouseholdRow]:
        text = re.sub(r"\s+", "", text or "")
        with self.ctx.db.read() as session:
            matched: dict[str, str] = {}
            if text:
                query = _member_query(text)
                if query is not None:
                    for household_id, name in session.execute(query.limit(limit * 4)):
                        matched.setdefault(household_id, name)
                for code in _villages_named(session, text):
                    for household_id in session.scalars(select(Household.id).where(
                            Household.village_code == code, live(Household)).limit(limit)):
                        matched.setdefault(household_id, "")
                ids = list(matched)
                households = session.scalars(select(Household).where(
                    Household.id.in_(ids), live(Household))).all() if ids else []
                if village:
                    households = [h for h in households if h.village_code == village]
            else:
                query = select(Household).where(live(Household))
                if village:
                    query = query.where(Household.village_code == village)
                households = session.scalars(query.order_by(Household.village_code,
                                                            Household.id).limit(limit)).all()
            households = sorted(households, key=lambda h: (h.village_code, h.head_name))[:limit]
            return _rows(session, households, matched)


def _villages_named(session: Session, text: str) -> list[str]:
    if _ID_LIKE.match(text) or _LETTERS.match(text) or len(text) < 2:
        return []
    return list(session.scalars(select(Division.id).where(
        _prefix(Division.name, text), Division.level == "village", live(Division)).limit(20)))


def _rows(session: Session, households: list[Household],
          matched: dict[str, str]) -> list[HouseholdRow]:
    ids = [h.id for h in households]
    cases = {c.household_id: c for c in session.scalars(select(MonitoringCase).where(
        MonitoringCase.household_id.in_(ids), MonitoringCase.closed == False,  # noqa: E712
        live(MonitoringCase)))} if ids else {}
    codes = {h.village_code for h in households}
    names = dict(session.execute(select(Division.id, Division.name).where(
        Division.id.in_(codes))).all()) if codes else {}
    rows = []
    for h in households:
        case = cases.get(h.id)
        rows.append(HouseholdRow(
            id=h.id, village_code=h.village_code, village_name=names.get(h.village_code, ""),
            group_name=h.group_name, head_name=h.head_name, member_count=h.member_count,
            household_type=h.household_type, category=case.category if case else "",
            stage=Stage(case.stage).label if case else "", status=case.status if case else "",
            next_visit_due=h.next_visit_due, matched=matched.get(h.id, "")))
    return rows
