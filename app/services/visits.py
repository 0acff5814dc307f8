"""Door-to-door visits: recorded with their form version, keeping the household record current."""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from app.domain import categories
from app.domain.categories import CategorySuggestion
from app.domain.errors import UserFacingError
from app.domain.idnumber import mask_id_number, parse_id_number
from app.domain.warnings import WarningThresholds
from app.forms.filling import fill
from app.forms.model import Form
from app.services.context import ServiceContext
from app.services.fields import HOUSEHOLD_FIELDS, MEMBER_FIELDS, parse_fields
from app.services.form_answers import MEMBER_FIELDS as FORM_MEMBER_FIELDS
from app.services.form_answers import AnswerPlan, expense_values, plan_answers
from app.services.households import HouseholdDetail, HouseholdService
from app.services.income import COMPONENT_FIELDS, EXPENSE_FIELDS, IncomeService
from app.services.measures import MeasureService
from app.services.policy import WARNING_THRESHOLDS, setting_from
from app.services.rows import live, require
from app.services.warnings import evaluate_household
from app.store.models import Division, Household, Member, MonitoringCase, Visit

# The six checks a visit records, as household fields.
CHECK_FIELDS = {
    "不愁吃": "food_secure", "不愁穿": "clothing_secure", "义务教育": "education_secure",
    "基本医疗": "medical_secure", "住房安全": "housing_secure", "饮水安全": "water_secure",
}

BUILTIN_FORM = ("visit", "builtin-1")
CHECK_LABELS = {name: label for label, name in CHECK_FIELDS.items()}
MEASURES_IN_FORCE = ("计划", "实施中")
MAX_PROBLEMS_LISTED = 5


@dataclass(frozen=True)
class FormVisit:
    """A visit recorded from a filled form, and what it changed in the household record."""

    visit: Visit
    changes: list[str]


@dataclass(frozen=True)
class DueVisit:
    household_id: str
    village_name: str
    head_name: str
    due: date | None
    days_overdue: int
    monitored: bool


