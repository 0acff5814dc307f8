"""What every tab of the household page shares: the household it shows and a way to say it changed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from app.domain.errors import UserFacingError
from app.services.context import ServiceContext
from app.services.households import HouseholdDetail
from app.ui.messages import show_error


class HouseholdTab(QWidget):
    changed = Signal()

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.detail: HouseholdDetail | None = None

    @property
    def household_id(self) -> str:
        assert self.detail is not None
        return self.detail.household.id

    def show_detail(self, detail: HouseholdDetail) -> None:
        self.detail = detail
        self.refresh()

    def refresh(self) -> None:
        raise NotImplementedError

    def run(self, action: Callable[[], Any]) -> Any:
        """Call a service; a refusal is shown, success reloads the household everywhere."""
        try:
            result = action()
        except UserFacingError as error:
            show_error(self, error)
            return None
        self.changed.emit()
        return result if result is not None else True
