"""A household's derived state, recomputed in one place for the households a write touched.

Three things are derived from a household's rows: the denormalised fields lists show without a
join (head name, its initials, member count — ``app.domain.members.household_summary``), its
monitoring case's derived state (procedure, stage and outcome from the steps taken, the no-labour
flag from the members — ``app.domain.case_state``) and its early warnings (the county's rules run
on the facts ``app.domain.warnings.warning_facts`` builds, after the case: a case just approved
makes the household monitored). The unit of work (``app/services/unit_of_work.py``) calls
:func:`keep_households` once, just before it commits, for exactly the households it touched;
nothing else recomputes them.

A finding becomes a RiskWarning unless the same rule is already waiting (待处置) for the household
or was already closed with exactly the same reason (nothing has changed since). An open warning
whose rule no longer fires is closed by the system with a note, so the list stays current.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from sqlalchemy import Integer, Select, select, type_coerce
from sqlalchemy import case as sql_case
from sqlmodel import Session

from app.domain.case_state import after_step, relies_on_social_protection
from app.domain.income import line_in_force
from app.domain.members import household_summary
from app.domain.procedure import Decision, Procedure, Stage
from app.domain.warnings import (
    HANDLED,
    OPEN,
    WarningFinding,
    WarningRule,
    WarningThresholds,
    evaluate_warnings,
    warning_facts,
)
from app.services.policy import WARNING_THRESHOLDS, lines_from, setting_from
from app.services.rows import live
from app.store.batches import in_batch
from app.store.models import (
    CaseStep,
    Household,
    IncomeRecord,
    Member,
    MonitoringCase,
    RigidExpense,
    RiskWarning,
)
from app.store.plain_rows import plain_rows

SYSTEM = "系统"
_EVALUATED = frozenset(str(rule) for rule in WarningRule)
BATCH = 1000
# What the upkeep reads of each household, member, income, expense and warning: plain rows, not objects.
_HOUSEHOLD_COLUMNS = (Household.id, Household.deleted, Household.head_name, Household.head_initials,
                      Household.member_count, Household.household_type, Household.house_safety,
                      Household.housing_secure, Household.last_visit_date)
# Members are read once for the derived fields, the cases and the warning facts alike. A member's
# health counts only with the day it changed (warning_facts: newly ill or disabled), so it is read only
# then: decoding the JSON of a hundred thousand members' health cost a bundle's upkeep a tenth of a second.
# Its tombstone flag is only tested for truth, so SQLite's 0/1 is read as it is: a bool made for each
# of them would make every member row a converted one (app/store/plain_rows.py).
_MEMBER_COLUMNS = (Member.id, Member.household_id, Member.name, Member.relation, Member.labour_skill,
                   Member.social_assistance, type_coerce(Member.deleted, Integer).label("deleted"),
                   sql_case((Member.health_changed_on.is_not(None), Member.health)).label("health"),
                   Member.health_changed_on)
_INCOME_COLUMNS = (IncomeRecord.household_id, IncomeRecord.per_capita_income)
_WARNING_COLUMNS = (RiskWarning.id, RiskWarning.household_id, RiskWarning.rule, RiskWarning.status,
                    RiskWarning.reason)
_EXPENSE_COLUMNS = (RigidExpense.household_id, RigidExpense.kind, RigidExpense.occurred_on,
                    RigidExpense.out_of_pocket, RigidExpense.member_id)


def keep_households(session: Session, household_ids: Collection[str], today: date,
                    steps: Sequence[CaseStep] = ()) -> list[RiskWarning]:
    """Recompute the derived state of these households inside the caller's transaction.

    ``steps`` are the procedure steps the caller added, in the order taken; their cases' households
    must be among ``household_ids`` (:func:`case_households`). The denormalised fields and the
    cases are set before anything is flushed, so a new household or case is written once (one
    insert, not an insert and an update); then the warning rules run once per household.
    Households and members are read as plain rows, set-based per batch: a bulk import touches
    thousands of households, and an ORM object per row cost more than the rules themselves; only
    a household whose derived fields change is loaded as an object to be written.
    Returns the warnings raised."""
    raised: list[RiskWarning] = []
    ids = sorted(household_ids)
    policy: WarningPolicy | None = None
    for start in range(0, len(ids), BATCH):
        households = _households(session, ids[start:start + BATCH])
        members = _members(session, [h.id for h in households])
        denormalise(session, households, members)
        keep_cases(session, households, members, steps)
        session.flush()
        # Read once, after the first flush (a policy row written by this action counts): the
        # upkeep itself writes no policy.
        policy = policy or warning_policy(session, today)
        raised += evaluate_households(session, households, today, members, policy)
    return raised


class WarningPolicy(NamedTuple):
    """What the warning rules read of policy: the same for every household of one upkeep."""

    thresholds: WarningThresholds
    income_line: Decimal


def warning_policy(session: Session, today: date) -> WarningPolicy:
    return WarningPolicy(WarningThresholds.from_dict(setting_from(session, WARNING_THRESHOLDS)),
                         line_in_force(lines_from(session), today).amount)


def case_households(session: Session, case_ids: Collection[str]) -> set[str]:
    """The households of these cases, pending ones included: a step names its case, not its household."""
    wanted = set(case_ids)
    pending = {c.household_id for c in session.new if isinstance(c, MonitoringCase) and c.id in wanted}
    with session.no_autoflush:
        stored = set(session.scalars(select(MonitoringCase.household_id).where(MonitoringCase.id.in_(wanted))))
    return pending | stored


def _households(session: Session, ids: list[str]) -> list[Any]:
    """The live households as this session holds them, without flushing: stored ones as plain
    rows of the columns the upkeep reads, replaced by the session's new and changed objects."""
    wanted = set(ids)
    with session.no_autoflush:
        stored = _plain(session, select(*_HOUSEHOLD_COLUMNS).where(in_batch(session, Household.id, ids)))
        households: dict[str, Any] = {h.id: h for h in stored}
    households |= {o.id: o for o in (*session.new, *session.dirty) if isinstance(o, Household) and o.id in wanted}
    return [h for h in households.values() if not h.deleted]


