"""Monitoring cases: identification and risk elimination, step by step, dated and attributed."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlmodel import Session

from app.domain import categories, policy_lists
from app.domain.categories import CHECK_FIELDS, CategoryFacts, CategorySuggestion, CategoryThresholds
from app.domain.elimination import EliminationAssessment, EliminationFacts, evaluate_elimination
from app.domain.errors import UserFacingError
from app.domain.income import line_in_force
from app.domain.procedure import (
    STEP_TITLES,
    Consent,
    Decision,
    Procedure,
    Stage,
    StepCheck,
    StepList,
    StepRefused,
    check_consent,
    check_step,
    check_step_date,
    is_settled,
    may_take,
    next_step,
    posting_period,
)
from app.services import policy
from app.services.context import ServiceContext
from app.services.policy import (
    CATEGORY_THRESHOLDS,
    POSTING_DAYS,
    elimination_timing_from,
    lines_from,
    setting_from,
    step_list_from,
)
from app.services.rows import live, require
from app.services.unit_of_work import UnitOfWork
from app.store.models import (
    CaseStep,
    Household,
    IncomeRecord,
    Measure,
    Member,
    MonitoringCase,
    RigidExpense,
)

UNRESOLVED, RESOLVED = categories.CASE_STATUSES
# 纳入理由 as stored: the proposer's own reason, then the system's suggestion after this label, kept
# apart so a reviewer never takes the rules' text for the proposer's (issue 19).
SUGGESTION_LABEL = "【系统建议，仅供参考】"
REASON_LIMIT = 300  # MonitoringCase.category_reason
USER_REASON_LIMIT = 160
EFFECTIVE_MEASURE_STATUSES = ("实施中", "已完成")
# Out-of-pocket spending in the last year that still weighs on the household.
RIGID_SPENDING_WINDOW = timedelta(days=365)
# 先帮后认: help first, identify after (DOMAIN.md, "Procedures") — for this category only.
# The rules' category a fast track is for; its name is the county's (policy monitoring_categories).
FAST_TRACK_ROLE = categories.MonitoringCategory.SUDDEN_HARDSHIP


class CaseService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # --- identification ----------------------------------------------------------------------

    def suggest(self, household_id: str, risk_types: list[str] | None = None) -> CategorySuggestion:
        with self.ctx.db.read() as session:
            household = require(session, Household, household_id)
            return _suggestion(session, household, risk_types or [], self.ctx.today())

    def propose(self, household_id: str, *, risk_types: list[str], channel: str,
                category: str | None = None, note: str = "", disaster_kind: str = "",
                on: date | None = None, fast_track: bool = False) -> MonitoringCase:
        """Open an identification: a grid worker's 排查/申报, a self-report or a department warning."""
        with UnitOfWork(self.ctx) as uow:
            return propose(uow, household_id, risk_types=risk_types, channel=channel,
                           category=category, note=note, disaster_kind=disaster_kind, on=on,
                           fast_track=fast_track)

    # --- any step ----------------------------------------------------------------------------

    def take_step(self, case_id: str, step: Stage, *, decision: Decision = Decision.PASS,
                  note: str = "", on: date | None = None,
                  posting_start: date | None = None, consent: Consent | None = None) -> MonitoringCase:
        """Take the case's next step (or correct its last one, decision 更正). ``consent`` records the
        household's 承诺授权书 with the step; 信息比对 needs one on record (check_consent)."""
        on = on or self.ctx.today()
        if decision is not Decision.PASS and not note.strip():
            raise UserFacingError(f"“{decision}”时必须写明原因。", field="意见")
        with UnitOfWork(self.ctx) as uow:
            session = uow.session
            case = require(session, MonitoringCase, case_id)
            procedure = Procedure(case.procedure)
            steps = step_list_from(session, on)
            check_step(StepCheck(procedure, Stage(case.stage), step, self.ctx.role, decision, on,
                                 case.posting_end, today=self.ctx.today(), previous_on=case.stage_since,
                                 steps=steps))
            if consent is not None:
                _check_new_consent(session, case, consent, on)
            if decision is not Decision.CORRECT:
                check_consent(step, consent or consent_on_record(session, case.id), on, steps)
            if step is Stage.POSTED:
                days = int(setting_from(session, POSTING_DAYS))
                case.posting_start, case.posting_end = posting_period(posting_start or on, days)
            if (step is Stage.APPROVED and decision is Decision.PASS
                    and procedure is Procedure.ELIMINATION):
                _require_eligible(self._assess(session, case, on))
            # The case's stage and outcome follow from the step: the upkeep sets them (app.domain.case_state).
            row = _step(self.ctx, case, step, decision, on, note)
            if consent is not None:
                row.consent_signed_on, row.consent_member_id = consent.signed_on, consent.member_id
            if step is Stage.ANNOUNCED:
                row.period_end = on + timedelta(days=steps.announcement_days - 1)
            session.add(row)
        return case

    def correct_step(self, case_id: str, *, note: str, on: date | None = None,
                     posting_start: date | None = None) -> MonitoringCase:
        """Correct the case's last step by a new step (decision 更正): steps are append-only, so
        the mistaken one stays in the record and the correction, with why, follows it."""
        with self.ctx.db.read() as session:
            stage = Stage(require(session, MonitoringCase, case_id).stage)
        return self.take_step(case_id, stage, decision=Decision.CORRECT, note=note, on=on,
                              posting_start=posting_start)

    # --- risk elimination --------------------------------------------------------------------

    def assess(self, case_id: str, on: date | None = None) -> EliminationAssessment:
        with self.ctx.db.read() as session:
            return self._assess(session, require(session, MonitoringCase, case_id), on or self.ctx.today())

    def start_elimination(self, case_id: str, *, method: str, note: str = "",
                          on: date | None = None) -> MonitoringCase:
        """Propose marking the risk eliminated; refused unless the four criteria are met."""
        on = on or self.ctx.today()
        categories.check_choice(method, categories.ELIMINATION_METHODS, "消除方式")
        with UnitOfWork(self.ctx) as uow:
            session = uow.session
            case = require(session, MonitoringCase, case_id)
            if not (case.procedure == Procedure.IDENTIFICATION and is_settled(Stage(case.stage))
                    and not case.closed):
                raise UserFacingError("只有已经县级审定纳入监测、尚未消除风险的户才能申请风险消除。")
            check_step_date(STEP_TITLES[Stage.PROPOSED], on, self.ctx.today(), case.stage_since)
            _require_eligible(self._assess(session, case, on))
            case.elimination_method = method
            session.add(_step(self.ctx, case, Stage.PROPOSED, Decision.PASS, on, note,
                              procedure=Procedure.ELIMINATION))
        return case

    def next_step_for(self, case: MonitoringCase) -> Stage | None:
        """The step this user may take next on the case, if any (the county's step list in force)."""
        steps = self.step_list()
        step = next_step(Stage(case.stage), steps)
        # A closed case takes no step but its elimination's 结果公告.
        if (step is None or (case.closed and step is not Stage.ANNOUNCED)
                or not may_take(self.ctx.role, step, steps)):
            return None
        return step

    def step_list(self, on: date | None = None) -> StepList:
        """The county's procedure in force on ``on`` (default today)."""
        with self.ctx.db.read() as session:
            return step_list_from(session, on or self.ctx.today())

    def consent(self, case_id: str) -> Consent | None:
        """The household's 承诺授权书 as recorded with a step of the case (the latest), if any."""
        with self.ctx.db.read() as session:
            return consent_on_record(session, case_id)

    def signers(self, case_id: str) -> list[tuple[str, str]]:
        """Who may sign the household's 承诺授权书: its live members as (id, 姓名（关系）), the head first."""
        with self.ctx.db.read() as session:
            case = require(session, MonitoringCase, case_id)
            members = session.execute(select(Member.id, Member.name, Member.relation).where(
                Member.household_id == case.household_id, live(Member))
                .order_by(Member.relation != categories.HEAD_RELATION, Member.created_hlc)).all()
        return [(member_id, f"{name}（{relation}）") for member_id, name, relation in members]

    def why_not_today(self, case_id: str, step: Stage) -> str | None:
        """The procedure's reason ``step`` cannot be taken on the case today, or None.

        Screens show it before a dialog opens, so a clerk never fills in a review the procedure will refuse."""
        today = self.ctx.today()
        with self.ctx.db.read() as session:
            case = require(session, MonitoringCase, case_id)
            check = StepCheck(Procedure(case.procedure), Stage(case.stage), step, self.ctx.role, Decision.PASS,
                              today, case.posting_end, today=today, previous_on=case.stage_since,
                              steps=step_list_from(session, today))
        try:
            check_step(check)
        except StepRefused as refusal:
            return refusal.message
        return None

    # --- helpers -----------------------------------------------------------------------------

    def _assess(self, session: Session, case: MonitoringCase, on: date) -> EliminationAssessment:
        household = require(session, Household, case.household_id)
        measure_counts = dict(session.execute(
            select(Measure.risk_type, func.count()).where(
                Measure.household_id == case.household_id,
                Measure.status.in_(EFFECTIVE_MEASURE_STATUSES), live(Measure))
            .group_by(Measure.risk_type)).all())
        incomes = session.scalars(select(IncomeRecord).where(
            IncomeRecord.household_id == case.household_id, live(IncomeRecord))
            .order_by(IncomeRecord.assessed_on)).all()
        facts = EliminationFacts(
            identified_on=case.identified_on or case.proposed_on,
            assessed_on=on,
            risk_types=case.risk_types,
            measures_by_risk=measure_counts,
            two_no_worries_three_guarantees={
                label: getattr(household, name) for label, name in CHECK_FIELDS.items()},
            per_capita_income_history=[(r.assessed_on, Decimal(r.per_capita_income))
                                       for r in incomes],
            income_line=line_in_force(lines_from(session), on).amount,
            large_rigid_spending_open=_open_rigid_spending(session, case.household_id, on),
            no_labour_relying_on_social_protection=case.no_labour_social_protection,
            timing=elimination_timing_from(session, on),  # the county's, on the assessment day
        )
        return evaluate_elimination(facts)


