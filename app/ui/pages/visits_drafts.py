"""未完成的走访草稿: the drafts on this device, on the 走访 page (like ODK Collect's drafts).

Each row is one household's unsaved form: the village, the head, the visit date typed so far and
when it was last changed. 继续填写 opens it (brought up to the household as it is now), 放弃草稿
throws it away after asking.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.services.drafts import DraftService, OpenDraft
from app.ui.messages import confirm
from app.ui.widgets import fill_table, selected_key, table_view

# Columns of the drafts table.
COL_VILLAGE, COL_HEAD, COL_DATE, COL_SAVED = range(4)


class DraftsPanel(QWidget):
    """The list of open drafts; ``open_draft`` asks the page to open one (household id, form id)."""

    open_draft = Signal(str, str)
    discarded = Signal()

    def __init__(self, drafts: DraftService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.drafts = drafts
        self.rows: list[OpenDraft] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel()
        layout.addWidget(self.title)
        self.model = QStandardItemModel(self)
        self.table = table_view()
        self.table.setModel(self.model)
        self.table.setMaximumHeight(160)
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        layout.addWidget(self.table)
        buttons = QHBoxLayout()
        buttons.addStretch()
        self.open_button = QPushButton(self.tr("继续填写"))
        self.open_button.clicked.connect(lambda _checked=False: self.open_selected())
        buttons.addWidget(self.open_button)
        self.discard_button = QPushButton(self.tr("放弃草稿"))
        self.discard_button.clicked.connect(lambda _checked=False: self.discard_selected())
        buttons.addWidget(self.discard_button)
        layout.addLayout(buttons)

    def refresh(self) -> None:
        self.rows = self.drafts.open_drafts()
        fill_table(self.model, [self.tr("村"), self.tr("户主"), self.tr("走访日期"), self.tr("最后修改")],
                   [(d.village_name, d.head_name, d.visit_date or self.tr("未填"),
                     d.saved_at.astimezone().strftime("%Y-%m-%d %H:%M")) for d in self.rows],
                   [(d.household_id, d.form_id) for d in self.rows])
        self.table.resizeColumnsToContents()
        self.title.setText(self.tr("未完成的走访草稿（{n} 份）").format(n=len(self.rows)) if self.rows
                           else self.tr("没有未完成的走访草稿"))
        self.table.setVisible(bool(self.rows))
        self.open_button.setEnabled(bool(self.rows))
        self.discard_button.setEnabled(bool(self.rows))

    def select(self, household_id: str) -> None:
        """Select a household's draft (for tests and for the page after a visit)."""
        for number, draft in enumerate(self.rows):
            if draft.household_id == household_id:
                self.table.selectRow(number)
                return

    def open_selected(self) -> None:
        key = selected_key(self.table)
        if key is not None:
            self.open_draft.emit(*key)

    def discard_selected(self) -> None:
        key = selected_key(self.table)
        if key is None:
            return
        draft = next(d for d in self.rows if (d.household_id, d.form_id) == tuple(key))
        if not confirm(self, self.tr("放弃{head}户的走访草稿？已填写的内容将被删除。").format(head=draft.head_name)):
            return
        self.drafts.discard(draft.household_id, draft.form_id)
        self.refresh()
        self.discarded.emit()
