"""The lock covers every window of the application, not only the main one, and keeps what was typed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QRect, Qt, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QDialogButtonBox, QLineEdit, QWidget

from app.services.drafts import DraftService
from app.services.households import HouseholdService
from app.services.listing import HouseholdFilter, HouseholdListing
from app.ui.dialogs.visit_dialog import VisitDialog
from app.ui.idle_lock import LockCover
from app.ui.main_window import MainWindow
from app.ui.pdf_preview import PdfPreview
from app.ui.settings import Settings
from app.ui.unlock import UnlockDialog
from tests.conftest import PASSWORD

TYPED = "村医说他腰伤还没好"


def _editor(dialog: QWidget) -> QLineEdit:
    """The first free-text field (not a date, not a number)."""
    return next(w for w in dialog.findChildren(QLineEdit)
                if w.isVisibleTo(dialog) and w.isEnabled() and not w.isReadOnly() and w.validator() is None
                and not w.inputMask() and not isinstance(w.parentWidget(), QAbstractSpinBox | QComboBox)
                and not w.text())


def _area(window: QWidget, widget: QWidget) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def _pixels(image: QImage, area: QRect) -> set[int]:
    ratio = image.devicePixelRatio()
    return {image.pixel(int(x * ratio), int(y * ratio))
            for x in range(area.left(), area.right(), 3) for y in range(area.top(), area.bottom(), 3)}


def _problems_while_locked(prompt: UnlockDialog, dialog: VisitDialog, editor: QLineEdit, before: set[int],
                           head_name: str) -> list[str]:
    """What shows of the data behind the password prompt (nothing, when the lock works)."""
    problems = []
    shown = [w for w in QApplication.topLevelWidgets()
             if w.isVisible() and w is not prompt and w.windowType() not in (Qt.WindowType.ToolTip,)]
    if dialog not in shown:
        problems.append("the visit dialog was closed by the lock")
    for window in shown:
        stacked = [c for c in window.children() if isinstance(c, QWidget) and c.isVisible()]
        if not stacked or not isinstance(stacked[-1], LockCover) or stacked[-1].geometry() != window.rect():
            problems.append(f"{type(window).__name__} is not covered")
        if head_name in window.windowTitle():
            problems.append(f"{type(window).__name__}'s title shows the household")
    after = _pixels(dialog.grab().toImage(), _area(dialog, editor))
    if after == before or len(after) != 1:
        problems.append("the typed text still shows")
    return problems


def test_the_lock_covers_an_open_visit_dialog_and_keeps_its_input(qtbot, demo_ctx, ui_app, messages) -> None:
    household_id = HouseholdListing(demo_ctx).page(HouseholdFilter())[0].id
    head_name = HouseholdService(demo_ctx).get(household_id).household.head_name
    window = MainWindow(demo_ctx, Settings(database=demo_ctx.db.location))
    qtbot.addWidget(window)
    window.show()
    window.open_household(household_id)
    seen: dict[str, object] = {}

    def at_the_prompt() -> None:
        prompt = QApplication.activeModalWidget()
        dialog, editor, before = seen["dialog"], seen["editor"], seen["before"]
        try:
            assert isinstance(prompt, UnlockDialog), prompt
            seen["problems"] = _problems_while_locked(prompt, dialog, editor, before, head_name)
            prompt.password.setText(PASSWORD)
            prompt.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        finally:
            if isinstance(prompt, UnlockDialog) and prompt.isVisible():
                qtbot.waitUntil(lambda: not prompt.isVisible(), timeout=20_000)

    def in_the_visit() -> None:
        dialog = QApplication.activeModalWidget()
        try:
            assert isinstance(dialog, VisitDialog), dialog
            editor = _editor(dialog)
            editor.setFocus()
            editor.insert(TYPED)
            seen.update(dialog=dialog, editor=editor, before=_pixels(dialog.grab().toImage(), _area(dialog, editor)))
            QTimer.singleShot(0, at_the_prompt)
            window.lock()
            seen["after"] = (dialog.isVisible(), editor.text(), dialog.windowTitle(),
                             [c for c in dialog.findChildren(LockCover) if c.isVisible()])
        finally:
            if isinstance(dialog, VisitDialog):
                dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()

    QTimer.singleShot(0, in_the_visit)
    window.household.visits.start_visit()

    assert seen.get("problems") == [], seen.get("problems")
    visible, text, title, covers = seen["after"]
    assert visible and text == TYPED and head_name in title and covers == []
    assert window.centralWidget().isVisible() and not [c for c in window.findChildren(LockCover) if c.isVisible()]
    draft = DraftService(demo_ctx).load(household_id, "visit")
    assert draft is not None and TYPED in str(draft.answers)  # 稍后继续 after the lock kept it


def test_ctrl_l_locks_from_inside_a_dialog(qtbot, demo_ctx, ui_app, messages, monkeypatch) -> None:
    window = MainWindow(demo_ctx, Settings(database=demo_ctx.db.location))
    qtbot.addWidget(window)
    window.show()
    prompts: list[bool] = []
    monkeypatch.setattr(UnlockDialog, "exec", lambda _prompt: prompts.append(True) or 1)
    household_id = HouseholdListing(demo_ctx).page(HouseholdFilter())[0].id
    dialog = VisitDialog(demo_ctx, HouseholdService(demo_ctx).get(household_id), window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    qtbot.keyClick(_editor(dialog), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert prompts == [True]


def test_locking_closes_print_previews_and_empties_the_private_folder(qtbot, demo_ctx, ui_app, monkeypatch,
                                                                        tmp_path: Path) -> None:
    window = MainWindow(demo_ctx, Settings(database=demo_ctx.db.location))
    qtbot.addWidget(window)
    window.show()
    pdf = window.scratch.new_file("帮扶明白卡.pdf")
    pdf.write_bytes(b"%PDF-1.4\n%%EOF\n")
    preview = _Preview(pdf, window)
    preview.show()
    monkeypatch.setattr(UnlockDialog, "exec", lambda _prompt: 1)
    window.lock()
    assert not preview.isVisible() and not pdf.exists()
    assert [p.name for p in window.scratch.path.iterdir() if not p.name.startswith(".")] == []
    window.close()
    assert not window.scratch.root.exists() or not any(window.scratch.root.iterdir())


class _Preview(PdfPreview):
    def __init__(self, pdf: Path, parent: QWidget) -> None:  # no rendering: the file is a stand-in
        super(PdfPreview, self).__init__(parent)
        self.pdf = pdf
        self.scratch = parent.scratch

