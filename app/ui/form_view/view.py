"""FormView: a whole form on one scrolling page, re-evaluated by the engine as the person types."""

from __future__ import annotations

import html
from collections.abc import Mapping
from datetime import date
from itertools import pairwise

from PySide6.QtCore import Qt, QTime, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from app.forms.expressions import Context
from app.forms.filling import FieldProblem, Filled, Path, fill
from app.forms.model import Form
from app.ui.form_view.fields import FieldWidget
from app.ui.form_view.level import Level, RepeatBox, RepeatRow
from app.ui.form_view.paging import SectionPager, section_containers
from app.ui.form_view.sections import sections

BASE_POINT_SIZE = 12
# Rows added by repeat_count are evaluated in a second pass; formulas cannot chain rows deeper than this.
MAX_SETTLING_PASSES = 4
GROUP_STYLE = """
QGroupBox { font-weight: bold; border: 1px solid #c7ccd4; border-radius: 4px; margin-top: 14px; padding: 8px 6px 4px; }
QGroupBox::title { subcontrol-origin: margin; left: 8px; padding: 0 4px; color: #1a4b8c; }
"""


class FormView(QWidget):
    """Renders `form` for filling in.

    `changed` fires on every edit; `saved(answers)` fires when the person saves a form without
    problems (answers as `answers()` returns them). Saving a form with problems shows every problem
    next to its field, scrolls to the first one and puts the cursor there.

    `pager` moves by section (目录, Ctrl+G) and shows one section per page when `paged` (by default when
    the form's settings `style` says "pages").
    """

    changed = Signal()
    saved = Signal(object)

    def __init__(self, form: Form, language: str | None = "zh", initial_answers: Mapping[str, object] | None = None,
                 *, today: date | None = None, read_only: bool = False, paged: bool | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = form
        self.language = form.resolve_language(language)
        self.today = today
        self.show_all = False
        self._filled: Filled | None = None
        self._refreshing = False
        self._again = False
        font = self.font()
        font.setPointSize(max(font.pointSize(), BASE_POINT_SIZE))
        self.setFont(font)
        # Style-sheet fonts do not pass to children: only the group titles become bold.
        self.setStyleSheet(GROUP_STYLE)

        outer = QVBoxLayout(self)
        title = QLabel(f"<h2>{html.escape(form.title)}</h2>", self)
        outer.addWidget(title)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.page = QWidget(self.scroll)
        page_layout = QVBoxLayout(self.page)
        self.level = Level(self, form.questions, self.page, page_layout, dict(initial_answers or {}),
                           self.base_context())
        self.sections = sections(form.questions, self.language, more=self.tr("{titles}等"))
        self.containers = section_containers(self.page, page_layout, self.sections, self.level.widget_of)
        page_layout.addStretch(1)
        self.scroll.setWidget(self.page)
        self.pager = SectionPager(self.sections, self.containers, form.paged if paged is None else paged,
                                  read_only, self._evaluate, lambda: self.refresh(emit=False), self.go_to,
                                  self._scroll_to_top_of, self, self)
        outer.addWidget(self.pager)
        outer.addWidget(self.scroll, 1)

        bar = QHBoxLayout()
        self.summary = QLabel(self)
        self.summary.setStyleSheet("color: #c5221f; font-weight: bold;")
        bar.addWidget(self.summary, 1)
        # Saving (the button or Ctrl+S) says so here, until the next change.
        self.saved_note = QLabel(self)
        self.saved_note.setStyleSheet("color: #188038; font-weight: bold;")
        bar.addWidget(self.saved_note)
        self.save_button = QPushButton(self.tr("保存"), self)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        bar.addWidget(self.save_button)
        outer.addLayout(bar)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

        self.read_only = read_only
        if read_only:
            # An earlier visit shown as it was filled in (with its own form version): nothing to change.
            for widget in self.page.findChildren(QPushButton):
                widget.hide()
            for item in self.level.walk():
                if isinstance(item, FieldWidget):
                    item.set_read_only()
            self.save_button.hide()
        self._fix_tab_order()
        self.refresh(emit=False)

    # --- the API the main window uses ------------------------------------------------------------

    def raw_answers(self) -> dict[str, object]:
        """What the widgets hold now, hidden answers and all."""
        return self.level.answers()

    def answers(self) -> dict[str, object]:
        """What would be saved: calculations done, answers hidden by `relevant` left out."""
        return self._evaluate().values

    def problems(self) -> list[FieldProblem]:
        return self._evaluate().problems

    def validate(self) -> list[FieldProblem]:
        """Check everything and show every problem next to its field; returns the problems."""
        self.show_all = True
        self.refresh(emit=False)
        return self.problems()

    def save(self) -> bool:
        """Emit `saved` with the answers, or refuse: show the problems and go to the first one."""
        if self.read_only:
            return False
        problems = self.validate()
        if problems:
            self.saved_note.setText("")
            self.go_to(problems[0].path)
            return False
        self.saved_note.setText(self.tr("已保存（{time}）").format(time=QTime.currentTime().toString("HH:mm")))
        self.saved.emit(self.answers())
        return True

    def field(self, path: Path | str) -> FieldWidget | None:
        """The widget of a question: "visit_date", or ("expense", 0, "expense_amount") in a repeat row."""
        found = self.level.find((path,) if isinstance(path, str) else path)
        return found if isinstance(found, FieldWidget) else None

    def repeat(self, name: str) -> RepeatBox | None:
        found = self.level.find((name,))
        return found if isinstance(found, RepeatBox) else None

    def go_to(self, path: Path) -> None:
        section = self.pager.section_of(path)
        if self.pager.paged and section is not None and section != self.pager.current:
            self.pager.current = section
            self.pager.show_filled(self._filled or self._evaluate())
        self.page.layout().activate()  # a page just shown has no geometry yet to scroll to
        found = self.level.find(path)
        if isinstance(found, FieldWidget | RepeatBox | RepeatRow):
            self.scroll.ensureWidgetVisible(found, 20, 40)
        if isinstance(found, FieldWidget):
            found.focus()

    # --- live evaluation -------------------------------------------------------------------------

    def base_context(self) -> Context:
        return Context(today=self.today)

    def _evaluate(self) -> Filled:
        return fill(self.form, self.raw_answers(), language=self.language, today=self.today)

    def refresh(self, emit: bool = True) -> None:
        """Re-evaluate the answers and show the result; rows that repeat_count adds are shown in the same go."""
        if self._refreshing:
            self._again = True
            return
        self._refreshing = True
        try:
            for _ in range(MAX_SETTLING_PASSES):
                self._again = False
                self._show(self._evaluate())
                if not self._again:
                    break
        finally:
            self._refreshing = False
        if emit:
            self.saved_note.setText("")
            self.changed.emit()

    def _show(self, filled: Filled) -> None:
        problems: dict[Path, str] = {}
        for problem in filled.problems:
            problems.setdefault(problem.path, problem.message)
        self.level.apply(filled, (), problems, self.show_all)
        self._filled = filled
        self.pager.show_filled(filled)
        count = len(filled.problems)
        self.summary.setText(self.tr("还有 %1 处需要填写或修改").replace("%1", str(count))
                             if self.show_all and count else "")

    def _scroll_to_top_of(self, widget: QWidget) -> None:
        self.page.layout().activate()
        self.scroll.verticalScrollBar().setValue(widget.mapTo(self.page, widget.rect().topLeft()).y())

    def structure_changed(self) -> None:
        """A repeat row came or went: new widgets need their place in the tab order and their state."""
        self._fix_tab_order()
        self.refresh()

    def _fix_tab_order(self) -> None:
        chain: list[QWidget] = []
        for item in self.level.walk():
            if isinstance(item, FieldWidget):
                chain.extend(item.editors())
            else:
                chain.extend(row.remove for row in item.rows if item.editable)
                if item.editable:
                    chain.append(item.add)
        chain.append(self.save_button)
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)
