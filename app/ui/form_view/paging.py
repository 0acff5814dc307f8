"""Moving through a form by section: the 目录 list, and one group per page with 上一页/下一页.

Each section's top-level widgets sit in one container on the form's page; in page mode only the
current container is shown. 下一页 checks the current page first (its required questions and
constraints, as saving checks the whole form), so nobody reaches the end with page one half done.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.forms.filling import Filled, Path
from app.ui.form_view.fields import FieldWidget
from app.ui.form_view.section_list import SectionListDialog
from app.ui.form_view.sections import Section

SECTIONS_KEY = "Ctrl+G"
NEXT_KEY = "Ctrl+PgDown"
PREVIOUS_KEY = "Ctrl+PgUp"


class SectionPager(QWidget):
    """The bar above a form: 目录…, the page's place and title, 上一页/下一页, 每页一组.

    `evaluate` gives the engine's view of the answers now; `refresh` re-shows them; `focus_path` puts
    the cursor on a question (the view scrolls there)."""

    def __init__(self, sections: list[Section], containers: list[QWidget], paged: bool, read_only: bool,
                 evaluate: Callable[[], Filled], refresh: Callable[[], None],
                 focus_path: Callable[[Path], None], scroll_to: Callable[[QWidget], None],
                 shortcut_scope: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sections = sections
        self.containers = containers
        self.read_only = read_only
        self.current = 0
        self._evaluate = evaluate
        self._refresh = refresh
        self._focus_path = focus_path
        self._scroll_to = scroll_to
        self._filled: Filled | None = None

        bar = QHBoxLayout(self)
        bar.setContentsMargins(0, 0, 0, 0)
        self.list_button = QPushButton(self.tr("目录…"), self)
        self.list_button.setToolTip(self.tr("各部分还缺什么，选一部分转到那里（%1）").replace("%1", SECTIONS_KEY))
        self.list_button.clicked.connect(lambda: self.open_list())
        bar.addWidget(self.list_button)
        self.place = QLabel(self)
        self.place.setStyleSheet("font-weight: bold;")
        bar.addWidget(self.place, 1)
        self.paged_box = QCheckBox(self.tr("每页一组"), self)
        self.paged_box.setToolTip(self.tr("每页只显示表单的一部分，用“上一页”“下一页”翻页"))
        self.paged_box.setChecked(paged)
        self.paged_box.toggled.connect(self.set_paged)
        bar.addWidget(self.paged_box)
        self.previous_button = QPushButton(self.tr("上一页"), self)
        self.previous_button.setToolTip(PREVIOUS_KEY)
        self.previous_button.clicked.connect(lambda: self.previous_page())
        bar.addWidget(self.previous_button)
        self.next_button = QPushButton(self.tr("下一页"), self)
        self.next_button.setToolTip(self.tr("先检查本页，再到下一页（%1）").replace("%1", NEXT_KEY))
        self.next_button.clicked.connect(lambda: self.next_page())
        bar.addWidget(self.next_button)
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        QShortcut(QKeySequence(SECTIONS_KEY), shortcut_scope, activated=self.open_list, context=context)
        QShortcut(QKeySequence(NEXT_KEY), shortcut_scope, activated=self.next_page, context=context)
        QShortcut(QKeySequence(PREVIOUS_KEY), shortcut_scope, activated=self.previous_page, context=context)
        # A form of one part has nothing to navigate.
        self.setVisible(len(sections) > 1)

    @property
    def paged(self) -> bool:
        return self.paged_box.isChecked()

    def set_paged(self, paged: bool) -> None:
        if paged != self.paged_box.isChecked():
            self.paged_box.setChecked(paged)  # comes back here through `toggled`
            return
        self.show_filled(self._filled or self._evaluate())
        self.go_to_section(self.current)

    def section_of(self, path: Path) -> int | None:
        return next((index for index, section in enumerate(self.sections) if section.owns(path)), None)

    # --- showing ---------------------------------------------------------------------------------

    def show_filled(self, filled: Filled) -> None:
        """After each evaluation: which containers show, where the person is, what the buttons may do."""
        self._filled = filled
        if self.paged and self.sections[self.current].hidden(filled):
            self.current = self._neighbour(+1) or self._neighbour(-1) or self.current
        for index, container in enumerate(self.containers):
            container.setVisible(not self.paged or index == self.current)
        shown = [index for index, section in enumerate(self.sections) if not section.hidden(filled)]
        position = shown.index(self.current) + 1 if self.current in shown else 0
        self.place.setText(self.tr("第 %1/%2 页：%3").replace("%1", str(position)).replace("%2", str(len(shown)))
                           .replace("%3", self.sections[self.current].title) if self.paged else "")
        for button in (self.previous_button, self.next_button):
            button.setVisible(self.paged)
        self.previous_button.setEnabled(self._neighbour(-1) is not None)
        self.next_button.setEnabled(self._neighbour(+1) is not None)

    def _neighbour(self, step: int) -> int | None:
        """The next section in that direction that the answers do not hide."""
        filled = self._filled or self._evaluate()
        index = self.current + step
        while 0 <= index < len(self.sections):
            if not self.sections[index].hidden(filled):
                return index
            index += step
        return None

    # --- moving ----------------------------------------------------------------------------------

    def go_to_section(self, index: int, focus: bool = True) -> None:
        """Show section `index` (its page, in page mode), scroll to it and put the cursor in it:
        on its first problem if it has one, else on its first question."""
        self.current = index
        filled = self._evaluate()
        self.show_filled(filled)
        container = self.containers[index]
        self._scroll_to(container)
        if not focus:
            return
        problems = self.sections[index].problems(filled)
        if problems:
            self._focus_path(problems[0].path)
            return
        first = next((field for field in container.findChildren(FieldWidget)
                      if field.isVisibleTo(container) and field.editors()), None)
        if first is not None:
            first.focus()

    def next_page(self) -> bool:
        """To the next page, once this one has no problems; else show them and go to the first."""
        if not self.paged:
            return False
        filled = self._evaluate()
        problems = [] if self.read_only else self.sections[self.current].problems(filled)
        if problems:
            for field in self.containers[self.current].findChildren(FieldWidget):
                field.touched = True  # its messages show now, as after a save attempt
            self._refresh()
            self._focus_path(problems[0].path)
            return False
        target = self._neighbour(+1)
        if target is None:
            return False
        self.go_to_section(target)
        return True

    def previous_page(self) -> bool:
        """Back a page; nothing is checked going back."""
        target = self._neighbour(-1) if self.paged else None
        if target is None:
            return False
        self.go_to_section(target)
        return True

    def open_list(self) -> int | None:
        """The 目录 dialog; goes to the section chosen and returns its index."""
        dialog = SectionListDialog(self.sections, self._evaluate(), self.current, self)
        dialog.exec()
        self.window().activateWindow()  # the cursor is to land in the form, not wherever the list left it
        if dialog.chosen is not None:
            self.go_to_section(dialog.chosen)
        return dialog.chosen


def section_containers(page: QWidget, page_layout: QVBoxLayout, sections: list[Section],
                       top_widget: Callable[[str], QWidget | None]) -> list[QWidget]:
    """Move each section's top-level widgets (built in form order on `page`) into one container per
    section, in the same order, so a page can be shown or hidden as a whole."""
    containers: list[QWidget] = []
    for section in sections:
        container = QWidget(page)
        layout = QVBoxLayout(container)
        layout.setContentsMargins(0, 0, 0, 0)
        for name in section.top:
            widget = top_widget(name)
            if widget is not None:
                page_layout.removeWidget(widget)
                layout.addWidget(widget)
        page_layout.addWidget(container)
        containers.append(container)
    return containers
