"""From a filled form to household fields: the `bind::fangpin:field` mapping (docs/forms.md).

`plan_answers` reads the saved answers of a form and says, without touching the database, what they
mean for the household record: fields of the household, rows of members (found by ID number),
income components, large expenses, risk types and measures. Choice codes in the forms (`illness`,
`chronic` …) become the domain's values (因病, 长期慢性病 …) here. VisitService applies the plan.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from app.domain import categories
from app.domain.errors import UserFacingError
from app.forms.expressions import answer_text
from app.forms.model import REPEAT, Form, Question

FIELD_BIND = "fangpin:field"

RISK_CODES = {
    "illness": "因病", "schooling": "因学", "disability": "因残", "disaster": "因自然灾害",
    "accident": "因意外事故", "business_failure": "因产业项目失败", "unstable_job": "因务工就业不稳",
    "lack_labour": "缺劳动力", "housing": "住房出现安全问题", "water": "饮水安全问题",
    "rigid_spending": "家庭刚性支出较大或收入大幅缩减", "other": "其他",
}
MEASURE_CODES = {
    "industry": "产业帮扶", "employment": "就业帮扶", "finance": "金融帮扶", "health": "健康帮扶",
    "education": "教育帮扶", "housing": "住房安全保障", "water": "饮水安全保障",
    "project_assets": "扶贫项目资产帮扶", "social_protection": "兜底保障和社会救助", "social_help": "社会帮扶",
    "aspiration": "扶志扶智",
}
HEALTH_CODES = {"healthy": "健康", "chronic": "长期慢性病", "serious": "患有大病", "disabled": "残疾"}
RELATION_CODES = dict(zip(
    ("head", "spouse", "son", "daughter", "daughter_in_law", "son_in_law", "grandchild", "grandchild_daughter",
     "parent", "parent_in_law_wife", "parent_in_law_husband", "grandparent", "sibling", "great_grandchild",
     "nephew_niece", "sibling_in_law", "uncle", "other"), categories.RELATIONS, strict=True))
LABOUR_CODES = dict(zip(("ordinary", "skilled", "weak", "lost", "none"), categories.LABOUR_SKILLS, strict=True))
EDUCATION_CODES = dict(zip(("illiterate", "primary", "junior", "senior", "college", "bachelor"),
                           categories.EDUCATION_LEVELS, strict=True))
HOUSEHOLD_TYPE_CODES = {"lifted": "脱贫户", "ordinary": "一般农户", "monitored": "监测户"}
# 12317 is the hotline for self-reports.
CHANNEL_CODES = {"self_report": "农户自主申报", "hotline": "农户自主申报", "cadre_screening": "基层干部排查",
                 "department_warning": "部门筛查预警"}
DISASTER_CODES = dict(zip(("flood", "geological", "drought", "biological", "weather", "earthquake", "other"),
                          categories.NATURAL_DISASTER_KINDS, strict=True))
# The income service's expense kinds (医疗住院, 教育, 灾害 …).
EXPENSE_KIND_CODES = {"medical": "医疗住院", "education": "教育", "disaster": "灾害", "housing": "其他",
                      "funeral": "其他", "other": "其他"}
EXPENSE_KIND_NOTES = {"housing": "建房修房", "funeral": "婚丧"}

# household.<name> in a form -> the Household field it sets.
HOUSEHOLD_FIELDS = {
    "village_group": "group_name", "address": "address", "type": "household_type",
    "registered_poor": "registered_poor", "phone": "phone",
    "food_secure": "food_secure", "clothing_secure": "clothing_secure", "education_secure": "education_secure",
    "medical_secure": "medical_secure", "housing_secure": "housing_secure", "water_secure": "water_secure",
}
# The national yes/no risk flags of the screening form: "yes" means that guarantee is not met.
NOT_MET_FLAGS = {"dropout": "education_secure", "house_unsafe": "housing_secure",
                 "water_unsafe": "water_secure", "uninsured_member": "medical_secure"}
MEMBER_FIELDS = {"name": "name", "id_number": "id_number", "relation": "relation", "health": "health",
                 "labour_skill": "labour_skill", "education": "education"}
INCOME_FIELDS = ("wage", "business", "property", "transfer", "business_expense")


@dataclass
class AnswerPlan:
    """What a filled form means for the household record."""

    visit_date: date | None = None
    next_visit_date: date | None = None
    household: dict[str, Any] = field(default_factory=dict)  # Household field -> value
    members: list[dict[str, Any]] = field(default_factory=list)  # member rows, keyed by id_number
    income: dict[str, Decimal] = field(default_factory=dict)  # income components of the period
    expenses: list[dict[str, Any]] = field(default_factory=list)  # values for IncomeService.add_expense
    risks: list[str] = field(default_factory=list)
    measures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # visit.needs and the like, for the summary
    # The screening form's decision to propose the household for monitoring, and how it came to notice.
    propose: bool = False
    channel: str = ""
    disaster_kind: str = ""
    unmapped: list[str] = field(default_factory=list)  # fields named in the form that nothing applies

    @property
    def empty(self) -> bool:
        return not (self.household or self.members or self.income or self.expenses or self.risks
                    or self.measures)


def plan_answers(form: Form, values: Mapping[str, object]) -> AnswerPlan:
    """Read the saved answers (`fill(...).values`) of a form through its field mapping."""
    plan = AnswerPlan()
    _read_level(form.questions, values, plan, None)
    return plan


def _read_level(questions: tuple[Question, ...], values: Mapping[str, object], plan: AnswerPlan,
                row: dict[str, Any] | None) -> None:
    for question in questions:
        if question.type == REPEAT:
            rows = values.get(question.name)
            for item in rows if isinstance(rows, list) else []:
                target: dict[str, Any] = {}
                _read_level(question.children, item if isinstance(item, Mapping) else {}, plan, target)
                _add_row(plan, target)
            continue
        if question.children:
            _read_level(question.children, values, plan, row)
            continue
        target_field = question.bind.get(FIELD_BIND, "")
        if target_field and question.name in values:
            _read_answer(plan, target_field, answer_text(values[question.name]).strip(), row)


def _add_row(plan: AnswerPlan, row: dict[str, Any]) -> None:
    member = {k[len("member."):]: v for k, v in row.items() if k.startswith("member.")}
    expense = {k[len("expense."):]: v for k, v in row.items() if k.startswith("expense.")}
    if member:
        plan.members.append(member)
    if expense:
        plan.expenses.append(expense)


def _read_answer(plan: AnswerPlan, target: str, text: str, row: dict[str, Any] | None) -> None:
    record, _, name = target.partition(".")
    if not text:
        return
    if record in ("member", "expense") and row is not None:
        converted = _member_value(name, text) if record == "member" else _expense_value(name, text)
        if converted is not None:
            row[target] = converted
    elif record == "household":
        _household_answer(plan, name, text)
    elif record == "income" and name in INCOME_FIELDS:
        plan.income[name] = _amount(text, target)
    elif target in ("visit.date", "screening.date"):
        plan.visit_date = date.fromisoformat(text[:10])
    elif target == "visit.next_date":
        plan.next_visit_date = date.fromisoformat(text[:10])
    elif target in ("visit.needs", "visit.family_change_note", "screening.reason"):
        plan.notes.append(text)
    elif target == "screening.propose":
        plan.propose = text == "yes"
    elif target == "screening.channel":
        plan.channel = CHANNEL_CODES.get(text, text)
    elif target == "screening.disaster_kind":
        plan.disaster_kind = DISASTER_CODES.get(text, text)
    elif record not in ("visit", "screening"):
        plan.unmapped.append(target)


def _household_answer(plan: AnswerPlan, name: str, text: str) -> None:
    if name == "risks":
        plan.risks = [RISK_CODES.get(code, code) for code in text.split()]
    elif name == "measures":
        plan.measures = [MEASURE_CODES.get(code, code) for code in text.split()]
    elif name in NOT_MET_FLAGS:
        if text == "yes":
            plan.household[NOT_MET_FLAGS[name]] = False
    elif name in HOUSEHOLD_FIELDS:
        target = HOUSEHOLD_FIELDS[name]
        if target.endswith("_secure") or target == "registered_poor":
            plan.household[target] = text == "yes"
        elif target == "household_type":
            plan.household[target] = HOUSEHOLD_TYPE_CODES.get(text, text)
        else:
            plan.household[target] = text
    elif not name.endswith("_note"):  # notes on the checks stay with the visit's answers
        plan.unmapped.append(f"household.{name}")


def _member_value(name: str, text: str) -> Any:
    if name == "health":
        return [HEALTH_CODES.get(code, code) for code in text.split()]
    if name == "relation":
        return RELATION_CODES.get(text, text)
    if name == "labour_skill":
        return LABOUR_CODES.get(text, text)
    if name == "education":
        return EDUCATION_CODES.get(text, text)
    if name in ("name", "id_number"):
        return text.upper() if name == "id_number" else text
    # school_stage and in_school: the form's stages are coarser than the register's (小学一年级 …).
    return None


def _expense_value(name: str, text: str) -> Any:
    if name == "kind":
        return text
    return _amount(text, f"expense.{name}") if name in ("amount", "reimbursed") else None


def _amount(text: str, target: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation:
        raise UserFacingError(f"表单中“{target}”的金额“{text}”不是数字。") from None


def expense_values(expense: Mapping[str, Any], on: date, form_title: str) -> dict[str, Any]:
    """A large expense of the form as IncomeService.add_expense takes it."""
    kind = str(expense.get("kind", "other"))
    note = f"{form_title}登记" + (f"（{EXPENSE_KIND_NOTES[kind]}）" if kind in EXPENSE_KIND_NOTES else "")
    return {"kind": EXPENSE_KIND_CODES.get(kind, "其他"), "occurred_on": on,
            "total_amount": expense.get("amount", Decimal(0)), "reimbursed": expense.get("reimbursed", Decimal(0)),
            "note": note}


def member_rows_for(form: Form, members: list[Any]) -> dict[str, list[dict[str, str]]]:
    """Initial answers for a form's member repeat: one row per household member, as the register has them
    (so a visit starts from the current health of each member and the worker changes what changed)."""
    codes = {"member.name": lambda m: m.name, "member.id_number": lambda m: m.id_number,
             "member.health": lambda m: " ".join(_code(HEALTH_CODES, h) for h in m.health),
             "member.relation": lambda m: _code(RELATION_CODES, m.relation),
             "member.labour_skill": lambda m: _code(LABOUR_CODES, m.labour_skill),
             "member.education": lambda m: _code(EDUCATION_CODES, m.education)}
    prefilled: dict[str, list[dict[str, str]]] = {}
    for repeat in (q for q in form.walk() if q.type == REPEAT):
        mapped = {q.name: q.bind.get(FIELD_BIND, "") for q in repeat.children}
        if not any(target in codes for target in mapped.values()):
            continue
        prefilled[repeat.name] = [{name: codes[target](member) for name, target in mapped.items()
                                   if target in codes and codes[target](member)} for member in members]
    return prefilled


# Household fields a form may start from (the checks are judged afresh on each visit, never prefilled).
PREFILLED_HOUSEHOLD = {
    "household.village_group": lambda h: h.group_name, "household.address": lambda h: h.address,
    "household.type": lambda h: _code(HOUSEHOLD_TYPE_CODES, h.household_type),
    "household.registered_poor": lambda h: "yes" if h.registered_poor else "no",
    "household.phone": lambda h: h.phone,
}


def initial_answers(form: Form, household: Any, members: list[Any]) -> dict[str, object]:
    """What a form for this household starts with: its register data under the mapped questions."""
    answers: dict[str, object] = {}
    for question in form.walk():
        read = PREFILLED_HOUSEHOLD.get(question.bind.get(FIELD_BIND, ""))
        value = read(household) if read else ""
        if value:
            answers[question.name] = value
    answers.update(member_rows_for(form, members))
    return answers


def _code(codes: Mapping[str, str], value: str) -> str:
    return next((code for code, label in codes.items() if label == value), "")
