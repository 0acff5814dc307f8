"""Screenshots of the whole screen at 1024×768 and 1366×768: the main window as it opens, every page, a dialog.

Run under a real X server of that size, so the window opens as on such a laptop (QScreen.availableGeometry):

    Xvfb :99 -screen 0 1024x768x24 &
    DISPLAY=:99 QT_QPA_PLATFORM=xcb .venv/bin/python docs/screenshots/small_screens.py

Writes docs/screenshots/screen_<width>x<height>_<page>.png. The demo database is thrown away afterwards.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

TODAY = date(2026, 11, 23)
PAGES = ("households", "visits", "cases", "assistance", "warnings", "sync", "printing", "stats", "reports",
         "policy")


def settle() -> None:
    """Let background loads finish and the window repaint."""
    from app.ui import tasks

    for _ in range(10):
        tasks.wait_all()
        QApplication.processEvents()
        time.sleep(0.03)


def save_screen(widget: QWidget, prefix: str, name: str) -> None:
    settle()
    path = HERE / f"{prefix}_{name}.png"
    widget.screen().grabWindow(0).save(str(path))
    print(path)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
            os.environ[variable] = str(Path(folder) / variable.lower())
        from app.services.demo import create_demo_database
        from app.services.households import HouseholdService
        from app.services.listing import HouseholdFilter, HouseholdListing
        from app.ui.app import application
        from app.ui.dialogs.visit_dialog import VisitDialog
        from app.ui.main_window import MainWindow
        from app.ui.settings import Settings

        application()
        database = Path(folder) / "demo.db"
        ctx = create_demo_database(database, "demo", households=300, seed=3, today=lambda: TODAY)
        ctx.today = lambda: TODAY
        window = MainWindow(ctx, Settings(database=str(database)))
        window.show()
        screen = window.screen().size()
        prefix = f"screen_{screen.width()}x{screen.height()}"
        for row, name in enumerate(PAGES):
            window.navigation.setCurrentRow(row)
            save_screen(window, prefix, name)
        household_id = HouseholdListing(ctx).page(HouseholdFilter(overdue=True))[0].id
        window.navigation.setCurrentRow(0)  # opened from the 农户 list, as a user opens one
        window.open_household(household_id)
        save_screen(window, prefix, "household")
        dialog = VisitDialog(ctx, HouseholdService(ctx).get(household_id), window)
        dialog.show()
        date_field = dialog.view.field("visit_date")
        if date_field is not None:
            date_field.editor.line.setFocus()
            date_field.editor.line.selectAll()
            date_field.editor.line.insert("2026年11月20日")
            date_field.editor.line.textEdited.emit(date_field.editor.line.text())
        dialog.view.save()  # the required messages, each on its own reserved line
        save_screen(window, prefix, "visit_dialog")
        dialog.done(0)
        ctx.db.close()


if __name__ == "__main__":
    main()
