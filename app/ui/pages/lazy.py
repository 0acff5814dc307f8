"""A page built the first time it is shown: the window opens without loading what it needs
(reportlab, openpyxl, the sync machinery) until the user goes there."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QVBoxLayout, QWidget


class LazyPage(QWidget):
    def __init__(self, build: Callable[[], QWidget], on_built: Callable[[QWidget], None] | None = None) -> None:
        super().__init__()
        self._build = build
        self._on_built = on_built
        self._page: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    @property
    def built(self) -> bool:
        return self._page is not None

    @property
    def page(self) -> QWidget:
        if self._page is None:
            self._page = self._build()
            self._layout.addWidget(self._page)
            if self._on_built is not None:
                self._on_built(self._page)
        return self._page

    def refresh(self) -> None:
        page = self.page
        if hasattr(page, "refresh"):
            page.refresh()


class BuiltPage:
    """A class attribute giving the page of the instance's LazyPage named ``holder``, built if need be."""

    def __init__(self, holder: str) -> None:
        self.holder = holder

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            return self
        return getattr(instance, self.holder).page
