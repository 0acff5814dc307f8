"""The standard forms in resources/forms: they load, pyxform accepts them, they are up to date with
their generator, and filling them accepts a realistic visit while catching typing mistakes."""

from __future__ import annotations

import importlib.util
from dataclasses import replace
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest
from pyxform.xls2xform import convert

from app.domain.idnumber import make_id_number
from app.forms.filling import fill
from app.forms.model import CONTAINER_TYPES, Form
from app.forms.xlsform import load_form

FOLDER = Path(__file__).resolve().parents[2] / "resources" / "forms"
ZH, EN = "中文 (zh)", "English (en)"
TODAY = date(2026, 11, 23)
HEAD_ID = make_id_number("131102", date(1968, 5, 12), 131)
SPOUSE_ID = make_id_number("131102", date(1970, 2, 3), 242)
CHILD_ID = make_id_number("131102", date(2012, 9, 1), 355)

EXPECTED = {
    "visit": ("入户走访表", [
        "visit_date", "present", "present_other", "family", "family_change", "family_change_note", "member",
        "member_name", "member_id", "member_health", "income",
        "income_wage", "income_business", "income_property", "income_transfer", "business_expense",
        "total_income", "net_income", "income_summary", "expense", "expense_kind", "expense_amount",
        "expense_reimbursed", "expense_total", "expense_summary", "checks", "food", "food_note", "clothing",
        "clothing_note",
        "compulsory_education", "compulsory_education_note", "basic_medical", "basic_medical_note",
        "housing_safe", "housing_safe_note", "water_safe", "water_safe_note", "risks", "needs", "measures",
        "next_visit"]),
    "registration": ("农户信息采集表", [
        "household", "village_group", "address", "household_type", "registered_poor", "phone", "head_rule",
        "member", "member_name", "member_id", "relation", "health", "labour_skill", "in_school", "education",
        "school_stage"]),
    "screening": ("风险排查表", [
        "screening_date", "channel", "questions", "income_below_line", "sudden_expense",
        "sudden_expense_amount", "new_illness", "new_disability", "disaster", "disaster_kind", "dropout",
        "unsafe_house", "unsafe_water", "no_insurance", "income_drop", "risks", "suggest_monitoring",
        "suggestion_note", "propose", "reason"]),
}
# Fields the rest of the app relies on (docs/forms.md lists them all).
KEY_FIELDS = {
    "visit": {"income_wage": "income.wage", "income_business": "income.business",
              "income_property": "income.property", "income_transfer": "income.transfer",
              "food": "household.food_secure", "water_safe": "household.water_secure",
              "risks": "household.risks", "measures": "household.measures", "next_visit": "visit.next_date"},
    "registration": {"phone": "household.phone", "member_id": "member.id_number", "health": "member.health",
                     "relation": "member.relation"},
    "screening": {"channel": "screening.channel", "suggest_monitoring": "screening.suggest_monitoring",
                  "risks": "household.risks"},
}


@pytest.fixture(scope="module")
def forms() -> dict[str, Form]:
    return {form_id: load_form(FOLDER / f"{form_id}.xlsx") for form_id in EXPECTED}


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_forms", FOLDER / "build_forms.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("form_id", EXPECTED)
def test_each_form_loads_with_every_question(forms: dict[str, Form], form_id: str) -> None:
    form = forms[form_id]
    title, names = EXPECTED[form_id]
    assert (form.form_id, form.title, form.version, form.default_language) == (form_id, title, "2026.1", ZH)
    assert set(form.languages) == {ZH, EN}
    assert [question.name for question in form.walk()] == names


@pytest.mark.parametrize("form_id", EXPECTED)
def test_every_answer_names_the_field_it_updates(forms: dict[str, Form], form_id: str) -> None:
    form = forms[form_id]
    for question in form.walk():
        if question.type in CONTAINER_TYPES or question.type == "note":
            continue
        assert question.bind.get("fangpin:field"), f"{question.name} has no bind::fangpin:field"
    for name, field in KEY_FIELDS[form_id].items():
        assert form.question(name).bind["fangpin:field"] == field


@pytest.mark.parametrize("form_id", EXPECTED)
def test_texts_in_both_languages(forms: dict[str, Form], form_id: str) -> None:
    form = forms[form_id]
    for question in form.walk():
        if question.type != "calculate":
            assert question.labels.get(ZH) and question.labels.get(EN), question.name
        if question.hints:
            assert set(question.hints) == {ZH, EN}, question.name
        if question.constraint:
            assert question.constraint_messages.get(ZH) and question.constraint_messages.get(EN), question.name
    for items in form.choices.values():
        for choice in items:
            assert choice.labels.get(ZH) and choice.labels.get(EN), choice.name


