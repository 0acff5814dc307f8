"""文件 → 打开数据库 / 最近使用: another database replaces the open one; `fangpin open --db X` opens X once."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from app.services.demo import create_demo_database
from app.store.models import AuditEvent
from app.ui.app import Session
from app.ui.settings import RECENT_DATABASES, Settings
from app.ui.unlock import UnlockDialog
from tests.conftest import PASSWORD, TODAY

OTHER_HOUSEHOLDS = 6


@pytest.fixture
def other_database(tmp_path: Path) -> Path:
    """A second county database with its own households and one bundle exported (its 上次同步)."""
    path = tmp_path / "other" / "county.db"
    path.parent.mkdir()
    ctx = create_demo_database(path, PASSWORD, households=OTHER_HOUSEHOLDS, seed=3, today=lambda: TODAY)
    with ctx.db.write(ctx.actor) as session:
        session.add(AuditEvent(at=datetime(2026, 11, 20, 8, 30, tzinfo=UTC), user_name=ctx.actor.user_name,
                               action="bundle_export", detail={"peer": "someone", "sequence": 1, "changes": 3}))
    ctx.db.close()
    return path


def answer_unlock(password: str, give_up_after_refusal: bool = False) -> dict[str, Any]:
    """Types ``password`` into the unlock dialog once it shows; after a refusal, optionally cancels it."""
    seen: dict[str, Any] = {}

    def type_password() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, UnlockDialog):
            QTimer.singleShot(20, type_password)
            return
        seen["dialog"] = dialog
        seen["cancel"] = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).text()
        dialog.password.setText(password)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        if give_up_after_refusal:
            QTimer.singleShot(20, cancel_when_refused)

    def cancel_when_refused() -> None:
        dialog = seen["dialog"]
        if not dialog.buttons.isEnabled():
            QTimer.singleShot(20, cancel_when_refused)
            return
        seen["message"] = dialog.message.text()
        dialog.reject()

    QTimer.singleShot(0, type_password)
    return seen


def household_count(qtbot, window) -> str:
    qtbot.waitUntil(lambda: "户" in window.households.count.text() and "正在" not in window.households.count.text(),
                    timeout=20000)
    return window.households.count.text()


def test_switching_shows_the_other_databases_households_and_its_own_last_sync(
        qtbot, demo_ctx, other_database: Path, ui_app) -> None:
    settings = Settings(database=str(demo_ctx.db.location))
    session = Session(demo_ctx, settings)
    first = session.window
    assert "120" in household_count(qtbot, first)
    assert first.sync_label.text() == "上次同步：从未同步"

    seen = answer_unlock(PASSWORD)
    assert session.switch(str(other_database))
    assert seen["cancel"] == "取消"  # not 退出: the open database stays if the user changes their mind
    window = session.window
    qtbot.addWidget(window)
    assert window is not first and window.ctx is session.ctx is not demo_ctx
    assert f"共 {OTHER_HOUSEHOLDS} 户" in household_count(qtbot, window)
    local = datetime(2026, 11, 20, 8, 30, tzinfo=UTC).astimezone().strftime("%Y-%m-%d %H:%M")
    assert window.sync_label.text() == f"上次同步：{local}"
    qtbot.waitUntil(lambda: not shiboken6.isValid(first))  # the old window is gone, not just hidden
    # The menu's choice is remembered, and heads the recent list; the database just left is offered back.
    stored = Settings.load()
    assert stored.database == str(other_database)
    assert stored.recent_databases[0] == str(other_database.resolve())
    settings.note_opened(demo_ctx.db.location)
    window._fill_recent()
    assert [action.text() for action in window.recent_menu.actions()] == ["demo.db"]
    session.close()


def test_a_wrong_password_keeps_the_open_database(qtbot, demo_ctx, other_database: Path, ui_app) -> None:
    session = Session(demo_ctx, Settings(database=str(demo_ctx.db.location)))
    qtbot.addWidget(session.window)
    window = session.window
    seen = answer_unlock("不是这个密码", give_up_after_refusal=True)
    assert not session.switch(str(other_database))
    assert "密码不对" in seen["message"]
    assert session.window is window and session.ctx is demo_ctx
    assert "120" in household_count(qtbot, window)
    window.households.refresh()  # the database is still open and readable
    assert "120" in household_count(qtbot, window)
    assert Settings.load().database != str(other_database)


def test_recent_databases_keep_five_without_passwords() -> None:
    settings = Settings()
    for n in range(RECENT_DATABASES + 2):
        settings.note_opened(f"/data/{n}.db")
    settings.note_opened("postgresql://fangpin:secret@county-server/fangpin")
    settings.note_opened("/data/6.db")
    settings.save()
    recent = Settings.load().recent_databases
    assert len(recent) == RECENT_DATABASES
    assert recent[:2] == [str(Path("/data/6.db").resolve()), "postgresql://fangpin@county-server/fangpin"]
    assert not any("secret" in entry for entry in recent)


@pytest.mark.parametrize("remember", [False, True])
def test_open_with_db_leaves_the_default_unless_remembered(monkeypatch, tmp_path: Path, ui_app,
                                                           remember: bool) -> None:
    import app.ui.app as app_module
    from app.cli import main

    Settings(database=str(tmp_path / "usual.db")).save()
    opened: list[str | None] = []
    monkeypatch.setattr(app_module, "open_session", lambda _settings, location: opened.append(location))
    other = str(tmp_path / "other.db")
    assert main(["open", "--db", other, *(["--remember"] if remember else [])]) == 0
    assert opened == [other]  # X is what opens …
    expected = other if remember else str(tmp_path / "usual.db")
    assert Settings.load().database == expected  # … and becomes the default only when asked


def test_opening_the_open_database_again_changes_nothing(qtbot, demo_ctx, monkeypatch, ui_app) -> None:
    session = Session(demo_ctx, Settings(database=str(demo_ctx.db.location)))
    qtbot.addWidget(session.window)
    asked: list[UnlockDialog] = []
    monkeypatch.setattr(UnlockDialog, "exec", lambda dialog: asked.append(dialog) or 0)
    window = session.window
    assert not session.switch(str(demo_ctx.db.location))
    assert not asked and session.window is window and session.ctx is demo_ctx
