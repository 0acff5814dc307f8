"""同步: carrying changes by USB stick — bundles, conflicts, refused changes and device enrollment."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import UserFacingError
from app.domain.procedure import Role
from app.services.conflicts import FIELD_KIND, ConflictItem, ConflictService
from app.services.context import ServiceContext
from app.services.divisions import DivisionService
from app.services.enrollment import EnrollmentService
from app.services.peers import PeerService
from app.services.quarantine import DISCARDED, HELD, RELEASED, QuarantineService
from app.services.recovery import RecoveryService
from app.services.revocation import RevocationService
from app.services.sync import EXPORT_STAGES, ImportSummary, SyncService
from app.sync.rules import OVER_WORKLOAD
from app.ui import tasks
from app.ui.dialogs.text_prompt import ask_text
from app.ui.messages import confirm, inform, show_error
from app.ui.pages.number_clashes import NumberClashBanner
from app.ui.table_export import enable_export_menu
from app.ui.widgets import fill_table, heading, selected_key, table_view


class SyncPage(QWidget):
    synced = Signal(str)
    open_household = Signal(str)

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
        layout.addWidget(self._exchange_box())
        self.result = QLabel()
        self.result.setWordWrap(True)
        layout.addWidget(self.result)
        # Two devices may have typed the same 户编号; an import is where that shows up.
        self.number_clashes = NumberClashBanner(ctx, self)
        layout.addWidget(self.number_clashes)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._conflicts_tab(), self.tr("待解决的冲突"))
        self.tabs.addTab(self._quarantine_tab(), self.tr("未采用的修改"))
        self.tabs.addTab(self._history_tab(), self.tr("收发记录"))
        self.tabs.addTab(self._enrollment_tab(), self.tr("设备登记"))
        layout.addWidget(self.tabs, 1)

    # --- building ------------------------------------------------------------------------------

    def _exchange_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("交换同步包"))
        row = QHBoxLayout(box)
        self.peer = QComboBox()
        row.addWidget(QLabel(self.tr("发给")))
        row.addWidget(self.peer, 1)
        self.export_button = QPushButton(self.tr("导出同步包…"))
        self.import_button = QPushButton(self.tr("导入同步包…"))
        self.export_button.clicked.connect(self.export_bundle)
        self.import_button.clicked.connect(self.import_bundle)
        row.addWidget(self.export_button)
        row.addWidget(self.import_button)
        return box

    def _conflicts_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        self.conflict_model = QStandardItemModel(self)
        self.conflict_view = table_view()
        self.conflict_view.setModel(self.conflict_model)
        self.conflict_view.selectionModel().selectionChanged.connect(lambda *_args: self.show_conflict())
        enable_export_menu(self.conflict_view, self.tr("同步冲突"))
        layout.addWidget(self.conflict_view, 1)
        layout.addWidget(self._conflict_detail())
        buttons = QHBoxLayout()
        self.conflict_buttons: dict[str, QPushButton] = {}
        for text, take in ((self.tr("保留现在的值"), "mine"), (self.tr("采用另一个值"), "theirs"),
                           (self.tr("恢复原值"), "base"), (self.tr("改为其他值…"), "typed")):
            button = QPushButton(text)
            button.clicked.connect(lambda _checked=False, choice=take: self.resolve(choice))
            buttons.addWidget(button)
            self.conflict_buttons[take] = button
        buttons.addStretch()
        self.household_button = QPushButton(self.tr("查看这一户"))
        self.household_button.clicked.connect(self.show_household)
        buttons.addWidget(self.household_button)
        layout.addLayout(buttons)
        return tab

    def _conflict_detail(self) -> QGroupBox:
        """The chosen conflict side by side: the base both edits started from, and the two sides."""
        box = QGroupBox(self.tr("所选冲突"))
        layout = QVBoxLayout(box)
        self.conflict_context = QLabel()
        self.conflict_context.setWordWrap(True)
        layout.addWidget(self.conflict_context)
        row = QHBoxLayout()
        self.conflict_sides: dict[str, QLabel] = {}
        for key, title in (("base", self.tr("分歧前的原值")), ("kept", self.tr("现在的值（本机保留）")),
                           ("other", self.tr("另一个值"))):
            side = QGroupBox(title)
            side_layout = QVBoxLayout(side)
            label = QLabel()
            label.setWordWrap(True)
            side_layout.addWidget(label)
            row.addWidget(side, 1)
            self.conflict_sides[key] = label
        layout.addLayout(row)
        return box

    def _quarantine_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        note = QLabel(self.tr("下级送来的修改中超出其权限或范围的部分（例如网格员的审核、审定，或不属于其村的农户）"
                              "没有采用，保存在这里备查。"))
        note.setWordWrap(True)
        layout.addWidget(note)
        self.quarantine_model = QStandardItemModel(self)
        self.quarantine_view = table_view()
        self.quarantine_view.setModel(self.quarantine_model)
        enable_export_menu(self.quarantine_view, self.tr("未采用的修改"))
        self.quarantine_view.selectionModel().selectionChanged.connect(lambda *_args: self.show_refused())
        layout.addWidget(self.quarantine_view, 1)
        self.refused_detail = QLabel()
        self.refused_detail.setWordWrap(True)
        layout.addWidget(self.refused_detail)
        buttons = QHBoxLayout()
        self.release_button = QPushButton(self.tr("审核后采用（作为本站的修改）"))
        self.release_button.clicked.connect(self.release_change)
        self.discard_button = QPushButton(self.tr("舍弃"))
        self.discard_button.clicked.connect(self.discard_change)
        buttons.addWidget(self.release_button)
        buttons.addWidget(self.discard_button)
        buttons.addStretch()
        layout.addLayout(buttons)
        return tab

    def _history_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        self.history_model = QStandardItemModel(self)
        self.history_view = table_view()
        self.history_view.setModel(self.history_model)
        enable_export_menu(self.history_view, self.tr("同步包收发记录"))
        layout.addWidget(self.history_view)
        return tab

    def _enrollment_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        self.peers_model = QStandardItemModel(self)
        self.peers_view = table_view()
        self.peers_view.setModel(self.peers_model)
        enable_export_menu(self.peers_view, self.tr("已登记的设备"))
        layout.addWidget(self.peers_view, 1)
        role = self.ctx.role
        if role is not Role.COUNTY:
            upward = QGroupBox(self.tr("登记到上级工作站"))
            row = QHBoxLayout(upward)
            request = QPushButton(self.tr("1. 生成登记申请…"))
            request.clicked.connect(self.request_enrollment)
            complete = QPushButton(self.tr("2. 导入上级的登记回执…"))
            complete.clicked.connect(self.complete_enrollment)
            row.addWidget(request)
            row.addWidget(complete)
            row.addStretch()
            layout.addWidget(upward)
        if role is not Role.WORKER:
            downward = QGroupBox(self.tr("登记下级设备"))
            row = QHBoxLayout(downward)
            accept = QPushButton(self.tr("接受登记申请…"))
            accept.clicked.connect(self.accept_enrollment)
            recover = QPushButton(self.tr("为下级恢复忘记的密码…"))
            recover.clicked.connect(self.recover_password)
            self.revoke_button = QPushButton(self.tr("吊销所选设备…"))
            self.revoke_button.setToolTip(self.tr("设备丢失或被盗时吊销：本站不再导入它的同步包，"
                                                  "吊销记录随同步包传给上级和其他设备。"))
            self.revoke_button.clicked.connect(self.revoke_device)
            row.addWidget(accept)
            row.addWidget(recover)
            row.addWidget(self.revoke_button)
            row.addStretch()
            layout.addWidget(downward)
        self.enrollment_result = QLabel()
        self.enrollment_result.setWordWrap(True)
        layout.addWidget(self.enrollment_result)
        return tab

    # --- showing -------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.peer.clear()
        peers = PeerService(self.ctx).peers()
        states = {state.device_id: state for state in PeerService(self.ctx).states()}
        for peer in peers:
            if states[peer.device_id].revoked:
                continue  # nothing more goes to a revoked device
            direction = self.tr("上级") if peer.direction == "up" else self.tr("下级")
            self.peer.addItem(f"{peer.name}（{direction}）", peer.device_id)
        names = {place.code: place.name for place in DivisionService(self.ctx).in_scope()}
        fill_table(self.peers_model, [self.tr("设备"), self.tr("上级/下级"), self.tr("负责范围"), self.tr("最近导入"),
                                      self.tr("最近导出"), self.tr("待发送的修改"), self.tr("最近收到"),
                                      self.tr("最近发出"), self.tr("缺少的同步包"), self.tr("待审核的修改"),
                                      self.tr("状态")],
                   [(peer.name, self.tr("上级") if peer.direction == "up" else self.tr("下级"),
                     "、".join(names.get(code, code) for code in peer.scope), _when(peer.last_import),
                     _when(peer.last_export), states[peer.device_id].pending,
                     self._number(states[peer.device_id].last_in), self._number(states[peer.device_id].last_out),
                     "、".join(self.tr("第 {n} 号").format(n=n) for n in states[peer.device_id].missing),
                     self._held(states[peer.device_id].held, states[peer.device_id].reasons),
                     self.tr("已吊销") if states[peer.device_id].revoked else self.tr("正常"))
                    for peer in peers], keys=[peer.device_id for peer in peers])
        self.peers_view.resizeColumnsToContents()
        events = PeerService(self.ctx).history()
        fill_table(self.history_model, [self.tr("时间"), self.tr("收/发"), self.tr("对方"), self.tr("同步包"),
                                        self.tr("修改"), self.tr("冲突"), self.tr("未采用")],
                   [(_when(event.at), self.tr("导入") if event.direction == "in" else self.tr("导出"), event.peer_name,
                     self.tr("第 {n} 号").format(n=event.sequence), event.changes, event.conflicts, event.quarantined)
                    for event in events])
        self.history_view.resizeColumnsToContents()
        has_peer = self.peer.count() > 0
        self.export_button.setEnabled(has_peer)
        if not has_peer:
            self.peer.addItem(self.tr("本机尚未登记（见下方“设备登记”）"))
        self.items: dict[str, ConflictItem] = {item.key: item for item in self.conflicts.listing()}
        fill_table(self.conflict_model, [self.tr("编号"), self.tr("类别"), self.tr("农户"), self.tr("说明"),
                                         self.tr("原值（分歧前）"), self.tr("现在的值"), self.tr("另一个值"),
                                         self.tr("发现时间")],
                   [(item.key, item.kind_title, item.household_title, item.description,
                     (_shown(item.base) or self.tr("（空）")) if item.base_known else "",
                     _shown(item.kept), _shown(item.other), item.detected_at.strftime("%Y-%m-%d %H:%M"))
                    for item in self.items.values()],
                   keys=list(self.items))
        self.conflict_view.resizeColumnsToContents()
        self.conflict_view.setColumnWidth(3, min(self.conflict_view.columnWidth(3), 420))  # 说明: see the panel
        self.tabs.setTabText(0, self.tr("待解决的冲突") + (f"（{len(self.items)}）" if self.items else ""))
        if self.items:
            self.conflict_view.selectRow(0)
        self.show_conflict()
        refused = QuarantineService(self.ctx).listing()
        statuses = {HELD: self.tr("待处理"), RELEASED: self.tr("已采用"), DISCARDED: self.tr("已舍弃")}
        fill_table(self.quarantine_model, [self.tr("收到时间"), self.tr("来自"), self.tr("同步包"), self.tr("修改"),
                                           self.tr("修改人"), self.tr("原因"), self.tr("处理")],
                   [(item.received_at.strftime("%Y-%m-%d %H:%M"), item.sender_name, item.bundle_sequence,
                     f"{item.table_title}（{'、'.join(item.fields)}）", item.user_name, item.reason,
                     statuses.get(item.status, item.status) + (f"（{item.decided_by}）" if item.decided_by else ""))
                    for item in refused], keys=[item.id for item in refused])
        self.refused = {item.id: item for item in refused}
        self.show_refused()
        self.quarantine_view.resizeColumnsToContents()

    # --- bundles -------------------------------------------------------------------------------

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
            lambda progress, _cancelled: self.service.export(peer_id, Path(path), tasks.staged(self._stage(progress))),
            lambda summary: self._exported(summary.path, summary.sequence, sum(summary.counts.values())),
            lambda error: show_error(self, error), cancellable=False)

    def _stage(self, progress: tasks.Progress) -> tasks.Progress:
        """The service's stage names (Chinese) shown through tr(), so they follow the language."""
        stages = {EXPORT_STAGES[0]: self.tr("正在读取变更……"), EXPORT_STAGES[1]: self.tr("正在整理同步包内容……"),
                  EXPORT_STAGES[2]: self.tr("正在压缩和加密……"), EXPORT_STAGES[3]: self.tr("正在写入文件……")}
        return lambda done, total, what="": progress(done, total, stages.get(what, what))

    def _number(self, sequence: int) -> str:
        return self.tr("第 {n} 号").format(n=sequence) if sequence else "—"

    def _held(self, count: int, reasons: tuple[tuple[str, int], ...]) -> str:
        if not count:
            return ""
        return self.tr("{n} 项：{reasons}").format(
            n=count, reasons="；".join(f"{reason}（{n}）" for reason, n in reasons))

    def _exported(self, path: Path, sequence: int, changes: int) -> None:
        self.result.setText(self.tr("已导出第 {seq} 号同步包（{n} 项修改）：{path}").format(
            seq=sequence, n=changes, path=path))
        self.synced.emit(datetime.now().strftime("%Y-%m-%d %H:%M"))
        self.refresh()

    def import_bundle(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("导入同步包（可多选）"), str(Path.home()),
                                                self.tr("同步包 (*.fpb)"))
        if paths:
            self.import_paths([Path(path) for path in paths])

    def import_paths(self, paths: list[Path]) -> None:
        """Import several bundles one after another; one that is refused does not stop the rest."""
        def job(progress: tasks.Progress, cancelled: Callable[[], bool]) -> list[str]:
            lines: list[str] = []
            for number, path in enumerate(paths):
                if cancelled():
                    break
                progress(number, len(paths), self.tr("正在导入 {name}……").format(name=path.name))
                try:
                    lines += self._describe(self.service.import_file(path))
                except UserFacingError as error:
                    lines.append(f"{path.name}：{error}")
            return lines

        tasks.start_with_progress(self, self.tr("正在导入同步包……"), job, self._imported,
                                  lambda error: show_error(self, error))

    def import_path(self, path: Path) -> None:
        self.import_paths([path])

    def _describe(self, summary: ImportSummary) -> list[str]:
        lines = [self.tr("已导入 {sender} 的第 {seq} 号同步包：新修改 {applied} 项，已有 {known} 项，冲突 {c} 项。")
                 .format(sender=summary.sender_name, seq=summary.sequence, applied=summary.applied,
                         known=summary.already_known, c=summary.conflicts)]
        if summary.missing_sequences:
            lines.append(self.tr("缺少第 {numbers} 号同步包，请让对方补带。").format(
                numbers="、".join(map(str, summary.missing_sequences))))
        if summary.quarantined:
            lines.append(self.tr("有 {n} 项修改超出对方权限或范围，未采用（见“未采用的修改”）。").format(
                n=len(summary.quarantined)))
        return lines

    def _imported(self, lines: list[str]) -> None:
        self.result.setText("\n".join(lines))
        self.number_clashes.check_later()
        self.synced.emit(datetime.now().strftime("%Y-%m-%d %H:%M"))
        self.refresh()

    # --- conflicts -----------------------------------------------------------------------------

    def selected_conflict(self) -> ConflictItem | None:
        key = selected_key(self.conflict_view)
        return self.items.get(key) if key else None

    def show_conflict(self) -> None:
        """Fill the side-by-side panel for the selected conflict."""
        item = self.selected_conflict()
        field = item is not None and item.kind == FIELD_KIND
        for take, button in self.conflict_buttons.items():
            button.setEnabled(item is not None and (field or take == "mine"))
        self.conflict_buttons["base"].setEnabled(bool(field and item and item.base_known))
        self.conflict_buttons["mine"].setText(self.tr("保留现在的值") if field or item is None
                                              else self.tr("选择保留的记录…"))
        self.household_button.setEnabled(bool(item and item.household_id))
        if item is None:
            self.conflict_context.setText(self.tr("选中上表中的一项冲突，在这里对照查看。"))
            for label in self.conflict_sides.values():
                label.clear()
            return
        where = self.tr("农户：{household}").format(household=item.household_title) if item.household_title else ""
        what = self.tr("字段：{field}").format(field=item.field_label) if field else ""
        self.conflict_context.setText("\n".join(part for part in (item.description, where, what) if part))
        if not field:
            rows = "\n".join(f"{number}. {choice['label']}" for number, choice in enumerate(item.choices, start=1))
            self.conflict_sides["base"].clear()
            self.conflict_sides["kept"].setText(rows)
            self.conflict_sides["other"].clear()
            return
        unknown = self.tr("无从查考（本机记录中没有两边共同的原值）")
        self.conflict_sides["base"].setText(self._side(item.base, "", item.base_at) if item.base_known else unknown)
        self.conflict_sides["kept"].setText(self._side(item.kept, item.kept_user, item.kept_at))
        self.conflict_sides["other"].setText(self._side(item.other, item.other_user, item.other_at))

    def _side(self, value: Any, user: str, at: datetime | None) -> str:
        lines = [_shown(value) or self.tr("（空）")]
        if user:
            lines.append(self.tr("修改人：{user}").format(user=user))
        if at is not None:
            lines.append(self.tr("时间：{at}").format(at=_when(at)))
        return "\n".join(lines)

    def show_household(self) -> None:
        item = self.selected_conflict()
        if item is not None and item.household_id:
            self.open_household.emit(item.household_id)

    def resolve(self, take: str) -> None:
        item = self.selected_conflict()
        if item is None:
            return
        if item.kind != FIELD_KIND:
            labels = [choice["label"] for choice in item.choices]
            question = self.tr("结束哪一户的帮扶？") if item.kind == OVER_WORKLOAD else self.tr("保留哪一条？")
            chosen, ok = QInputDialog.getItem(self, self.tr("处理冲突"), question, labels, 0, False)
            if not ok:
                return
            take = str(labels.index(chosen) + 1)
        elif take == "typed":
            take = ask_text(self, self.tr("改为其他值"), self.tr("新的值："))
            if not take:
                return
        self._run(lambda: self.conflicts.resolve_any(item.key, take),
                  self.tr("冲突已解决，结果会在下次同步时传给对方。"))

    # --- refused changes -----------------------------------------------------------------------

    def show_refused(self) -> None:
        """The selected refused change in full, to review it before deciding."""
        item = self.refused.get(selected_key(self.quarantine_view)) if hasattr(self, "refused") else None
        held = item is not None and item.status == HELD
        self.release_button.setEnabled(held)
        self.discard_button.setEnabled(held)
        if item is None:
            self.refused_detail.setText(self.tr("选中上表中的一项，在这里查看修改的内容。"))
            return
        values = "；".join(f"{name}：{_shown(value)}" for name, value in item.fields.items())
        self.refused_detail.setText(self.tr("{summary}\n内容：{values}\n修改人：{user}").format(
            summary=item.summary, values=values or self.tr("（无）"), user=item.user_name))

    def release_change(self) -> None:
        change_id = selected_key(self.quarantine_view)
        question = self.tr("采用这项修改？它将作为本站的修改写入，并在下次同步时发给其他设备。")
        if change_id is not None and confirm(self, question):
            self._run(lambda: QuarantineService(self.ctx).release(change_id),
                      self.tr("已采用，下次同步时会发给其他设备。"))

    def discard_change(self) -> None:
        change_id = selected_key(self.quarantine_view)
        if change_id is not None and confirm(self, self.tr("舍弃这项修改？记录仍保留备查。")):
            self._run(lambda: QuarantineService(self.ctx).discard(change_id), self.tr("已舍弃。"))

    # --- enrollment ----------------------------------------------------------------------------

    def request_enrollment(self) -> None:
        path = self._save_file(self.tr("保存登记申请"), f"登记申请-{self.ctx.actor.user_name}.fpe")
        if path:
            self._run(lambda: EnrollmentService(self.ctx).request(path),
                      self.tr("登记申请已保存：{path}。请带到上级工作站办理，再把回执带回导入。\n"
                              "本机指纹：{code}（工作站办理时显示的指纹中应含有这三组数字）").format(
                          path=path, code=EnrollmentService(self.ctx).own_code()))

    def complete_enrollment(self) -> None:
        path = self._open_file(self.tr("导入登记回执"))
        if not path:
            return
        password, ok = QInputDialog.getText(self, self.tr("保存恢复密钥"),
                                            self.tr("请输入本机数据库密码。上级工作站将保存一份加密的恢复密钥，"
                                                    "以后忘记密码时可以由工作站恢复："),
                                            QLineEdit.EchoMode.Password)
        if not ok:
            return
        try:
            checked = EnrollmentService(self.ctx).check_reply(path)
        except UserFacingError as error:
            show_error(self, error)
            return
        self.enrollment_result.setText(self.tr("上级工作站：{name}\n指纹：{number}").format(
            name=checked.name, number=checked.safety_number))
        question = self.tr("上级工作站“{name}”的指纹是：\n\n{number}\n\n请与工作站办理登记时显示的指纹当面或电话核对。"
                           "两边的数字完全一致吗？").format(name=checked.name, number=checked.safety_number)
        if not confirm(self, question):
            self.enrollment_result.setText(self.tr("指纹未经确认，没有登记。"))
            return

        def complete() -> Any:
            peer = EnrollmentService(self.ctx).complete(path, checked.safety_number)
            RecoveryService(self.ctx).escrow_for_station(password)
            return peer
        self._run(complete, self.tr("登记完成。以后导出的同步包会发给上级工作站，并带上恢复密钥。"))

    def accept_enrollment(self) -> None:
        request = self._open_file(self.tr("选择登记申请"))
        if not request:
            return
        villages = DivisionService(self.ctx).villages()
        labels = [f"{place.name}（{place.code}）" for place in villages]
        scope = None
        if self.ctx.role is Role.TOWNSHIP and labels:
            chosen, ok = QInputDialog.getItem(self, self.tr("分配村"), self.tr("这台网格员设备负责的村："),
                                              labels, 0, False)
            if not ok:
                return
            scope = [villages[labels.index(chosen)].code]
        reply = self._save_file(self.tr("保存登记回执"), f"登记回执-{request.stem}.fpe")
        if not reply:
            return
        try:
            peer = EnrollmentService(self.ctx).accept(request, reply, scope)
            number = EnrollmentService(self.ctx).safety_number(peer.device_id)
        except UserFacingError as error:
            show_error(self, error)
            return
        self._done(self.tr("已登记。请把回执 {path} 带回该设备导入。\n指纹：{number}\n"
                           "该设备导入回执时会显示指纹，请当面或电话核对两边的数字完全一致。").format(
            path=reply, number=number))

    def revoke_device(self) -> None:
        """Revoke the device chosen in the table (a lost or stolen laptop)."""
        device_id = selected_key(self.peers_view)
        revocable = {d.device_id: d for d in RevocationService(self.ctx).revocable()}
        if device_id not in revocable:
            show_error(self, UserFacingError(self.tr("请先在上表中选中一台本站登记的下级设备。")))
            return
        name = revocable[device_id].name
        reason = ask_text(self, self.tr("吊销设备"),
                          self.tr("吊销“{name}”的原因（例如：笔记本电脑丢失）：").format(name=name))
        if reason is None:
            return
        question = self.tr("吊销设备“{name}”？吊销后本站不再导入它的同步包，也不再给它导出；"
                           "已经导入的修改保留。吊销不能撤销。").format(name=name)
        if confirm(self, question):
            self._run(lambda: RevocationService(self.ctx).revoke(device_id, reason),
                      self.tr("已吊销设备“{name}”。吊销记录会随下一个同步包传给上级和本站的其他设备。").format(name=name))

    def recover_password(self) -> None:
        database = self._open_file(self.tr("选择忘记密码的下级数据库"), self.tr("数据库 (*.db)"))
        if not database:
            return
        password, ok = QInputDialog.getText(self, self.tr("设置新密码"), self.tr("下级设备的新密码（至少 6 位）："),
                                            QLineEdit.EchoMode.Password)
        if not ok:
            return
        self._run(lambda: RecoveryService(self.ctx).recover(database, password),
                  self.tr("已为 {path} 设置新密码，数据一项未少。").format(path=database))

    # --- helpers -------------------------------------------------------------------------------

    def _run(self, action: Callable[[], Any], success: str) -> None:
        try:
            action()
        except UserFacingError as error:
            show_error(self, error)
            return
        self._done(success)

    def _done(self, success: str) -> None:
        self.enrollment_result.setText(success)
        inform(self, success)
        self.refresh()

    def _save_file(self, title: str, name: str) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(self, title, str(Path.home() / name), self.tr("登记文件 (*.fpe)"))
        return Path(path) if path else None

    def _open_file(self, title: str, kinds: str = "") -> Path | None:
        path, _ = QFileDialog.getOpenFileName(self, title, str(Path.home()), kinds or self.tr("登记文件 (*.fpe)"))
        return Path(path) if path else None


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "、".join(map(str, value))
    return str(value)


def _when(moment: datetime | None) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M") if moment else "—"
