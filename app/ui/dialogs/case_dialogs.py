"""Proposing a household for monitoring, and recording one step of a procedure."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QWidget,
)

from app.domain import categories
from app.domain.errors import UserFacingError
from app.domain.procedure import DECISION_STEPS, STEP_TITLES, Decision, Stage
from app.services.cases import CaseService
from app.ui.date_input import DateInput
from app.ui.field_form import PROBLEM_STYLE, _MultiChoice


class _ActionDialog(QDialog):
    """A small form whose OK runs ``self.act()``; a refusal stays on screen next to the buttons."""

    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout(self)
        self.message = QLabel()
        self.message.setStyleSheet(PROBLEM_STYLE)
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("确定"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self._ok)
        self.buttons.rejected.connect(self.reject)
        self.result_value: Any = None

    def finish_layout(self) -> None:
        self.form.addRow(self.message)
        self.form.addRow(self.buttons)
        self.setMinimumWidth(640)

    def act(self) -> Any:
        raise NotImplementedError

    def _ok(self) -> None:
        try:
            self.result_value = self.act()
        except UserFacingError as error:
            self.message.setText(str(error))
            return
        self.accept()


class ProposeDialog(_ActionDialog):
    """Risk types first; the category the rules suggest (and why) updates as they are ticked."""

    def __init__(self, service: CaseService, household_id: str,
                 submit: Callable[[list[str], str | None, str, str], Any] | None = None,
                 parent: QWidget | None = None, channel: str | None = None) -> None:
        super().__init__(self.tr("申报监测对象"), parent)
        self.service = service
        self.household_id = household_id
        self.submit = submit
        self.risks = _MultiChoice(categories.RISK_TYPES)
        self.form.addRow(self.tr("风险类型"), self.risks)
        self.channel = QComboBox()
        self.channel.addItems(list(categories.DISCOVERY_CHANNELS))
        if channel:
            self.channel.setCurrentText(channel)
            self.channel.setEnabled(False)
        else:
            self.channel.setCurrentText("基层干部排查")
        self.form.addRow(self.tr("发现方式"), self.channel)
        self.category = QComboBox()
        self.category.addItem(self.tr("按系统建议"), None)
        for name in categories.MONITORING_CATEGORIES:
            self.category.addItem(name, name)
        self.form.addRow(self.tr("监测对象类别"), self.category)
        self.suggestion = QLabel()
        self.suggestion.setWordWrap(True)
        self.form.addRow(self.tr("系统建议"), self.suggestion)
        self.note = QPlainTextEdit()
        self.note.setFixedHeight(70)
        self.form.addRow(self.tr("情况说明"), self.note)
        self.finish_layout()
        self.risks.changed.connect(self.update_suggestion)
        self.update_suggestion()

    def update_suggestion(self) -> None:
        suggestion = self.service.suggest(self.household_id, self.risks.value())
        category = str(suggestion.category) if suggestion.category else self.tr("不建议纳入")
        self.suggestion.setText(f"{category}：{suggestion.reason}")

    def act(self) -> Any:
        risks = self.risks.value()
        if not risks:
            raise UserFacingError(self.tr("请至少选择一种风险类型。"))
        category = self.category.currentData()
        note = self.note.toPlainText()
        if self.submit is not None:
            return self.submit(risks, category, note, self.channel.currentText())
        return self.service.propose(self.household_id, risk_types=risks,
                                    channel=self.channel.currentText(), category=category, note=note)


class StepDialog(_ActionDialog):
    def __init__(self, service: CaseService, case_id: str, step: Stage, today: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(self.tr("办理：{step}").format(step=STEP_TITLES[step]), parent)
        self.service, self.case_id, self.step = service, case_id, step
        self.decision = QComboBox()
        choices = list(Decision) if step in DECISION_STEPS else [Decision.PASS]
        for decision in choices:
            self.decision.addItem(decision.value, decision)
        self.form.addRow(self.tr("意见"), self.decision)
        self.on = DateInput(today, required=True, today=service.ctx.today())
        self.on.setMaximum(service.ctx.today(), self.tr("今天"))
        self.form.addRow(self.tr("办理日期"), self.on)
        self.note = QPlainTextEdit()
        self.note.setFixedHeight(80)
        self.form.addRow(self.tr("说明（退回或不通过时必填）"), self.note)
        self.finish_layout()

    def act(self) -> Any:
        self.on.setMaximum(self.service.ctx.today(), self.tr("今天"))  # the dialog may stay open past midnight
        # A date past today is still the procedure's to refuse: it says first when the posting period ends.
        on = self.on.typed_date()
        self.on.reveal_problem()
        if on is None:
            raise UserFacingError(self.tr("办理日期：{problem}").format(problem=self.on.problem()))
        return self.service.take_step(self.case_id, self.step, decision=Decision(self.decision.currentData()),
                                      note=self.note.toPlainText(), on=on)


class EliminationDialog(_ActionDialog):
    def __init__(self, service: CaseService, case_id: str, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("申请风险消除"), parent)
        self.service, self.case_id = service, case_id
        self.method = QComboBox()
        self.method.addItems(list(categories.ELIMINATION_METHODS))
        self.form.addRow(self.tr("消除方式"), self.method)
        self.note = QPlainTextEdit()
        self.note.setFixedHeight(80)
        self.form.addRow(self.tr("说明"), self.note)
        self.finish_layout()

    def act(self) -> Any:
        return self.service.start_elimination(self.case_id, method=self.method.currentText(),
                                              note=self.note.toPlainText())
