"""Starting the application: the first-run wizard, then unlocking with the password."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QWizard

from app.domain.procedure import Role
from app.ui.first_run import FirstRunWizard
from app.ui.unlock import UnlockDialog
from tests.conftest import PASSWORD


def _finish(qtbot, wizard: FirstRunWizard) -> None:
    wizard.button(QWizard.WizardButton.FinishButton).click()
    qtbot.waitUntil(lambda: wizard.ctx is not None, timeout=20000)


def test_first_run_sets_up_a_worker_database(qtbot, tmp_path: Path, ui_app) -> None:
    database = tmp_path / "new" / "fangpin.db"
    wizard = FirstRunWizard(database)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.start_page.real.setChecked(True)
    wizard.next()
    assert wizard.currentId() == FirstRunWizard.SCOPE_PAGE
    scope = wizard.scope_page
    scope.role.setCurrentIndex(scope.role.findData(Role.WORKER))
    scope.village.setCurrentIndex(1)
    role, code = scope.scope()
    assert role is Role.WORKER and len(code) == 12
    wizard.next()
    user = wizard.user_page
    user.user.insert("李娜")
    qtbot.keyClicks(user.password, "123")
    assert wizard.currentId() == FirstRunWizard.USER_PAGE
    assert not user.validatePage() and "至少" in user.problem.text()
    user.password.setText("secret-1")
    user.repeat.setText("secret-2")
    assert not user.validatePage() and "不一样" in user.problem.text()
    user.repeat.setText("secret-1")
    _finish(qtbot, wizard)
    ctx = wizard.ctx
    assert ctx.actor.user_name == "李娜" and ctx.actor.role == "worker"
    assert ctx.scope_code == code and database.exists()
    ctx.db.close()


def test_unlock_refuses_a_wrong_password_then_opens(qtbot, demo_ctx, ui_app) -> None:
    path = Path(demo_ctx.db.location)
    dialog = UnlockDialog(path)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.password, "wrong-password")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "密码不对" in dialog.message.text(), timeout=20000)
    assert dialog.ctx is None and dialog.isVisible()
    dialog.password.setText(PASSWORD)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: dialog.ctx is not None, timeout=20000)
    assert dialog.result() == dialog.DialogCode.Accepted
    dialog.ctx.db.close()


def test_first_run_with_demo_data_then_the_unlock_hint(qtbot, tmp_path: Path, ui_app, monkeypatch) -> None:
    import app.ui.first_run as first_run
    from app.ui.app import open_session
    from app.ui.settings import Settings

    monkeypatch.setattr(first_run, "DEMO_HOUSEHOLDS", 40)
    settings = Settings(database=str(tmp_path / "fangpin.db"))
    wizard = FirstRunWizard(Path(settings.database))
    qtbot.addWidget(wizard)
    wizard.show()
    assert wizard.start_page.demo.isChecked()  # trying it out is one click away
    wizard.next()
    assert wizard.currentId() == FirstRunWizard.DEMO_PAGE
    _finish(qtbot, wizard)
    from app.services.stats import StatsService

    assert StatsService(wizard.ctx).overview().households == 40
    wizard.ctx.db.close()

    shown: list[UnlockDialog] = []
    settings.demo_database = True
    monkeypatch.setattr(UnlockDialog, "exec", lambda dialog: shown.append(dialog) or 0)
    assert open_session(settings) is None  # the user closed the unlock dialog
    assert "demo" in shown[0].message.text()
