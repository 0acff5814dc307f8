"""The first-run wizard validates every page before it writes anything, and a worker picks her own village."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QWizard

from app.domain.errors import UserFacingError
from app.domain.procedure import Role
from app.services.setup import initialize, open_context
from app.ui.first_run import FirstRunWizard


def _to_user_page(qtbot, database: Path, role: Role) -> FirstRunWizard:
    wizard = FirstRunWizard(database)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.start_page.real.setChecked(True)
    wizard.next()
    scope = wizard.scope_page
    scope.role.setCurrentIndex(scope.role.findData(role))
    return wizard


def test_a_worker_chooses_her_village_and_gets_that_scope(qtbot, tmp_path: Path, ui_app) -> None:
    database = tmp_path / "worker.db"
    wizard = _to_user_page(qtbot, database, Role.WORKER)
    scope = wizard.scope_page
    assert scope.village.isEnabled() and scope.township.isEnabled()
    scope.village.setCurrentIndex(3)
    chosen = scope.village.currentData()
    wizard.next()
    wizard.user_page.user.setText("李娜")
    wizard.user_page.password.setText("secret-1")
    wizard.user_page.repeat.setText("secret-1")
    wizard.button(QWizard.WizardButton.FinishButton).click()
    qtbot.waitUntil(lambda: wizard.ctx is not None, timeout=20000)
    assert wizard.ctx.scope_code == chosen != scope.village.itemData(0)
    wizard.ctx.db.close()


@pytest.mark.parametrize("role", [Role.TOWNSHIP, Role.COUNTY])
def test_only_a_worker_chooses_a_village(qtbot, tmp_path: Path, ui_app, role: Role) -> None:
    wizard = _to_user_page(qtbot, tmp_path / "x.db", role)
    assert not wizard.scope_page.village.isEnabled()
    assert wizard.scope_page.township.isEnabled() is (role is Role.TOWNSHIP)


@pytest.mark.parametrize(("password", "repeat", "message"), [
    ("abc", "abc", "至少 6 位"),
    ("aaaaaaaa", "aaaaaaaa", "同一个字符"),
    ("secret-1", "secret-2", "不一样"),
])
def test_finish_with_a_bad_password_writes_nothing(qtbot, tmp_path: Path, ui_app, password: str, repeat: str,
                                                   message: str) -> None:
    database = tmp_path / "new" / "fangpin.db"
    wizard = _to_user_page(qtbot, database, Role.TOWNSHIP)
    wizard.next()
    user = wizard.user_page
    user.user.setText("李站长")
    qtbot.keyClicks(user.password, password)
    qtbot.keyClicks(user.repeat, repeat)
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert message in user.problem.text()
    assert wizard.ctx is None and wizard.isVisible() and not database.exists()
    # corrected, Finish creates the database with the corrected password only
    user.password.setText("secret-1")
    user.repeat.setText("secret-1")
    wizard.button(QWizard.WizardButton.FinishButton).click()
    qtbot.waitUntil(lambda: wizard.ctx is not None, timeout=20000)
    wizard.ctx.db.close()
    open_context(database, "secret-1").db.close()


def test_a_wizard_cancelled_leaves_nothing(qtbot, tmp_path: Path, ui_app) -> None:
    database = tmp_path / "new" / "fangpin.db"
    wizard = _to_user_page(qtbot, database, Role.COUNTY)
    wizard.next()
    wizard.user_page.user.setText("王主任")
    wizard.user_page.password.setText("secret-1")
    wizard.reject()
    assert not database.exists() and not database.parent.exists()


@pytest.mark.parametrize("password", ["ab", "111111"])
def test_init_refuses_a_weak_password_and_leaves_no_file(tmp_path: Path, password: str) -> None:
    path = tmp_path / "weak.db"
    with pytest.raises(UserFacingError, match="密码"):
        initialize(path, password, role="township", division="131122100", user_name="李站长")
    assert list(tmp_path.iterdir()) == []


def test_a_failed_setup_removes_the_half_made_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.db"
    with pytest.raises(UserFacingError):
        initialize(path, "secret-1", role="township", division="131122999", user_name="李站长")
    assert list(tmp_path.iterdir()) == []
