"""Recording a door-to-door visit; what is typed is kept as a draft until it is saved."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import UserFacingError
from app.services.context import ServiceContext
from app.services.households import HouseholdDetail
from app.services.visits import CHECK_FIELDS, VisitService
from app.ui import crash, drafts
from app.ui.field_form import PROBLEM_STYLE, UNKNOWN

DRAFT_KIND = "visit"
YES, NO = "是", "否"


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class VisitDialog(QDialog):
    def __init__(self, ctx: ServiceContext, detail: HouseholdDetail, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.household = detail.household
        self.service = VisitService(ctx)
        self.setWindowTitle(self.tr("入户走访：{head}户").format(head=self.household.head_name))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.visit_date = QDateEdit(_qdate(ctx.today()))
        self.visit_date.setCalendarPopup(True)
        self.visit_date.setDisplayFormat("yyyy-MM-dd")
        form.addRow(self.tr("走访日期"), self.visit_date)
        layout.addLayout(form)
        checks_box = QGroupBox(self.tr("两不愁三保障和饮水安全"))
        checks_form = QFormLayout(checks_box)
        self.checks: dict[str, QComboBox] = {}
        for label, field in CHECK_FIELDS.items():
            box = QComboBox()
            box.addItems([UNKNOWN, YES, NO])
            current = getattr(self.household, field)
            box.setCurrentText(UNKNOWN if current is None else (YES if current else NO))
            self.checks[label] = box
            checks_form.addRow(label, box)
        layout.addWidget(checks_box)
        self.summary = QPlainTextEdit()
        self.summary.setPlaceholderText(self.tr("家庭变化、收入、大额支出、发现的风险、需求……"))
        layout.addWidget(QLabel(self.tr("走访情况")))
        layout.addWidget(self.summary)
        next_form = QFormLayout()
        self.next_visit = QDateEdit()
        self.next_visit.setCalendarPopup(True)
        self.next_visit.setDisplayFormat("yyyy-MM-dd")
        self.next_visit.setMinimumDate(QDate(2000, 1, 1))
        self.next_visit.setSpecialValueText(self.tr("按规定间隔自动确定"))
        self.next_visit.setDate(self.next_visit.minimumDate())
        next_form.addRow(self.tr("下次走访日期"), self.next_visit)
        layout.addLayout(next_form)
        self.message = QLabel()
        self.message.setStyleSheet(PROBLEM_STYLE)
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("保存走访"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("稍后继续"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(620, 640)

        self._restore_draft()
        self._autosave = QTimer(self, singleShot=True, interval=800)
        self._autosave.timeout.connect(self.save_draft)
        for box in self.checks.values():
            box.currentIndexChanged.connect(self._autosave.start)
        self.summary.textChanged.connect(self._autosave.start)
        self.visit_date.dateChanged.connect(self._autosave.start)
        crash.on_crash(self.save_draft)

    # --- drafts ------------------------------------------------------------------------------

    def content(self) -> dict[str, Any]:
        return {"visit_date": _pydate(self.visit_date.date()).isoformat(),
                "checks": {label: box.currentText() for label, box in self.checks.items()},
                "summary": self.summary.toPlainText()}

    def save_draft(self) -> None:
        if self.result() == QDialog.DialogCode.Accepted:
            return
        drafts.save_draft(DRAFT_KIND, self.household.id, self.content())

    def _restore_draft(self) -> None:
        draft = drafts.load_draft(DRAFT_KIND, self.household.id)
        if not draft:
            return
        self.visit_date.setDate(QDate.fromString(draft.get("visit_date", ""), "yyyy-MM-dd"))
        for label, value in (draft.get("checks") or {}).items():
            if label in self.checks:
                self.checks[label].setCurrentText(value)
        self.summary.setPlainText(draft.get("summary", ""))
        self.message.setStyleSheet("")
        self.message.setText(self.tr("已恢复上次未保存的走访草稿。"))

    # --- saving ------------------------------------------------------------------------------

    def save(self) -> None:
        checks = {label: box.currentText() == YES for label, box in self.checks.items()
                  if box.currentText() != UNKNOWN}
        next_date = (None if self.next_visit.date() == self.next_visit.minimumDate()
                     else _pydate(self.next_visit.date()))
        try:
            self.service.record(self.household.id, visit_date=_pydate(self.visit_date.date()),
                                checks=checks, summary=self.summary.toPlainText(),
                                next_visit_date=next_date,
                                answers={"checks": self.content()["checks"]})
        except UserFacingError as error:
            self.message.setStyleSheet(PROBLEM_STYLE)
            self.message.setText(str(error))
            return
        self._autosave.stop()
        drafts.discard_draft(DRAFT_KIND, self.household.id)
        self.accept()

    def reject(self) -> None:
        self._autosave.stop()
        self.save_draft()
        super().reject()
