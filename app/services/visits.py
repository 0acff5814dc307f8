"""Door-to-door visits: recorded with their form version, keeping the household record current."""

from __future__ import annotations

import calendar
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from app.domain.categories import CHECK_FIELDS, CHECK_LABELS
from app.domain.errors import UserFacingError
from app.domain.procedure import Role
from app.domain.warnings import WarningThresholds
from app.forms.filling import fill
from app.forms.model import Form
from app.services import cases, households, income, measures
from app.services.context import ServiceContext
from app.services.fields import HOUSEHOLD_FIELDS
from app.services.form_answers import MEMBER_FIELDS as FORM_MEMBER_FIELDS
from app.services.form_answers import AnswerPlan, expense_values, plan_answers
from app.services.households import HouseholdDetail
from app.services.policy import WARNING_THRESHOLDS, setting_from
from app.services.rows import live, require
from app.services.unit_of_work import UnitOfWork
from app.store.models import Division, Household, MonitoringCase, Visit

BUILTIN_FORM = ("visit", "builtin-1")
MEASURES_IN_FORCE = ("计划", "实施中")
MAX_PROBLEMS_LISTED = 5
CORRECTED = "已更正"
# Who may correct anyone's visit; a grid worker corrects her own.
CORRECTING_ROLES = frozenset({Role.TOWNSHIP, Role.COUNTY})
CORRECTION_REASON_LIMIT = 200


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
        with UnitOfWork(self.ctx) as uow:
            return record(uow, household_id, visit_date=visit_date, answers=answers, checks=checks,
                          summary=summary, next_visit_date=next_visit_date, form=form)

    def record_form(self, household_id: str, form: Form, answers: Mapping[str, object]) -> FormVisit:
        """Record a visit (or screening) from a filled form and keep the household record current:
        one unit of work, so a step that is refused leaves nothing written."""
        with UnitOfWork(self.ctx) as uow:
            return record_form(uow, household_id, form, answers)

    def correct_form(self, visit_id: str, form: Form, answers: Mapping[str, object], reason: str) -> FormVisit:
        """Correct a saved visit: a new version linked to it, the household updated to match, one
        unit of work (see :func:`correct_form`)."""
        with UnitOfWork(self.ctx) as uow:
            return correct_form(uow, visit_id, form, answers, reason)

    def due(self, until: date | None = None, limit: int = 500,
            household_ids: Collection[str] | None = None) -> list[DueVisit]:
        """Households whose next visit falls by ``until`` (default: end of this month), most urgent
        first; only among ``household_ids`` when given (a screen updating the rows a use case changed)."""
        today = self.ctx.today()
        until = until or today.replace(day=calendar.monthrange(today.year, today.month)[1])
        with self.ctx.db.read() as session:
            monitored = select(MonitoringCase.household_id).where(
                MonitoringCase.closed == False, live(MonitoringCase))  # noqa: E712
            query = (select(Household.id, Division.name, Household.head_name, Household.next_visit_due,
                            Household.id.in_(monitored))
                     .join(Division, Division.id == Household.village_code)
                     .where(Household.next_visit_due <= until, live(Household)))
            if household_ids is not None:
                query = query.where(Household.id.in_(list(household_ids)))
            rows = session.execute(query.order_by(Household.next_visit_due).limit(limit)).all()
        return [DueVisit(r[0], r[1], r[2], r[3], max((today - r[3]).days, 0), bool(r[4]))
                for r in rows]


