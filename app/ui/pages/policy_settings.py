"""Every policy setting on the 政策 page: one editor per item, saved as a version from a chosen day.

The items, their names and how a typed value is read are the policy workbook's
(app.services.policy_document), so the page and the workbook accept exactly the same values. The
county edits; every other role sees the same editors disabled, with a line saying why.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import UserFacingError
from app.domain.posting import OPTIONAL_COLUMNS
from app.services import policy_document
from app.services.context import ServiceContext
from app.services.policy import (
    DEFAULT_SETTINGS,
    MEASURE_KIND_ORIGINS,
    OPEN_SETTINGS,
    POSTING_COLUMNS,
    PolicyService,
)
from app.ui.date_input import DateInput
from app.ui.field_form import PROBLEM_STYLE
from app.ui.messages import inform

YES, NO = "是", "否"
SEPARATOR = policy_document.SEPARATOR
KIND_MARK = "："  # a line of an open setting: 类别：项目、项目


class PolicySettingsEditor(QWidget):
    def __init__(self, ctx: ServiceContext, editable: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.policy = PolicyService(ctx)
        self.editable = editable
        self.current: dict[str, Any] = {}
        self.editors: dict[tuple[str, str], QWidget] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.read_only_note = QLabel(self.tr("只能查看：政策参数由县防贫中心设置，随同步包下发；本机的角色不能修改。"))
        self.read_only_note.setObjectName("readOnlyNote")
        self.read_only_note.setWordWrap(True)
        self.read_only_note.setVisible(not editable)
        layout.addWidget(self.read_only_note)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        body = QWidget()
        groups = QVBoxLayout(body)
        for key in DEFAULT_SETTINGS:
            groups.addWidget(self._group(key))
        groups.addStretch()
        scroll.setWidget(body)
        layout.addWidget(scroll, 1)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(PROBLEM_STYLE)
        layout.addWidget(self.message)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("生效日期")))
        self.effective_from = DateInput(ctx.today(), required=True)
        self.effective_from.setEnabled(editable)
        row.addWidget(self.effective_from, 1)
        self.save_button = QPushButton(self.tr("保存为新版本"))
        self.save_button.setToolTip(self.tr("改动的参数自生效日期起执行，之前的版本保留"))
        self.save_button.setEnabled(editable)
        self.save_button.clicked.connect(self.save)
        row.addWidget(self.save_button)
        layout.addLayout(row)

    # --- building ------------------------------------------------------------------------------

    def _group(self, key: str) -> QGroupBox:
        box = QGroupBox(policy_document.SETTING_TITLES[key])
        form = QFormLayout(box)
        default = DEFAULT_SETTINGS[key]
        if key in OPEN_SETTINGS:
            editor: QWidget = QPlainTextEdit()
            editor.setToolTip(self.tr("每行一个改名：新名称：原名称") if key == MEASURE_KIND_ORIGINS
                              else self.tr("每行一个类别：类别：项目、项目；项目留空即停用该类别"))
            editor.setMinimumHeight(160 if key != MEASURE_KIND_ORIGINS else 60)
            self._add(form, key, "", "", editor)
        elif isinstance(default, dict):
            for item, sample in default.items():
                self._add(form, key, item, policy_document.item_label(key, item), self._editor_for(sample))
        else:
            editor = self._editor_for(default)
            if key == POSTING_COLUMNS:  # stored as keys: say which may be written
                names = "、".join(f"{column.title}（{column.key}）" for column in OPTIONAL_COLUMNS)
                editor.setToolTip(self.tr("可填：{names}，用“、”分开").format(names=names))
            self._add(form, key, "", policy_document.item_label(key, ""), editor)
        return box

    def _editor_for(self, sample: Any) -> QWidget:
        if isinstance(sample, bool):
            box = QComboBox()
            box.addItems([YES, NO])
            return box
        if isinstance(sample, list):  # names separated by 、, wrapped so every one stays in sight
            names = QPlainTextEdit()
            names.setFixedHeight(names.fontMetrics().lineSpacing() * 4 + 12)
            return names
        return QLineEdit()

    def _add(self, form: QFormLayout, key: str, item: str, label: str, editor: QWidget) -> None:
        editor.setEnabled(self.editable)  # disabled, not merely read-only: nothing invites typing
        self.editors[(key, item)] = editor
        form.addRow(label, editor)

    # --- showing -------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.current = policy_document.show(self.ctx).settings
        for (key, item), editor in self.editors.items():
            value = self.current[key]
            if key in OPEN_SETTINGS:
                assert isinstance(editor, QPlainTextEdit)
                editor.setPlainText("\n".join(f"{kind}{KIND_MARK}{policy_document.cell_text(items)}"
                                              for kind, items in value.items()))
                continue
            # A stored version older than an item (a setting added later) shows the item's default.
            shown = value.get(item, DEFAULT_SETTINGS[key][item]) if item else value
            text = str(policy_document.cell_text(shown))
            if isinstance(editor, QComboBox):
                editor.setCurrentText(YES if shown else NO)
            elif isinstance(editor, QPlainTextEdit):
                editor.setPlainText(text)
            elif isinstance(editor, QLineEdit):
                editor.setText(text)
        self.effective_from.setValue(self.ctx.today())
        self.message.clear()

    # --- changing ------------------------------------------------------------------------------

    def typed(self) -> dict[str, Any]:
        """Each setting as typed, read like a workbook cell; raises naming the setting and item."""
        values: dict[str, Any] = {}
        for (key, item), editor in self.editors.items():
            if key in OPEN_SETTINGS:
                assert isinstance(editor, QPlainTextEdit)
                values[key] = self._open_value(key, editor.toPlainText())
                continue
            text = editor.currentText() if isinstance(editor, QComboBox) else \
                editor.toPlainText().replace("\n", SEPARATOR) if isinstance(editor, QPlainTextEdit) else \
                editor.text() if isinstance(editor, QLineEdit) else ""
            default = DEFAULT_SETTINGS[key]
            title = policy_document.SETTING_TITLES[key]
            label = f"{title}：{policy_document.item_label(key, item)}" if item else title
            parsed = policy_document.parse_cell(text, default[item] if item else default, label)
            if item:
                values.setdefault(key, {**default, **self.current[key]})[item] = parsed
            else:
                values[key] = parsed
        return values

    def _open_value(self, key: str, text: str) -> dict[str, Any]:
        title = policy_document.SETTING_TITLES[key]
        result: dict[str, Any] = {}
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            kind, mark, items = line.replace(":", KIND_MARK).partition(KIND_MARK)
            if not mark or not kind.strip():
                form = "新名称：原名称" if key == MEASURE_KIND_ORIGINS else "类别：项目、项目"
                raise UserFacingError(f"“{title}”第 {number} 行应写成“{form}”。")
            result[kind.strip()] = policy_document.parse_cell(items, OPEN_SETTINGS[key], f"{title}第 {number} 行")
        return result

    def _stored(self, key: str) -> Any:
        value, default = self.current[key], DEFAULT_SETTINGS[key]
        return {**default, **value} if isinstance(default, dict) and key not in OPEN_SETTINGS else value

    def save(self) -> bool:
        """Store every setting that changed as a version from the chosen day; True when saved."""
        self.message.clear()
        day = self.effective_from.value()
        if day is None:
            self.message.setText(self.effective_from.problem() or self.tr("请填写生效日期。"))
            return False
        try:
            typed = self.typed()
            changed = {key: value for key, value in typed.items() if value != self._stored(key)}
            for key, value in changed.items():
                try:
                    self.policy.set_version(key, value, day)
                except UserFacingError as error:
                    raise UserFacingError(f"{policy_document.SETTING_TITLES[key]}：{error.message}") from None
        except UserFacingError as error:
            self.message.setText(error.message)
            return False
        self.refresh()
        if changed:
            inform(self, self.tr("已保存 {count} 项政策参数，自 {day} 起执行，将随下次同步包下发。").format(
                count=len(changed), day=day.isoformat()))
        return True
