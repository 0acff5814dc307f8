"""Proposing a household for monitoring, and recording one step of a procedure."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
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
from app.domain.policy_lists import offered_categories
from app.domain.procedure import (
    CONSENT_NEEDED_BY,
    DECISION_STEPS,
    REVIEW_DECISIONS,
    STEP_TITLES,
    Consent,
    Decision,
    Stage,
)
from app.services.cases import CaseService
from app.services.policy import PolicyService
from app.ui.date_input import DateInput
from app.ui.field_form import PROBLEM_STYLE, _MultiChoice

# Steps whose dialog records the household's 承诺授权书: the home visit where it is signed, and the
# step that needs it on record (app.domain.procedure.check_consent).
CONSENT_STEPS = (Stage.VERIFIED, CONSENT_NEEDED_BY, Stage.APPROVED)


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
    """Risk types first; the category the rules suggest (and why) updates as they are ticked.

    The suggestion is only that: the 纳入理由 the proposer writes is stored as theirs, with the
    system's suggestion kept apart after it (``cases.compose_reason``); choosing a category other
    than the suggested one asks for a reason beside the field."""

    def __init__(self, service: CaseService, household_id: str,
                 submit: Callable[[list[str], str | None, str, str], Any] | None = None,
                 parent: QWidget | None = None, channel: str | None = None) -> None:
        super().__init__(self.tr("申报监测对象"), parent)
        self.service = service
        self.household_id = household_id
        self.submit = submit
        # The risk types and category names in force today (policy data the county may change).
        policy = PolicyService(service.ctx)
        self.risks = _MultiChoice(policy.risk_types())
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
        for name in offered_categories(policy.category_names()):
            self.category.addItem(name, name)
        self.form.addRow(self.tr("监测对象类别"), self.category)
        self.suggestion = QLabel()
        self.suggestion.setWordWrap(True)
        self.form.addRow(self.tr("系统建议（仅供参考）"), self.suggestion)
        self.note = QPlainTextEdit()
        self.note.setFixedHeight(70)
        self.note.setPlaceholderText(self.tr("申报人填写：为什么申报、为什么选这个类别"))
        self.form.addRow(self.tr("纳入理由"), self.note)
        self.fast_track = QCheckBox(self.tr("先帮后认：突发严重困难户先行落实帮扶措施，认定程序照常办理"))
        self.fast_track.setVisible(submit is None)
        self.form.addRow("", self.fast_track)
        self.reason_hint = QLabel()
        self.reason_hint.setWordWrap(True)
        self.reason_hint.setStyleSheet(PROBLEM_STYLE)
        self.reason_hint.setMinimumHeight(self.reason_hint.fontMetrics().height() * 2)  # reserved: nothing moves
        self.form.addRow("", self.reason_hint)
        self.finish_layout()
        self.suggested: str | None = None
        self.risks.changed.connect(self.update_suggestion)
        self.category.currentIndexChanged.connect(lambda _index: self._update_hint())
        self.note.textChanged.connect(self._update_hint)
        self.update_suggestion()

    def update_suggestion(self) -> None:
        """The rules' suggestion for the household as it is now (members, income) and the risks ticked."""
        suggestion = self.service.suggest(self.household_id, self.risks.value())
        self.suggested = str(suggestion.category) if suggestion.category else None
        category = self.suggested or self.tr("不建议纳入")
        self.suggestion.setText(f"{category}：{suggestion.reason}")
        self._update_hint()

    def _differs(self) -> bool:
        chosen = self.category.currentData()
        return chosen is not None and chosen != self.suggested

    def _update_hint(self) -> None:
        needed = self._differs() and not self.note.toPlainText().strip()
        self.reason_hint.setText(self.tr("所选类别与系统建议不同，请在纳入理由中写明为什么。") if needed else "")

    def act(self) -> Any:
        risks = self.risks.value()
        if not risks:
            raise UserFacingError(self.tr("请至少选择一种风险类型。"))
        category = self.category.currentData()
        note = self.note.toPlainText()
        self.update_suggestion()  # the household may have changed while the dialog was open
        if self._differs() and not note.strip():
            raise UserFacingError(self.tr("所选类别与系统建议不同，请写明纳入理由。"))
        if self.submit is not None:
            return self.submit(risks, category, note, self.channel.currentText())
        return self.service.propose(self.household_id, risk_types=risks,
                                    channel=self.channel.currentText(), category=category, note=note,
                                    fast_track=self.fast_track.isChecked())