def record(uow: UnitOfWork, household_id: str, *, visit_date: date | None = None,
           answers: dict[str, Any] | None = None, checks: dict[str, bool] | None = None,
           summary: str = "", next_visit_date: date | None = None,
           form: tuple[str, str] = BUILTIN_FORM) -> Visit:
    """A visit, its six checks and the household's last and next visit dates."""
    today = uow.ctx.today()
    visit_date = visit_date or today
    if visit_date > today:
        raise UserFacingError(f"走访日期 {visit_date} 不能晚于今天。", field="走访日期")
    unknown = set(checks or {}) - set(CHECK_FIELDS)
    if unknown:
        raise UserFacingError(f"没有“{'、'.join(sorted(unknown))}”这一项检查，可选："
                              f"{'、'.join(CHECK_FIELDS)}。")
    if next_visit_date is not None and next_visit_date <= visit_date:
        raise UserFacingError("下次走访日期应晚于本次走访日期。", field="下次走访日期")
    session = uow.session
    household = require(session, Household, household_id)
    if next_visit_date is None:
        next_visit_date = visit_date + timedelta(days=_interval(session, household))
    visit = Visit(household_id=household_id, visit_date=visit_date,
                  visitor=uow.ctx.actor.user_name, form_id=form[0],
                  form_version=form[1], answers=answers or {}, summary=summary.strip(),
                  next_visit_date=next_visit_date)
    session.add(visit)
    for label, value in (checks or {}).items():
        setattr(household, CHECK_FIELDS[label], value)
    if household.last_visit_date is None or visit_date >= household.last_visit_date:
        household.last_visit_date = visit_date
        household.next_visit_due = next_visit_date
    return visit


def record_form(uow: UnitOfWork, household_id: str, form: Form,
                answers: Mapping[str, object], *, replaces: Visit | None = None) -> FormVisit:
    """A visit (or screening) from a filled form, keeping the household record current.

    The answers are checked against the form first (a form with problems is refused whole);
    they are stored with the form's id and version, and the answers mapped by
    `bind::fangpin:field` update the household through the helpers of the household, income,
    measure and case services, all in the caller's unit of work: the six checks, household
    fields, each member's health, income, large expenses, the open case's risk types and the
    measures received. Whatever a helper refuses rolls the whole visit back.

    ``replaces`` is the visit this one corrects: what it added (income, large expenses) is taken
    back before this one's is applied, so a corrected amount is counted once.
    """
    filled = fill(form, answers, today=uow.ctx.today())
    if not filled.ok:
        listed = "；".join(f"{_where(form, problem.path)}：{problem.message.rstrip('。')}"
                          for problem in filled.problems[:MAX_PROBLEMS_LISTED])
        more = f"等 {len(filled.problems)} 处" if len(filled.problems) > MAX_PROBLEMS_LISTED else ""
        raise UserFacingError(f"“{form.title}”还有需要填写或修改的地方{more}：{listed}。")
    plan = plan_answers(form, filled.values)
    on = plan.visit_date or uow.ctx.today()
    detail = households.detail_of(uow.session, household_id)
    checks = {CHECK_LABELS[name]: value for name, value in plan.household.items() if name in CHECK_LABELS}
    other_fields = {name: value for name, value in plan.household.items() if name not in CHECK_LABELS}
    visit = record(uow, household_id, visit_date=on, answers=dict(filled.values), checks=checks,
                   summary="；".join([form.title, *(note.rstrip("。") for note in plan.notes)])[:500],
                   next_visit_date=plan.next_visit_date, form=(form.form_id, form.version))
    changes = ["两不愁三保障：" + "、".join(k + ("有保障" if v else "未保障") for k, v in checks.items())] \
        if checks else []
    if other_fields:
        households.update(uow, household_id, other_fields)
        changes.append("农户信息：" + "、".join(HOUSEHOLD_FIELDS[name].label for name in other_fields))
    changes += _apply_members(uow, detail, plan, on)
    before = plan_answers(form, replaces.answers) if replaces is not None else None
    changes += _apply_income(uow, detail, plan, on, form.title, before, replaces)
    changes += _apply_risks_and_measures(uow, detail, plan, on)
    changes += _propose(uow, detail, plan, on)
    return FormVisit(visit, changes)


