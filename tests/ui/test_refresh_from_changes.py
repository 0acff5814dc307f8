"""Screens update from what a use case changed: the rows of the households it touched, nothing else.

Each unit of work says which households, cases and warnings it changed; the lists redraw those
rows (read again one household at a time) instead of resetting and reloading the whole list.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QDialogButtonBox

from app.domain.procedure import STAGE_LABELS, Stage
from app.domain.warnings import HANDLED, OPEN
from app.services.cases import CaseService
from app.services.drafts import DraftService
from app.services.forms import FormService
from app.services.households import HouseholdService
from app.services.warnings import WarningService
from app.ui import tasks
from app.ui.dialogs.visit_dialog import VisitDialog
from app.ui.main_window import MainWindow
from app.ui.models.household_table import COLUMNS
from app.ui.settings import Settings
from tests.conftest import TODAY

NEXT_VISIT = date(2026, 12, 20)


@pytest.fixture
def window(qtbot: Any, demo_ctx: Any, ui_app: Any, messages: Any) -> MainWindow:
    main = MainWindow(demo_ctx, Settings(database=demo_ctx.db.location))
    qtbot.addWidget(main)
    main.show()
    return main


class Redraws:
    """What a model announced: resets, and the rows whose data changed or that were removed."""

    def __init__(self, model: Any) -> None:
        self.resets = 0
        self.rows: set[int] = set()
        self.removed: list[int] = []
        model.modelAboutToBeReset.connect(self._reset)
        model.dataChanged.connect(lambda top, bottom, *_: self.rows.update(range(top.row(), bottom.row() + 1)))
        model.rowsAboutToBeRemoved.connect(lambda _parent, first, last: self.removed.extend(range(first, last + 1)))

    def _reset(self) -> None:
        self.resets += 1


def _record_visit(qtbot: Any, window: MainWindow, ctx: Any, household_id: str) -> None:
    """The visit form filled in and saved through the visit dialog, as a grid worker does."""
    detail = HouseholdService(ctx).get(household_id)
    first = VisitDialog(ctx, detail, window)
    qtbot.addWidget(first)
    members = first.view.raw_answers()["member"]
    first.reject()
    answers = {
        "visit_date": TODAY.isoformat(), "present": "head grid_worker", "family_change": "none",
        "member": [row | {"member_health": "healthy"} for row in members],
        "income_wage": "3000", "income_transfer": "600", "business_expense": "0", "expense": [],
        "food": "yes", "clothing": "yes", "compulsory_education": "yes", "basic_medical": "yes",
        "housing_safe": "yes", "water_safe": "yes", "risks": "none", "needs": "", "measures": "",
        "next_visit": NEXT_VISIT.isoformat()}
    DraftService(ctx).save(household_id, "visit", FormService(ctx).load("visit").version, answers)
    dialog = VisitDialog(ctx, detail, window)
    qtbot.addWidget(dialog)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.recorded is not None, [p.message for p in dialog.view.problems()] or dialog.message.text()


def test_a_visit_redraws_only_its_household_row(qtbot: Any, window: MainWindow, demo_ctx: Any,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    page = window.households
    model = page.model
    qtbot.waitUntil(lambda: model.rowCount() > 0)
    number = next(n for n, row in enumerate(model.rows)
                  if row.next_visit_due is not None and row.next_visit_due < TODAY)
    household_id, others = model.rows[number].id, list(model.rows)
    read: list[list[str]] = []
    rows_of = model.listing.rows
    monkeypatch.setattr(model.listing, "rows", lambda ids: read.append(list(ids)) or rows_of(ids))
    redraws = Redraws(model)

    window.open_household(household_id)
    _record_visit(qtbot, window, demo_ctx, household_id)

    assert redraws.resets == 0 and redraws.removed == []
    assert redraws.rows == {number} and read == [[household_id]]
    due = model.index(number, [name for name, _ in COLUMNS].index("next_visit_due"))
    assert due.data() == NEXT_VISIT.isoformat()
    assert model.rows[:number] + model.rows[number + 1:] == others[:number] + others[number + 1:]
    window.household.back.emit()  # back to the list: as it is, not read again
    assert window.stack.currentWidget() is page and redraws.resets == 0
    assert model.index(number, 0).data() == others[number].village_name


def test_a_visited_household_leaves_the_due_list_without_a_reload(qtbot: Any, window: MainWindow,
                                                                  demo_ctx: Any) -> None:
    window.navigation.setCurrentRow(1)  # 走访: the visits due this month
    page = window.visits
    page.mine_only.setChecked(False)
    keys = [page._key(n) for n in range(page.model.rowCount())]
    household_id = keys[0]
    redraws = Redraws(page.model)
    _record_visit(qtbot, window, demo_ctx, household_id)
    assert redraws.resets == 0 and redraws.removed == [0]
    assert [page._key(n) for n in range(page.model.rowCount())] == keys[1:]
    assert page.count.text() == f"共 {len(keys) - 1} 条"


def test_a_handled_warning_updates_its_household_rows_only(qtbot: Any, window: MainWindow, demo_ctx: Any) -> None:
    window.navigation.setCurrentRow(4)  # 预警
    page = window.warnings
    page.show_all.setChecked(True)  # handled warnings stay listed, with their new state

    def shown() -> dict[str, str]:
        return {page._key(n): page.model.index(n, 6).data() for n in range(page.model.rowCount())}

    before = shown()
    warning_id = next(key for key, status in before.items() if status == OPEN)
    household = page.households[warning_id]
    redraws = Redraws(page.model)
    WarningService(demo_ctx).handle(warning_id, note="已入户核实，落实临时救助。")
    after = shown()
    assert redraws.resets == 0 and after[warning_id] == HANDLED
    assert set(after) == set(before)
    # Rows of other households were neither removed nor redrawn: only this household's were replaced.
    theirs = {n for n in range(page.model.rowCount()) if page.households[page._key(n)] == household}
    assert set(redraws.removed) <= theirs and after == before | {warning_id: HANDLED}


def test_a_step_taken_updates_its_case_row_only(qtbot: Any, window: MainWindow, demo_ctx: Any) -> None:
    window.navigation.setCurrentRow(2)  # 监测对象
    page = window.cases
    page.stage.setCurrentIndex(page.stage.findData(None))  # 全部: every open case

    def shown() -> dict[str, str]:
        return {page._key(n): page.model.index(n, 5).data() for n in range(page.model.rowCount())}

    before = shown()
    case_id = next(key for key in before if page.rows[key].stage == Stage.PROPOSED)
    redraws = Redraws(page.model)
    CaseService(demo_ctx).take_step(case_id, Stage.VERIFIED, on=TODAY)
    assert redraws.resets == 0
    assert shown() == before | {case_id: STAGE_LABELS[Stage.VERIFIED]}
    assert page.rows[case_id].stage == Stage.VERIFIED


def test_a_change_made_on_a_worker_thread_reaches_the_list_on_the_ui_thread(qtbot: Any, window: MainWindow,
                                                                          demo_ctx: Any) -> None:
    model = window.households.model
    qtbot.waitUntil(lambda: model.rowCount() > 3)
    household_id = model.rows[3].id
    redraws = Redraws(model)
    ui_thread = QThread.currentThread()
    threads: list[QThread] = []
    model.dataChanged.connect(lambda *_: threads.append(QThread.currentThread()))
    failed: list[BaseException] = []
    service = HouseholdService(demo_ctx)
    tasks.start(lambda _progress, _cancelled: service.update(household_id, {"group_name": "新编9组"}),
                lambda _result: None, failed.append)
    qtbot.waitUntil(lambda: model.rows[3].group_name == "新编9组")
    assert failed == [] and redraws.rows == {3} and redraws.resets == 0 and threads == [ui_thread]
