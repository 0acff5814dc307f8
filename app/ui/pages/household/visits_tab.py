"""走访: the visit history (each readable as it was recorded) and starting a new visit."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from app.domain.errors import UserFacingError
from app.services.context import ServiceContext
from app.services.forms import FormService
from app.services.visits import BUILTIN_FORM, CORRECTED, CORRECTING_ROLES
from app.store.models import Visit
from app.ui.dialogs.correct_visit_dialog import CorrectVisitDialog
from app.ui.dialogs.visit_dialog import VisitDialog, form_language
from app.ui.form_view import FormView
from app.ui.messages import inform, show_error
from app.ui.pages.household.tab import HouseholdTab
from app.ui.screen_fit import fit_to_screen
from app.ui.widgets import fill_table, selected_key, table_view


def describe_visit(visit: Visit, form_label: str) -> str:
    """A visit recorded without a form, as text: its answers as they were kept, in words."""
    lines = [f"走访日期：{visit.visit_date.isoformat()}", f"走访人：{visit.visitor}", f"表单：{form_label}"]
    for name, value in (visit.answers or {}).items():
        if isinstance(value, dict):
            lines += [f"{name}："] + [f"    {k}：{_in_words(v)}" for k, v in value.items()]
        else:
            lines.append(f"{name}：{_in_words(value)}")
    if visit.summary:
        lines.append(f"走访情况：{visit.summary}")
    if visit.next_visit_date:
        lines.append(f"下次走访：{visit.next_visit_date.isoformat()}")
    return "\n".join(lines)


def _in_words(value: object) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    return "" if value is None else str(value)


STATUS_COLUMN, SUMMARY_COLUMN = 2, 5
MAX_COLUMN_WIDTH = 240
MIN_SUMMARY_WIDTH = 120


class VisitsTab(HouseholdTab):
    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        self.model = QStandardItemModel(self)
        self.table = table_view()
        self.table.setModel(self.model)
        self.table.doubleClicked.connect(lambda _index: self.open_visit())
        layout.addWidget(self.table)
        buttons = QHBoxLayout()
        self.start_button = QPushButton(self.tr("开始走访"))
        self.start_button.clicked.connect(self.start_visit)
        view = QPushButton(self.tr("查看走访记录"))
        view.clicked.connect(self.open_visit)
        self.correct_button = QPushButton(self.tr("更正走访…"))
        self.correct_button.setToolTip(self.tr("走访人本人或乡镇、县级工作站可更正；原记录保留"))
        self.correct_button.clicked.connect(self.correct_visit)
        buttons.addWidget(self.start_button)
        buttons.addWidget(view)
        buttons.addWidget(self.correct_button)
        buttons.addStretch()
        layout.addLayout(buttons)
        # Why the selected visit cannot be corrected here (someone else's, a simple record, corrected already).
        self.why_not = QLabel()
        self.why_not.setWordWrap(True)
        self.why_not.setStyleSheet("color: #5f6368;")
        layout.addWidget(self.why_not)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_correctable())

    def refresh(self) -> None:
        assert self.detail is not None
        visits = self.detail.visits
        dates = {v.id: v.visit_date.isoformat() for v in visits}
        titles = {entry.form_id: entry.title for entry in FormService(self.ctx).list()}
        # The long free text last, where the table's last column stretches and elides it: the short
        # columns stay on screen at 1024×768 (a whole visit is one double click away).
        fill_table(self.model, [self.tr("日期"), self.tr("走访人"), self.tr("状态"), self.tr("下次走访"),
                                self.tr("表单版本"), self.tr("情况")],
                   [(v.visit_date.isoformat(), v.visitor, self._status(v, dates),
                     v.next_visit_date.isoformat() if v.next_visit_date else "",
                     self._form_label(v, titles), v.summary) for v in visits], keys=[v.id for v in visits])
        self.table.resizeColumnsToContents()
        for column in range(self.model.columnCount() - 1):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), MAX_COLUMN_WIDTH))
        # Narrow first: the stretching last column then takes just the room that is left.
        self.table.setColumnWidth(SUMMARY_COLUMN, MIN_SUMMARY_WIDTH)
        for row, visit in enumerate(visits):  # what is cut off is in the tooltip
            for column, text in ((STATUS_COLUMN, self._status(visit, dates)), (SUMMARY_COLUMN, visit.summary)):
                self.model.item(row, column).setToolTip(text)
        self._show_correctable()

    def _form_label(self, visit: Visit, titles: dict[str, str]) -> str:
        """入户走访表 2026.1: the form's title, never its code; a visit recorded without a form (the CLI,
        older data) says so instead of an internal version name."""
        title = titles.get(visit.form_id, self.tr("表单"))
        if (visit.form_id, visit.form_version) == BUILTIN_FORM:
            return self.tr("{title}（简易记录）").format(title=title)
        return f"{title} {visit.form_version}"

    def _status(self, visit: Visit, dates: dict[str, str]) -> str:
        """已更正, or a correction saying which visit it corrects and why."""
        if not visit.corrects_id:
            return visit.status
        return self.tr("更正 {date} 的记录：{reason}").format(
            date=dates.get(visit.corrects_id, ""), reason=visit.correction_reason)

    def _selected_visit(self) -> Visit | None:
        visit_id = selected_key(self.table)
        assert self.detail is not None
        return next((v for v in self.detail.visits if v.id == visit_id), None)

    def why_not_correctable(self, visit: Visit) -> str | None:
        """Why this user cannot correct `visit` (the rules of VisitService.correct, said before trying)."""
        if visit.status == CORRECTED:
            return self.tr("这次走访已经更正过，请选它最新的版本再更正。")
        if (visit.form_id, visit.form_version) == BUILTIN_FORM:
            return self.tr("这条走访是简易记录（没有按表单填写），不能按表单更正。"
                           "如有错误，请重新走访一次，在新记录中写明。")
        if visit.visitor != self.ctx.actor.user_name and self.ctx.role not in CORRECTING_ROLES:
            return self.tr("只能查看：只有走访人{visitor}或乡镇、县级工作站可以更正这次走访。").format(
                visitor=visit.visitor)
        return None

    def _show_correctable(self) -> None:
        visit = self._selected_visit()
        why = self.why_not_correctable(visit) if visit is not None else None
        self.correct_button.setEnabled(why is None)
        self.why_not.setText(why or "")

    def correct_visit(self) -> None:
        visit = self._selected_visit()
        if visit is None:
            inform(self, self.tr("请先在列表中选中要更正的走访记录。"))
            return
        why = self.why_not_correctable(visit)
        if why is not None:
            inform(self, why)
            return
        try:
            form = FormService(self.ctx).load(visit.form_id, visit.form_version)
        except UserFacingError as error:
            show_error(self, error)
            return
        dialog = CorrectVisitDialog(self.ctx, visit, form, form_language(), self)
        if dialog.exec():
            if dialog.recorded is not None:
                inform(self, self.tr("更正已保存，并更新了：") + "\n" + "\n".join(dialog.recorded.changes))
            self.changed.emit()

    def start_visit(self) -> None:
        assert self.detail is not None
        dialog = VisitDialog(self.ctx, self.detail, self)
        if dialog.exec():
            if dialog.recorded and dialog.recorded.changes:
                inform(self, self.tr("走访已保存，并更新了：") + "\n" + "\n".join(dialog.recorded.changes))
            elif dialog.recorded:
                inform(self, self.tr("走访已保存。"))
            self.changed.emit()

    def open_visit(self) -> None:
        visit = self._selected_visit()
        if visit is None:
            return
        try:
            form = FormService(self.ctx).load(visit.form_id, visit.form_version)
        except UserFacingError:
            form = None  # recorded without a form (early versions, demo data): show what was kept
        if form is None:
            titles = {entry.form_id: entry.title for entry in FormService(self.ctx).list()}
            text = describe_visit(visit, self._form_label(visit, titles))
            QMessageBox(QMessageBox.Icon.NoIcon, self.tr("走访记录"), text, QMessageBox.StandardButton.Close,
                        self).exec()
            return
        dialog = QDialog(self)
        dialog.setWindowTitle(self.tr("走访记录（{date}，{visitor}）").format(
            date=visit.visit_date.isoformat(), visitor=visit.visitor))
        layout = QVBoxLayout(dialog)
        layout.addWidget(FormView(form, form_language(), visit.answers, today=visit.visit_date, read_only=True))
        fit_to_screen(dialog, QSize(820, 700), QSize(640, 480))
        dialog.exec()