def correct_form(uow: UnitOfWork, visit_id: str, form: Form, answers: Mapping[str, object],
                 reason: str) -> FormVisit:
    """A corrected visit: a new version naming the one it corrects (``corrects_id``), with who
    (the visitor), when (its stamp) and why (``correction_reason``); the original stays, marked
    已更正, and the household is updated from the corrected answers in the same unit of work.

    Only the visit's own author, or a station (township or county), may correct it, in the form
    version it was filled in; a visit already corrected is corrected through its newest version."""
    reason = " ".join(reason.split())
    if not reason:
        raise UserFacingError("请写明更正原因（如：收入金额填错）。", field="更正原因")
    if len(reason) > CORRECTION_REASON_LIMIT:
        raise UserFacingError(f"更正原因最多 {CORRECTION_REASON_LIMIT} 个字。", field="更正原因")
    session = uow.session
    original = session.get(Visit, visit_id)
    if original is None or original.deleted:
        raise UserFacingError("找不到这次走访，可能已被删除。")
    if original.status == CORRECTED:
        raise UserFacingError("这次走访已经更正过，请在走访记录中选最新的版本再更正。")
    actor = uow.ctx.actor
    if original.visitor != actor.user_name and uow.ctx.role not in CORRECTING_ROLES:
        raise UserFacingError(f"只有走访人{original.visitor}或乡镇、县级工作站可以更正这次走访。")
    if (form.form_id, form.version) != (original.form_id, original.form_version):
        raise UserFacingError(f"更正须使用原走访的表单版本（{original.form_version}）。")
    original.status = CORRECTED
    _forget_visit_dates(session, original)
    result = record_form(uow, original.household_id, form, answers, replaces=original)
    result.visit.corrects_id, result.visit.correction_reason = original.id, reason
    uow.audit("correct_visit", visit_id=result.visit.id, corrects=original.id, household_id=original.household_id)
    return FormVisit(result.visit, [f"更正了 {original.visit_date.isoformat()} 的走访记录", *result.changes])


def _forget_visit_dates(session: Any, corrected: Visit) -> None:
    """The household's last and next visit as if the corrected visit had not been recorded."""
    household = require(session, Household, corrected.household_id)
    if household.last_visit_date != corrected.visit_date:
        return
    latest = session.scalars(select(Visit).where(
        Visit.household_id == household.id, Visit.id != corrected.id, Visit.status != CORRECTED,
        live(Visit)).order_by(Visit.visit_date.desc()).limit(1)).first()
    household.last_visit_date = latest.visit_date if latest else None
    household.next_visit_due = latest.next_visit_date if latest else None


def _apply_members(uow: UnitOfWork, detail: HouseholdDetail, plan: AnswerPlan, on: date) -> list[str]:
    """Each member row of the form applied to the register's member it is about, or added."""
    by_id = {member.id_number: member for member in detail.members}
    done: list[str] = []
    for row in plan.members:
        member = by_id.get(str(row.get("id_number", "")))
        if member is None and not row.get("relation"):
            raise UserFacingError(f"身份证号 {row.get('id_number', '')}（{row.get('name', '')}）不是这一户的成员。"
                                  "新成员请用“农户信息采集表”登记。", field="身份证号码")
        values = {key: value for key, value in row.items() if key in FORM_MEMBER_FIELDS}
        if member is None:
            added = households.add_member(uow, detail.household.id, values)
            done.append(f"新增成员{added.name}")
            continue
        values = {key: value for key, value in values.items() if getattr(member, key) != value}
        values.pop("id_number", None)
        if not values:
            continue
        if "health" in values:
            values["health_changed_on"] = on
        households.update_member(uow, member.id, values)
        what = "健康状况" if set(values) <= {"health", "health_changed_on"} else "信息"
        done.append(f"成员{member.name}的{what}")
    return done


