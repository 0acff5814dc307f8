"""DateInput: the one date field of the application, typed the way people type dates or picked from a calendar.

The text is read by app.domain.dates (20261205, 2026-12-05, 2026.12.5, 2026/12/5, 2026年12月5日, 2026-1-7);
beside it the widget says what it understood ("2026年12月5日 星期六") or, once the person leaves the field,
why the text is not a date. Leaving the field writes an understood date out as 2026-12-05.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.dates import check_date_range, parse_typed_date, spoken_date
from app.domain.errors import UserFacingError
from app.services import context
from app.ui.message_line import MessageLine

HINT_STYLE = "color: #5f6368;"
PROBLEM_STYLE = "color: #b00020;"


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class CalendarPopup(QFrame):
    """The calendar that drops down under the field; a click (or Enter) on a day picks it."""

    picked = Signal(object)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        self.calendar = QCalendarWidget(self)
        self.calendar.setGridVisible(True)
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.clicked.connect(self._pick)
        self.calendar.activated.connect(self._pick)
        layout.addWidget(self.calendar)

    def _pick(self, day: QDate) -> None:
        self.hide()
        self.picked.emit(_pydate(day))


class _DateLine(QLineEdit):
    """The text part; Alt+↓ or F4 opens the calendar, as in a drop-down list."""

    open_calendar = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_F4 or (event.key() == Qt.Key.Key_Down
                                            and event.modifiers() & Qt.KeyboardModifier.AltModifier):
            self.open_calendar.emit()
            return
        super().keyPressEvent(event)


class DateInput(QWidget):
    """A date or nothing: ``value()`` is a date, or None when the field is blank or its text is not a date.

    ``changed`` fires on every edit (typed, picked, cleared) and when ``setValue`` changes the date.
    ``problem()`` says why the text cannot be kept (not a date, out of range, required and blank)."""

    changed = Signal()

    def __init__(self, value: date | None = None, parent: QWidget | None = None, *, required: bool = False,
                 today: date | None = None) -> None:
        super().__init__(parent)
        self.required = required
        self._today = today
        self._minimum: date | None = None
        self._maximum: date | None = None
        self._minimum_name = ""
        self._maximum_name = ""
        self._value: date | None = None
        self._problem: str | None = None
        self._revealed = False
        self._popup: CalendarPopup | None = None

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.line = _DateLine(self)
        self.line.setPlaceholderText(self.tr("如 20261205"))
        self.line.setMaxLength(24)
        self.line.setFixedWidth(self.line.fontMetrics().horizontalAdvance("2026年12月05日") + 24)
        self.line.setToolTip(self.tr("可输入 20261205、2026-12-05、2026.12.5、2026/12/5 或 2026年12月5日"))
        self.line.textEdited.connect(self._edited)
        self.line.editingFinished.connect(self._finished)
        self.line.open_calendar.connect(self.open_calendar)
        self.setFocusProxy(self.line)
        layout.addWidget(self.line)
        self.button = QToolButton(self)
        self.button.setText("▾")
        self.button.setToolTip(self.tr("从日历中选择（Alt+↓）"))
        self.button.setAccessibleName(self.tr("打开日历"))
        # Tab goes from the text to the next field; the calendar opens with a click or Alt+↓.
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.clicked.connect(self.open_calendar)
        layout.addWidget(self.button)
        # What was understood, or why not, on one line that is always there: nothing below moves.
        self.status = MessageLine(self)
        self.status.setObjectName("dateStatus")
        self.status.setMinimumWidth(self.status.fontMetrics().horizontalAdvance("2026年12月25日 星期六") + 8)
        layout.addWidget(self.status, 1)
        self.setValue(value)

    # --- the value ---------------------------------------------------------------------------

    def value(self) -> date | None:
        return self._value

    def setValue(self, value: date | None) -> None:
        """Show ``value`` (None: blank); ``changed`` fires when that changes the date."""
        self.line.setText(value.isoformat() if value else "")
        self._revealed = False
        self._read(emit=True, force_emit=False)

    def text(self) -> str:
        return self.line.text()

    def typed_date(self) -> date | None:
        """The date the text says, whether or not it is within the bounds (None when blank or not a date)."""
        try:
            return parse_typed_date(self.line.text())
        except UserFacingError:
            return None

    def problem(self) -> str | None:
        """Why the text cannot be kept, or None when it is a date in range (or an allowed blank)."""
        return self._problem

    def is_blank(self) -> bool:
        return not self.line.text().strip()

    # --- bounds ------------------------------------------------------------------------------

    def setMinimum(self, day: date | None, name: str = "") -> None:
        self._minimum, self._minimum_name = day, name
        self._read(emit=True, force_emit=False)

    def setMaximum(self, day: date | None, name: str = "") -> None:
        """E.g. ``setMaximum(today, self.tr("今天"))``: a later date is refused, naming the bound."""
        self._maximum, self._maximum_name = day, name
        self._read(emit=True, force_emit=False)

    def minimum(self) -> date | None:
        return self._minimum

    def maximum(self) -> date | None:
        return self._maximum

    def setReadOnly(self, read_only: bool) -> None:
        self.line.setReadOnly(read_only)
        self.button.setEnabled(not read_only)

    def reveal_problem(self) -> None:
        """Show the problem now (as leaving the field would), e.g. when a dialog refuses to save."""
        self._revealed = True
        self._show_status()

    # --- the calendar ------------------------------------------------------------------------

    def open_calendar(self) -> None:
        if self.line.isReadOnly():
            return
        if self._popup is None:
            self._popup = CalendarPopup(self)
            self._popup.picked.connect(self._picked)
        calendar = self._popup.calendar
        calendar.setMinimumDate(_qdate(self._minimum) if self._minimum else QDate(1900, 1, 1))
        calendar.setMaximumDate(_qdate(self._maximum) if self._maximum else QDate(9999, 12, 31))
        # A blank date opens on today's month, not on some far-away default.
        shown = self._value or self.today()
        calendar.setSelectedDate(_qdate(shown))
        calendar.setCurrentPage(shown.year, shown.month)
        self._popup.adjustSize()
        self._popup.move(self.line.mapToGlobal(QPoint(0, self.line.height())))
        self._popup.show()
        calendar.setFocus(Qt.FocusReason.PopupFocusReason)

    def calendar(self) -> QCalendarWidget | None:
        """The calendar once it has been opened."""
        return self._popup.calendar if self._popup is not None else None

    def today(self) -> date:
        return self._today or context.machine_today()

    def _picked(self, day: date) -> None:
        self.line.setText(day.isoformat())
        self._revealed = True
        self._read(emit=True, force_emit=True)
        self.line.setFocus(Qt.FocusReason.PopupFocusReason)

    # --- reading the text --------------------------------------------------------------------

    def _edited(self, _text: str) -> None:
        # While typing, "2026120" is not yet a mistake: it is shown as one only once the person leaves.
        self._revealed = False
        self._read(emit=True, force_emit=True)

    def _finished(self) -> None:
        self._revealed = True
        if self._value is not None and self._problem is None and self.line.text() != self._value.isoformat():
            self.line.setText(self._value.isoformat())
        self._show_status()

    def _read(self, *, emit: bool, force_emit: bool) -> None:
        before = self._value
        try:
            day = parse_typed_date(self.line.text())
            if day is None:
                if self.required:
                    raise UserFacingError(self.tr("请填写日期。"))
            else:
                check_date_range(day, self._minimum, self._maximum, minimum_name=self._minimum_name,
                                 maximum_name=self._maximum_name)
        except UserFacingError as error:
            self._value, self._problem = None, error.message
        else:
            self._value, self._problem = day, None
        self._show_status()
        if emit and (force_emit or self._value != before):
            self.changed.emit()

    def _show_status(self) -> None:
        if self._problem is None:
            self.status.setStyleSheet(HINT_STYLE)
            self.status.setText(spoken_date(self._value) if self._value else "")
        elif self._revealed:
            self.status.setStyleSheet(PROBLEM_STYLE)
            self.status.setText(self._problem)
        else:
            self.status.setStyleSheet(HINT_STYLE)
            self.status.setText("" if self.is_blank() else self.tr("请输入完整日期，如 20261205"))

    def status_text(self) -> str:
        """What the widget says beside the text now."""
        return self.status.text()