def _members(session: Session, ids: list[str]) -> defaultdict[str, list[Any]]:
    """The live members of these households as this session holds them, pending ones included.

    Stored members are read as plain rows of the columns the upkeep uses (building an ORM object
    per member cost a bulk import more than the rules themselves); the session's new and changed
    members then replace them by id, so an unflushed edit or move counts as it will be written."""
    with session.no_autoflush:
        stored = _plain(session, select(*_MEMBER_COLUMNS).where(in_batch(session, Member.household_id, ids)))
        members: dict[str, Any] = {m.id: m for m in stored}
    members |= {m.id: m for m in (*session.new, *session.dirty) if isinstance(m, Member)}
    return _grouped(m for m in members.values() if not m.deleted)


def denormalise(session: Session, households: list[Any], members: defaultdict[str, list[Any]]) -> None:
    """Set head name, initials and member count from the households' live members; a household
    read as a plain row is loaded as an object (all of them in one query) only if they change."""
    changes: dict[str, dict[str, object]] = {}
    for household in households:
        summary = household_summary([(m.name, m.relation) for m in members[household.id]],
                                    known=(household.head_name, household.head_initials))
        if any(getattr(household, name) != value for name, value in summary.items()):
            changes[household.id] = summary
    with session.no_autoflush:
        loaded = {h.id: h for h in session.scalars(select(Household).where(Household.id.in_(
            [h.id for h in households if h.id in changes and not isinstance(h, Household)])))}
    for household in households:
        if household.id in changes:
            _set(loaded.get(household.id, household), changes[household.id])


def keep_cases(session: Session, households: list[Any], members: defaultdict[str, list[Any]],
               steps: Sequence[CaseStep]) -> None:
    """The derived state of each open case of these households and of each case a step was added to."""
    ids = {h.id for h in households}
    by_case: defaultdict[str, list[CaseStep]] = defaultdict(list)
    for step in steps:
        by_case[step.case_id].append(step)
    with session.no_autoflush:
        stored = list(session.scalars(select(MonitoringCase).where(
            in_batch(session, MonitoringCase.household_id, ids), live(MonitoringCase),
            (MonitoringCase.closed == False) | MonitoringCase.id.in_(list(by_case)))))  # noqa: E712
    pending = [c for c in session.new if isinstance(c, MonitoringCase) and c.household_id in ids]
    for case in {c.id: c for c in stored + pending}.values():
        keep_case(case, by_case[case.id], members[case.household_id])


def keep_case(case: MonitoringCase, steps: list[CaseStep], members: list[Any]) -> None:
    """A case's state after the steps just taken (in order); while it is open, its no-labour flag
    from the household's members as they are now."""
    for step in steps:
        _set(case, after_step(Procedure(step.procedure), Stage(step.step), Decision(step.decision),
                              step.acted_on))
    if not case.closed:
        flag = relies_on_social_protection((m.labour_skill, m.social_assistance) for m in members)
        _set(case, {"no_labour_social_protection": flag})


def _set(row: object, values: dict[str, object]) -> None:
    """Only what differs is set: an unchanged row is not written, nor logged for sync."""
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)