def propose(uow: UnitOfWork, household_id: str, *, risk_types: list[str], channel: str,
            category: str | None = None, note: str = "", disaster_kind: str = "",
            on: date | None = None, fast_track: bool = False) -> MonitoringCase:
    """Open an identification in the caller's unit of work.

    Without a category, the one the rules suggest is taken; refused when they suggest none. The
    suggestion is worked out here, from the household as this unit of work sees it (its members,
    its income, the risks ticked); the 纳入理由 stored is the proposer's own words (``note``),
    followed by the suggestion under ``SUGGESTION_LABEL`` (``compose_reason``). The note is kept
    whole on the step as well. ``fast_track``: 先帮后认 (measures before approval), for a
    突发严重困难户 only."""
    today = uow.ctx.today()
    on = on or today
    check_step_date(STEP_TITLES[Stage.PROPOSED], on, today, None)
    risks = _validated_risks(risk_types, disaster_kind, policy.risk_types_from(uow.session, on))
    categories.check_choice(channel, categories.DISCOVERY_CHANNELS, "发现方式")
    session = uow.session
    household = require(session, Household, household_id)
    if _open_case(session, household_id) is not None:
        raise UserFacingError(f"{household.head_name}户已有正在办理或监测中的案例，不能重复申报。")
    suggestion = _suggestion(session, household, risks, on)
    if category is None:
        if suggestion.category is None:
            raise UserFacingError(f"系统未建议监测类别：{suggestion.reason}。如确需申报，请选择类别。",
                                  field="监测对象类别")
        category = str(suggestion.category)
    # The county's category names in force that day (policy data); the case keeps the name it got.
    names = policy_lists.category_roles(policy.category_names_from(session, on))
    categories.check_choice(category, tuple(name for name in names.values() if name), "监测对象类别")
    if fast_track and category != names[FAST_TRACK_ROLE]:
        raise UserFacingError(f"先帮后认只适用于“{names[FAST_TRACK_ROLE] or FAST_TRACK_ROLE.value}”，"
                              f"本户申报为“{category}”。", field="先帮后认")
    case = MonitoringCase(
        household_id=household_id, category=category,
        category_reason=compose_reason(note, category, suggestion),
        risk_types=risks, disaster_kind=disaster_kind, discovery_channel=channel,
        procedure=Procedure.IDENTIFICATION, stage=Stage.PROPOSED, status=UNRESOLVED,
        proposed_on=on, stage_since=on, fast_track=fast_track)
    session.add(case)
    session.add(_step(uow.ctx, case, Stage.PROPOSED, Decision.PASS, on, note))
    return case


