"""One user action, one transaction: each multi-step use case is all or nothing.

Every step of each use case is made to fail in turn (a helper refusing, or the database refusing
a statement); nothing at all may be written — no row, no change-log entry, no audit event. The
same use case without the fault commits exactly once, and the warning rules run once for each
household it touched.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, SQLModel

from app.domain.errors import UserFacingError
from app.domain.procedure import Decision, Stage
from app.services import cases, households, income, measures, unit_of_work, upkeep, visits
from app.services.cases import CaseService
from app.services.conflicts import ConflictService
from app.services.context import ServiceContext
from app.services.demo import DemoService, generator
from app.services.demo.run import Batch
from app.services.forms import FormService
from app.services.households import HouseholdService
from app.services.measures import MeasureService
from app.services.visits import VisitService
from app.services.warnings import OPEN, WarningService
from app.store.models import SYNCED_TABLES, ChangeLog, Household, MonitoringCase, RuleConflict
from app.sync.rules import TWO_HEADS
from tests.forms.test_form_services import a_screening, a_visit, visit_rows
from tests.services.helpers import poor_household


class Fault(Exception):
    """The fault a test injects; never a user's mistake."""


def _snapshot(ctx: ServiceContext) -> dict[str, Any]:
    """Every table's row count, each synchronised table's newest stamp and the change log's end."""
    with ctx.db.read() as session:
        state: dict[str, Any] = {table.name: session.scalar(select(func.count()).select_from(table))
                                 for table in SQLModel.metadata.sorted_tables}
        state |= {f"{model.__tablename__}.updated_hlc": session.scalar(select(func.max(model.updated_hlc)))
                  for model in SYNCED_TABLES}
        state["seq"] = session.scalar(select(func.max(ChangeLog.seq)))
    return state


@pytest.fixture
def commits() -> Iterator[list[Session]]:
    """The write transactions committed while the test runs (reads never commit)."""
    committed: list[Session] = []

    def count(session: Session) -> None:
        committed.append(session)

    event.listen(Session, "after_commit", count)
    yield committed
    event.remove(Session, "after_commit", count)


