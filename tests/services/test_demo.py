"""The demo generator: a small county whose data keeps the rules the real work keeps."""

from __future__ import annotations

import shutil
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlmodel import Session

from app.domain.categories import (
    ELIMINATION_METHODS,
    MONITORING_CATEGORIES,
    RELATIONS,
    SCHOOL_STAGES,
)
from app.domain.divisions import is_within
from app.domain.idnumber import parse_id_number
from app.domain.income import IncomeComponents, per_capita_net_income
from app.domain.pinyin import name_initials
from app.domain.procedure import Procedure, Stage
from app.services.cases import consent_on_record
from app.services.context import ServiceContext
from app.services.demo import DemoService, DemoSummary, generator
from app.services.setup import open_context
from app.store.hlc import SEED_STAMP
from app.store.models import (
    SYNCED_TABLES,
    Assignment,
    CaseStep,
    ChangeLog,
    Division,
    Household,
    IncomeRecord,
    Measure,
    Member,
    MonitoringCase,
    RiskWarning,
    User,
    Visit,
)
from tests.conftest import PASSWORD, TODAY, VILLAGE

HOUSEHOLDS = 300


def _open(templates: dict[str, Path], directory: Path, role: str = "county") -> ServiceContext:
    path = directory / f"{role}.db"
    shutil.copy(templates[role], path)
    ctx = open_context(path, PASSWORD)
    ctx.today = lambda: TODAY
    return ctx


@pytest.fixture(scope="module")
def county(templates: dict[str, Path],
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServiceContext]:
    """One small generated county shared by the read-only tests of this module."""
    ctx = _open(templates, tmp_path_factory.mktemp("demo"))
    ctx.summary = DemoService(ctx).generate(HOUSEHOLDS, seed=7)  # type: ignore[attr-defined]
    yield ctx
    ctx.db.close()


@pytest.fixture
def fresh(templates: dict[str, Path], tmp_path: Path) -> Iterator[Callable[[str],
                                                                           ServiceContext]]:
    opened: list[ServiceContext] = []

    def make(role: str = "county") -> ServiceContext:
        directory = tmp_path / f"{role}-{len(opened)}"
        directory.mkdir()
        ctx = _open(templates, directory, role)
        opened.append(ctx)
        return ctx

    yield make
    for ctx in opened:
        ctx.db.close()


def _all(ctx: ServiceContext, model: Any) -> list[Any]:
    with ctx.db.read() as session:
        return list(session.scalars(select(model)))


def _members_by_household(ctx: ServiceContext) -> dict[str, list[Member]]:
    grouped: dict[str, list[Member]] = defaultdict(list)
    for member in _all(ctx, Member):
        grouped[member.household_id].append(member)
    return grouped


def _age(member: Member) -> int:
    assert member.birth_date is not None
    return parse_id_number(member.id_number, today=TODAY).age_on(TODAY)


# --- households and members -----------------------------------------------------------------


def test_summary_counts_what_was_written(county: ServiceContext) -> None:
    summary: DemoSummary = county.summary  # type: ignore[attr-defined]
    assert summary.households == HOUSEHOLDS and not summary.cancelled
    assert len(_all(county, Household)) == HOUSEHOLDS
    assert len(_all(county, Member)) == summary.members
    assert 2.4 <= summary.members / HOUSEHOLDS <= 3.3


def test_every_household_has_one_head_and_consistent_denormalised_fields(
        county: ServiceContext) -> None:
    members = _members_by_household(county)
    for household in _all(county, Household):
        own = members[household.id]
        heads = [m for m in own if m.relation == "户主"]
        assert len(heads) == 1, household.id
        assert 1 <= len(own) <= 6
        assert household.member_count == len(own)
        assert household.head_name == heads[0].name
        assert household.head_initials == name_initials(heads[0].name)
        assert household.registered_poor == (household.household_type == "脱贫户")
        assert household.address.endswith("号") and household.group_name in household.address
        assert household.phone.isdigit() and len(household.phone) == 11


