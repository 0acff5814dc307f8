"""更正走访: a saved visit reopened in its own form version, changed, and saved as a correction with a reason."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.domain.errors import UserFacingError
from app.forms.model import Form
from app.services.context import ServiceContext
from app.services.visits import CORRECTION_REASON_LIMIT, FormVisit, VisitService
from app.store.models import Visit
from app.ui.form_view import FormView
from app.ui.message_line import MessageLine

PROBLEM_STYLE = "color: #b00020;"


class CorrectVisitDialog(QDialog):
    """The first visit stays as it was; saving records a new version linked to it (who, when, why)
    and updates the household from the corrected answers."""

    def __init__(self, ctx: ServiceContext, visit: Visit, form: Form, language: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.visit = visit
        self.form = form
        self.recorded: FormVisit | None = None
        self.setWindowTitle(self.tr("更正走访记录（{date}，{visitor}）").format(
            date=visit.visit_date.isoformat(), visitor=visit.visitor))
        layout = QVBoxLayout(self)
        explain = QLabel(self.tr("原走访记录会保留并标为“已更正”；保存后按更正后的内容更新农户信息。"))
        explain.setWordWrap(True)
        layout.addWidget(explain)
        self.view = FormView(form, language, visit.answers, today=ctx.today())
        self.view.save_button.hide()
        self.view.saved.connect(self.record)
        layout.addWidget(self.view, 1)
        reason_row = QFormLayout()
        self.reason = QLineEdit()
        self.reason.setMaxLength(CORRECTION_REASON_LIMIT)
        self.reason.setPlaceholderText(self.tr("如：工资收入填错，应为 2000 元"))
        reason_row.addRow(self.tr("更正原因"), self.reason)
        self.reason_message = MessageLine()
        self.reason_message.setStyleSheet(PROBLEM_STYLE)
        reason_row.addRow("", self.reason_message)
        layout.addLayout(reason_row)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(PROBLEM_STYLE)
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("保存更正"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.view.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(820, 720)

    def record(self, answers: dict[str, object]) -> None:
        self.reason_message.setText("")
        self.message.setText("")
        try:
            self.recorded = VisitService(self.ctx).correct_form(self.visit.id, self.form, answers, self.reason.text())
        except UserFacingError as error:
            if error.field == "更正原因":
                self.reason_message.setText(error.message)
                self.reason.setFocus()
            else:
                self.message.setText(str(error))
            return
        self.accept()
