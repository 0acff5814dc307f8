"""同步: carrying changes by USB stick — export a bundle for a peer, import one, settle conflicts."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import UserFacingError
from app.services.conflicts import ConflictService
from app.services.context import ServiceContext
from app.services.peers import PeerService
from app.services.sync import ImportSummary, SyncService
from app.ui import tasks
from app.ui.dialogs.text_prompt import ask_text
from app.ui.messages import inform, show_error
from app.ui.widgets import fill_table, heading, selected_key, table_view


class SyncPage(QWidget):
    synced = Signal(str)

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.service = SyncService(ctx)
        self.conflicts = ConflictService(ctx)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("同步（U 盘传递同步包）")))
        explain = QLabel(self.tr("导出：把本机的新修改写成同步包，用 U 盘带给乡镇工作站（或下级）。"
                                 "导入：读入对方带来的同步包。重复导入、迟到或顺序颠倒都不会出错。"))
        explain.setWordWrap(True)
        layout.addWidget(explain)
        exchange = QGroupBox(self.tr("交换同步包"))
        row = QHBoxLayout(exchange)
        self.peer = QComboBox()
        row.addWidget(QLabel(self.tr("发给")))
        row.addWidget(self.peer, 1)
        self.export_button = QPushButton(self.tr("导出同步包…"))
        self.import_button = QPushButton(self.tr("导入同步包…"))
        self.export_button.clicked.connect(self.export_bundle)
        self.import_button.clicked.connect(self.import_bundle)
        row.addWidget(self.export_button)
        row.addWidget(self.import_button)
        layout.addWidget(exchange)
        self.result = QLabel()
        self.result.setWordWrap(True)
        layout.addWidget(self.result)
        conflicts_box = QGroupBox(self.tr("待解决的冲突（两处同时修改了同一项）"))
        conflicts_layout = QVBoxLayout(conflicts_box)
        self.conflict_model = QStandardItemModel(self)
        self.conflict_view = table_view()
        self.conflict_view.setModel(self.conflict_model)
        conflicts_layout.addWidget(self.conflict_view)
        buttons = QHBoxLayout()
        for text, take in ((self.tr("保留本机的值"), "mine"), (self.tr("采用对方的值"), "theirs"),
                           (self.tr("改为其他值…"), None)):
            button = QPushButton(text)
            button.clicked.connect(lambda _checked=False, choice=take: self.resolve(choice))
            buttons.addWidget(button)
        buttons.addStretch()
        conflicts_layout.addLayout(buttons)
        layout.addWidget(conflicts_box, 1)

    def refresh(self) -> None:
        self.peer.clear()
        for peer in PeerService(self.ctx).peers():
            direction = self.tr("上级") if peer.direction == "up" else self.tr("下级")
            self.peer.addItem(f"{peer.name}（{direction}）", peer.device_id)
        has_peer = self.peer.count() > 0
        self.export_button.setEnabled(has_peer)
        if not has_peer:
            self.peer.addItem(self.tr("本机尚未登记（请在乡镇工作站办理设备登记）"))
        conflicts = self.conflicts.open_conflicts()
        fill_table(self.conflict_model, [self.tr("表"), self.tr("字段"), self.tr("本机的值"), self.tr("对方的值"),
                                         self.tr("对方修改人"), self.tr("发现时间")],
                   [(c.table_name, c.field, c.kept_value, c.other_value, c.other_user,
                     c.detected_at.strftime("%Y-%m-%d %H:%M")) for c in conflicts],
                   keys=[c.id for c in conflicts])
        self.conflict_view.resizeColumnsToContents()

    def export_bundle(self) -> None:
        peer_id = self.peer.currentData()
        if not peer_id:
            return
        suggested = f"{self.ctx.actor.user_name}-{datetime.now():%Y%m%d-%H%M}.fpb"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("导出同步包"), str(Path.home() / suggested),
                                              self.tr("同步包 (*.fpb)"))
        if not path:
            return
        tasks.start_with_progress(
            self, self.tr("正在导出同步包……"),
            lambda _progress, _cancelled: self.service.export(peer_id, Path(path)),
            lambda summary: self._exported(summary.path, summary.sequence, sum(summary.counts.values())),
            lambda error: show_error(self, error), cancellable=False)

    def _exported(self, path: Path, sequence: int, changes: int) -> None:
        self.result.setText(self.tr("已导出第 {seq} 号同步包（{n} 项修改）：{path}").format(
            seq=sequence, n=changes, path=path))
        self.synced.emit(datetime.now().strftime("%Y-%m-%d %H:%M"))

    def import_bundle(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("导入同步包"), str(Path.home()),
                                              self.tr("同步包 (*.fpb)"))
        if path:
            self.import_path(Path(path))

    def import_path(self, path: Path) -> None:
        tasks.start_with_progress(self, self.tr("正在导入同步包……"),
                                  lambda _progress, _cancelled: self.service.import_file(path),
                                  self._imported, lambda error: show_error(self, error), cancellable=False)

    def _imported(self, summary: ImportSummary) -> None:
        lines = [self.tr("已导入 {sender} 的第 {seq} 号同步包：新修改 {applied} 项，已有 {known} 项，冲突 {c} 项。")
                 .format(sender=summary.sender_name, seq=summary.sequence, applied=summary.applied,
                         known=summary.already_known, c=summary.conflicts)]
        if summary.missing_sequences:
            lines.append(self.tr("缺少第 {numbers} 号同步包，请让对方补带。").format(
                numbers="、".join(map(str, summary.missing_sequences))))
        if summary.quarantined:
            lines.append(self.tr("有 {n} 项修改超出对方权限或范围，未采用。").format(n=len(summary.quarantined)))
        self.result.setText("\n".join(lines))
        self.synced.emit(datetime.now().strftime("%Y-%m-%d %H:%M"))
        self.refresh()

    def resolve(self, take: str | None) -> None:
        conflict_id = selected_key(self.conflict_view)
        if conflict_id is None:
            return
        if take is None:
            take = ask_text(self, self.tr("改为其他值"), self.tr("新的值："))
            if not take:
                return
        try:
            self.conflicts.resolve(conflict_id, take)
        except UserFacingError as error:
            show_error(self, error)
            return
        inform(self, self.tr("冲突已解决，结果会在下次同步时传给对方。"))
        self.refresh()
