"""帮助 → 快捷键: every keyboard shortcut of the desktop, in one list the menu shows."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.ui.form_view.paging import NEXT_KEY, PREVIOUS_KEY, SECTIONS_KEY

translate = QCoreApplication.translate


def shortcuts() -> list[tuple[str, str]]:
    """(keys, what they do), in the order a new user needs them."""
    return [
        ("Ctrl+F", translate("Shortcuts", "查找农户：光标到“农户”页的查找框（从任何页面）")),
        (translate("Shortcuts", "扫码枪"), translate("Shortcuts", "先按 Ctrl+F，再扫描明白卡二维码：直接打开这一户")),
        ("Enter", translate("Shortcuts", "在查找框中：立即查找；只找到一户时直接打开")),
        ("↓", translate("Shortcuts", "在查找框中：进入查找结果；在结果中按 Enter 打开所选农户")),
        ("Tab / Shift+Tab", translate("Shortcuts", "表单中到下一个 / 上一个问题；一组选项只停一次")),
        (translate("Shortcuts", "方向键"), translate("Shortcuts", "在一组选项内移动（单选题随之选中）")),
        (translate("Shortcuts", "空格"), translate("Shortcuts", "勾选或取消当前选项")),
        ("Ctrl+S", translate("Shortcuts", "保存表单（保存后显示“已保存”）")),
        (SECTIONS_KEY, translate("Shortcuts", "表单目录：各部分还缺什么，选一部分转到那里")),
        (f"{NEXT_KEY} / {PREVIOUS_KEY}",
         translate("Shortcuts", "表单“每页一组”时：下一页（先检查本页）/ 上一页")),
        ("Ctrl+L", translate("Shortcuts", "锁定（离开电脑时）")),
        ("Ctrl+Q", translate("Shortcuts", "退出")),
    ]


class ShortcutsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("快捷键"))
        layout = QVBoxLayout(self)
        rows = shortcuts()
        self.table = QTableWidget(len(rows), 2, self)
        self.table.setHorizontalHeaderLabels([self.tr("按键"), self.tr("作用")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, (keys, what) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(keys))
            self.table.setItem(row, 1, QTableWidgetItem(what))
        self.table.resizeColumnToContents(0)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(620, 400)
