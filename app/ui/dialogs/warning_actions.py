"""Handling a warning — from the 预警 page or a household's tab, the same three ways."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from app.domain.errors import UserFacingError
from app.services.cases import CaseService
from app.services.warnings import WarningService
from app.ui.dialogs.case_dialogs import ProposeDialog
from app.ui.dialogs.text_prompt import ask_text
from app.ui.messages import show_error


def _tr(text: str) -> str:
    return QCoreApplication.translate("WarningActions", text)


def handle_warning(parent: QWidget, service: WarningService, warning_id: str) -> bool:
    note = ask_text(parent, _tr("处置预警"), _tr("处置情况（做了什么、结果如何）："))
    return note is not None and _run(parent, lambda: service.handle(warning_id, note))


def dismiss_warning(parent: QWidget, service: WarningService, warning_id: str) -> bool:
    reason = ask_text(parent, _tr("排除预警"), _tr("排除理由（为什么不构成风险）："))
    return reason is not None and _run(parent, lambda: service.dismiss(warning_id, reason))


def propose_from_warning(parent: QWidget, service: WarningService, warning_id: str,
                         household_id: str) -> bool:
    dialog = ProposeDialog(
        CaseService(service.ctx), household_id, parent=parent, channel="部门筛查预警",
        submit=lambda risks, category, note, _channel: service.to_proposal(
            warning_id, risk_types=risks, category=category, note=note))
    return bool(dialog.exec())


def _run(parent: QWidget, action: object) -> bool:
    try:
        action()  # type: ignore[operator]
    except UserFacingError as error:
        show_error(parent, error)
        return False
    return True
