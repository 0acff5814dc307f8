"""The last line of defence: an unexpected error is logged, shown, and never silently lost."""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app.domain.errors import UserFacingError
from app.ui.settings import log_directory

log = logging.getLogger("fangpin")
# Called before the dialog shows, so unfinished work (a visit being typed) is saved first.
_before_report: list[Callable[[], None]] = []


def on_crash(callback: Callable[[], None]) -> None:
    _before_report.append(callback)


def forget(callback: Callable[[], None]) -> None:
    if callback in _before_report:
        _before_report.remove(callback)


def log_file() -> Path:
    return log_directory() / "fangpin.log"


def configure_logging() -> None:
    path = log_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)


def handle_exception(kind: type[BaseException], error: BaseException,
                     trace: TracebackType | None, parent: QWidget | None = None) -> None:
    if isinstance(error, KeyboardInterrupt):
        sys.__excepthook__(kind, error, trace)
        return
    parent = parent or QApplication.activeWindow()
    if isinstance(error, UserFacingError):
        QMessageBox.warning(parent, QApplication.translate("Crash", "无法完成"), str(error))
        return
    details = "".join(traceback.format_exception(kind, error, trace))
    log.error("未处理的错误\n%s", details)
    for callback in list(_before_report):
        try:
            callback()
        except Exception:  # a failing rescue must not hide the original report
            log.exception("保存草稿失败")
    stamp = datetime.now().strftime("%Y-%m-%d %H:%M:%S")
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(QApplication.translate("Crash", "程序出错了"))
    box.setText(QApplication.translate(
        "Crash", "程序遇到了意外错误。已录入的数据已经保存，正在填写的走访已存为草稿。\n"
                 "请把日志文件发给技术支持：\n{path}").format(path=log_file()))
    box.setDetailedText(f"{stamp}\n{details}")
    box.exec()


def install_crash_hook() -> None:
    configure_logging()
    sys.excepthook = handle_exception
