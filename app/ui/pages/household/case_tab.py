"""监测: the household's case — category, risks, each procedure step, the elimination criteria."""

from __future__ import annotations

from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.procedure import (
    CORRECTABLE_STEPS,
    ROLE_LABELS,
    STEP_TITLES,
    Procedure,
    Role,
    Stage,
    is_settled,
    may_take,
    next_step,
)
from app.services.cases import CaseService
from app.services.context import ServiceContext
from app.store.models import MonitoringCase
from app.ui.dialogs.case_dialogs import EliminationDialog, ProposeDialog, StepDialog
from app.ui.pages.household.tab import HouseholdTab
from app.ui.widgets import fill_table, table_view

MET, UNMET = "✔", "✘"


class CaseTab(HouseholdTab):
    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.service = CaseService(ctx)
        layout = QVBoxLayout(self)
        self.summary_box = QGroupBox(self.tr("监测情况"))
        summary = QFormLayout(self.summary_box)
        self.labels = {key: QLabel() for key in ("category", "risks", "procedure", "stage",
                                                 "channel", "reason", "dates")}
        for key, title in (("category", self.tr("监测对象类别")), ("risks", self.tr("风险类型")),
                           ("procedure", self.tr("程序")), ("stage", self.tr("当前阶段")),
                           ("channel", self.tr("发现方式")), ("reason", self.tr("类别依据")),
                           ("dates", self.tr("关键日期"))):
            self.labels[key].setWordWrap(True)
            summary.addRow(title, self.labels[key])
        layout.addWidget(self.summary_box)

        actions = QHBoxLayout()
        self.propose_button = QPushButton(self.tr("申报监测对象"))
        self.step_button = QPushButton()
        self.eliminate_button = QPushButton(self.tr("申请风险消除"))
        self.correct_button = QPushButton(self.tr("更正上一步…"))
        self.correct_button.setToolTip(self.tr("上一步的日期或记录有误：办理一个新的“更正”步骤，原步骤保留"))
        self.propose_button.clicked.connect(self.propose)
        self.step_button.clicked.connect(self.take_step)
        self.eliminate_button.clicked.connect(self.start_elimination)
        self.correct_button.clicked.connect(self.correct_step)
        for button in (self.propose_button, self.step_button, self.eliminate_button, self.correct_button):
            actions.addWidget(button)
        self.step_hint = QLabel()
        self.step_hint.setWordWrap(True)
        actions.addWidget(self.step_hint, 1)
        layout.addLayout(actions)

        steps_box = QGroupBox(self.tr("办理过程"))
        steps_layout = QVBoxLayout(steps_box)
        self.steps_model = QStandardItemModel(self)
        self.steps = table_view()
        self.steps.setModel(self.steps_model)
        steps_layout.addWidget(self.steps)
        layout.addWidget(steps_box, 1)
        self.criteria_box = QGroupBox(self.tr("风险消除的四项条件"))
        self.criteria = QLabel()
        self.criteria.setWordWrap(True)
        QVBoxLayout(self.criteria_box).addWidget(self.criteria)
        layout.addWidget(self.criteria_box)
        # A closed case whose risk elimination the county approved, waiting for its 结果公告.
        self.announcing: MonitoringCase | None = None

    def refresh(self) -> None:
        assert self.detail is not None
        case = self.detail.active_case
        self.propose_button.setVisible(case is None)
        self.summary_box.setVisible(case is not None)
        rows = []
        for old in self.detail.cases:
            for step in self.detail.steps.get(old.id, []):
                rows.append((Procedure(step.procedure).label, STEP_TITLES.get(Stage(step.step), step.step),
                             step.decision, step.acted_on.isoformat(), step.actor_name,
                             ROLE_LABELS.get(Role(step.actor_role), step.actor_role), step.note))
        fill_table(self.steps_model, [self.tr("程序"), self.tr("环节"), self.tr("意见"), self.tr("日期"),
                                      self.tr("办理人"), self.tr("角色"), self.tr("说明")], rows)
        self.steps.resizeColumnsToContents()
        if case is None:
            self.eliminate_button.hide()
            self.correct_button.hide()
            self.criteria_box.hide()
            self.announcing = next((c for c in self.detail.cases
                                    if c.closed and self.service.next_step_for(c) is Stage.ANNOUNCED), None)
            self.step_button.setVisible(self.announcing is not None)
            if self.announcing is not None:
                self.step_button.setEnabled(True)
                self.step_button.setText(self.tr("办理：{step}").format(step=STEP_TITLES[Stage.ANNOUNCED]))
                self.step_hint.setText(self.tr("风险消除已经县级审定，请在村里公告结果并办理“结果公告”。"))
            else:
                self.step_hint.setText(self.tr("本户不是监测对象，也没有正在办理的申报。"))
            return
        self.labels["category"].setText(case.category)
        self.labels["risks"].setText("、".join(case.risk_types or []) or "—")
        self.labels["procedure"].setText(Procedure(case.procedure).label)
        stage_text = f"{Stage(case.stage).label}（{case.stage_since.isoformat()} 起）"
        if case.fast_track:
            stage_text += self.tr("；先帮后认：已先行帮扶，各步骤照常办理")
        self.labels["stage"].setText(stage_text)
        self.labels["channel"].setText(case.discovery_channel)
        self.labels["reason"].setText(case.category_reason)
        dates = [self.tr("申报 {d}").format(d=case.proposed_on.isoformat())]
        if case.posting_start and case.posting_end:
            dates.append(self.tr("公示 {a} 至 {b}").format(a=case.posting_start.isoformat(),
                                                         b=case.posting_end.isoformat()))
        if case.identified_on:
            dates.append(self.tr("纳入监测 {d}").format(d=case.identified_on.isoformat()))
        self.labels["dates"].setText("；".join(dates))

        step = self.service.next_step_for(case)
        steps = self.service.step_list()
        upcoming = next_step(Stage(case.stage), steps)
        self.step_button.setVisible(step is not None)
        if step is not None:
            self.step_button.setText(self.tr("办理：{step}").format(step=STEP_TITLES[step]))
            refusal = self.service.why_not_today(case.id, step)
            self.step_button.setEnabled(refusal is None)
            self.step_hint.setText(refusal or "")
        elif upcoming is not None:
            self.step_hint.setText(self.tr("下一步“{step}”由{role}办理。").format(
                step=STEP_TITLES[upcoming], role=steps.role(upcoming).label))
        else:
            self.step_hint.clear()
        self.correct_button.setVisible(Stage(case.stage) in CORRECTABLE_STEPS
                                       and may_take(self.ctx.role, Stage(case.stage), steps))
        monitored = case.procedure == Procedure.IDENTIFICATION and is_settled(Stage(case.stage))
        self.eliminate_button.setVisible(monitored)
        self.criteria_box.setVisible(monitored)
        if monitored:
            assessment = self.service.assess(case.id)
            lines = [f"{MET if c.met else UNMET} {c.title}：{c.reason}" for c in assessment.criteria]
            lines += [f"{UNMET} {b}" for b in assessment.blockers]
            self.criteria.setText("\n".join(lines))
            self.eliminate_button.setEnabled(assessment.eligible)
            self.eliminate_button.setToolTip("" if assessment.eligible
                                             else self.tr("四项条件未全部满足，暂不能申请。"))

    def propose(self) -> None:
        if ProposeDialog(self.service, self.household_id, parent=self).exec():
            self.changed.emit()

    def take_step(self) -> None:
        assert self.detail is not None
        case = self.detail.active_case or self.announcing
        step = self.service.next_step_for(case) if case else None
        if case is None or step is None:
            return
        if StepDialog(self.service, case.id, step, self.ctx.today(), self).exec():
            self.changed.emit()

    def correct_step(self) -> None:
        assert self.detail is not None
        case = self.detail.active_case
        if case is None or Stage(case.stage) not in CORRECTABLE_STEPS:
            return
        if StepDialog(self.service, case.id, Stage(case.stage), case.stage_since, self, correcting=True).exec():
            self.changed.emit()

    def start_elimination(self) -> None:
        assert self.detail is not None
        case = self.detail.active_case
        if case is not None and EliminationDialog(self.service, case.id, self).exec():
            self.changed.emit()