def compose_reason(reason: str, category: str, suggestion: CategorySuggestion) -> str:
    """纳入理由 as stored: what the proposer wrote (or, without a word from them, that they took
    the system's suggestion or chose otherwise), then the system's suggestion, labelled as such."""
    own = " ".join(reason.split())
    if len(own) > USER_REASON_LIMIT:
        own = own[: USER_REASON_LIMIT - 1] + "…"  # whole on the proposal's step
    suggested = str(suggestion.category) if suggestion.category else "不建议纳入"
    if not own:
        own = ("按系统建议申报。" if suggestion.category is not None and category == suggested
               else f"申报人选定“{category}”，未写明理由。")
    system = f"{SUGGESTION_LABEL}{suggested}：{suggestion.reason}"
    room = REASON_LIMIT - len(own) - 1
    if len(system) > room:
        system = system[: room - 1] + "…"
    return f"{own}\n{system}"


def split_reason(stored: str) -> tuple[str, str]:
    """(the proposer's reason, the system's suggestion) of a stored 纳入理由; older cases stored
    only the suggestion, which comes back as the second part."""
    own, label, system = stored.partition(SUGGESTION_LABEL)
    if not label:
        return "", stored
    return own.strip(), system.strip()


def suggestion_for(uow: UnitOfWork, household_id: str, risk_types: list[str]) -> CategorySuggestion:
    """The category the rules suggest for the household now, as this unit of work sees it."""
    household = require(uow.session, Household, household_id)
    return _suggestion(uow.session, household, risk_types, uow.ctx.today())


