"""预警 → 导入部门数据: the dialog reads a department's list off the UI thread and shows what it found."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from app.services.households import HouseholdService
from app.store.models import RiskWarning
from app.ui.dialogs.dept_import_dialog import DeptImportDialog
from app.ui.pages.warnings import WarningsPage
from tests.conftest import VILLAGE, People
from tests.national.test_department_import import county_template, education_list


def test_a_department_list_from_the_warnings_page(qtbot, demo_ctx, ui_app, messages, tmp_path, monkeypatch) -> None:
    people = People()
    people.counter = 900  # clear of the demo's ID numbers
    student = people.member("刘欣然", "之女", birth=date(2006, 3, 1), male=False, school_stage="本科二年级")
    household = HouseholdService(demo_ctx).create({"village_code": VILLAGE, "household_type": "一般农户"},
                                                  [people.member("刘建军", birth=date(1975, 1, 1)), student])
    seen: list[DeptImportDialog] = []

    def exec_(dialog: DeptImportDialog) -> int:
        seen.append(dialog)
        dialog.submit()
        assert "请选择部门名单文件" in dialog.message.text()
        dialog.source.setCurrentText("教育")
        dialog.file.setText(str(education_list(tmp_path, student, people)))
        dialog.template.setText(str(county_template(tmp_path, 5000)))
        dialog.submit()
        qtbot.waitUntil(lambda: dialog.result_ is not None, timeout=20000)
        return 1

    monkeypatch.setattr(DeptImportDialog, "exec", exec_)
    page = WarningsPage(demo_ctx)
    qtbot.addWidget(page)
    page.import_department_list()
    text = seen[0].summary.toPlainText()
    assert "更新 1 人" in text and "未匹配 1 人" in text and "王小明" in text
    with demo_ctx.db.read() as session:
        warning = session.scalars(select(RiskWarning).where(RiskWarning.household_id == household.id,
                                                            RiskWarning.rule == "dept_education")).one()
    assert warning.id in page.households  # the page shows it after the import
