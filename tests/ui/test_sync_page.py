"""The 同步 page: enrolling through its buttons, a bundle up, refused changes and conflicts shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from app.services.households import HouseholdService
from app.services.search import SearchService
from app.services.sync import SyncService
from app.ui import tasks
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

    # Export through the page: a file dialog, then a progress dialog following the stages.
    stages: list[str] = []
    real_staged = tasks.staged
    monkeypatch.setattr(tasks, "staged", lambda progress: real_staged(
        lambda done, total, what="": (stages.append(what), progress(done, total, what))))
    files.append(tmp_path / "页面导出.fpb")
    worker_page.export_bundle()
    qtbot.waitUntil(lambda: "已导出第 1 号同步包" in worker_page.result.text(), timeout=20000)
    assert (tmp_path / "页面导出.fpb").stat().st_size > 0
    assert stages[0] == "正在读取变更……" and stages[-1] == "正在写入文件……" and "正在压缩和加密……" in stages
    township_page.import_path(tmp_path / "页面导出.fpb")
    qtbot.waitUntil(lambda: "第 1 号同步包" in township_page.result.text(), timeout=20000)

    poor_household(worker, people, name="赵同步")
    outside = _forge_outside_household(worker)
    bundle = SyncService(worker).export("up", tmp_path / "1.fpb").path
    township_page.import_path(bundle)
    qtbot.waitUntil(lambda: "第 2 号同步包" in township_page.result.text(), timeout=20000)
    assert "未采用" in township_page.result.text()
    assert township_page.quarantine_model.rowCount() == 1
    assert "不在该设备的工作范围内" in township_page.quarantine_model.item(0, 5).text()
    assert township_page.quarantine_model.item(0, 6).text() == "待处理"
    # Reviewed at the station: the household of the township's other village is taken on.
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *_a, **_k: QMessageBox.StandardButton.Yes))
    assert not township_page.release_button.isEnabled()  # nothing chosen yet
    township_page.quarantine_view.selectRow(0)
    assert "head_name：外村户" in township_page.refused_detail.text()  # what is being reviewed
    township_page.release_button.click()
    assert township_page.quarantine_model.item(0, 6).text().startswith("已采用"), messages.texts()
    township_page.quarantine_view.selectRow(0)
    assert not township_page.release_button.isEnabled() and not township_page.discard_button.isEnabled()
    township_page.tabs.setCurrentIndex(1)
    township_page.resize(1100, 600)
    township_page.grab().save(str(tmp_path / "refused.png"))
    township_page.tabs.setCurrentIndex(0)
    assert HouseholdService(township).get(outside).household.head_name == "外村户"
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
    HouseholdService(worker).update(household_id, {"phone": "13500000000"})
    SyncService(township).import_file(SyncService(worker).export("up", tmp_path / "base.fpb").path)
    HouseholdService(worker).update(household_id, {"phone": "13800000001"})
    HouseholdService(township).update(household_id, {"phone": "13900000002"})
    township_page.import_path(SyncService(worker).export("up", tmp_path / "2.fpb").path)
    qtbot.waitUntil(lambda: township_page.conflict_model.rowCount() == 1, timeout=20000)
    township_page.conflict_view.selectRow(0)
    # Side by side: the base both edits were made on, the value kept and the other, who and when.
    headers = [township_page.conflict_model.horizontalHeaderItem(c).text()
               for c in range(township_page.conflict_model.columnCount())]
    row = {header: township_page.conflict_model.item(0, c).text() for c, header in enumerate(headers)}
    assert (row["原值（分歧前）"], row["现在的值"], row["另一个值"]) == ("13500000000", "13900000002", "13800000001")
    assert "赵同步户" in row["农户"]
    sides = township_page.conflict_sides
    assert sides["base"].text().startswith("13500000000")
    assert sides["kept"].text().startswith("13900000002") and township.actor.user_name in sides["kept"].text()
    assert sides["other"].text().startswith("13800000001") and worker.actor.user_name in sides["other"].text()
    assert "时间：" in sides["other"].text() and "赵同步户" in township_page.conflict_context.text()
    assert township_page.conflict_buttons["base"].isEnabled()
    township_page.resize(1100, 760)
    township_page.grab().save(str(tmp_path / "conflicts.png"))
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
    EnrollmentService(worker).complete(tmp_path / "a.fpe",
                                       EnrollmentService(worker).check_reply(tmp_path / "a.fpe").safety_number)
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



def test_a_conflicts_household_opens_from_the_main_window_and_back(qtbot, open_copy, ui_app, messages,
                                                                   people) -> None:
    from app.ui.main_window import MainWindow
    from app.ui.settings import Settings
    from tests.sync.test_merge import concurrent_phone_edits

    _worker, township, household = concurrent_phone_edits(open_copy, people)
    window = MainWindow(township, Settings(database=township.db.location))
    qtbot.addWidget(window)
    window.show()
    sync_row = next(row for row, (title, _page) in enumerate(window.pages) if title == "同步")
    window.navigation.setCurrentRow(sync_row)
    page = window.sync
    assert page.conflict_model.rowCount() == 1 and page.selected_conflict() is not None
    page.household_button.click()
    assert window.stack.currentWidget() is window.household
    assert window.household.household_id == household.id
    window.household.back.emit()
    assert window.stack.currentWidget() is window.sync_holder