def set_risk_types(uow: UnitOfWork, case_id: str, risk_types: list[str]) -> bool:
    """Change an open case's risk types (the main one first); True if they changed. Today's risk types
    (policy data) are accepted, and the case's own, kept under the names it was recorded with."""
    case = require(uow.session, MonitoringCase, case_id)
    offered = policy.risk_types_from(uow.session, uow.ctx.today())
    risks = list(categories.check_risk_types(risk_types, (*offered, *(r for r in case.risk_types if r not in offered))))
    if risks == list(case.risk_types):
        return False
    case.risk_types = risks
    return True


def _step(ctx: ServiceContext, case: MonitoringCase, step: Stage, decision: Decision, on: date,
          note: str, *, procedure: Procedure | None = None) -> CaseStep:
    return CaseStep(case_id=case.id, procedure=procedure or case.procedure, step=step, decision=decision,
                    acted_on=on, actor_name=ctx.actor.user_name, actor_role=ctx.actor.role,
                    note=note.strip())


def consent_on_record(session: Session, case_id: str) -> Consent | None:
    """The latest 承诺授权书 recorded with a step of the case."""
    row = session.execute(select(CaseStep.consent_signed_on, CaseStep.consent_member_id).where(
        CaseStep.case_id == case_id, CaseStep.consent_signed_on.is_not(None), live(CaseStep))
        .order_by(CaseStep.consent_signed_on.desc()).limit(1)).first()
    return None if row is None else Consent(row[0], row[1])


