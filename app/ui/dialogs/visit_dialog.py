"""Recording a door-to-door visit with the current visit form; typing is kept as a draft until saved."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from app.domain.errors import UserFacingError
from app.forms.model import Form
from app.services.context import ServiceContext
from app.services.drafts import DraftService
from app.services.form_answers import initial_answers
from app.services.forms import FormService
from app.services.households import HouseholdDetail
from app.services.visits import FormVisit, VisitService
from app.ui import crash
from app.ui.field_form import PROBLEM_STYLE
from app.ui.form_view import FormView
from app.ui.settings import Settings

VISIT_FORM = "visit"


def form_language() -> str:
    return "zh" if Settings.load().language.startswith("zh") else "en"


class VisitDialog(QDialog):
    def __init__(self, ctx: ServiceContext, detail: HouseholdDetail, parent: QWidget | None = None,
                 form_id: str = VISIT_FORM) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.household = detail.household
        self.service = VisitService(ctx)
        self.form: Form = FormService(ctx).load(form_id)
        self.recorded: FormVisit | None = None
        self.drafts = DraftService(ctx)
        self.setWindowTitle(self.tr("入户走访：{head}户").format(head=self.household.head_name))
        layout = QVBoxLayout(self)
        draft = self.drafts.load(self.household.id, self.form.form_id)
        answers = draft.answers if draft else initial_answers(self.form, detail.household, detail.members)
        self.view = FormView(self.form, form_language(), answers, today=ctx.today())
        self.view.save_button.hide()  # the dialog's own button saves, next to "continue later"
        layout.addWidget(self.view, 1)
        self.message = QLabel(self.tr("已恢复上次未保存的走访草稿。") if draft else "")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("保存走访"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("稍后继续"))
        self.buttons.accepted.connect(self.view.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.view.saved.connect(self.record)
        self.resize(820, 700)

        self._autosave = QTimer(self, singleShot=True, interval=800)
        self._autosave.timeout.connect(self.save_draft)
        self.view.changed.connect(self._autosave.start)
        crash.on_crash(self.save_draft)

    def save_draft(self) -> None:
        """What is typed so far, kept in the encrypted database (also from the crash hook)."""
        if self.recorded is None:
            self.drafts.save(self.household.id, self.form.form_id, self.form.version, self.view.raw_answers())

    def record(self, answers: dict[str, Any]) -> None:
        """The form is valid; the services store it and apply what it maps onto the household."""
        try:
            self.recorded = self.service.record_form(self.household.id, self.form, answers)
        except UserFacingError as error:
            self.message.setStyleSheet(PROBLEM_STYLE)
            self.message.setText(str(error))
            return
        self._autosave.stop()
        self.drafts.discard(self.household.id, self.form.form_id)
        self.accept()

    def reject(self) -> None:
        self._autosave.stop()
        self.save_draft()
        super().reject()

    def done(self, result: int) -> None:
        crash.forget(self.save_draft)
        super().done(result)