class VisitService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def record(self, household_id: str, *, visit_date: date | None = None,
               answers: dict[str, Any] | None = None, checks: dict[str, bool] | None = None,
               summary: str = "", next_visit_date: date | None = None,
               form: tuple[str, str] = BUILTIN_FORM) -> Visit:
        visit_date = visit_date or self.ctx.today()
        if visit_date > self.ctx.today():
            raise UserFacingError(f"走访日期 {visit_date} 不能晚于今天。", field="走访日期")
        unknown = set(checks or {}) - set(CHECK_FIELDS)
        if unknown:
            raise UserFacingError(f"没有“{'、'.join(sorted(unknown))}”这一项检查，可选："
                                  f"{'、'.join(CHECK_FIELDS)}。")
        if next_visit_date is not None and next_visit_date <= visit_date:
            raise UserFacingError("下次走访日期应晚于本次走访日期。", field="下次走访日期")
        with self.ctx.db.write(self.ctx.actor) as session:
            household = require(session, Household, household_id)
            if next_visit_date is None:
                next_visit_date = visit_date + timedelta(days=_interval(session, household))
            visit = Visit(household_id=household_id, visit_date=visit_date,
                          visitor=self.ctx.actor.user_name, form_id=form[0],
                          form_version=form[1], answers=answers or {}, summary=summary.strip(),
                          next_visit_date=next_visit_date)
            session.add(visit)
            for label, value in (checks or {}).items():
                setattr(household, CHECK_FIELDS[label], value)
            if household.last_visit_date is None or visit_date >= household.last_visit_date:
                household.last_visit_date = visit_date
                household.next_visit_due = next_visit_date
            session.flush()
            evaluate_household(session, household, self.ctx.today())
        return visit

    def record_form(self, household_id: str, form: Form, answers: Mapping[str, object]) -> FormVisit:
        """Record a visit (or screening) from a filled form and keep the household record current.

        The answers are checked against the form first (a form with problems is refused whole);
        they are stored with the form's id and version, and the answers mapped by
        `bind::fangpin:field` update the household through the household, income and measure
        services: the six checks, household fields, each member's health, income, large expenses,
        the open case's risk types and the measures received.
        """
        filled = fill(form, answers, today=self.ctx.today())
        if not filled.ok:
            listed = "；".join(f"{_where(form, problem.path)}：{problem.message.rstrip('。')}"
                              for problem in filled.problems[:MAX_PROBLEMS_LISTED])
            more = f"等 {len(filled.problems)} 处" if len(filled.problems) > MAX_PROBLEMS_LISTED else ""
            raise UserFacingError(f"“{form.title}”还有需要填写或修改的地方{more}：{listed}。")
        plan = plan_answers(form, filled.values)
        on = plan.visit_date or self.ctx.today()
        households = HouseholdService(self.ctx)
        detail = households.get(household_id)
        member_changes = self._member_changes(detail.members, plan, on)
        checks = {CHECK_LABELS[name]: value for name, value in plan.household.items() if name in CHECK_LABELS}
        other_fields = {name: value for name, value in plan.household.items() if name not in CHECK_LABELS}
        if other_fields:
            parse_fields(HOUSEHOLD_FIELDS, other_fields)  # refused before anything is written
        proposal = self._proposal_check(detail, plan)
        # Everything the services would refuse is refused here, before the first write.
        income_totals = _income_totals(detail, plan, on)
        if income_totals:
            parse_fields(COMPONENT_FIELDS, income_totals)
        expenses = [expense_values(expense, on, form.title) for expense in plan.expenses]
        for expense in expenses:
            parse_fields(EXPENSE_FIELDS, expense)
        summary = "；".join([form.title, *plan.notes])[:500]
        visit = self.record(household_id, visit_date=on, answers=dict(filled.values), checks=checks,
                            summary=summary, next_visit_date=plan.next_visit_date,
                            form=(form.form_id, form.version))
        changes = ["两不愁三保障：" + "、".join(k + ("有保障" if v else "未保障") for k, v in checks.items())] \
            if checks else []
        if other_fields:
            households.update(household_id, other_fields)
            changes.append("农户信息：" + "、".join(HOUSEHOLD_FIELDS[name].label for name in other_fields))
        changes += self._apply_members(households, household_id, member_changes)
        changes += self._apply_income(household_id, on, income_totals, expenses)
        changes += self._apply_risks_and_measures(detail, plan, on)
        changes += self._propose(detail, plan, on, proposal)
        return FormVisit(visit, changes)

    def _proposal_check(self, detail: HouseholdDetail, plan: AnswerPlan) -> CategorySuggestion | None:
        """Before anything is written: may the screening's proposal be made, and in which category?"""
        if not plan.propose or detail.active_case is not None:
            return None
        # Imported here: the case service itself imports this module (the six checks).
        from app.services.cases import CaseService

        if not plan.risks:
            raise UserFacingError("提出纳入监测的建议时，请至少选择一种主要风险类型。", field="主要风险类型")
        categories.check_risk_types(plan.risks)
        if plan.channel:
            categories.check_choice(plan.channel, categories.DISCOVERY_CHANNELS, "发现途径")
        return CaseService(self.ctx).suggest(detail.household.id, plan.risks)

    def _propose(self, detail: HouseholdDetail, plan: AnswerPlan, on: date,
                 suggestion: CategorySuggestion | None) -> list[str]:
        if suggestion is None:
            return ["已有监测案例，未重复申报"] if plan.propose else []
        if suggestion.category is None:
            return [f"未自动申报监测：{suggestion.reason}。如确需申报，请在农户页面申报并选择监测类别"]
        from app.services.cases import CaseService

        case = CaseService(self.ctx).propose(
            detail.household.id, risk_types=plan.risks, channel=plan.channel or "基层干部排查",
            disaster_kind=plan.disaster_kind if "因自然灾害" in plan.risks else "", on=on,
            note="；".join(plan.notes))
        return [f"已申报纳入监测（{case.category}）"]

    def _member_changes(self, members: list[Member], plan: AnswerPlan,
                        on: date) -> list[tuple[Member | None, dict[str, Any]]]:
        """Each member row of the form with the register's member it is about (None: a new member)."""
        by_id = {member.id_number: member for member in members}
        found: list[tuple[Member | None, dict[str, Any]]] = []
        for row in plan.members:
            member = by_id.get(str(row.get("id_number", "")))
            if member is None and not row.get("relation"):
                raise UserFacingError(f"身份证号 {row.get('id_number', '')}（{row.get('name', '')}）不是这一户的成员。"
                                      "新成员请用“农户信息采集表”登记。", field="身份证号码")
            values = {key: value for key, value in row.items() if key in FORM_MEMBER_FIELDS}
            if member is not None:
                values = {key: value for key, value in values.items() if getattr(member, key) != value}
                values.pop("id_number", None)
                if "health" in values:
                    values["health_changed_on"] = on
            if "health" in values:
                categories.check_health_states(values["health"])
            if member is None:
                self._check_new_member(values)
            if values:
                found.append((member, values))
        return found

    def _check_new_member(self, values: dict[str, Any]) -> None:
        parse_fields(MEMBER_FIELDS, values, creating=True)
        id_number = parse_id_number(str(values["id_number"])).number
        with self.ctx.db.read() as session:
            elsewhere = session.scalar(select(Household.head_name).join(
                Member, Member.household_id == Household.id).where(
                Member.id_number == id_number, live(Member), live(Household)))
        if elsewhere is not None:
            raise UserFacingError(f"身份证号 {mask_id_number(id_number)}（{values.get('name', '')}）已登记在"
                                  f"{elsewhere}户，同一人不能登记在两户。", field="身份证号码")

    def _apply_members(self, households: HouseholdService, household_id: str,
                       changes: list[tuple[Member | None, dict[str, Any]]]) -> list[str]:
        done: list[str] = []
        for member, values in changes:
            if member is None:
                added = households.add_member(household_id, values)
                done.append(f"新增成员{added.name}")
            else:
                households.update_member(member.id, values)
                what = "健康状况" if set(values) <= {"health", "health_changed_on"} else "信息"
                done.append(f"成员{member.name}的{what}")
        return done

    def _apply_income(self, household_id: str, on: date, totals: dict[str, Decimal],
                      expenses: list[dict[str, Any]]) -> list[str]:
        done: list[str] = []
        income = IncomeService(self.ctx)
        if totals:
            income.record_year(household_id, on.year, totals)
            done.append(f"{on.year}年收入")
        for expense in expenses:
            income.add_expense(household_id, expense)
        if expenses:
            done.append(f"大额支出 {len(expenses)} 笔")
        return done

    def _apply_risks_and_measures(self, detail: HouseholdDetail, plan: AnswerPlan, on: date) -> list[str]:
        done: list[str] = []
        case = detail.active_case
        if plan.risks and case is not None:
            risks = list(categories.check_risk_types(plan.risks))
            if risks != list(case.risk_types):
                with self.ctx.db.write(self.ctx.actor) as session:
                    require(session, MonitoringCase, case.id).risk_types = risks
                done.append("监测案例的风险类型")
        in_force = {m.kind for m in detail.measures if m.status in MEASURES_IN_FORCE}
        new_measures = [kind for kind in plan.measures if kind not in in_force]
        for kind in new_measures:
            MeasureService(self.ctx).add(detail.household.id, {
                "kind": kind, "start_date": on, "status": "实施中",
                "risk_type": plan.risks[0] if plan.risks and case is not None else "",
                "note": "入户走访时登记"})
        if new_measures:
            done.append("帮扶措施：" + "、".join(new_measures))
        return done

    def due(self, until: date | None = None, limit: int = 500) -> list[DueVisit]:
        """Households whose next visit falls by ``until`` (default: end of this month), most urgent first."""
        today = self.ctx.today()
        until = until or today.replace(day=calendar.monthrange(today.year, today.month)[1])
        with self.ctx.db.read() as session:
            monitored = select(MonitoringCase.household_id).where(
                MonitoringCase.closed == False, live(MonitoringCase))  # noqa: E712
            rows = session.execute(
                select(Household.id, Division.name, Household.head_name, Household.next_visit_due,
                       Household.id.in_(monitored))
                .join(Division, Division.id == Household.village_code)
                .where(Household.next_visit_due <= until, live(Household))
                .order_by(Household.next_visit_due).limit(limit)).all()
        return [DueVisit(r[0], r[1], r[2], r[3], max((today - r[3]).days, 0), bool(r[4]))
                for r in rows]


