"""Form versions in the database, and a filled form keeping the household record current."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.domain.errors import UserFacingError
from app.forms.filling import fill
from app.forms.problems import FormError
from app.services.cases import CaseService
from app.services.context import ServiceContext
from app.services.form_answers import initial_answers, member_rows_for, plan_answers
from app.services.forms import BUILTIN, INSTALLED, FormService, form_version_id
from app.services.households import HouseholdService
from app.services.sync import SyncService
from app.services.visits import VisitService
from app.store.models import ChangeLog
from tests.forms.helpers import new_version
from tests.services.helpers import poor_household
from tests.sync.conftest import enroll

ContextFactory = Callable[[str], ServiceContext]


def a_visit(members: list[dict[str, str]], **changes: object) -> dict[str, object]:
    return {
        "visit_date": "2026-11-20", "present": "head grid_worker", "family_change": "illness",
        "family_change_note": "妻子确诊糖尿病，需长期服药。", "member": members,
        "income_wage": "3000", "income_transfer": "600", "business_expense": "200",
        "expense": [{"expense_kind": "medical", "expense_amount": "18000", "expense_reimbursed": "9000"}],
        "food": "yes", "clothing": "yes", "compulsory_education": "yes", "basic_medical": "yes",
        "housing_safe": "no", "housing_safe_note": "西屋后墙开裂。", "water_safe": "yes",
        "risks": "illness housing", "needs": "希望尽快完成危房改造。", "measures": "health housing",
        "next_visit": "2026-12-20", **changes,
    }


@pytest.fixture
def household(ctx: ServiceContext, people: Any) -> str:
    return poor_household(ctx, people, per_capita=3000).id


def visit_rows(ctx: ServiceContext, household_id: str) -> list[dict[str, str]]:
    form = FormService(ctx).load("visit")
    return member_rows_for(form, HouseholdService(ctx).get(household_id).members)["member"]


def test_the_standard_forms_are_there_by_default(ctx: ServiceContext) -> None:
    entries = FormService(ctx).list()
    assert [(e.form_id, e.version, e.origin, e.current) for e in entries] == [
        ("registration", "2026.1", BUILTIN, True), ("screening", "2026.1", BUILTIN, True),
        ("visit", "2026.1", BUILTIN, True)]
    assert FormService(ctx).load("visit").title == "入户走访表"


def test_a_visit_form_updates_the_household(ctx: ServiceContext, household: str) -> None:
    rows = visit_rows(ctx, household)
    assert ["member_health" in row for row in rows] == [False, False]  # health not yet in the register
    rows = [row | {"member_health": "healthy"} for row in rows]
    rows[1]["member_health"] = "chronic"
    form = FormService(ctx).load("visit")
    recorded = VisitService(ctx).record_form(household, form, a_visit(rows))

    detail = HouseholdService(ctx).get(household)
    h = detail.household
    assert (h.food_secure, h.housing_secure, h.water_secure) == (True, False, True)
    assert (h.last_visit_date, h.next_visit_due) == (date(2026, 11, 20), date(2026, 12, 20))
    wife = next(m for m in detail.members if m.relation == "配偶")
    assert wife.health == ["长期慢性病"] and wife.health_changed_on == date(2026, 11, 20)
    income = next(r for r in detail.incomes if r.year == 2026)
    assert (income.wage, income.transfer, income.business_expense) == (Decimal(9000), Decimal(600), Decimal(200))
    assert [(e.kind, e.total_amount, e.out_of_pocket) for e in detail.expenses] == [
        ("医疗住院", Decimal(18000), Decimal(9000))]
    assert sorted(m.kind for m in detail.measures) == ["住房安全保障", "健康帮扶"]
    visit = detail.visits[0]
    assert (visit.form_id, visit.form_version) == ("visit", "2026.1")
    assert visit.answers["housing_safe_note"] == "西屋后墙开裂。" and visit.answers["total_income"] == "3600"
    assert "希望尽快完成危房改造" in visit.summary
    assert "2026年收入" in recorded.changes and any("健康状况" in c for c in recorded.changes)


def test_a_second_visit_does_not_repeat_measures_in_force(ctx: ServiceContext, household: str) -> None:
    rows = [row | {"member_health": "healthy"} for row in visit_rows(ctx, household)]
    form = FormService(ctx).load("visit")
    VisitService(ctx).record_form(household, form, a_visit(rows, expense=[]))
    second = VisitService(ctx).record_form(household, form, a_visit(rows, expense=[], visit_date="2026-11-21",
                                                                     income_wage="0", income_transfer="0",
                                                                     business_expense="0"))
    assert len(HouseholdService(ctx).get(household).measures) == 2
    assert not any("帮扶措施" in c or "健康状况" in c or "收入" in c for c in second.changes)


def test_the_risks_of_a_visit_update_the_open_case(ctx: ServiceContext, household: str) -> None:
    case = CaseService(ctx).propose(household, risk_types=["因病"], channel="基层干部排查")
    rows = [row | {"member_health": "healthy"} for row in visit_rows(ctx, household)]
    VisitService(ctx).record_form(household, FormService(ctx).load("visit"), a_visit(rows))
    detail = HouseholdService(ctx).get(household)
    assert detail.active_case is not None and detail.active_case.id == case.id
    assert detail.active_case.risk_types == ["因病", "住房出现安全问题"]
    assert {m.risk_type for m in detail.measures} == {"因病"}


def test_an_invalid_form_is_refused_and_nothing_is_written(ctx: ServiceContext, household: str) -> None:
    rows = [row | {"member_health": "healthy"} for row in visit_rows(ctx, household)]
    with pytest.raises(UserFacingError, match="工资性收入：金额不能为负数"):
        VisitService(ctx).record_form(household, FormService(ctx).load("visit"), a_visit(rows, income_wage="-5"))
    assert HouseholdService(ctx).get(household).visits == []


def test_a_member_not_of_the_household_is_refused(ctx: ServiceContext, household: str, people: Any) -> None:
    stranger = {"member_name": "路人", "member_id": people.id_number(), "member_health": "healthy"}
    with pytest.raises(UserFacingError, match="不是这一户的成员"):
        VisitService(ctx).record_form(household, FormService(ctx).load("visit"), a_visit([stranger]))
    assert HouseholdService(ctx).get(household).visits == []


def test_screening_flags_and_registration_codes_become_domain_values(ctx: ServiceContext, people: Any) -> None:
    service = FormService(ctx)
    screening = fill(service.load("screening"), {
        "screening_date": "2026-11-20", "channel": "cadre_screening", "income_below_line": "no",
        "sudden_expense": "no", "new_illness": "yes", "new_disability": "no", "disaster": "no", "dropout": "no",
        "unsafe_house": "yes", "unsafe_water": "no", "no_insurance": "yes", "income_drop": "no",
        "risks": "illness", "propose": "yes"}, today=date(2026, 11, 23))
    assert screening.ok, screening.problems
    plan = plan_answers(service.load("screening"), screening.values)
    assert plan.household == {"housing_secure": False, "medical_secure": False}
    assert plan.risks == ["因病"] and plan.visit_date == date(2026, 11, 20)
    head_id = people.id_number()
    registration = fill(service.load("registration"), {
        "village_group": "三组", "address": "东街1号", "household_type": "lifted", "registered_poor": "yes",
        "phone": "13812345678",
        "member": [{"member_name": "王五", "member_id": head_id, "relation": "head", "health": "chronic disabled",
                    "labour_skill": "weak", "in_school": "no", "education": "junior"}]})
    assert registration.ok, registration.problems
    plan = plan_answers(service.load("registration"), registration.values)
    assert plan.household == {"group_name": "三组", "address": "东街1号", "household_type": "脱贫户",
                              "registered_poor": True, "phone": "13812345678"}
    assert plan.members == [{"name": "王五", "id_number": head_id, "relation": "户主", "health": ["长期慢性病", "残疾"],
                             "labour_skill": "弱劳动力或半劳动力", "education": "初中"}]


def test_the_registration_form_adds_a_new_member(ctx: ServiceContext, household: str, people: Any) -> None:
    detail = HouseholdService(ctx).get(household)
    rows = [{"member_name": m.name, "member_id": m.id_number, "relation": "head" if m.relation == "户主" else "spouse",
             "health": "healthy", "labour_skill": "ordinary", "in_school": "no", "education": "primary"}
            for m in detail.members]
    child = {"member_name": "张小明", "member_id": people.id_number(date(2015, 3, 1)), "relation": "son",
             "health": "healthy", "labour_skill": "none", "in_school": "yes", "school_stage": "primary"}
    VisitService(ctx).record_form(household, FormService(ctx).load("registration"), {
        "village_group": "二组", "address": "西街2号", "household_type": "lifted", "registered_poor": "yes",
        "phone": "13812345678", "member": [*rows, child]})
    after = HouseholdService(ctx).get(household)
    assert after.household.group_name == "二组" and after.household.member_count == 3
    assert {m.name: m.relation for m in after.members}["张小明"] == "之子"


def test_install_list_and_load_versions(ctx: ServiceContext, tmp_path: Path) -> None:
    service = FormService(ctx)
    entry = service.install(new_version(tmp_path / "v2", version="2027.1", extra_note="新版说明"))
    assert (entry.form_id, entry.version, entry.origin, entry.current) == ("visit", "2027.1", INSTALLED, True)
    visits = [(e.version, e.current) for e in service.list() if e.form_id == "visit"]
    assert visits == [("2027.1", True), ("2026.1", False)]
    assert service.load("visit").version == "2027.1"
    assert service.load("visit", "2026.1").version == "2026.1"
    # Installing the same file again changes nothing; other content under the same version is refused.
    assert service.install(tmp_path / "v2" / "visit.xlsx").version == "2027.1"
    with pytest.raises(UserFacingError, match="同一版本号不能有两种内容"):
        service.install(new_version(tmp_path / "other", version="2027.1", extra_note="另一种内容"))
    with pytest.raises(UserFacingError, match="程序自带的版本"):
        service.install(new_version(tmp_path / "same", version="2026.1"))
    # The install is a synchronised change, so the county's bundle carries the form down.
    with ctx.db.read() as session:
        logged = session.scalars(select(ChangeLog).where(ChangeLog.table_name == "formversion")).all()
    assert [c.row_id for c in logged] == [form_version_id("visit", "2027.1")]


def test_version_ordering_is_numeric(ctx: ServiceContext, tmp_path: Path) -> None:
    service = FormService(ctx)
    service.install(new_version(tmp_path / "a", version="2026.10"))
    service.install(new_version(tmp_path / "b", version="2026.9"))
    assert service.load("visit").version == "2026.10"


def test_a_broken_form_is_refused_with_its_problems(ctx: ServiceContext, tmp_path: Path) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a workbook")
    with pytest.raises(FormError, match="不是有效的 Excel"):
        FormService(ctx).install(broken)


def test_only_county_and_township_install_forms(open_copy: ContextFactory, tmp_path: Path) -> None:
    with pytest.raises(UserFacingError, match="网格员不能安装表单"):
        FormService(open_copy("worker")).install(new_version(tmp_path, version="2027.1"))
    assert FormService(open_copy("township")).install(new_version(tmp_path / "t", version="2027.1")).current


def test_a_visit_made_with_an_old_version_stays_readable(ctx: ServiceContext, household: str,
                                                         tmp_path: Path) -> None:
    rows = [row | {"member_health": "healthy"} for row in visit_rows(ctx, household)]
    VisitService(ctx).record_form(household, FormService(ctx).load("visit"), a_visit(rows))
    FormService(ctx).install(new_version(tmp_path, version="2027.1", extra_note="新版说明"))
    old = HouseholdService(ctx).get(household).visits[0]
    form = FormService(ctx).load(old.form_id, old.form_version)
    assert form.version == "2026.1" and "extra_note" not in {q.name for q in form.walk()}
    refilled = fill(form, old.answers, today=date(2026, 11, 23))
    assert refilled.ok and refilled.values["housing_safe_note"] == "西屋后墙开裂。"
    with pytest.raises(UserFacingError, match=r"找不到表单“visit”的 2025\.1 版"):
        FormService(ctx).load("visit", "2025.1")


def test_an_installed_version_travels_down_in_a_bundle(open_copy: ContextFactory, tmp_path: Path) -> None:
    worker, township = open_copy("worker"), open_copy("township")
    enroll(worker, township, tmp_path)
    FormService(township).install(new_version(tmp_path / "v", version="2027.1", extra_note="新版说明"))
    bundle = SyncService(township).export(worker.db.device.name, tmp_path / "down.fpb")
    summary = SyncService(worker).import_file(bundle.path)
    assert summary.quarantined == []
    form = FormService(worker).load("visit")
    assert form.version == "2027.1" and form.question("extra_note").label() == "新版说明"


def test_a_form_starts_from_the_register(ctx: ServiceContext, household: str) -> None:
    HouseholdService(ctx).update(household, {"group_name": "三组", "phone": "13812345678"})
    detail = HouseholdService(ctx).get(household)
    answers = initial_answers(FormService(ctx).load("registration"), detail.household, detail.members)
    assert answers["village_group"] == "三组" and answers["household_type"] == "lifted"
    assert answers["registered_poor"] == "no" and answers["phone"] == "13812345678"
    assert [(row["member_name"], row["relation"]) for row in answers["member"]] == [  # type: ignore[index]
        ("张建国", "head"), ("张妻", "spouse")]
    visit = initial_answers(FormService(ctx).load("visit"), detail.household, detail.members)
    assert set(visit) == {"member"}  # the six checks are judged afresh, never prefilled


def a_screening(**changes: str) -> dict[str, object]:
    answers = dict.fromkeys(("income_below_line", "sudden_expense", "new_illness", "new_disability", "disaster",
                             "dropout", "unsafe_house", "unsafe_water", "no_insurance", "income_drop"), "no")
    return answers | {"screening_date": "2026-11-20", "channel": "cadre_screening", "new_illness": "yes",
                      "risks": "illness", "propose": "yes"} | changes


def test_a_screening_that_proposes_opens_a_case(ctx: ServiceContext, household: str) -> None:
    recorded = VisitService(ctx).record_form(household, FormService(ctx).load("screening"), a_screening())
    case = HouseholdService(ctx).get(household).active_case
    assert case is not None
    assert (case.category, case.risk_types, case.discovery_channel) == ("脱贫不稳定户", ["因病"], "基层干部排查")
    assert "已申报纳入监测（脱贫不稳定户）" in recorded.changes
    again = VisitService(ctx).record_form(household, FormService(ctx).load("screening"), a_screening())
    assert "已有监测案例，未重复申报" in again.changes


def test_a_proposal_the_rules_do_not_suggest_is_left_to_a_person(ctx: ServiceContext, people: Any) -> None:
    well_off = poor_household(ctx, people, per_capita=30000, name="李富")
    recorded = VisitService(ctx).record_form(well_off.id, FormService(ctx).load("screening"), a_screening(
        reason="家中有人患病，但收入稳定。", propose="yes"))
    assert HouseholdService(ctx).get(well_off.id).active_case is None
    assert any(change.startswith("未自动申报监测") for change in recorded.changes)
    assert HouseholdService(ctx).get(well_off.id).visits[0].form_id == "screening"


def test_a_new_member_registered_elsewhere_is_refused_before_anything_is_written(
        ctx: ServiceContext, household: str, people: Any) -> None:
    other = poor_household(ctx, people, name="李四")
    elsewhere = HouseholdService(ctx).get(other.id).members[0]
    head = HouseholdService(ctx).get(household).members[0]
    rows = [{"member_name": head.name, "member_id": head.id_number, "relation": "head", "health": "healthy",
             "labour_skill": "ordinary", "in_school": "no", "education": "primary"},
            {"member_name": elsewhere.name, "member_id": elsewhere.id_number, "relation": "son", "health": "healthy",
             "labour_skill": "ordinary", "in_school": "no", "education": "primary"}]
    with pytest.raises(UserFacingError, match=r"已登记在.*李四户"):
        VisitService(ctx).record_form(household, FormService(ctx).load("registration"), {
            "village_group": "二组", "address": "西街2号", "household_type": "lifted", "registered_poor": "yes",
            "phone": "13812345678", "member": rows})
    detail = HouseholdService(ctx).get(household)
    assert detail.visits == [] and detail.household.group_name == ""

