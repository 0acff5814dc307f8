"""Pages of households and cases for on-screen tables: keyset paging, never all rows at once.

A table over a county's 300,000 households asks for one page at a time, after the last row it
already has, so each page is an index range scan whatever its position.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, func, select, tuple_

from app.domain.procedure import Procedure, Stage
from app.services.context import ServiceContext
from app.services.rows import live
from app.services.search import HouseholdRow, listed_rows
from app.store.models import Assignment, Division, Household, MonitoringCase

PAGE_SIZE = 200


@dataclass(frozen=True)
class HouseholdFilter:
    village: str | None = None
    category: str | None = None
    stage: Stage | None = None
    overdue: bool = False


@dataclass(frozen=True)
class PageKey:
    """Where the next page starts: just after this row in (village, head name, id) order."""

    village_code: str
    head_name: str
    id: str


_ORDER = (Household.village_code, Household.head_name, Household.id)
_LISTED = (Household.id, Household.household_number, Household.village_code, Household.group_name,
           Household.head_name, Household.member_count, Household.household_type,
           Household.next_visit_due)


class HouseholdListing:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def _household_conditions(self, query: Select, wanted: HouseholdFilter) -> Select:
        if wanted.village:
            query = query.where(Household.village_code == wanted.village)
        if wanted.overdue:
            query = query.where(Household.next_visit_due < self.ctx.today())
        return query

    def _filtered(self, query: Select, wanted: HouseholdFilter) -> Select:
        query = self._household_conditions(query.where(live(Household)), wanted)
        if wanted.category or wanted.stage:
            # An uncorrelated IN: the matching cases are read once, not probed per household.
            cases = select(MonitoringCase.household_id).where(
                MonitoringCase.closed == False, live(MonitoringCase))  # noqa: E712
            if wanted.category:
                cases = cases.where(MonitoringCase.category == wanted.category)
            if wanted.stage:
                cases = cases.where(MonitoringCase.stage == wanted.stage)
            query = query.where(Household.id.in_(cases))
        return query

    def count(self, wanted: HouseholdFilter) -> int:
        if wanted.category or wanted.stage:
            # Few households have a case: count from the cases' side, not by probing every household.
            query = (select(func.count(func.distinct(MonitoringCase.household_id)))
                     .join(Household, Household.id == MonitoringCase.household_id)
                     .where(MonitoringCase.closed == False, live(MonitoringCase), live(Household)))  # noqa: E712
            if wanted.category:
                query = query.where(MonitoringCase.category == wanted.category)
            if wanted.stage:
                query = query.where(MonitoringCase.stage == wanted.stage)
            query = self._household_conditions(query, wanted)
        else:
            query = self._household_conditions(
                select(func.count()).select_from(Household).where(live(Household)), wanted)
        with self.ctx.db.read() as session:
            return session.scalar(query) or 0

    def page(self, wanted: HouseholdFilter, after: PageKey | None = None,
             size: int = PAGE_SIZE) -> list[HouseholdRow]:
        query = self._filtered(select(*_LISTED), wanted)
        if after is not None:
            query = query.where(tuple_(*_ORDER) > (after.village_code, after.head_name, after.id))
        with self.ctx.db.read() as session:
            households = session.execute(query.order_by(*_ORDER).limit(size)).all()
            return listed_rows(session, households, {})


    def rows(self, household_ids: list[str]) -> list[HouseholdRow]:
        """Fresh list rows for these households (after one of them was edited); a voided one has none."""
        with self.ctx.db.read() as session:
            households = session.execute(select(*_LISTED).where(Household.id.in_(household_ids),
                                                                live(Household))).all()
            return listed_rows(session, households, {})


def key_of(row: HouseholdRow) -> PageKey:
    return PageKey(row.village_code, row.head_name, row.id)


@dataclass(frozen=True)
class CaseRow:
    case_id: str
    household_id: str
    village_name: str
    head_name: str
    category: str
    procedure: str
    stage: str
    stage_label: str
    stage_since: date
    risk_types: tuple[str, ...]
    status: str
    posting_end: date | None = None


class CaseListing:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def cases(self, stage: Stage | None = None, procedure: Procedure | None = None,
              open_only: bool = True, limit: int = 2000,
              household_ids: Collection[str] | None = None) -> list[CaseRow]:
        """The cases at ``stage`` of ``procedure`` (any when None); only these households' when
        ``household_ids`` is given (a screen updating the rows a use case changed)."""
        query = (select(MonitoringCase, Household.head_name, Division.name)
                 .join(Household, Household.id == MonitoringCase.household_id)
                 .join(Division, Division.id == Household.village_code)
                 .where(live(MonitoringCase)))
        if open_only:
            query = query.where(MonitoringCase.closed == False)  # noqa: E712
        if stage is not None:
            query = query.where(MonitoringCase.stage == stage)
        if procedure is not None:
            query = query.where(MonitoringCase.procedure == procedure)
        if household_ids is not None:
            query = query.where(MonitoringCase.household_id.in_(list(household_ids)))
        with self.ctx.db.read() as session:
            rows = session.execute(query.order_by(MonitoringCase.stage_since, MonitoringCase.id)
                                   .limit(limit)).all()
        return [CaseRow(c.id, c.household_id, village, head, c.category,
                        Procedure(c.procedure).label, c.stage, Stage(c.stage).label, c.stage_since,
                        tuple(c.risk_types or ()), c.status, c.posting_end)
                for c, head, village in rows]

    def counts_by_stage(self) -> dict[tuple[str, str], int]:
        """Open cases per (procedure, stage): the numbers on the 监测对象 page's stage list."""
        with self.ctx.db.read() as session:
            rows = session.execute(
                select(MonitoringCase.procedure, MonitoringCase.stage, func.count())
                .where(MonitoringCase.closed == False, live(MonitoringCase))  # noqa: E712
                .group_by(MonitoringCase.procedure, MonitoringCase.stage)).all()
        return {(procedure, stage): count for procedure, stage, count in rows}


@dataclass(frozen=True)
class AssignedHousehold:
    household_id: str
    village_name: str
    head_name: str
    member_count: int
    since: date
    category: str


def households_of(ctx: ServiceContext, person_id: str) -> list[AssignedHousehold]:
    """The households an assistance person is responsible for now, with their monitoring category."""
    with ctx.db.read() as session:
        rows = session.execute(
            select(Household.id, Division.name, Household.head_name, Household.member_count,
                   Assignment.start_date)
            .join(Assignment, Assignment.household_id == Household.id)
            .join(Division, Division.id == Household.village_code)
            .where(Assignment.person_id == person_id, Assignment.end_date.is_(None), live(Assignment))
            .order_by(Division.name, Household.head_name)).all()
        ids = [row[0] for row in rows]
        categories = dict(session.execute(
            select(MonitoringCase.household_id, MonitoringCase.category).where(
                MonitoringCase.household_id.in_(ids), MonitoringCase.closed == False,  # noqa: E712
                live(MonitoringCase))).all()) if ids else {}
    return [AssignedHousehold(row[0], row[1], row[2], row[3], row[4], categories.get(row[0], ""))
            for row in rows]
