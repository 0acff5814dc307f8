"""Screenshots of every main screen from demo data, at 1366×768 (the usual laptop screen).

    make screenshots      (or: QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/make_screenshots.py)

Writes docs/screenshots/*.png. The demo database lives in a temporary folder and is thrown away.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

TODAY = date(2026, 11, 23)
SIZE = (1366, 768)


def save(widget: QWidget, name: str) -> None:
    QApplication.processEvents()
    widget.grab().save(str(HERE / f"{name}.png"))
    print(HERE / f"{name}.png")


def lock_over_dialog(window: QWidget, dialog: QWidget) -> None:
    """The lock over an open visit form: every window covered, only the password prompt readable.

    Offscreen windows are grabbed one by one, so they are drawn together here as the screen shows them."""
    from PySide6.QtGui import QColor, QPainter

    from app.ui.idle_lock import ScreenLock
    from app.ui.unlock import UnlockDialog

    prompt = UnlockDialog(Path(window.ctx.db.location), parent=window, locked_user=window.ctx.actor.user_name)
    screen = ScreenLock(prompt)
    dialog.show()
    screen.cover()
    prompt.show()
    QApplication.processEvents()
    picture = window.grab()
    painter = QPainter(picture)
    for shown in (dialog, prompt):
        image = shown.grab()
        left, top = (picture.width() - image.width()) // 2, (picture.height() - image.height()) // 2
        painter.drawPixmap(left, top, image)
        painter.setPen(QColor("#9aa5b1"))  # the window's edge, as the desktop draws it
        painter.drawRect(left - 1, top - 1, image.width() + 1, image.height() + 1)
    painter.end()
    picture.save(str(HERE / "lock_over_dialog.png"))
    print(HERE / "lock_over_dialog.png")
    prompt.close()
    screen.uncover()
    dialog.close()


def import_wizard(ctx: object, folder: Path, parent: QWidget) -> None:
    """The Excel import wizard on a small messy roster: the mapping step and the dry run."""
    from openpyxl import Workbook

    from app.domain.idnumber import make_id_number
    from app.ui.excel_import import ExcelImportWizard

    path = folder / "花名册.xlsx"
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "花名册"
    sheet.append(["姚集村2025年监测户花名册"])
    sheet.append(["序号", "户主", "成员姓名", "证件号码", "关系", "组别", "联系电话"])
    sheet.append([1, "邵表格", "邵表格", make_id_number("131122", date(1972, 4, 5), 611), "本人", "3组", "13803181234"])
    sheet.append([2, "", "邵小妹", make_id_number("131122", date(2001, 2, 3), 622), "女儿", "", ""])
    sheet.append([3, "孔错号", "孔错号", float(make_id_number("131122", date(1975, 6, 7), 613)[:-1] + "1"), "户主",
                  "4组", ""])
    workbook.save(path)
    wizard = ExcelImportWizard(ctx, parent)  # type: ignore[arg-type]
    wizard.show()
    wizard.file_page.path.setText(str(path))
    wizard.file_page.village.setCurrentIndex(1)
    wizard.source = wizard.service.open(path)
    wizard.mapping = wizard.service.guess_mapping(wizard.source)
    wizard.move_on()
    save(wizard, "import_mapping")
    wizard.preview = wizard.service.dry_run(wizard.source, wizard.mapping, village=wizard.village)
    wizard.move_on()
    save(wizard, "import_dry_run")
    wizard.close()


def make_report(page: QWidget) -> None:
    """The county's report for October, computed as a user would: choose, press 生成, wait."""
    from app.ui import tasks

    page.kind.setCurrentIndex(0)
    page.year.setValue(2026)
    page.part.setCurrentIndex(page.part.findData("10"))
    shown = page.report
    page.make_button.click()
    while page.report is shown or not page.make_button.isEnabled():
        tasks.wait_all(50)
        QApplication.processEvents()


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        # Settings and drafts go to the temporary folder, never the user's profile.
        for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
            os.environ[variable] = str(Path(folder) / variable.lower())
        from app.domain.procedure import Stage
        from app.services.cases import CaseService
        from app.services.demo import create_demo_database
        from app.services.divisions import DivisionService
        from app.services.households import HouseholdService
        from app.services.listing import CaseListing, HouseholdFilter, HouseholdListing
        from app.ui.app import application
        from app.ui.dialogs.case_dialogs import ProposeDialog
        from app.ui.dialogs.member_dialog import MemberDialog
        from app.ui.dialogs.new_household import NewHouseholdDialog
        from app.ui.dialogs.review_dialog import ReviewDialog
        from app.ui.dialogs.visit_dialog import VisitDialog
        from app.ui.first_run import FirstRunWizard
        from app.ui.main_window import MainWindow
        from app.ui.settings import Settings
        from app.ui.unlock import UnlockDialog

        application()
        database = Path(folder) / "demo.db"
        wizard = FirstRunWizard(database)
        wizard.show()
        save(wizard, "first_run")
        wizard.close()
        ctx = create_demo_database(database, "demo", households=600, seed=3, today=lambda: TODAY)
        ctx.today = lambda: TODAY
        unlock = UnlockDialog(database, "这是演示数据库，密码是“demo”。")
        unlock.show()
        save(unlock, "unlock")
        unlock.close()

        window = MainWindow(ctx, Settings(database=str(database)))
        window.resize(*SIZE)
        window.show()
        for row, name in enumerate(("households", "visits", "cases", "assistance", "warnings", "sync",
                                    "printing", "stats", "reports", "policy")):
            window.navigation.setCurrentRow(row)
            if name == "reports":
                make_report(window.reports)
                for tab in range(1, window.reports.tabs.count()):
                    if not window.reports.tabs.isTabVisible(tab):
                        continue
                    window.reports.tabs.setCurrentIndex(tab)
                    save(window, f"reports_{tab}")
                window.reports.tabs.setCurrentIndex(0)
            save(window, name)
        window.navigation.setCurrentRow(0)
        window.households.search.setText("zh")
        window.households.refresh()
        save(window, "households_search")
        window.households.search.clear()

        listing = HouseholdListing(ctx)
        monitored = next(r.id for r in listing.page(HouseholdFilter(), size=600) if r.stage == "已县级审定")
        window.open_household(monitored)
        for index, name in enumerate(("basic", "income", "visits", "case", "assistance", "measures", "warnings")):
            window.household.tabs.setCurrentIndex(index)
            save(window, f"household_{name}")

        detail = HouseholdService(ctx).get(monitored)
        dialogs: list[tuple[QWidget, str]] = [
            (NewHouseholdDialog(HouseholdService(ctx), DivisionService(ctx).villages(), window, TODAY),
             "new_household"),
            (MemberDialog(lambda values: None, parent=window, today=TODAY), "member"),
            (VisitDialog(ctx, detail, window), "visit"),
            (ProposeDialog(window.household.case.service, listing.page(HouseholdFilter())[0].id, parent=window),
             "propose"),
        ]
        posted = next(row for row in CaseListing(ctx).cases() if row.stage == Stage.POSTED)
        dialogs.append((ReviewDialog(CaseService(ctx), posted.case_id, posted.household_id, Stage.TOWNSHIP_REVIEWED,
                                     TODAY, window), "review"))
        for dialog, name in dialogs:
            dialog.show()
            save(dialog, f"dialog_{name}")
            dialog.close()
        lock_over_dialog(window, VisitDialog(ctx, detail, window))
        import_wizard(ctx, Path(folder), window)
        window.close()
        ctx.db.close()


if __name__ == "__main__":
    main()
