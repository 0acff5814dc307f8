"""The 同步 page: enrolling through its buttons, a bundle up, refused changes and conflicts shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QInputDialog

from app.services.households import HouseholdService
from app.services.search import SearchService
from app.services.sync import SyncService
from app.ui.pages.sync_page import SyncPage
from tests.conftest import PASSWORD, VILLAGE
from tests.services.helpers import poor_household
from tests.sync.test_scope_and_quarantine import _forge_outside_household


@pytest.fixture
def files(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The next paths the file dialogs return, in order."""
    queue: list[Path] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(queue.pop(0)), "")))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(queue.pop(0)), "")))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *_a, **_k: ([str(queue.pop(0))], "")))
    return queue


def test_enroll_exchange_and_see_what_was_refused(qtbot, open_copy, ui_app, messages, files, tmp_path,
                                                  monkeypatch, people) -> None:
    worker, township = open_copy("worker"), open_copy("township")
    worker_page, township_page = SyncPage(worker), SyncPage(township)
    for page in (worker_page, township_page):
        qtbot.addWidget(page)
        page.refresh()
    assert not worker_page.export_button.isEnabled()  # nobody to send to yet

    files.append(tmp_path / "申请.fpe")
    worker_page.request_enrollment()
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(
        lambda _parent, _title, _label, labels, *_args: (next(label for label in labels if VILLAGE in label), True)))
    files[:] = [tmp_path / "申请.fpe", tmp_path / "回执.fpe"]
    township_page.accept_enrollment()
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *_args, **_kwargs: (PASSWORD, True)))
    files.append(tmp_path / "回执.fpe")
    worker_page.complete_enrollment()
    assert "登记完成" in worker_page.enrollment_result.text(), messages.texts()
    assert worker_page.export_button.isEnabled()
    assert township_page.peers_model.rowCount() == 1

    poor_household(worker, people, name="赵同步")
    _forge_outside_household(worker)
    bundle = SyncService(worker).export("up", tmp_path / "1.fpb").path
    township_page.import_path(bundle)
    qtbot.waitUntil(lambda: "已导入" in township_page.result.text(), timeout=20000)
    assert "未采用" in township_page.result.text()
    assert township_page.quarantine_model.rowCount() == 1
    assert "不在该设备的工作范围内" in township_page.quarantine_model.item(0, 5).text()
    imported = township_page.peers_model.item(0, 3).text()
    assert imported != "—"  # when this worker's bundle last arrived
    assert township_page.history_model.item(0, 1).text() == "导入"

    # Several bundles at once: one is not a bundle at all, the others still import.
    junk = tmp_path / "坏包.fpb"
    junk.write_bytes(b"not a bundle")
    township_page.import_paths([junk, SyncService(worker).export("up", tmp_path / "1b.fpb").path])
    qtbot.waitUntil(lambda: "坏包.fpb" in township_page.result.text(), timeout=20000)
    assert "已导入" in township_page.result.text()

    # The same phone changed on both sides before they synced: a conflict to settle on the page.
    household_id = SearchService(worker).search("赵同步")[0].id
    HouseholdService(worker).update(household_id, {"phone": "13800000001"})
    HouseholdService(township).update(household_id, {"phone": "13900000002"})
    township_page.import_path(SyncService(worker).export("up", tmp_path / "2.fpb").path)
    qtbot.waitUntil(lambda: township_page.conflict_model.rowCount() == 1, timeout=20000)
    township_page.conflict_view.selectRow(0)
    opened: list[str] = []
    township_page.open_household.connect(opened.append)
    township_page.show_household()
    assert opened == [household_id]  # the household's context before choosing
    township_page.resolve("theirs")
    assert township_page.conflict_model.rowCount() == 0
    assert HouseholdService(township).get(household_id).household.phone == "13800000001"


def test_a_station_recovers_a_forgotten_password(qtbot, open_copy, ui_app, messages, files, tmp_path,
                                                monkeypatch) -> None:
    from app.services.enrollment import EnrollmentService
    from app.services.recovery import RecoveryService
    from app.services.setup import open_context

    worker, township = open_copy("worker"), open_copy("township")
    EnrollmentService(worker).request(tmp_path / "r.fpe")
    EnrollmentService(township).accept(tmp_path / "r.fpe", tmp_path / "a.fpe")
    EnrollmentService(worker).complete(tmp_path / "a.fpe")
    RecoveryService(worker).escrow_for_station(PASSWORD)
    SyncService(township).import_file(SyncService(worker).export("up", tmp_path / "1.fpb").path)
    location = Path(worker.db.location)
    worker.db.close()

    page = SyncPage(township)
    qtbot.addWidget(page)
    files.append(location)
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *_args, **_kwargs: ("新密码-2026", True)))
    page.recover_password()
    assert "已为" in page.enrollment_result.text(), messages.texts()
    open_context(location, "新密码-2026").db.close()

