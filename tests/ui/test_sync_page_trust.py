"""The 同步 page for issue 17: fingerprints at enrollment, each peer's state, revoking a device."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QInputDialog

from app.services.sync import SyncService
from app.ui.pages.sync_page import SyncPage
from tests.conftest import PASSWORD, VILLAGE
from tests.services.helpers import poor_household
from tests.sync.test_scope_and_quarantine import _forge_outside_household

NUMBER = r"(?:\d{5} ){5}\d{5}"


@pytest.fixture
def files(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    queue: list[Path] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(queue.pop(0)), "")))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(queue.pop(0)), "")))
    return queue


def cell(page: SyncPage, row: int, header: str) -> str:
    model = page.peers_model
    column = next(c for c in range(model.columnCount()) if model.horizontalHeaderItem(c).text() == header)
    return model.item(row, column).text()


def test_fingerprints_peer_state_and_revoking_on_the_page(qtbot, open_copy, ui_app, messages, files, tmp_path,
                                                          monkeypatch, people) -> None:
    worker, township = open_copy("worker"), open_copy("township")
    worker_page, township_page = SyncPage(worker), SyncPage(township)
    for page in (worker_page, township_page):
        qtbot.addWidget(page)
        page.refresh()

    files.append(tmp_path / "申请.fpe")
    worker_page.request_enrollment()
    own = re.search(r"本机指纹：(\d{5} \d{5} \d{5})", worker_page.enrollment_result.text()).group(1)
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(
        lambda _parent, _title, _label, labels, *_args: (next(label for label in labels if VILLAGE in label), True)))
    files[:] = [tmp_path / "申请.fpe", tmp_path / "回执.fpe"]
    township_page.accept_enrollment()
    number = re.search(f"指纹：({NUMBER})", township_page.enrollment_result.text()).group(1)
    assert own in number

    # The worker is shown the same number and asked; saying no leaves her unenrolled.
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *_args, **_kwargs: (PASSWORD, True)))
    messages.confirm = False
    files.append(tmp_path / "回执.fpe")
    worker_page.complete_enrollment()
    assert number in messages.shown[-1][1] and "没有登记" in worker_page.enrollment_result.text()
    assert not worker_page.export_button.isEnabled()
    messages.confirm = True
    files.append(tmp_path / "回执.fpe")
    worker_page.complete_enrollment()
    assert "登记完成" in worker_page.enrollment_result.text(), messages.texts()

    # Each peer's state: what waits to be sent, the last bundles in and out, what is missing and
    # what waits for review, with its reason; the page refreshes when an export finishes.
    poor_household(worker, people)
    assert int(cell(worker_page, 0, "待发送的修改")) > 0 and cell(worker_page, 0, "最近发出") == "—"
    files.append(tmp_path / "up.fpb")
    worker_page.export_bundle()
    qtbot.waitUntil(lambda: cell(worker_page, 0, "最近发出") == "第 1 号", timeout=20000)
    SyncService(worker).export("up", tmp_path / "lost.fpb")  # bundle 2 never arrives
    _forge_outside_household(worker)
    township_page.import_path(SyncService(worker).export("up", tmp_path / "3.fpb").path)
    qtbot.waitUntil(lambda: "第 3 号同步包" in township_page.result.text(), timeout=20000)
    assert cell(township_page, 0, "最近收到") == "第 3 号"
    assert cell(township_page, 0, "缺少的同步包") == "第 1 号、第 2 号"
    assert re.fullmatch(r"1 项：记录所在的村 \d+ 不在该设备的工作范围内（1）", cell(township_page, 0, "待审核的修改"))
    assert int(cell(township_page, 0, "待发送的修改")) > 0  # the worker has not acknowledged the station's own rows
    assert cell(township_page, 0, "状态") == "正常"

    # Revoking the selected device: asked why and to confirm; the table says so and nothing more goes to it.
    township_page.peers_view.selectRow(0)
    messages.answers = ["笔记本电脑丢失"]
    township_page.revoke_button.click()
    assert "已吊销设备" in township_page.enrollment_result.text(), messages.texts()
    assert cell(township_page, 0, "状态") == "已吊销"
    assert township_page.peer.findData(worker.db.device.id) == -1
    assert not township_page.export_button.isEnabled()
