"""网格划分: a station divides a village into grids, names their workers and places households.

Opened from the 走访 page by a township station or the county; a grid worker's device opens it
read-only (网格 are drawn by the station and travel down). Pick a village; its grids are listed
with their workers and household counts; 新建网格 takes a name and ticks the village's grid
workers; ticked households go into the grid selected.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import UserFacingError
from app.services.grids import GridService, GridView
from app.ui.field_form import PROBLEM_STYLE
from app.ui.widgets import fill_table, selected_key, table_view


class GridDialog(QDialog):
    """`read_only` for a grid worker: the same lists, nothing to change, and a line saying why."""

    def __init__(self, service: GridService, parent: QWidget | None = None, *, read_only: bool = False) -> None:
        super().__init__(parent)
        self.service = service
        self.read_only = read_only
        self.grids: list[GridView] = []
        self.setWindowTitle(self.tr("网格（只能查看）") if read_only else self.tr("网格划分"))
        layout = QVBoxLayout(self)
        self.why_read_only = QLabel(self.tr("只能查看：网格由乡镇防贫工作站或县防贫中心划分，随同步包下发；"
                                            "网格员的设备不能修改。"))
        self.why_read_only.setWordWrap(True)
        self.why_read_only.setVisible(read_only)
        layout.addWidget(self.why_read_only)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("村")))
        self.village = QComboBox()
        for code, name in service.villages():
            self.village.addItem(name, code)
        self.village.currentIndexChanged.connect(lambda _index: self.reload())
        top.addWidget(self.village, 1)
        layout.addLayout(top)

        layout.addWidget(QLabel(self.tr("网格")))
        self.model = QStandardItemModel(self)
        self.table = table_view()
        self.table.setModel(self.model)
        self.table.setMaximumHeight(150)
        layout.addWidget(self.table)

        new = QHBoxLayout()
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("新网格名称，如 第一网格"))
        new.addWidget(self.name, 1)
        self.workers_box = QHBoxLayout()
        new.addLayout(self.workers_box)
        self.add_button = QPushButton(self.tr("新建网格"))
        self.add_button.clicked.connect(lambda _checked=False: self.add_grid())
        new.addWidget(self.add_button)
        layout.addLayout(new)
        self.worker_boxes: list[tuple[QCheckBox, str]] = []

        layout.addWidget(QLabel(self.tr("农户") if read_only else self.tr("农户（勾选后划入上面选中的网格）")))
        self.households = QListWidget()
        layout.addWidget(self.households, 1)
        self.place_button = QPushButton(self.tr("划入所选网格"))
        self.place_button.clicked.connect(lambda _checked=False: self.place())
        layout.addWidget(self.place_button, 0, Qt.AlignmentFlag.AlignRight)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setMinimumHeight(self.message.fontMetrics().height() * 2)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        for editor in (self.name, self.add_button, self.place_button):
            editor.setVisible(not read_only)
        self.resize(720, 600)
        self.reload()

    def village_code(self) -> str | None:
        return self.village.currentData()

    def reload(self) -> None:
        code = self.village_code()
        self.grids = self.service.of_village(code) if code else []
        fill_table(self.model, [self.tr("网格"), self.tr("网格员"), self.tr("户数")],
                   [(g.name, "、".join(w.name for w in g.workers), g.households) for g in self.grids],
                   [g.id for g in self.grids])
        self.table.resizeColumnsToContents()
        if self.grids:
            self.table.selectRow(0)
        for box, _user in self.worker_boxes:
            self.workers_box.removeWidget(box)
            box.deleteLater()
        self.worker_boxes = []
        for worker in self.service.village_workers(code) if code and not self.read_only else []:
            box = QCheckBox(worker.name)
            self.workers_box.addWidget(box)
            self.worker_boxes.append((box, worker.user_id))
        self.households.clear()
        for household in self.service.households_of(code) if code else []:
            text = f"{household.group_name}　{household.head_name}　{household.household_number}"
            if household.grid_name:
                text += "　" + self.tr("（{grid}）").format(grid=household.grid_name)
            item = QListWidgetItem(text)
            if self.read_only:  # listed, no box to tick
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsUserCheckable)
            else:
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, household.id)
            self.households.addItem(item)

    def _show(self, text: str, problem: bool = False) -> None:
        self.message.setStyleSheet(PROBLEM_STYLE if problem else "")
        self.message.setText(text)

    def add_grid(self) -> None:
        code = self.village_code()
        if code is None:
            return
        workers = [user for box, user in self.worker_boxes if box.isChecked()]
        try:
            grid = self.service.create(code, self.name.text(), workers)
        except UserFacingError as error:
            self._show(str(error), problem=True)
            return
        self.name.clear()
        self.reload()
        self.select_grid(grid.id)
        self._show(self.tr("已新建网格“{name}”。").format(name=grid.name))

    def select_grid(self, grid_id: str) -> None:
        for number, grid in enumerate(self.grids):
            if grid.id == grid_id:
                self.table.selectRow(number)

    def place(self) -> None:
        grid_id = selected_key(self.table)
        if grid_id is None:
            self._show(self.tr("请先选中一个网格。"), problem=True)
            return
        ticked = [self.households.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.households.count())
                  if self.households.item(i).checkState() == Qt.CheckState.Checked]
        if not ticked:
            self._show(self.tr("请勾选要划入网格的农户。"), problem=True)
            return
        try:
            moved = self.service.place(grid_id, ticked)
        except UserFacingError as error:
            self._show(str(error), problem=True)
            return
        name = next(g.name for g in self.grids if g.id == grid_id)
        self.reload()
        self.select_grid(grid_id)
        self._show(self.tr("已把 {n} 户划入“{name}”。").format(n=moved, name=name))
