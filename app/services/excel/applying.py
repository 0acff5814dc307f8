"""Writing a plan in the caller's unit of work: new rows in bulk (still stamped and logged),
changes to existing rows through the ORM so the change log records each field.

New households are written whole: their denormalised fields and warnings are worked out from the
imported values by the same rules the upkeep uses (``household_summary``, ``warning_facts``), so
thousands of rows are not read back as objects. Households that existed before are handed to the
unit of work's upkeep like any other write."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from app.domain.income import line_in_force
from app.domain.members import household_summary
from app.domain.warnings import WarningThresholds, evaluate_warnings, warning_facts
from app.excel.outcome import ADDED, REFUSED, UNCHANGED, ImportCounts
from app.services.excel.planning import HouseholdPlan
from app.services.grids import place_households
from app.services.household_numbers import LocalNumbers
from app.services.policy import WARNING_THRESHOLDS, lines_from, setting_from
from app.services.rows import live, require
from app.services.unit_of_work import UnitOfWork
from app.services.upkeep import warning_row
from app.store.bulk import bulk_insert
from app.store.ids import new_id
from app.store.models import Assignment, AssistancePerson, Grid, Household, IncomeRecord, Member, RiskWarning

WARNING_BATCH = 1000


def apply_plans(uow: UnitOfWork, plans: list[HouseholdPlan],
                step: Callable[[int], None] | None = None) -> ImportCounts:
    session, today = uow.session, uow.ctx.today()
    counts = ImportCounts()
    rows: dict[type, list[dict[str, Any]]] = {Household: [], Member: [], IncomeRecord: [],
                                              AssistancePerson: [], Assignment: []}
    person_ids: dict[tuple[str, str], str] = {}
    new_households: list[tuple[dict[str, Any], HouseholdPlan]] = []
    updated: list[str] = []
    placements: dict[str, list[str]] = {}  # grid id → households going into it
    numbers = LocalNumbers(uow)  # 户编号 for new households whose roster row has none, as if typed here
    for number, plan in enumerate(plans, start=1):
        if step and number % 500 == 0:
            step(number)
        if plan.action == REFUSED:
            counts.refused += 1
            continue
        counts.members_skipped += len(plan.skipped)
        if plan.action == UNCHANGED:
            counts.unchanged += 1
            continue
        if plan.action == ADDED:
            counts.added += 1
            household_id = new_id()
            household = {**plan.new_household, "id": household_id, **household_summary(
                (m["name"], m["relation"]) for m in plan.new_members)}
            if not household.get("household_number"):
                household["household_number"] = numbers.next(household["village_code"])
            rows[Household].append(household)
            new_households.append((household, plan))
        else:
            counts.updated += 1
            household_id = str(plan.household_id)
            updated.append(household_id)
            _update(session, Household, household_id, plan.changes)
            for member_id, changes in plan.member_changes:
                _update(session, Member, member_id, changes)
        if plan.grid_id:
            placements.setdefault(plan.grid_id, []).append(household_id)
        counts.members_added += len(plan.new_members)
        counts.members_updated += len(plan.member_changes)
        rows[Member].extend({**m, "household_id": household_id} for m in plan.new_members)
        if plan.income is not None:
            counts.incomes += 1
            if plan.income_id:
                _update(session, IncomeRecord, plan.income_id, plan.income)
            else:
                rows[IncomeRecord].append({**plan.income, "household_id": household_id})
        if plan.helper is not None:
            person_id = plan.helper.person_id or person_ids.get(plan.helper.person_key)
            if person_id is None:
                person_id = new_id()
                person_ids[plan.helper.person_key] = person_id
                rows[AssistancePerson].append({**(plan.helper.new_person or {}), "id": person_id})
                counts.helpers_added += 1
            if plan.helper.assign:
                counts.assignments += 1
                if plan.action != ADDED:
                    _end_primary(session, household_id, plan.helper.start_date)
                rows[Assignment].append({"household_id": household_id, "person_id": person_id,
                                         "is_primary": True, "start_date": plan.helper.start_date,
                                         "start_reason": "Excel 导入"})
    for model, new_rows in rows.items():
        bulk_insert(session, model, new_rows)
    bulk_insert(session, RiskWarning, _new_household_warnings(session, new_households, today))
    for grid_id, household_ids in placements.items():  # the 网格划分 placement, after the new households
        counts.placed += place_households(session, require(session, Grid, grid_id), household_ids)
    uow.touch(updated)  # their new members went in bulk: the upkeep counts them
    return counts


def _new_household_warnings(session: Session, added: list[tuple[dict[str, Any], HouseholdPlan]],
                            today: date) -> list[dict[str, Any]]:
    """The warnings evaluate_household would raise for households that did not exist before,
    worked out from the imported values instead of reading thousands of rows back as objects.
    A new household has no earlier warnings, visits, spending or case to reconcile with."""
    if not added:
        return []
    thresholds = WarningThresholds.from_dict(setting_from(session, WARNING_THRESHOLDS))
    line = line_in_force(lines_from(session), today).amount
    warnings = []
    for household, plan in added:
        facts = warning_facts(household, members=plan.new_members,
                              incomes=[plan.income] if plan.income else [], monitored=False,
                              income_line=line, today=today)
        warnings += [warning_row(household["id"], finding, today)
                     for finding in evaluate_warnings(facts, thresholds)]
    return warnings


def _update(session: Session, model: type, row_id: str, changes: dict[str, Any]) -> None:
    row = session.get(model, row_id)
    if row is None:
        raise RuntimeError(f"{model.__name__} {row_id} vanished during the import")
    for name, value in changes.items():
        setattr(row, name, value)


def _end_primary(session: Session, household_id: str, on: date) -> None:
    for old in session.scalars(select(Assignment).where(
            Assignment.household_id == household_id, Assignment.end_date.is_(None),
            Assignment.is_primary == True, live(Assignment))):  # noqa: E712
        old.end_date = max(on, old.start_date)
        old.end_reason = "更换帮扶责任人（Excel 导入）"
