"""Household search over a whole county: every query is an index range scan, never a table scan.

What the user typed decides the key: 4–8 digits are the end of an ID number (what people read off
a card), more digits its beginning; Latin letters search pinyin initials; Chinese searches member
names from the front, then village names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, select
from sqlmodel import Session

from app.domain.household_number import normalise_scan, scanned_household_id
from app.domain.procedure import Stage
from app.services.context import ServiceContext
from app.services.rows import live
from app.store.models import Division, Household, Member, MonitoringCase

_ID_LIKE = re.compile(r"^[0-9]{1,17}[0-9Xx]?$")
_LETTERS = re.compile(r"^[A-Za-z]+$")
# Past the largest code point: "prefix <= value < prefix + _TOP" is a prefix match on an index.
_TOP = "\U0010ffff"
_EXACT_LIMIT = 20


@dataclass(frozen=True)
class HouseholdRow:
    id: str
    household_number: str
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


# The columns a result row shows: plain rows, not ORM objects, since a search may return hundreds.
_LISTED = (Household.id, Household.household_number, Household.village_code, Household.group_name,
           Household.head_name, Household.member_count, Household.household_type,
           Household.next_visit_due)


def _prefix(column: object, text: str) -> object:
    return (column >= text) & (column < text + _TOP)  # type: ignore[operator]


def _member_query(text: str) -> Select:
    if _ID_LIKE.match(text):
        text = text.upper()
        column = Member.id_number_reversed if 4 <= len(text) <= 8 else Member.id_number
        key = text[::-1] if column is Member.id_number_reversed else text
        return select(Member.household_id, Member.name).where(_prefix(column, key), live(Member))
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
        """Households matching what was typed. A card's scanned QR code or an exact 户编号 finds
        just that household (app/domain/household_number.py); anything else searches as above."""
        text = re.sub(r"\s+", "", text or "")
        with self.ctx.db.read() as session:
            matched: dict[str, str] = {}
            exact = _exact(session, text, village)
            if exact:
                households = session.execute(select(*_LISTED).where(
                    Household.id.in_(list(exact)), live(Household))).all()
                return listed_rows(session, households, exact)
            if text:
                query = _member_query(text)
                if village:
                    query = query.join(Household, Household.id == Member.household_id).where(
                        Household.village_code == village)
                # Matches come in index order; a page of distinct households is all we read.
                for household_id, name in session.execute(query.limit(limit * 3)):
                    if len(matched) >= limit:
                        break
                    matched.setdefault(household_id, name)
                if len(matched) < limit and not village:
                    for code in _villages_named(session, text):
                        for household_id in session.scalars(select(Household.id).where(
                                Household.village_code == code, live(Household))
                                .limit(limit - len(matched))):
                            matched.setdefault(household_id, "")
                households = session.execute(select(*_LISTED).where(
                    Household.id.in_(list(matched)), live(Household))).all() if matched else []
            else:
                query = select(*_LISTED).where(live(Household))
                if village:
                    query = query.where(Household.village_code == village)
                households = session.execute(query.order_by(Household.village_code,
                                                            Household.id).limit(limit)).all()
            households = sorted(households, key=lambda h: (h.village_code, h.head_name))[:limit]
            return listed_rows(session, households, matched)


def _exact(session: Session, text: str, village: str | None) -> dict[str, str]:
    """The household a scanned card names, or those whose 户编号 is exactly ``text``: id → how."""
    if not text:
        return {}
    scanned = scanned_household_id(text)
    if scanned is not None:
        found = session.scalars(select(Household.id).where(Household.id == scanned, live(Household))).all()
        how = "二维码"
    else:
        query = select(Household.id).where(Household.household_number == normalise_scan(text), live(Household))
        found = session.scalars(query.limit(_EXACT_LIMIT)).all()
        how = "户编号"
    if village:
        found = [h for h in found if session.get(Household, h).village_code == village]
    return dict.fromkeys(found, how)


def _villages_named(session: Session, text: str) -> list[str]:
    if _ID_LIKE.match(text) or _LETTERS.match(text) or len(text) < 2:
        return []
    return list(session.scalars(select(Division.id).where(
        _prefix(Division.name, text), Division.level == "village", live(Division)).limit(20)))


def listed_rows(session: Session, households: Sequence[Any],
          matched: dict[str, str]) -> list[HouseholdRow]:
    ids = [h.id for h in households]
    cases = {row.household_id: row for row in session.execute(
        select(MonitoringCase.household_id, MonitoringCase.category, MonitoringCase.stage,
               MonitoringCase.status).where(
            MonitoringCase.household_id.in_(ids), MonitoringCase.closed == False,  # noqa: E712
            live(MonitoringCase)))} if ids else {}
    codes = {h.village_code for h in households}
    names = dict(session.execute(select(Division.id, Division.name).where(
        Division.id.in_(codes))).all()) if codes else {}
    rows = []
    for h in households:
        case = cases.get(h.id)
        rows.append(HouseholdRow(
            id=h.id, household_number=h.household_number, village_code=h.village_code,
            village_name=names.get(h.village_code, ""),
            group_name=h.group_name, head_name=h.head_name, member_count=h.member_count,
            household_type=h.household_type, category=case.category if case else "",
            stage=Stage(case.stage).label if case else "", status=case.status if case else "",
            next_visit_due=h.next_visit_due, matched=matched.get(h.id, "")))
    return rows