@pytest.mark.parametrize("form_id", EXPECTED)
def test_pyxform_converts_each_form(form_id: str) -> None:
    result = convert(xlsform=FOLDER / f"{form_id}.xlsx")
    assert f'id="{form_id}"' in result.xform
    assert 'fangpin:field="' in result.xform
    if form_id == "registration":  # pyxform does not check XPath function names, so check-id passes
        assert 'constraint="check-id(.)"' in result.xform


@pytest.mark.parametrize("form_id", EXPECTED)
def test_committed_xlsx_matches_the_generator(forms: dict[str, Form], form_id: str, tmp_path: Path) -> None:
    built = load_form(_generator().build(form_id, tmp_path))
    assert replace(built, source="") == replace(forms[form_id], source="")


# ---------------------------------------------------------------- filling the visit form

GOOD_VISIT: dict[str, object] = {
    "visit_date": "2026-11-20", "present": "head spouse grid_worker", "family_change": "illness",
    "family_change_note": "妻子今年9月确诊糖尿病，需长期服药。",
    "income_wage": "12000", "income_business": "3500.5", "income_property": "300", "income_transfer": "2400",
    "business_expense": "800",
    "expense": [{"expense_kind": "medical", "expense_amount": "18000", "expense_reimbursed": "9000"},
                {"expense_kind": "education", "expense_amount": "6000"}],
    "food": "yes", "clothing": "yes", "compulsory_education": "yes", "basic_medical": "yes",
    "housing_safe": "no", "housing_safe_note": "西屋后墙开裂，已报危房鉴定。", "water_safe": "yes",
    "risks": "illness housing", "needs": "希望尽快完成危房改造。", "measures": "health social_protection",
    "next_visit": "2026-12-20",
}


def visit(form: Form, **changes: object) -> list[tuple[tuple[str | int, ...], str]]:
    filled = fill(form, GOOD_VISIT | changes, today=TODAY)
    return [(problem.path, problem.message) for problem in filled.problems]


def test_a_realistic_visit_is_accepted_with_its_totals(forms: dict[str, Form]) -> None:
    filled = fill(forms["visit"], GOOD_VISIT, today=TODAY)
    assert filled.ok, filled.problems
    assert filled.values["total_income"] == "18200.5"
    assert filled.values["net_income"] == "17400.5"
    assert filled.values["housing_safe_note"] == "西屋后墙开裂，已报危房鉴定。"
    assert len(filled.values["expense"]) == 2  # type: ignore[arg-type]
    assert filled.values["expense_total"] == "24000"


def test_a_negative_or_implausible_income_is_refused(forms: dict[str, Form]) -> None:
    message = "金额不能为负数，也不能达到100万元，请核对。"
    assert visit(forms["visit"], income_wage="-500") == [(("income_wage",), message)]
    assert visit(forms["visit"], income_transfer="2400000") == [(("income_transfer",), message)]


def test_a_not_met_check_needs_its_note(forms: dict[str, Form]) -> None:
    problems = visit(forms["visit"], water_safe="no")
    assert problems == [(("water_safe_note",), "选择“未保障”时必须写明情况。")]
    # A met check hides its note, so a stale note is not saved.
    filled = fill(forms["visit"], GOOD_VISIT | {"food_note": "旧说明"}, today=TODAY)
    assert filled.ok and "food_note" not in filled.values


def test_reimbursed_more_than_spent_is_refused(forms: dict[str, Form]) -> None:
    expense = [{"expense_kind": "medical", "expense_amount": "5000", "expense_reimbursed": "5200"}]
    assert visit(forms["visit"], expense=expense) == [
        (("expense", 0, "expense_reimbursed"), "报销金额不能为负数，也不能超过支出金额。")]


def test_dates_in_the_wrong_order_are_refused(forms: dict[str, Form]) -> None:
    assert visit(forms["visit"], next_visit="2026-11-19") == [
        (("next_visit",), "下次走访日期必须晚于本次走访日期。")]
    assert visit(forms["visit"], visit_date="2026-11-24", next_visit="2026-12-24") == [
        (("visit_date",), "走访日期不能晚于今天。")]


def test_no_change_cannot_be_combined(forms: dict[str, Form]) -> None:
    assert visit(forms["visit"], family_change="none illness") == [
        (("family_change",), "选了“无变化”就不能再选其他变化。")]
    assert visit(forms["visit"], family_change="none", family_change_note="") == []


# ---------------------------------------------------------------- filling the registration form

