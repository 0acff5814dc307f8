"""Writing a plan in the caller's write transaction: new rows in bulk (still stamped and logged),
changes to existing rows through the ORM so the change log records each field."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from app.domain.income import line_in_force
from app.domain.pinyin import name_initials
from app.domain.warnings import HouseholdWarningFacts, WarningThresholds, evaluate_warnings
from app.excel.outcome import ADDED, REFUSED, UNCHANGED, ImportCounts
from app.excel.records import HEAD
from app.services.excel.planning import HouseholdPlan
from app.services.households import refresh_denormalised
from app.services.policy import WARNING_THRESHOLDS, lines_from, setting_from
from app.services.rows import live
from app.services.warnings import HEALTH_CHANGE_WINDOW, evaluate_households
from app.store.bulk import bulk_insert
from app.store.ids import new_id
from app.store.models import Assignment, AssistancePerson, Household, IncomeRecord, Member, RiskWarning

WARNING_BATCH = 1000


def apply_plans(session: Session, plans: list[HouseholdPlan], today: date,
                step: Callable[[int], None] | None = None) -> ImportCounts:
    counts = ImportCounts()
    rows: dict[type, list[dict[str, Any]]] = {Household: [], Member: [], IncomeRecord: [],
                                              AssistancePerson: [], Assignment: []}
    person_ids: dict[tuple[str, str], str] = {}
    new_households: list[tuple[dict[str, Any], HouseholdPlan]] = []
    updated: list[str] = []
    refresh: list[str] = []
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
            head = next(m for m in plan.new_members if m["relation"] == HEAD)
            household = {**plan.new_household, "id": household_id, "head_name": head["name"],
                         "head_initials": name_initials(head["name"]), "member_count": len(plan.new_members)}
            rows[Household].append(household)
            new_households.append((household, plan))
        else:
            counts.updated += 1
            household_id = str(plan.household_id)
            updated.append(household_id)
            _update(session, Household, household_id, plan.changes)
            for member_id, changes in plan.member_changes:
                _update(session, Member, member_id, changes)
            if plan.new_members or any("relation" in c or "name" in c for _, c in plan.member_changes):
                refresh.append(household_id)
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
    session.flush()
    for household_id in refresh:
        household = session.get(Household, household_id)
        if household is not None:
            refresh_denormalised(session, household)
    session.flush()
    bulk_insert(session, RiskWarning, _new_household_warnings(session, new_households, today))
    for start in range(0, len(updated), WARNING_BATCH):
        batch = list(session.scalars(select(Household).where(
            Household.id.in_(updated[start:start + WARNING_BATCH]))))
        evaluate_households(session, batch, today)
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
        facts = HouseholdWarningFacts(
            household_type=household["household_type"], monitored=False,
            per_capita_income=plan.income["per_capita_income"] if plan.income else None,
            income_line=line, today=today,
            members_newly_disabled_or_ill=[
                m["name"] for m in plan.new_members
                if m.get("health_changed_on") and today - m["health_changed_on"] <= HEALTH_CHANGE_WINDOW
                and {"残疾", "患有大病"} & set(m.get("health") or [])],
            house_dangerous=household.get("house_safety") == "危房" or household.get("housing_secure") is False)
        for finding in evaluate_warnings(facts, thresholds):
            warnings.append({
                "household_id": household["id"], "rule": str(finding.rule), "title": finding.title,
                "reason": finding.reason, "value": "" if finding.value is None else str(finding.value),
                "threshold": "" if finding.threshold is None else str(finding.threshold), "raised_on": today})
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