def test_members_have_valid_unique_id_numbers_matching_sex_and_birth(
        county: ServiceContext) -> None:
    members = _all(county, Member)
    numbers = [m.id_number for m in members]
    assert len(set(numbers)) == len(numbers)
    for member in members:
        info = parse_id_number(member.id_number, today=TODAY)
        assert info.birth_date == member.birth_date
        assert info.sex == member.sex
        assert member.id_number_reversed == member.id_number[::-1]
        assert member.name_initials == name_initials(member.name)
    regions = Counter(m.id_number[:6] for m in members)
    assert regions.most_common(1)[0][0] == "131122"
    assert all(region.startswith("1311") for region in regions)


def test_relations_fit_age_and_sex(county: ServiceContext) -> None:
    for own in _members_by_household(county).values():
        head = next(m for m in own if m.relation == "户主")
        for member in own:
            assert member.relation in RELATIONS
            gap = _age(head) - _age(member)
            if member.relation == "配偶":
                assert member.sex != head.sex and abs(gap) <= 12
            elif member.relation in ("之子", "之女"):
                assert gap >= 16 and member.sex == ("男" if member.relation == "之子" else "女")
            elif member.relation == "之孙子/女":
                assert gap >= 36
            elif member.relation == "之父/母":
                assert gap <= -15
            elif member.relation == "之儿媳":
                assert member.sex == "女"


def test_schooling_health_and_labour_are_consistent(county: ServiceContext) -> None:
    for member in _all(county, Member):
        assert not (member.education and member.school_stage)
        if member.school_stage:
            assert member.school_stage in SCHOOL_STAGES and _age(member) <= 24
        if "健康" in member.health:
            assert member.health == ["健康"] and member.disability_kind is None
        if "残疾" in member.health:
            assert member.disability_kind in range(1, 8)
            assert member.disability_grade in range(1, 5)
        if _age(member) < 16:
            assert member.labour_skill == "无劳动力" and not member.migrant_work_place


# --- income ---------------------------------------------------------------------------------


def test_income_records_add_up_with_the_domain_formulas(county: ServiceContext) -> None:
    households = {h.id: h for h in _all(county, Household)}
    years: dict[str, list[int]] = defaultdict(list)
    for record in _all(county, IncomeRecord):
        components = IncomeComponents(
            wage=Decimal(record.wage), business=Decimal(record.business),
            property=Decimal(record.property), transfer=Decimal(record.transfer),
            business_expense=Decimal(record.business_expense))
        assert Decimal(record.net_income) == (Decimal(record.wage) + Decimal(record.business)
                                              + Decimal(record.property)
                                              + Decimal(record.transfer)
                                              - Decimal(record.business_expense))
        assert Decimal(record.per_capita_income) == per_capita_net_income(
            components, record.household_size)
        items = sum(Decimal(getattr(record, name)) for name in (
            "pension", "dibao", "tekun", "eco_compensation", "family_planning",
            "other_transfer"))
        assert items == Decimal(record.transfer)
        assert record.household_size == households[record.household_id].member_count
        assert record.assessed_on <= TODAY and record.assessed_on.year == record.year
        years[record.household_id].append(record.year)
    assert all(sorted(found) == [TODAY.year - 2, TODAY.year - 1, TODAY.year]
               for found in years.values())
    assert len(years) == HOUSEHOLDS


def test_some_households_are_below_and_near_the_income_line(county: ServiceContext) -> None:
    current = [r for r in _all(county, IncomeRecord) if r.year == TODAY.year]
    below = sum(1 for r in current if r.per_capita_income < 6600)
    near = sum(1 for r in current if 6600 <= r.per_capita_income < 9900)
    assert 0.02 * HOUSEHOLDS <= below <= 0.15 * HOUSEHOLDS
    assert near >= 0.05 * HOUSEHOLDS


# --- cases ----------------------------------------------------------------------------------