def member(name: str, id_number: str, relation: str, **extra: str) -> dict[str, str]:
    return {"member_name": name, "member_id": id_number, "relation": relation, "health": "healthy",
            "labour_skill": "ordinary", "in_school": "no", "education": "junior"} | extra


GOOD_REGISTRATION: dict[str, object] = {
    "village_group": "三组", "address": "冀州区周村镇东王庄村三组18号", "household_type": "ordinary",
    "registered_poor": "no", "phone": "13812345678",
    "member": [member("王建国", HEAD_ID, "head"), member("李秀兰", SPOUSE_ID, "spouse", health="chronic"),
               member("王小明", CHILD_ID, "son", in_school="yes", school_stage="junior", education="",
                      labour_skill="none")],
}


def register(form: Form, **changes: object) -> list[tuple[tuple[str | int, ...], str]]:
    filled = fill(form, GOOD_REGISTRATION | changes, today=TODAY)
    return [(problem.path, problem.message) for problem in filled.problems]


def test_a_realistic_household_is_accepted(forms: dict[str, Form]) -> None:
    filled = fill(forms["registration"], GOOD_REGISTRATION, today=TODAY)
    assert filled.ok, filled.problems
    child = filled.values["member"][2]  # type: ignore[index]
    assert child["school_stage"] == "junior" and "education" not in child


def test_a_wrong_id_check_digit_is_refused(forms: dict[str, Form]) -> None:
    wrong = HEAD_ID[:17] + ("0" if HEAD_ID[17] != "0" else "1")
    members = [member("王建国", wrong, "head")]
    assert register(forms["registration"], member=members) == [
        (("member", 0, "member_id"), "身份证号码不正确（位数、出生日期或校验位有误），请核对。")]


def test_exactly_one_head_listed_first(forms: dict[str, Form]) -> None:
    message = "第一位成员必须是户主，其他成员不能再选户主（每户只有一位户主）。"
    two_heads = [member("王建国", HEAD_ID, "head"), member("李秀兰", SPOUSE_ID, "head")]
    assert register(forms["registration"], member=two_heads) == [(("member", 1, "relation"), message)]
    no_head = [member("李秀兰", SPOUSE_ID, "spouse")]
    assert register(forms["registration"], member=no_head) == [(("member", 0, "relation"), message)]


@pytest.mark.parametrize("phone", ["1381234567", "23812345678", "138-1234-5678", "0318-1234567"])
def test_a_phone_that_is_not_a_mobile_number_is_refused(forms: dict[str, Form], phone: str) -> None:
    assert register(forms["registration"], phone=phone) == [
        (("phone",), "请填写11位手机号码，以1开头。")]


def test_healthy_cannot_be_combined_with_illness(forms: dict[str, Form]) -> None:
    members = [member("王建国", HEAD_ID, "head", health="healthy disabled")]
    assert register(forms["registration"], member=members) == [
        (("member", 0, "health"), "选了“健康”就不能再选疾病或残疾。")]


# ---------------------------------------------------------------- filling the screening form

CALM: dict[str, object] = {
    "screening_date": "2026-11-18", "channel": "cadre_screening", "income_below_line": "no",
    "sudden_expense": "no", "new_illness": "no", "new_disability": "no", "disaster": "no", "dropout": "no",
    "unsafe_house": "no", "unsafe_water": "no", "no_insurance": "no", "income_drop": "no", "propose": "no",
}


def test_a_household_without_risk_is_not_suggested(forms: dict[str, Form]) -> None:
    filled = fill(forms["screening"], CALM, today=TODAY)
    assert filled.ok, filled.problems
    assert filled.values["suggest_monitoring"] == "no"


def test_a_sudden_expense_suggests_monitoring(forms: dict[str, Form]) -> None:
    answers = CALM | {"sudden_expense": "yes", "sudden_expense_amount": "8000", "risks": "schooling",
                      "propose": "yes", "channel": "department_warning"}
    filled = fill(forms["screening"], answers, today=TODAY)
    assert filled.ok, filled.problems
    assert filled.values["suggest_monitoring"] == "yes"
    # Going against the suggestion needs a reason; so does a missing amount.
    problems = fill(forms["screening"], answers | {"propose": "no", "sudden_expense_amount": ""},
                    today=TODAY).problems
    assert [problem.path for problem in problems] == [("sudden_expense_amount",), ("reason",)]


def test_docs_list_every_mapped_field(forms: dict[str, Form]) -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "forms.md").read_text(encoding="utf-8")
    for form in forms.values():
        for question in form.walk():
            field = question.bind.get("fangpin:field", "")
            if field and not field.endswith("_note"):
                assert f"| {field} " in docs or f"{field} (" in docs or f" {field} |" in docs, field