def _check_new_consent(session: Session, case: MonitoringCase, consent: Consent, on: date) -> None:
    """A 承诺授权书 is signed by a member of the case's household, on a day no later than the step."""
    member = session.get(Member, consent.member_id) if isinstance(consent.member_id, str) else None
    if member is None or member.deleted or member.household_id != case.household_id:
        raise UserFacingError("承诺授权书的签署人须是本户的家庭成员。", field="签署人")
    if consent.signed_on > on:
        raise UserFacingError(f"承诺授权书的签署日期 {consent.signed_on.isoformat()} 晚于本步骤的办理日期 "
                              f"{on.isoformat()}。", field="签署日期")


def _open_case(session: Session, household_id: str) -> MonitoringCase | None:
    return session.scalar(select(MonitoringCase).where(
        MonitoringCase.household_id == household_id, MonitoringCase.closed == False,  # noqa: E712
        live(MonitoringCase)))


def _validated_risks(risk_types: list[str], disaster_kind: str, allowed: tuple[str, ...]) -> list[str]:
    """The risk types ticked, each one of ``allowed`` (the county's list in force that day)."""
    if not risk_types:
        raise UserFacingError("请至少选择一种风险类型（主要风险放在第一位）。", field="风险类型")
    risks = list(categories.check_risk_types(risk_types, allowed))
    if disaster_kind:
        categories.check_choice(disaster_kind, categories.NATURAL_DISASTER_KINDS, "自然灾害类别")
    return risks


def _require_eligible(assessment: EliminationAssessment) -> None:
    if not assessment.eligible:
        raise UserFacingError("还不符合风险消除条件：" + "；".join(assessment.problems()) + "。")


def _suggestion(session: Session, household: Household, risks: list[str],
                on: date) -> CategorySuggestion:
    incomes = session.scalars(select(IncomeRecord).where(
        IncomeRecord.household_id == household.id, live(IncomeRecord))
        .order_by(IncomeRecord.year.desc()).limit(2)).all()
    if not incomes:
        return CategorySuggestion(None, "尚未登记收入，无法判断")
    latest = incomes[0]
    previous = incomes[1].per_capita_income if len(incomes) > 1 else None
    # The household as it is now: a member added or removed since the income was recorded changes
    # the per-capita income the suggestion is judged on (家庭纯收入 ÷ 家庭人口).
    members = session.scalar(select(func.count()).select_from(Member).where(
        Member.household_id == household.id, live(Member))) or 0
    size = members or latest.household_size
    per_capita = (Decimal(latest.per_capita_income) if size == latest.household_size or not size
                  else (Decimal(latest.net_income) / size).quantize(Decimal("0.01")))
    facts = CategoryFacts(
        household_type=household.household_type,
        per_capita_income=per_capita, net_income=Decimal(latest.net_income),
        household_size=size,
        out_of_pocket_spending=_recent_out_of_pocket(session, household.id, on),
        previous_per_capita_income=Decimal(previous) if previous is not None else None,
        risk_types=tuple(risks))
    line = line_in_force(lines_from(session), on).amount
    thresholds = CategoryThresholds(**setting_from(session, CATEGORY_THRESHOLDS))
    suggestion = categories.suggest_category(facts, line, thresholds)
    if size != latest.household_size:
        suggestion = CategorySuggestion(
            suggestion.category, f"{suggestion.reason}（{latest.year}年家庭纯收入按现有 {size} 人计算，"
                                 f"登记收入时为 {latest.household_size} 人）")
    return suggestion.named(policy_lists.category_roles(policy.category_names_from(session, on)))


def _recent_out_of_pocket(session: Session, household_id: str, on: date) -> Decimal:
    total = session.scalar(select(func.sum(RigidExpense.out_of_pocket)).where(
        RigidExpense.household_id == household_id,
        RigidExpense.occurred_on > on - RIGID_SPENDING_WINDOW, live(RigidExpense)))
    return Decimal(total or 0)


def _open_rigid_spending(session: Session, household_id: str, on: date) -> bool:
    return session.scalar(select(func.count()).select_from(RigidExpense).where(
        RigidExpense.household_id == household_id, RigidExpense.resolved == False,  # noqa: E712
        RigidExpense.occurred_on > on - RIGID_SPENDING_WINDOW, live(RigidExpense))) > 0