def test_every_stage_and_category_is_present(county: ServiceContext) -> None:
    cases = _all(county, MonitoringCase)
    states = {(c.procedure, c.stage) for c in cases}
    # Every stage of the default step list, 信息比对 and 结果公告 included.
    for stage in Stage:
        assert (Procedure.IDENTIFICATION.value, stage.value) in states
        if stage not in (Stage.RETURNED, Stage.REJECTED):
            assert (Procedure.ELIMINATION.value, stage.value) in states
    assert {c.category for c in cases} == set(MONITORING_CATEGORIES)
    assert {c.status for c in cases} == {"风险未消除", "风险已消除"}
    assert len({c.household_id for c in cases}) == len(cases)


def test_case_categories_fit_household_types(county: ServiceContext) -> None:
    households = {h.id: h for h in _all(county, Household)}
    for case in _all(county, MonitoringCase):
        kind = households[case.household_id].household_type
        if case.category == "脱贫不稳定户":
            assert kind == "脱贫户"
        elif case.category == "边缘易致贫户":
            assert kind in ("一般农户", "监测户")
        assert 1 <= len(case.risk_types) <= 3 and case.category_reason


def test_steps_are_dated_in_order_and_end_where_the_case_stands(county: ServiceContext) -> None:
    steps: dict[str, list[CaseStep]] = defaultdict(list)
    for step in sorted(_all(county, CaseStep), key=lambda s: s.created_hlc):
        steps[step.case_id].append(step)
    for case in _all(county, MonitoringCase):
        own = steps[case.id]
        dates = [s.acted_on for s in own]
        assert dates == sorted(dates)
        assert own[0].step == Stage.PROPOSED and own[0].acted_on == case.proposed_on
        assert own[-1].acted_on == case.stage_since <= TODAY
        assert own[-1].procedure == case.procedure
        for step in own:
            expected_role = {Stage.TOWNSHIP_REVIEWED: "township", Stage.CROSS_CHECKED: "county",
                             Stage.APPROVED: "county"}.get(Stage(step.step))
            if expected_role:
                assert step.actor_role == expected_role
            elif step.step != Stage.PROPOSED:
                assert step.actor_role == "worker"
        if case.posting_start is not None:
            assert case.posting_end is not None
            assert (case.posting_end - case.posting_start).days >= 4
            reviews = [s for s in own if s.step == Stage.TOWNSHIP_REVIEWED
                       and s.procedure == case.procedure and s.acted_on > case.posting_start]
            assert all(s.acted_on > case.posting_end for s in reviews)
        # 信息比对 as the app allows it: the head's 承诺授权书 on record, signed at the home visit.
        for check in (s for s in own if s.step == Stage.CROSS_CHECKED):
            with county.db.read() as session:
                consent = consent_on_record(session, case.id)
                assert consent is not None and consent.signed_on <= check.acted_on
                assert session.get(Member, consent.member_id).relation == "户主"
        approved = [s for s in own if s.procedure == Procedure.IDENTIFICATION
                    and s.step == Stage.APPROVED and s.decision == "通过"]
        if approved:
            assert case.identified_on == approved[-1].acted_on
            # About 15–20 working days; a case sent back once takes longer.
            assert (approved[-1].acted_on - case.proposed_on).days <= 45


def test_eliminated_cases_are_closed_and_open_ones_are_not(county: ServiceContext) -> None:
    for case in _all(county, MonitoringCase):
        eliminated = case.procedure == Procedure.ELIMINATION and case.stage in (Stage.APPROVED, Stage.ANNOUNCED)
        rejected = case.stage == Stage.REJECTED
        assert case.closed == (eliminated or rejected)
        if eliminated:
            assert case.status == "风险已消除" and case.eliminated_on <= case.stage_since
            assert case.elimination_method in ELIMINATION_METHODS
            assert case.identified_on is not None
            assert (case.eliminated_on - case.identified_on).days >= 180
        else:
            assert case.status == "风险未消除" and case.eliminated_on is None


