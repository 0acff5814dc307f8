"""Render the standard visit form with a few answers (and one inline error) to visit_form.png.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/make_visit_form.py
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from app.forms.xlsform import load_form
from app.resources import resource_path
from app.ui.form_view import FormView

HERE = Path(__file__).resolve().parent
ANSWERS: dict[str, object] = {
    "present": "head spouse grid_worker", "family_change": "illness",
    "family_change_note": "妻子今年9月确诊糖尿病，需长期服药。",
    "member": [{"member_name": "张建国", "member_id": "131122196001010034", "member_health": "healthy"},
               {"member_name": "李秀兰", "member_id": "131122196203050026", "member_health": "chronic"}],
    "income_wage": "12000", "income_business": "3500.5", "income_transfer": "2400", "business_expense": "800",
    "expense": [{"expense_kind": "medical", "expense_amount": "18000", "expense_reimbursed": "20000"}],
    "food": "yes", "clothing": "yes", "compulsory_education": "yes", "basic_medical": "yes",
    "housing_safe": "no", "water_safe": "yes", "risks": "illness housing", "measures": "health",
}


def main() -> int:
    app = QApplication(sys.argv)
    font_id = QFontDatabase.addApplicationFont(str(resource_path("fonts", "wqy-microhei.ttc")))
    app.setFont(QFont(QFontDatabase.applicationFontFamilies(font_id)[0], 11))
    view = FormView(load_form(resource_path("forms", "visit.xlsx")), "zh", ANSWERS, today=date(2026, 11, 23))
    view.resize(900, 800)
    view.show()
    # Show what a failed save looks like: every problem next to its field.
    view.validate()
    app.processEvents()
    view.resize(900, view.page.sizeHint().height() + 140)
    app.processEvents()
    path = HERE / "visit_form.png"
    view.grab().save(str(path))
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
