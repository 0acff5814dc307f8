"""Screenshots for issue 21 at the screen's size: a corrected visit in the household's 走访 history, the
drafts list on the 走访 page, and moving through the visit form by section (the 目录 list, one group
per page).

Run under a real X server of each size, as small_screens.py does:

    Xvfb :99 -screen 0 1024x768x24 &
    DISPLAY=:99 QT_QPA_PLATFORM=xcb .venv/bin/python docs/screenshots/issue21_screens.py

Writes docs/screenshots/screen_<width>x<height>_{correction_history,drafts,sections_list,sections_paged}.png.
The demo database is thrown away afterwards.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from small_screens import TODAY, save_screen, settle  # noqa: E402


def visit_answers(form, detail) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """A visit as a grid worker fills it in: every member in good health, one large medical bill."""
    from app.services.form_answers import member_rows_for

    members = [row | {"member_health": "healthy"} for row in member_rows_for(form, detail.members)["member"]]
    return {
        "visit_date": "2026-11-20", "present": "head grid_worker", "family_change": "illness",
        "family_change_note": "妻子确诊糖尿病，需长期服药。", "member": members,
        "income_wage": "3000", "income_transfer": "600", "business_expense": "200",
        "expense": [{"expense_kind": "medical", "expense_amount": "18000", "expense_reimbursed": "9000"}],
        "food": "yes", "clothing": "yes", "compulsory_education": "yes", "basic_medical": "yes",
        "housing_safe": "no", "housing_safe_note": "西屋后墙开裂。", "water_safe": "yes",
        "risks": "illness housing", "needs": "希望尽快完成危房改造。", "measures": "health housing",
        "next_visit": "2026-12-20",
    }


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
            os.environ[variable] = str(Path(folder) / variable.lower())
        from app.services.demo import create_demo_database
        from app.services.drafts import DraftService, member_key
        from app.services.forms import FormService
        from app.services.households import HouseholdService
        from app.services.listing import HouseholdFilter, HouseholdListing
        from app.services.visits import VisitService
        from app.ui.app import application
        from app.ui.dialogs.visit_dialog import VisitDialog
        from app.ui.form_view.section_list import SectionListDialog
        from app.ui.main_window import MainWindow
        from app.ui.settings import Settings

        application()
        database = Path(folder) / "demo.db"
        ctx = create_demo_database(database, "demo", households=300, seed=3, today=lambda: TODAY)
        ctx.today = lambda: TODAY
        households = HouseholdService(ctx)
        listed = HouseholdListing(ctx).page(HouseholdFilter(overdue=True))
        corrected_id, *drafted = [row.id for row in listed[:4]]

        # A visit recorded with the form, then corrected: the wage was typed one digit short.
        form = FormService(ctx).load("visit")
        answers = visit_answers(form, households.get(corrected_id))
        visits = VisitService(ctx)
        first = visits.record_form(corrected_id, form, answers).visit
        visits.correct_form(first.id, form, answers | {"income_wage": "30000"}, "工资性收入少录了一个0")
        # Visits begun and left for later: the drafts the 走访 page lists.
        drafts = DraftService(ctx)
        for household_id in drafted:
            detail = households.get(household_id)
            drafts.save(household_id, form.form_id, form.version,
                        {"visit_date": "2026-11-22", "needs": "等户主回来再问。"},
                        tuple(member_key(m.id_number or "", m.name or "") for m in detail.members))

        window = MainWindow(ctx, Settings(database=str(database)))
        window.show()
        screen = window.screen().size()
        prefix = f"screen_{screen.width()}x{screen.height()}"

        window.open_household(corrected_id)
        tabs = window.household.tabs
        tabs.setCurrentWidget(window.household.visits)
        window.household.visits.table.selectRow(0)
        save_screen(window, prefix, "correction_history")

        window.navigation.setCurrentRow(next(row for row, (_title, page) in enumerate(window.pages)
                                             if page is window.visits))
        save_screen(window, prefix, "drafts")

        dialog = VisitDialog(ctx, households.get(drafted[0]), window)
        dialog.show()
        view = dialog.view
        view.field("present").set_value("head")  # type: ignore[union-attr]
        view.refresh()

        def snap_list() -> None:
            shown = QApplication.activeModalWidget()
            if not isinstance(shown, SectionListDialog):
                QTimer.singleShot(20, snap_list)
                return
            shown.list.setCurrentRow(5)
            save_screen(window, prefix, "sections_list")
            shown.reject()

        QTimer.singleShot(0, snap_list)
        view.pager.open_list()
        view.pager.set_paged(True)
        view.pager.go_to_section(1)
        view.pager.next_page()  # 家庭变化 unanswered: the page stays and says what is missing
        settle()
        save_screen(window, prefix, "sections_paged")
        dialog.done(0)
        ctx.db.close()


if __name__ == "__main__":
    main()