def test_monitored_households_have_helpers_measures_and_monthly_visits(
        county: ServiceContext) -> None:
    assignments: dict[str, list[Assignment]] = defaultdict(list)
    for assignment in _all(county, Assignment):
        assignments[assignment.household_id].append(assignment)
    measures: dict[str, list[Measure]] = defaultdict(list)
    for measure in _all(county, Measure):
        measures[measure.case_id].append(measure)
    visits = Counter(v.household_id for v in _all(county, Visit))
    for case in _all(county, MonitoringCase):
        own = assignments[case.household_id]
        if case.identified_on is None:
            assert not own and not measures[case.id]
            continue
        assert own and 1 <= len(measures[case.id]) <= 4
        assert {m.risk_type for m in measures[case.id]} <= set(case.risk_types)
        if case.closed:
            assert all(a.end_date is not None for a in own)
            assert {m.risk_type for m in measures[case.id]} == set(case.risk_types)
        else:
            assert sum(1 for a in own if a.end_date is None) == 1
            months = min((TODAY - case.identified_on).days // 31, 11)
            assert visits[case.household_id] >= months - 2


def test_visits_are_done_by_the_villages_grid_workers(county: ServiceContext) -> None:
    households = {h.id: h for h in _all(county, Household)}
    workers = {(u.name, u.division_code) for u in _all(county, User) if u.role == "worker"}
    last: dict[str, date] = {}
    for visit in _all(county, Visit):
        household = households[visit.household_id]
        assert (visit.visitor, household.village_code) in workers
        assert visit.visit_date <= TODAY and visit.next_visit_date > visit.visit_date
        assert (visit.form_id, visit.form_version) == ("visit", "builtin-1")
        assert "不愁吃" in visit.answers and visit.summary
        last[visit.household_id] = max(last.get(visit.household_id, visit.visit_date),
                                        visit.visit_date)
    for household in households.values():
        assert household.last_visit_date == last.get(household.id)
    overdue = sum(1 for h in households.values() if h.next_visit_due < TODAY)
    assert 0 < overdue < HOUSEHOLDS / 4


def test_warnings_are_followed_up_or_turned_into_cases(county: ServiceContext) -> None:
    cases = {c.id: c for c in _all(county, MonitoringCase)}
    warnings = _all(county, RiskWarning)
    statuses = Counter(w.status for w in warnings)
    assert statuses["待处置"] and statuses["已处置"] and statuses["已转申报"]
    for warning in warnings:
        if warning.status == "已转申报":
            case = cases[warning.case_id]
            assert case.household_id == warning.household_id
            assert case.discovery_channel == "部门筛查预警"
            assert warning.raised_on < case.proposed_on
        if warning.status == "待处置":
            assert not warning.handled_by and warning.handled_on is None
        else:
            assert warning.handled_by and warning.handling_note
            assert warning.raised_on <= warning.handled_on <= TODAY


# --- the change log, determinism, repeated runs, scope ---------------------------------------


def test_change_log_holds_one_insert_per_row(county: ServiceContext) -> None:
    """Every row is logged once, except the reference rows every database is seeded with
    identically (Database.seed), which are nobody's edit and never travel."""
    with county.db.read() as session:
        logged = Counter((c.table_name, c.row_id) for c in session.scalars(
            select(ChangeLog).where(ChangeLog.op == "insert")))
        for model in SYNCED_TABLES:
            ids = session.scalars(select(model.id).where(model.created_hlc != SEED_STAMP)).all()
            assert all(logged[(model.__tablename__, row_id)] == 1 for row_id in ids), model
            assert sum(1 for table, _id in logged if table == model.__tablename__) == len(ids)
        assert session.scalar(select(ChangeLog).where(ChangeLog.op != "insert")) is None


def _fingerprint(ctx: ServiceContext) -> list[Any]:
    """Everything generated, without row ids and clock stamps."""
    with ctx.db.read() as session:
        return [
            _rows(session, Household, "household_number", "address", "household_type",
                  "head_name", "member_count", "phone", "farmland_mu", "next_visit_due"),
            _rows(session, Member, "id_number", "name", "relation", "health", "education",
                  "school_stage", "migrant_work_place"),
            _rows(session, IncomeRecord, "year", "assessed_on", "per_capita_income", "wage"),
            _rows(session, MonitoringCase, "category", "stage", "proposed_on", "risk_types",
                  "category_reason"),
            _rows(session, Visit, "visit_date", "visitor", "summary"),
            _rows(session, RiskWarning, "rule", "reason", "status", "raised_on"),
        ]


def _rows(session: Session, model: Any, *names: str) -> list[tuple[Any, ...]]:
    return sorted(tuple(str(getattr(row, n)) for n in names)
                   for row in session.scalars(select(model)))


def test_the_same_seed_gives_the_same_data(fresh: Callable[[str], ServiceContext]) -> None:
    first, second, other = fresh("county"), fresh("county"), fresh("county")
    for ctx, seed in ((first, 3), (second, 3), (other, 4)):
        DemoService(ctx).generate(60, seed=seed)
    assert _fingerprint(first) == _fingerprint(second)
    assert _fingerprint(first) != _fingerprint(other)


def test_a_second_run_adds_households_without_collisions(
        fresh: Callable[[str], ServiceContext]) -> None:
    ctx = fresh("county")
    DemoService(ctx).generate(80, seed=1)
    DemoService(ctx).generate(80, seed=1)
    households = _all(ctx, Household)
    assert len(households) == 160
    assert len({h.household_number for h in households}) == 160
    assert len({(h.village_code, h.address) for h in households}) == 160
    numbers = [m.id_number for m in _all(ctx, Member)]
    assert len(set(numbers)) == len(numbers)
    users = [(u.name, u.role, u.division_code) for u in _all(ctx, User)]
    assert len(set(users)) == len(users)


@pytest.mark.parametrize(("role", "scope"), [("township", "131122100"), ("worker", VILLAGE)])
def test_generation_stays_within_the_databases_scope(
        fresh: Callable[[str], ServiceContext], role: str, scope: str) -> None:
    ctx = fresh(role)
    summary = DemoService(ctx).generate(90, seed=2)
    assert summary.households == 90
    households = _all(ctx, Household)
    assert len(households) == 90
    assert all(is_within(h.village_code, scope) for h in households)
    workers = [u for u in _all(ctx, User) if u.role == "worker"]
    assert workers and all(is_within(u.division_code, scope) for u in workers)


def test_villages_are_added_only_where_the_scope_allows(
        fresh: Callable[[str], ServiceContext]) -> None:
    county = generator.Generator(fresh("county"), 50_000, 1)
    added = county._plan_villages()
    assert len(added) == 143 - 108
    townships = {d.id for d in _all(county.ctx, Division) if d.level == "township"}
    assert {row["parent_code"] for row in added} == townships
    assert all(213 <= int(row["id"][-3:]) <= 299 for row in added)
    assert sum(v.new for v in county.chosen) == 50_000
    village = generator.Generator(fresh("worker"), 5_000, 1)
    assert village._plan_villages() == []
    assert [v.code for v in village.chosen] == [VILLAGE]


def test_progress_is_reported_per_batch_and_cancelling_stops_between_batches(
        fresh: Callable[[str], ServiceContext], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(generator, "BATCH_HOUSEHOLDS", 25)
    ctx = fresh("county")
    seen: list[tuple[int, int]] = []
    summary = DemoService(ctx).generate(70, seed=1, progress=lambda d, t: seen.append((d, t)),
                                        cancelled=lambda: len(seen) >= 2)
    assert summary.cancelled and summary.households == 50
    assert seen == [(25, 70), (50, 70)]
    assert len(_all(ctx, Household)) == 50