def _apply_income(uow: UnitOfWork, detail: HouseholdDetail, plan: AnswerPlan, on: date, title: str,
                  before: AnswerPlan | None = None, replaces: Visit | None = None) -> list[str]:
    """Income since the last visit added to the household's income of the visit's year, and its
    large expenses recorded; a correction first takes back what the visit it corrects added."""
    done: list[str] = []
    added: dict[int, dict[str, Decimal]] = {}
    for year, amounts, sign in ((on.year, plan.income, 1),
                                *(((replaces.visit_date.year, before.income, -1),) if before and replaces else ())):
        for name, amount in amounts.items():
            if amount:
                added.setdefault(year, {})
                added[year][name] = added[year].get(name, Decimal(0)) + sign * amount
    for year, amounts in sorted(added.items()):
        totals = _income_totals(detail, year, {name: a for name, a in amounts.items() if a})
        if totals:
            income.record_year(uow, detail.household.id, year, totals)
            done.append(f"{year}年收入")
    expenses = list(plan.expenses)
    for expense in before.expenses if before and replaces else []:
        if expense in expenses:
            expenses.remove(expense)  # unchanged by the correction: recorded once already
        else:
            _take_back_expense(uow, detail, expense_values(expense, replaces.visit_date, title))
            done.append("撤回原走访登记的大额支出")
    for expense in expenses:
        income.add_expense(uow, detail.household.id, expense_values(expense, on, title))
    if expenses:
        done.append(f"大额支出 {len(expenses)} 笔")
    return done


def _apply_risks_and_measures(uow: UnitOfWork, detail: HouseholdDetail, plan: AnswerPlan,
                              on: date) -> list[str]:
    done: list[str] = []
    case = detail.active_case
    if plan.risks and case is not None and cases.set_risk_types(uow, case.id, plan.risks):
        done.append("监测案例的风险类型")
    in_force = {m.kind for m in detail.measures if m.status in MEASURES_IN_FORCE}
    new_measures = [kind for kind in plan.measures if kind not in in_force]
    for kind in new_measures:
        measures.add(uow, detail.household.id, {
            "kind": kind, "start_date": on, "status": "实施中",
            "risk_type": plan.risks[0] if plan.risks and case is not None else "",
            "note": "入户走访时登记"})
    if new_measures:
        done.append("帮扶措施：" + "、".join(new_measures))
    return done


def _propose(uow: UnitOfWork, detail: HouseholdDetail, plan: AnswerPlan, on: date) -> list[str]:
    """A screening's proposal, in the category the rules suggest on what this visit recorded."""
    if not plan.propose:
        return []
    if detail.active_case is not None:
        return ["已有监测案例，未重复申报"]
    if not plan.risks:
        raise UserFacingError("提出纳入监测的建议时，请至少选择一种主要风险类型。", field="主要风险类型")
    suggestion = cases.suggestion_for(uow, detail.household.id, plan.risks)
    if suggestion.category is None:
        return [f"未自动申报监测：{suggestion.reason}。如确需申报，请在农户页面申报并选择监测类别"]
    case = cases.propose(
        uow, detail.household.id, risk_types=plan.risks, channel=plan.channel or "基层干部排查",
        disaster_kind=plan.disaster_kind if "因自然灾害" in plan.risks else "", on=on,
        category=str(suggestion.category), note="；".join(plan.notes))
    return [f"已申报纳入监测（{case.category}）"]


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


def _income_totals(detail: HouseholdDetail, year: int, amounts: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """These amounts added to the household's income of the year (none: nothing to record)."""
    if not amounts:
        return {}
    record = next((r for r in detail.incomes if r.year == year), None)
    return {name: Decimal(getattr(record, name)) + amount if record else amount
            for name, amount in amounts.items()}


def _take_back_expense(uow: UnitOfWork, detail: HouseholdDetail, values: Mapping[str, Any]) -> None:
    """Tombstone the expense a corrected visit recorded (the same kind, day, amounts and note)."""
    keys = ("kind", "occurred_on", "total_amount", "reimbursed", "note")
    for expense in detail.expenses:
        if not expense.deleted and all(getattr(expense, k) == values[k] for k in keys):
            expense.deleted = True
            return


def _interval(session: Any, household: Household) -> int:
    thresholds = WarningThresholds.from_dict(setting_from(session, WARNING_THRESHOLDS))
    monitored = session.scalar(select(MonitoringCase.id).where(
        MonitoringCase.household_id == household.id, MonitoringCase.closed == False,  # noqa: E712
        live(MonitoringCase))) is not None
    return (thresholds.visit_interval_monitored_days if monitored
            else thresholds.visit_interval_other_days)
