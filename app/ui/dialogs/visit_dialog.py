"""Recording a door-to-door visit with the current visit form; typing is kept as a draft until saved.

A draft opened later is first brought up to the household as it is now (members who joined or
left since), and the worker is told what changed; 放弃草稿 throws it away and starts afresh.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, QTimer
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from app.domain.errors import UserFacingError
from app.forms.model import Form
from app.services.context import ServiceContext
from app.services.drafts import DraftService, member_key, reconcile
from app.services.form_answers import initial_answers
from app.services.forms import FormService
from app.services.households import HouseholdDetail
from app.services.visits import FormVisit, VisitService
from app.ui import crash
from app.ui.field_form import PROBLEM_STYLE
from app.ui.form_view import FormView
from app.ui.messages import confirm
from app.ui.screen_fit import fit_to_screen
from app.ui.settings import Settings

VISIT_FORM = "visit"


def form_language() -> str:
    return "zh" if Settings.load().language.startswith("zh") else "en"


def remember_form_pages(paged: bool) -> None:
    settings = Settings.load()
    settings.form_pages = paged
    settings.save()


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
        self.detail = detail
        # The members the form starts from: a draft saved from here remembers them, so that when it
        # is opened again the members who joined or left the household meanwhile can be told apart.
        self.base_members = tuple(member_key(m.id_number or "", m.name or "") for m in detail.members)
        self.setWindowTitle(self.tr("入户走访：{head}户").format(head=self.household.head_name))
        self.layout_ = QVBoxLayout(self)
        draft = self.drafts.load(self.household.id, self.form.form_id)
        self.changes: list[str] = []
        if draft is not None:
            reconciled = reconcile(self.form, draft.answers, detail.members, draft.base_members)
            answers = reconciled.answers
            self.changes = reconciled.changes
        else:
            answers = initial_answers(self.form, detail.household, detail.members)
        self.view = self._make_view(answers)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.layout_.addWidget(self.message)
        if draft is not None:
            saved = draft.saved_at.astimezone().strftime("%Y-%m-%d %H:%M")
            self.message.setText("\n".join([self.tr("已恢复 {saved} 保存的走访草稿。").format(saved=saved),
                                             *self.changes]))
            if self.changes:
                self.message.setStyleSheet(PROBLEM_STYLE)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("保存走访"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("稍后继续"))
        self.discard_button = QPushButton(self.tr("放弃草稿"))
        self.discard_button.setToolTip(self.tr("删除保存的草稿，按农户现在的登记信息重新填写"))
        self.discard_button.clicked.connect(lambda _checked=False: self.discard_draft())
        self.buttons.addButton(self.discard_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.discard_button.setVisible(draft is not None)  # after addButton, which shows it
        self.buttons.accepted.connect(self._save_clicked)
        self.buttons.rejected.connect(self.reject)
        self.layout_.addWidget(self.buttons)
        # 820×700 where there is room; on a 1024×768 laptop with a taskbar, inside what is left.
        fit_to_screen(self, QSize(820, 700), QSize(640, 480))

        self._autosave = QTimer(self, singleShot=True, interval=800)
        self._autosave.timeout.connect(self.save_draft)
        self._discarded = False  # set by 放弃草稿 until something is typed again
        self._connect_view()
        crash.on_crash(self.save_draft)

    def _make_view(self, answers: dict[str, Any]) -> FormView:
        # One group per page when the form asks for it or this user chose it last time.
        view = FormView(self.form, form_language(), answers, today=self.ctx.today(),
                        paged=self.form.paged or Settings.load().form_pages)
        view.pager.paged_box.toggled.connect(remember_form_pages)
        view.save_button.hide()  # the dialog's own button saves, next to "continue later"
        self.layout_.insertWidget(0, view, 1)
        return view

    def _connect_view(self) -> None:
        self.view.saved.connect(self.record)
        self.view.changed.connect(self._typed)

    def _typed(self) -> None:
        self._discarded = False
        self._autosave.start()

    def _save_clicked(self) -> None:
        self.view.save()

    def discard_draft(self) -> bool:
        """Throw the draft away (after asking) and start again from the household's register data."""
        if not confirm(self, self.tr("放弃这份草稿？已填写的内容将被删除，表单按农户现在的登记信息重新开始。")):
            return False
        self._autosave.stop()
        self.drafts.discard(self.household.id, self.form.form_id)
        old = self.view
        self.view = self._make_view(initial_answers(self.form, self.detail.household, self.detail.members))
        old.setParent(None)
        old.deleteLater()
        self._connect_view()
        self._discarded = True
        self.changes = []
        self.discard_button.hide()
        self.message.setStyleSheet("")
        self.message.setText(self.tr("草稿已放弃，表单已按农户现在的登记信息重新开始。"))
        return True

    def save_draft(self) -> None:
        """What is typed so far, kept in the encrypted database (also from the crash hook)."""
        if self.recorded is None and not self._discarded:
            self.drafts.save(self.household.id, self.form.form_id, self.form.version, self.view.raw_answers(),
                             self.base_members)

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