class StepDialog(_ActionDialog):
    def __init__(self, service: CaseService, case_id: str, step: Stage, today: date,
                 parent: QWidget | None = None, *, correcting: bool = False) -> None:
        """``correcting``: a new step (更正) correcting the case's last step, which stays on record."""
        title = self.tr("更正：{step}") if correcting else self.tr("办理：{step}")
        super().__init__(title.format(step=STEP_TITLES[step]), parent)
        self.service, self.case_id, self.step = service, case_id, step
        self.decision = QComboBox()
        if correcting:
            choices = [Decision.CORRECT]
        else:
            choices = list(REVIEW_DECISIONS) if step in DECISION_STEPS else [Decision.PASS]
        for decision in choices:
            self.decision.addItem(decision.value, decision)
        self.form.addRow(self.tr("意见"), self.decision)
        self.on = DateInput(today, required=True, today=service.ctx.today())
        self.on.setMaximum(service.ctx.today(), self.tr("今天"))
        self.form.addRow(self.tr("正确的办理日期") if correcting else self.tr("办理日期"), self.on)
        self.note = QPlainTextEdit()
        self.note.setFixedHeight(80)
        self.form.addRow(self.tr("更正原因（必填）") if correcting else self.tr("说明（退回或不通过时必填）"),
                         self.note)
        self.consent: QCheckBox | None = None
        if not correcting and step in CONSENT_STEPS:
            self._add_consent(today)
        if not correcting and step is Stage.ANNOUNCED:
            days = service.step_list().announcement_days
            self.form.addRow(self.tr("公告期"), QLabel(self.tr("自办理日期起 {days} 天").format(days=days)))
        self.finish_layout()

    def _add_consent(self, today: date) -> None:
        """The household's 承诺授权书 (signed at the home visit) recorded with this step: who of the
        household signed it and when. 信息比对 needs one on record; the box starts ticked where
        it is needed or usually signed and none is recorded yet."""
        recorded = self.service.consent(self.case_id)
        signers = self.service.signers(self.case_id)
        names = dict(signers)
        self.form.addRow(self.tr("承诺授权书"), QLabel(
            self.tr("已登记：{name} {day} 签署").format(name=names.get(recorded.member_id, self.tr("（成员已作废）")),
                                                     day=recorded.signed_on.isoformat())
            if recorded else self.tr("尚未登记（信息比对前须登记）")))
        self.consent = QCheckBox(self.tr("随本步骤登记农户签署的承诺授权书"))
        self.consent.setChecked(recorded is None)
        self.form.addRow("", self.consent)
        self.signer = QComboBox()
        for member_id, label in signers:
            self.signer.addItem(label, member_id)
        self.form.addRow(self.tr("签署人"), self.signer)
        self.signed_on = DateInput(today, required=True, today=self.service.ctx.today())
        self.signed_on.setMaximum(self.service.ctx.today(), self.tr("今天"))
        self.form.addRow(self.tr("签署日期"), self.signed_on)
        self.consent.toggled.connect(self.signer.setEnabled)
        self.consent.toggled.connect(self.signed_on.setEnabled)
        self.signer.setEnabled(self.consent.isChecked())
        self.signed_on.setEnabled(self.consent.isChecked())

    def _typed_consent(self) -> Consent | None:
        if self.consent is None or not self.consent.isChecked():
            return None
        signed_on = self.signed_on.typed_date()
        self.signed_on.reveal_problem()
        if signed_on is None:
            raise UserFacingError(self.tr("承诺授权书签署日期：{problem}").format(problem=self.signed_on.problem()))
        if self.signer.currentData() is None:
            raise UserFacingError(self.tr("请选择承诺授权书的签署人（本户家庭成员）。"))
        return Consent(signed_on, self.signer.currentData())

    def act(self) -> Any:
        self.on.setMaximum(self.service.ctx.today(), self.tr("今天"))  # the dialog may stay open past midnight
        # A date past today is still the procedure's to refuse: it says first when the posting period ends.
        on = self.on.typed_date()
        self.on.reveal_problem()
        if on is None:
            raise UserFacingError(self.tr("办理日期：{problem}").format(problem=self.on.problem()))
        return self.service.take_step(self.case_id, self.step, decision=Decision(self.decision.currentData()),
                                      note=self.note.toPlainText(), on=on, consent=self._typed_consent())


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