@pytest.fixture
def evaluations(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How many times the warning rules ran, per household (counted on the facts builder)."""
    counted: Counter[str] = Counter()
    build = upkeep.warning_facts

    def counting(household: Any, **kwargs: Any) -> Any:
        counted[household.id] += 1
        return build(household, **kwargs)

    monkeypatch.setattr(upkeep, "warning_facts", counting)
    return counted


def _failing(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> None:
    def fail(*_args: Any, **_kwargs: Any) -> Any:
        raise Fault(f"{module.__name__}.{name} failed")

    monkeypatch.setattr(module, name, fail)


def _database_refuses(ctx: ServiceContext, table: str) -> Callable[[], None]:
    """Make the database itself refuse every insert into or update of ``table``; returns the undo."""
    def refuse(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith((f"INSERT INTO {table.upper()} ", f"UPDATE {table.upper()} ")):
            raise OperationalError(statement, None, Exception("disk I/O error (injected)"))

    event.listen(ctx.db.engine, "before_cursor_execute", refuse)
    return lambda: event.remove(ctx.db.engine, "before_cursor_execute", refuse)


# --- recording a visit ----------------------------------------------------------------------

VISIT_STEPS = [(visits, "record"), (households, "update_member"), (income, "record_year"),
               (income, "add_expense"), (cases, "set_risk_types"), (measures, "add"),
               (unit_of_work, "keep_households")]


@pytest.fixture
def visited(ctx: ServiceContext, people: Any) -> tuple[str, dict[str, object]]:
    """A household with an open case, and a standard visit form filled for it that touches every step."""
    household = poor_household(ctx, people, per_capita=3000).id
    CaseService(ctx).propose(household, risk_types=["因病"], channel="基层干部排查")
    rows = [row | {"member_health": "healthy"} for row in visit_rows(ctx, household)]
    rows[1]["member_health"] = "chronic"
    return household, a_visit(rows)


@pytest.mark.parametrize(("module", "name"), VISIT_STEPS, ids=[f"{m.__name__}.{n}" for m, n in VISIT_STEPS])
def test_a_visit_whose_step_fails_writes_nothing(ctx: ServiceContext, visited: tuple[str, dict[str, object]],
                                                 monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> None:
    household, answers = visited
    form = FormService(ctx).load("visit")
    before = _snapshot(ctx)
    _failing(monkeypatch, module, name)
    with pytest.raises(Fault):
        VisitService(ctx).record_form(household, form, answers)
    assert _snapshot(ctx) == before


@pytest.mark.parametrize("table", ["visit", "incomerecord", "rigidexpense", "measure", "warning"])
def test_a_visit_the_database_refuses_halfway_writes_nothing(ctx: ServiceContext,
                                                             visited: tuple[str, dict[str, object]],
                                                             table: str) -> None:
    household, answers = visited
    form = FormService(ctx).load("visit")
    before = _snapshot(ctx)
    undo = _database_refuses(ctx, table)
    try:
        with pytest.raises(OperationalError):
            VisitService(ctx).record_form(household, form, answers)
    finally:
        undo()
    assert _snapshot(ctx) == before


def test_a_refused_measure_leaves_no_visit_income_or_expense(ctx: ServiceContext,
                                                            visited: tuple[str, dict[str, object]],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The issue's case: the last step refuses (a user-facing refusal), the earlier ones are gone too."""
    household, answers = visited
    before = _snapshot(ctx)

    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise UserFacingError("措施类别无效。", field="措施类别")

    monkeypatch.setattr(measures, "add", refuse)
    with pytest.raises(UserFacingError, match="措施类别无效"):
        VisitService(ctx).record_form(household, FormService(ctx).load("visit"), answers)
    assert _snapshot(ctx) == before
    detail = HouseholdService(ctx).get(household)
    assert detail.visits == [] and detail.expenses == []


def test_a_visit_is_one_transaction_and_one_evaluation(ctx: ServiceContext, visited: tuple[str, dict[str, object]],
                                                       commits: list[Session], evaluations: Counter[str]) -> None:
    household, answers = visited
    form = FormService(ctx).load("visit")
    recorded = VisitService(ctx).record_form(household, form, answers)
    assert len(commits) == 1
    assert evaluations == Counter({household: 1})
    # Every step did write: the visit, the health, income, expense, the case's risks, the measures.
    assert any("健康状况" in c for c in recorded.changes) and "2026年收入" in recorded.changes
    assert "监测案例的风险类型" in recorded.changes and any("帮扶措施" in c for c in recorded.changes)
    detail = HouseholdService(ctx).get(household)
    assert detail.visits and detail.expenses and len(detail.measures) == 2


def test_a_screening_whose_proposal_fails_writes_nothing(ctx: ServiceContext, people: Any,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         commits: list[Session]) -> None:
    household = poor_household(ctx, people, per_capita=3000).id
    form = FormService(ctx).load("screening")
    before = _snapshot(ctx)
    _failing(monkeypatch, cases, "propose")
    with pytest.raises(Fault):
        VisitService(ctx).record_form(household, form, a_screening())
    assert _snapshot(ctx) == before
    monkeypatch.undo()
    commits.clear()
    recorded = VisitService(ctx).record_form(household, form, a_screening())
    assert len(commits) == 1 and "已申报纳入监测（脱贫不稳定户）" in recorded.changes


# --- a single helper: the household record stays derived in one place ---------------------------


def test_each_write_is_one_transaction_and_one_evaluation(ctx: ServiceContext, people: Any,
                                                          commits: list[Session],
                                                          evaluations: Counter[str]) -> None:
    household = poor_household(ctx, people, per_capita=3000)
    assert len(commits) == 2 and evaluations == Counter({household.id: 2})  # create, then income
    assert (household.head_name, household.member_count) == ("张建国", 2)
    HouseholdService(ctx).add_member(household.id, people.member("张小", "之子"))
    assert len(commits) == 3 and evaluations[household.id] == 3
    assert HouseholdService(ctx).get(household.id).household.member_count == 3


def test_a_new_household_is_written_once(ctx: ServiceContext, people: Any) -> None:
    household = poor_household(ctx, people, per_capita=30000)
    with ctx.db.read() as session:
        entries = session.scalars(select(ChangeLog).where(ChangeLog.row_id == household.id)).all()
    assert [e.op for e in entries] == ["insert"]  # the head's name went in with the insert


def test_the_unit_of_work_says_what_changed(ctx: ServiceContext, people: Any) -> None:
    household = poor_household(ctx, people, per_capita=3000)
    with unit_of_work.UnitOfWork(ctx) as uow:
        households.update(uow, household.id, {"phone": "13912345678"})
    assert uow.changed.households == {household.id}
    assert uow.changed.cases == frozenset()


# --- resolving a rule conflict ------------------------------------------------------------------


@pytest.fixture
def two_heads(ctx: ServiceContext, people: Any) -> tuple[int, str]:
    household = poor_household(ctx, people)
    members = HouseholdService(ctx).get(household.id).members
    rows = [{"table": "member", "row_id": m.id, "label": m.name} for m in members]
    with ctx.db.merging() as session:
        conflict = RuleConflict(kind=TWO_HEADS, subject=household.id, description="有 2 名户主",
                                rows=rows, detected_at=datetime.now(UTC))
        session.add(conflict)
        session.flush()
        number = conflict.id
    assert number is not None
    return number, members[0].id


@pytest.mark.parametrize(("module", "name"), [(households, "update_member"), (unit_of_work, "keep_households")])
def test_a_rule_conflict_resolution_that_fails_writes_nothing(ctx: ServiceContext, two_heads: tuple[int, str],
                                                              monkeypatch: pytest.MonkeyPatch,
                                                              module: Any, name: str) -> None:
    number, head = two_heads
    before = _snapshot(ctx)
    _failing(monkeypatch, module, name)
    with pytest.raises(Fault):
        ConflictService(ctx).resolve_rule(number, head)
    assert _snapshot(ctx) == before


def test_a_rule_conflict_marked_resolved_only_with_its_changes(ctx: ServiceContext, two_heads: tuple[int, str],
                                                               commits: list[Session]) -> None:
    number, head = two_heads
    before = _snapshot(ctx)
    undo = _database_refuses(ctx, "changelog")
    try:
        with pytest.raises(OperationalError):
            ConflictService(ctx).resolve_rule(number, head)
    finally:
        undo()
    assert _snapshot(ctx) == before
    commits.clear()
    ConflictService(ctx).resolve_rule(number, head)
    assert len(commits) == 1
    with ctx.db.read() as session:
        assert session.get(RuleConflict, number).resolved  # type: ignore[union-attr]


# --- a warning turned into a proposal -----------------------------------------------------------


@pytest.mark.parametrize(("module", "name"), [(cases, "propose"), (unit_of_work, "keep_households")])
def test_a_warning_proposal_that_fails_writes_nothing(ctx: ServiceContext, people: Any,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      module: Any, name: str) -> None:
    household = poor_household(ctx, people, per_capita=3000)
    (warning,) = [w for w in WarningService(ctx).listing(household_id=household.id)
                  if w.rule == "income_below_line"]
    before = _snapshot(ctx)
    _failing(monkeypatch, module, name)
    with pytest.raises(Fault):
        WarningService(ctx).to_proposal(warning.id, risk_types=["因病"])
    assert _snapshot(ctx) == before


def test_a_warning_refused_as_a_proposal_stays_open(ctx: ServiceContext, people: Any,
                                                    commits: list[Session]) -> None:
    household = poor_household(ctx, people, per_capita=3000)
    CaseService(ctx).propose(household.id, risk_types=["因病"], channel="基层干部排查")
    (warning,) = [w for w in WarningService(ctx).listing(household_id=household.id)
                  if w.rule == "income_below_line"]
    before = _snapshot(ctx)
    with pytest.raises(UserFacingError, match="不能重复申报"):
        WarningService(ctx).to_proposal(warning.id, risk_types=["因病"])
    assert _snapshot(ctx) == before
    assert [w.status for w in WarningService(ctx).listing(household_id=household.id)
            if w.id == warning.id] == [OPEN]


# --- the case's derived state, kept by the upkeep -------------------------------------------------


@pytest.fixture
def case_keeps(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How many times the upkeep recomputed each case's derived state."""
    counted: Counter[str] = Counter()
    keep = upkeep.keep_case

    def counting(case: Any, *args: Any, **kwargs: Any) -> Any:
        counted[case.id] += 1
        return keep(case, *args, **kwargs)

    monkeypatch.setattr(upkeep, "keep_case", counting)
    return counted


def test_a_step_sets_the_case_state_through_the_upkeep_once(ctx: ServiceContext, people: Any,
                                                            case_keeps: Counter[str]) -> None:
    household = poor_household(ctx, people, per_capita=3000)
    case = CaseService(ctx).propose(household.id, risk_types=["因病"], channel="基层干部排查")
    case_keeps.clear()
    with unit_of_work.UnitOfWork(ctx) as uow:
        uow.session.add(cases._step(ctx, case, Stage.VERIFIED, Decision.RETURN, ctx.today(), "材料不全"))
    assert case_keeps == Counter({case.id: 1})
    assert uow.changed.cases == {case.id} and uow.changed.households == {household.id}
    with ctx.db.read() as session:
        stored = session.get(MonitoringCase, case.id)
        assert stored is not None and (stored.stage, stored.stage_since) == (Stage.RETURNED, ctx.today())


def test_a_measure_and_a_visit_recompute_the_case_once(ctx: ServiceContext, people: Any,
                                                       visited: tuple[str, dict[str, object]],
                                                       case_keeps: Counter[str]) -> None:
    household, answers = visited
    (case_id,) = {c.id for c in HouseholdService(ctx).get(household).cases}
    case_keeps.clear()
    MeasureService(ctx).add(household, {"kind": "健康帮扶", "item": "大病保险", "risk_type": "因病"})
    assert case_keeps == Counter({case_id: 1})
    case_keeps.clear()
    VisitService(ctx).record_form(household, FormService(ctx).load("visit"), answers)
    assert case_keeps == Counter({case_id: 1})


def test_the_social_protection_flag_follows_the_members(ctx: ServiceContext, people: Any) -> None:
    """No one able to work and someone on assistance: the flag is set, and cleared once a member
    who can work joins — by the upkeep, not by the proposal or the member form."""
    household = poor_household(ctx, people, per_capita=3000)
    for member in HouseholdService(ctx).get(household.id).members:
        HouseholdService(ctx).update_member(member.id, {"labour_skill": "丧失劳动力", "social_assistance": "低保"})
    case = CaseService(ctx).propose(household.id, risk_types=["因病"], channel="基层干部排查")
    assert case.no_labour_social_protection
    HouseholdService(ctx).add_member(household.id, people.member("张小", "之子") | {"labour_skill": "普通劳动力"})
    assert not HouseholdService(ctx).get(household.id).cases[0].no_labour_social_protection


# --- the demo generator -------------------------------------------------------------------------


def test_a_demo_run_is_one_transaction_and_a_fault_writes_nothing(ctx: ServiceContext, commits: list[Session],
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(generator, "BATCH_HOUSEHOLDS", 10)
    summary = DemoService(ctx).generate(30, seed=3)
    assert summary.households == 30 and len(commits) == 1
    before = _snapshot(ctx)
    write = Batch.write
    batches: list[Batch] = []

    def second_fails(batch: Batch, session: Session, counted: Any) -> None:
        batches.append(batch)
        if len(batches) == 2:
            raise Fault("the second batch failed")
        write(batch, session, counted)

    monkeypatch.setattr(Batch, "write", second_fails)
    with pytest.raises(Fault):
        DemoService(ctx).generate(30, seed=4)
    assert _snapshot(ctx) == before  # the first batch and the audit row too


def test_the_upkeep_finds_nothing_to_change_in_a_generated_county(ctx: ServiceContext) -> None:
    """The demo makes its households with the upkeep's own rules (names, the cases' state, the
    warnings): keeping them all again changes no row and raises no warning."""
    DemoService(ctx).generate(150, seed=5)
    with ctx.db.read() as session:
        ids = set(session.scalars(select(Household.id)))
    before = _snapshot(ctx)
    with unit_of_work.UnitOfWork(ctx) as uow:
        uow.touch(ids)
    assert _snapshot(ctx) == before
