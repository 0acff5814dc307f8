"""What a person sees on a screen, as text, and the internal identifiers that must never be among it.

`visible_texts` reads every visible label, button, group title, tab, menu, table header and cell,
list and combo entry, tooltip and window title under a widget. `identifier_leaks` finds in those
texts what only a programmer should see: the store's table names, ``builtin``, UUIDs, Python
reprs (``None``, ``True``, ``<… object at 0x…>``) and the names and values of the code's enums.
"""

from __future__ import annotations

import enum
import importlib
import pkgutil
import re
from collections.abc import Iterator

from PySide6.QtCore import QAbstractItemModel, QAbstractListModel, QModelIndex, Qt
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QMenuBar,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)
from sqlmodel import SQLModel

import app.domain
import app.store.models  # registers every table

MAX_ROWS = 200  # of each table or list: enough to see what a column holds


def _plain(text: str) -> str:
    if "<" in text and ">" in text:
        return QTextDocumentFragment.fromHtml(text).toPlainText()
    return text


def _model_texts(model: QAbstractItemModel | None) -> Iterator[str]:
    if model is None:
        return
    top = QModelIndex()
    # A list model's columnCount is private in the bindings: it has one column.
    columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(top)
    for column in range(columns):
        yield str(model.headerData(column, Qt.Orientation.Horizontal) or "")
    for row in range(min(model.rowCount(top), MAX_ROWS)):
        for column in range(columns):
            index = model.index(row, column)
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                value = index.data(role)
                if value is not None and not isinstance(value, int | float):
                    yield str(value)


def _menu_texts(menu: QMenu | QMenuBar) -> Iterator[str]:
    for action in menu.actions():
        yield action.text()
        yield action.toolTip() if action.toolTip() != action.text().replace("&", "") else ""
        if action.menu() is not None:
            yield from _menu_texts(action.menu())


def _texts_of(widget: QWidget) -> Iterator[str]:
    if widget.isWindow():
        yield widget.windowTitle()
    yield widget.toolTip()
    if isinstance(widget, QLabel | QAbstractButton):
        yield widget.text()
    elif isinstance(widget, QGroupBox):
        yield widget.title()
    elif isinstance(widget, QLineEdit):
        yield widget.text()
        yield widget.placeholderText()
    elif isinstance(widget, QPlainTextEdit | QTextEdit):
        yield widget.toPlainText()
    elif isinstance(widget, QComboBox):
        yield from (widget.itemText(i) for i in range(min(widget.count(), MAX_ROWS)))
    elif isinstance(widget, QTabBar):
        for i in range(widget.count()):
            yield widget.tabText(i)
            yield widget.tabToolTip(i)
    elif isinstance(widget, QAbstractItemView):
        yield from _model_texts(widget.model())
    elif isinstance(widget, QMenuBar):
        yield from _menu_texts(widget)


def visible_texts(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) for everything shown under `root` (root included), hidden widgets left out."""
    found: list[tuple[str, str]] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if widget is not root and not widget.isVisibleTo(root):
            continue
        where = f"{type(widget).__name__}{'#' + widget.objectName() if widget.objectName() else ''}"
        found += [(where, _plain(text)) for text in _texts_of(widget) if text]
    return found


def _enum_words() -> set[str]:
    """Every member name of the app's enums, and every value that reads like an identifier."""
    for module in pkgutil.walk_packages(app.domain.__path__, "app.domain."):
        importlib.import_module(module.name)
    words: set[str] = set()
    pending = list(enum.Enum.__subclasses__())
    while pending:
        kind = pending.pop()
        pending += kind.__subclasses__()
        if not kind.__module__.startswith("app."):
            continue
        for member in kind:
            words.add(member.name)
            words.add(f"{kind.__name__}.{member.name}")
            if isinstance(member.value, str) and re.fullmatch(r"[a-z][a-z0-9_]{3,}", member.value):
                words.add(member.value)
    return words


def deny_list() -> re.Pattern[str]:
    words = {*SQLModel.metadata.tables, *_enum_words(), "builtin", "None", "True", "False", "null"}
    listed = "|".join(sorted((re.escape(word) for word in words), key=len, reverse=True))
    return re.compile(
        rf"(?<![A-Za-z0-9_])(?:{listed})(?![A-Za-z0-9_])"
        r"|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
        r"|object at 0x|<[A-Za-z_.]+ object")


def identifier_leaks(texts: list[tuple[str, str]], pattern: re.Pattern[str]) -> list[str]:
    return sorted({f"{where}: “{text}” ({match.group(0)})" for where, text in texts
                   for match in [pattern.search(text)] if match})
