"""户编号 used by two households (two devices typed the same number, found after a sync import):
a line saying so where the station works (农户, 同步), and the list where one gets a new number."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import UserFacingError
from app.services.context import ServiceContext
from app.services.household_numbers import RENUMBERING_ROLES, HouseholdNumberService
from app.ui import tasks
from app.ui.dialogs.text_prompt import ask_text
from app.ui.field_form import PROBLEM_STYLE
from app.ui.messages import show_error
from app.ui.widgets import fill_table, selected_key, table_view


class NumberClashBanner(QWidget):
    """Hidden while every 户编号 is used once; otherwise says how many are not, with 处理….
    `renumbered` fires after the list changed a number (the page's rows show the old one)."""

    renumbered = Signal()

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.text.setStyleSheet(PROBLEM_STYLE)
        row.addWidget(self.text, 1)
        self.open_button = QPushButton(self.tr("处理重复的户编号…"), self)
        self.open_button.clicked.connect(lambda: self.open_list())
        row.addWidget(self.open_button)
        self.hide()

    def check(self) -> int:
        """Look again now (after renumbering); returns how many numbers clash."""
        count = len(HouseholdNumberService(self.ctx).clashes())
        self._show_count(count)
        return count

    def check_later(self) -> None:
        """Look again off the UI thread: on a county's database the grouping takes a moment
        (30,000 households: 35–120 ms), and the page is not to wait for it."""
        tasks.start(lambda _progress, _cancelled: len(HouseholdNumberService(self.ctx).clashes()),
                    self._show_count, lambda error: show_error(self, error))

    def _show_count(self, count: int) -> None:
        self.text.setText(self.tr("有 %1 个户编号被两户以上使用（两台设备录入了同一户编号，同步后发现），"
                                  "请给其中一户换一个户编号。").replace("%1", str(count)))
        self.setVisible(count > 0)

    def open_list(self) -> None:
        dialog = NumberClashesDialog(self.ctx, self)
        dialog.exec()
        if dialog.changed:
            self.check()
            self.renumbered.emit()


class NumberClashesDialog(QDialog):
    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.service = HouseholdNumberService(ctx)
        self.changed = False
        self.setWindowTitle(self.tr("重复的户编号"))
        layout = QVBoxLayout(self)
        may_renumber = ctx.role in RENUMBERING_ROLES
        intro = QLabel(self.tr("下列户编号各被两户以上使用。选中其中一户，点“重新编号…”给它换一个户编号"
                               "（新户编号随同步发给各设备）。") if may_renumber else
                       self.tr("下列户编号各被两户以上使用。重复的户编号由乡镇防贫工作站或县防贫中心处理，"
                               "本机只能查看。"), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.model = QStandardItemModel(self)
        self.table = table_view(self)
        self.table.setModel(self.model)
        layout.addWidget(self.table, 1)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(self)
        self.renumber_button = buttons.addButton(self.tr("重新编号…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.renumber_button.setEnabled(may_renumber)
        self.renumber_button.clicked.connect(lambda: self.renumber_selected())
        close = buttons.addButton(self.tr("关闭"), QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(720, 420)
        self.refresh()

    def refresh(self) -> None:
        clashes = self.service.clashes()
        rows = [(clash.number, h.village, h.group_name, h.head_name, h.member_count)
                for clash in clashes for h in clash.households]
        keys = [h.household_id for clash in clashes for h in clash.households]
        fill_table(self.model, [self.tr("户编号"), self.tr("村"), self.tr("组"), self.tr("户主"), self.tr("人数")],
                   rows, keys)
        self.table.resizeColumnsToContents()
        if not rows:
            self.message.setStyleSheet("")
            self.message.setText(self.tr("没有重复的户编号了。"))

    def renumber_selected(self, number: str | None = None) -> bool:
        """Ask for the new number (empty: this device numbers it) and give it to the selected household."""
        household_id = selected_key(self.table)
        if household_id is None:
            self.message.setStyleSheet(PROBLEM_STYLE)
            self.message.setText(self.tr("请先选中要换户编号的一户。"))
            return False
        if number is None:
            number = ask_text(self, self.tr("重新编号"),
                              self.tr("新的户编号（留空则由本机按村自动编号）："))
            if number is None:
                return False
        try:
            new = self.service.renumber(household_id, number)
        except UserFacingError as error:
            self.message.setStyleSheet(PROBLEM_STYLE)
            self.message.setText(str(error))
            return False
        self.changed = True
        self.refresh()
        self.message.setStyleSheet("")
        self.message.setText(self.tr("已改为新户编号 %1。").replace("%1", new))
        return True
