"""Long jobs off the UI thread: the window never freezes while a database opens or data is made."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

Progress = Callable[..., None]  # progress(done, total, what_is_happening="")


def staged(progress: Progress) -> Callable[[str, int, int], None]:
    """For services that report (stage, done, total): the stage becomes the progress text."""
    return lambda stage, done, total: progress(done, total, stage)


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int, str)


class Task(QRunnable):
    """Runs ``job(progress, cancelled)`` on the thread pool; results come back as signals."""

    def __init__(self, job: Callable[[Progress, Callable[[], bool]], Any]) -> None:
        super().__init__()
        self.job = job
        self.signals = _Signals()
        self.cancel_requested = threading.Event()
        self.finished = threading.Event()

    def run(self) -> None:
        def report(done: int, total: int, what: str = "") -> None:
            self.signals.progress.emit(done, total, what)

        try:
            result = self.job(report, self.cancel_requested.is_set)
        except BaseException as error:
            self.signals.failed.emit(error)
        else:
            self.signals.done.emit(result)
        finally:
            self.finished.set()

    def cancel(self) -> None:
        self.cancel_requested.set()


_running: set[Task] = set()


def start(job: Callable[[Progress, Callable[[], bool]], Any], on_done: Callable[[Any], None],
          on_error: Callable[[BaseException], None]) -> Task:
    task = Task(job)
    task.setAutoDelete(False)
    _running.add(task)

    def finish(callback: Callable[[Any], None], value: Any) -> None:
        _running.discard(task)
        callback(value)

    task.signals.done.connect(lambda result: finish(on_done, result))
    task.signals.failed.connect(lambda error: finish(on_error, error))
    QThreadPool.globalInstance().start(task)
    return task


def start_with_progress(parent: QWidget, title: str, job: Callable[[Progress, Callable[[], bool]], Any],
                        on_done: Callable[[Any], None], on_error: Callable[[BaseException], None],
                        cancellable: bool = True) -> Task:
    """Run a job while a progress dialog shows how far it is and offers to cancel it."""
    dialog = QProgressDialog(title, QCoreApplication.translate("Tasks", "取消") if cancellable else "", 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    if not cancellable:
        dialog.setCancelButton(None)

    def close_then(callback: Callable[[Any], None]) -> Callable[[Any], None]:
        def run(value: Any) -> None:
            dialog.close()
            dialog.deleteLater()
            callback(value)
        return run

    task = start(job, close_then(on_done), close_then(on_error))

    def show_progress(done: int, total: int, what: str) -> None:
        if what:
            dialog.setLabelText(what)
        dialog.setMaximum(max(total, 1))
        dialog.setValue(min(done, max(total, 1)))

    task.signals.progress.connect(show_progress)
    dialog.canceled.connect(task.cancel)
    return task


def wait_all(timeout_ms: int = 30000) -> bool:
    """For shutdown and tests: wait until every started job has finished."""
    return QThreadPool.globalInstance().waitForDone(timeout_ms)
