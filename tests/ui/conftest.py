"""UI test setup: the real application look, a demo database, and message boxes that never block."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from app.services.context import ServiceContext
from app.services.demo import create_demo_database
from app.services.setup import open_context
from app.ui import tasks
from app.ui.app import application
from tests.conftest import PASSWORD, TODAY

DEMO_HOUSEHOLDS = 120


@pytest.fixture(scope="session")
def ui_app(qapp: QApplication) -> Iterator[QApplication]:
    yield application()
    # No worker may outlive the test session: Qt would tear its threads down under Python.
    tasks.wait_all()
    # The UI-thread collector only runs while the event loop does, so a test's cyclic garbage would
    # outlive it: among it, Python wrappers of items Qt already deleted (a QStandardItem of a
    # cleared model). A later test's object at the same address then came back from PySide as that
    # stale wrapper ("'QStandardItem' object has no attribute 'selectionChanged'"). Collected here,
    # on the UI thread, after every test.
    gc.collect()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ui-demo") / "demo.db"
    ctx = create_demo_database(path, PASSWORD, households=DEMO_HOUSEHOLDS, seed=7, today=lambda: TODAY)
    ctx.db.close()
    return path


@pytest.fixture
def demo_ctx(demo_template: Path, tmp_path: Path) -> Iterator[ServiceContext]:
    path = tmp_path / "demo.db"
    path.write_bytes(demo_template.read_bytes())
    ctx = open_context(path, PASSWORD)
    ctx.today = lambda: TODAY
    yield ctx
    tasks.wait_all()
    ctx.db.close()


@pytest.fixture
def shown_window(qtbot: Any, demo_ctx: ServiceContext, ui_app: QApplication, messages: Any) -> Any:
    """The main window over the demo database, shown."""
    from app.ui.main_window import MainWindow
    from app.ui.settings import Settings

    window = MainWindow(demo_ctx, Settings(database=demo_ctx.db.location))
    qtbot.addWidget(window)
    window.show()
    return window


class Messages:
    """Every message box and text prompt the code under test shows, answered without blocking."""

    def __init__(self) -> None:
        self.shown: list[tuple[str, str]] = []
        self.answers: list[str] = []
        self.confirm = True

    def texts(self) -> str:
        return "\n".join(text for _kind, text in self.shown)


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch, ui_app: QApplication) -> Messages:
    record = Messages()

    def box(kind: str) -> Callable[..., Any]:
        def show(_parent: Any, _title: str, text: str, *_args: Any, **_kwargs: Any) -> Any:
            record.shown.append((kind, text))
            if kind == "question":
                return QMessageBox.StandardButton.Yes if record.confirm else QMessageBox.StandardButton.No
            return QMessageBox.StandardButton.Ok
        return show

    for kind in ("warning", "information", "critical", "question", "about"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(box(kind)))

    def exec_box(self: QMessageBox) -> int:
        record.shown.append(("exec", self.text()))
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_box)

    def get_text(*_args: Any, **_kwargs: Any) -> tuple[str, bool]:
        if not record.answers:
            return "", False
        return record.answers.pop(0), True

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(get_text))
    return record