def evaluate_households(session: Session, households: Sequence[Any], today: date,
                        members: defaultdict[str, list[Any]] | None = None,
                        policy: WarningPolicy | None = None) -> list[RiskWarning]:
    """Run the county's warning rules once for each household; returns the warnings raised.
    ``members``: their live members as the caller already read them (:func:`_members`);
    ``policy``: the thresholds and line in force, as the caller already read them."""
    thresholds, line = policy or warning_policy(session, today)
    ids = [h.id for h in households]
    # Plain rows of the columns the rules read: the facts need no ORM objects.
    incomes = _grouped(_plain(session, select(*_INCOME_COLUMNS).where(
        in_batch(session, IncomeRecord.household_id, ids), live(IncomeRecord))
        .order_by(IncomeRecord.year.desc())))
    expenses = _grouped(_plain(session, select(*_EXPENSE_COLUMNS).where(
        in_batch(session, RigidExpense.household_id, ids), live(RigidExpense))))
    if members is None:
        members = _members(session, ids)
    monitored = set(session.scalars(select(MonitoringCase.household_id).where(
        in_batch(session, MonitoringCase.household_id, ids), MonitoringCase.identified_on.is_not(None),
        MonitoringCase.closed == False, live(MonitoringCase))))  # noqa: E712
    existing = _grouped(_plain(session, select(*_WARNING_COLUMNS).where(
        in_batch(session, RiskWarning.household_id, ids), live(RiskWarning))))
    raised: list[RiskWarning] = []
    lapsed: list[str] = []
    for household in households:
        findings = findings_for(household, members=members[household.id], incomes=incomes[household.id],
                                expenses=expenses[household.id], monitored=household.id in monitored,
                                income_line=line, today=today, thresholds=thresholds)
        lapsed += _lapsed(findings, existing[household.id])
        raised += _raise(session, household.id, findings, existing[household.id], today)
    _close(session, lapsed, today)
    return raised


def findings_for(household: Any, *, members: Iterable[Any], incomes: Sequence[Any], expenses: Iterable[Any],
                 monitored: bool, income_line: Decimal, today: date,
                 thresholds: WarningThresholds) -> list[WarningFinding]:
    """What the county's rules find on one household: its rows as the ORM holds them or as plain
    dicts (the demo's, made whole before they are written). ``incomes`` newest year first."""
    facts = warning_facts(household, members=members, incomes=incomes, expenses=expenses,
                          monitored=monitored, income_line=income_line, today=today)
    return evaluate_warnings(facts, thresholds)


def warning_row(household_id: str, finding: WarningFinding, raised_on: date) -> dict[str, object]:
    """A new warning's values, for the ORM and for bulk writers alike."""
    return {"household_id": household_id, "rule": str(finding.rule), "title": finding.title,
            "reason": finding.reason, "value": "" if finding.value is None else str(finding.value),
            "threshold": "" if finding.threshold is None else str(finding.threshold),
            "raised_on": raised_on}


def _lapsed(findings: list[WarningFinding], known: list[Any]) -> list[str]:
    """The household's open warnings whose rule no longer fires. Only the rules evaluated here are
    closed here: a department's warning (部门筛查预警, app/services/departments.py) stays until
    someone handles it."""
    fired = {str(f.rule) for f in findings}
    return [w.id for w in known if w.status == OPEN and w.rule in _EVALUATED and w.rule not in fired]


def _raise(session: Session, household_id: str, findings: list[WarningFinding], known: list[Any],
           today: date) -> list[RiskWarning]:
    """New warnings for the findings not already waiting, nor closed with the same reason."""
    new = []
    for finding in findings:
        rule = str(finding.rule)
        if any(w.rule == rule and (w.status == OPEN or w.reason == finding.reason)
               for w in known):
            continue
        warning = RiskWarning(**warning_row(household_id, finding, today))
        session.add(warning)
        new.append(warning)
    return new


def _close(session: Session, warning_ids: list[str], today: date) -> None:
    """Close these warnings for the system; only they are loaded as objects, in one query."""
    if not warning_ids:
        return
    for warning in session.scalars(select(RiskWarning).where(RiskWarning.id.in_(warning_ids))):
        warning.status, warning.handled_by, warning.handled_on = HANDLED, SYSTEM, today
        warning.handling_note = "预警条件已不存在，系统自动关闭。"


def _plain(session: Session, statement: Select) -> Sequence[Any]:
    """Rows of plain columns through the session's connection: no ORM loading for each of the
    hundreds of thousands of rows a bulk import's upkeep reads, nor SQLAlchemy's per-row work on a
    SQLite file (app/store/plain_rows.py), and no autoflush (the upkeep flushes when it is ready)."""
    return plain_rows(session, statement)


def _grouped(rows: Iterable) -> defaultdict[str, list]:
    groups: defaultdict[str, list] = defaultdict(list)
    for row in rows:
        groups[row.household_id].append(row)
    return groups