def _where(form: Form, path: tuple[str | int, ...]) -> str:
    """A problem's place as the person saw it: 家庭成员 第 1 项 · 与户主关系."""
    parts = []
    for part in path:
        if isinstance(part, int):
            parts.append(f"第 {part + 1} 项")
        else:
            try:
                parts.append(form.question(part).label(form.default_language) or part)
            except KeyError:  # the words of an "other" choice
                parts.append(part)
    return " · ".join(parts)


def _income_totals(detail: HouseholdDetail, plan: AnswerPlan, on: date) -> dict[str, Decimal]:
    """Income since the last visit added to the household's income of the visit's year."""
    if not any(plan.income.values()):
        return {}
    record = next((r for r in detail.incomes if r.year == on.year), None)
    return {name: Decimal(getattr(record, name)) + amount if record else amount
            for name, amount in plan.income.items()}


def _interval(session: Any, household: Household) -> int:
    thresholds = WarningThresholds.from_dict(setting_from(session, WARNING_THRESHOLDS))
    monitored = session.scalar(select(MonitoringCase.id).where(
        MonitoringCase.household_id == household.id, MonitoringCase.closed == False,  # noqa: E712
        live(MonitoringCase))) is not None
    return (thresholds.visit_interval_monitored_days if monitored
            else thresholds.visit_interval_other_days)
