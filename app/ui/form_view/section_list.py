"""表单目录: the form's sections with what is still missing in each; choosing one goes there
(ODK Collect's hierarchy view)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from app.forms.filling import Filled
from app.ui.form_view.sections import Section

MISSING_COLOUR = QColor("#c5221f")
DONE_COLOUR = QColor("#188038")
NOT_APPLICABLE_COLOUR = QColor("#5f6368")


class SectionListDialog(QDialog):
    """`chosen` is the index of the section picked (Enter, double click or 转到), else None."""

    def __init__(self, sections: list[Section], filled: Filled, current: int | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("表单目录"))
        self.chosen: int | None = None
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("选择一部分，按 Enter 或双击转到那里。"), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget(self)
        for index, section in enumerate(sections):
            item = QListWidgetItem(self._line(section, filled), self.list)
            item.setData(Qt.ItemDataRole.UserRole, index)
            if section.hidden(filled):
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                item.setForeground(NOT_APPLICABLE_COLOUR)
            else:
                item.setForeground(MISSING_COLOUR if section.problems(filled) else DONE_COLOUR)
        if current is not None:
            self.list.setCurrentRow(current)
        self.list.itemActivated.connect(self._choose)
        layout.addWidget(self.list, 1)
        buttons = QDialogButtonBox(self)
        self.go_button = buttons.addButton(self.tr("转到"), QDialogButtonBox.ButtonRole.AcceptRole)
        close = buttons.addButton(self.tr("关闭"), QDialogButtonBox.ButtonRole.RejectRole)
        self.go_button.clicked.connect(lambda: self._choose(self.list.currentItem()))
        close.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(460, 360)

    def _line(self, section: Section, filled: Filled) -> str:
        if section.hidden(filled):
            state = self.tr("不适用")
        else:
            missing = len(section.problems(filled))
            state = self.tr("还有 %1 处需填写或修改").replace("%1", str(missing)) if missing else self.tr("已填完")
        return f"{section.title}　—　{state}"

    def _choose(self, item: QListWidgetItem | None) -> None:
        if item is None or not item.flags() & Qt.ItemFlag.ItemIsEnabled:
            return
        self.chosen = int(item.data(Qt.ItemDataRole.UserRole))
        self.accept()
