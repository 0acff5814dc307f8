"""收入: income by year with the per-capita figure against the line in force, and large expenses."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from app.services.context import ServiceContext
from app.services.fields import FieldSpec, integer
from app.services.income import COMPONENT_FIELDS, EXPENSE_FIELDS, IncomeService
from app.services.policy import PolicyService
from app.ui.dialogs.fields_dialog import FieldsDialog
from app.ui.pages.household.tab import HouseholdTab
from app.ui.widgets import fill_table, table_view

YEAR = FieldSpec("year", "年度", integer(2000, 2100, optional=False), required=True)


class IncomeTab(HouseholdTab):
    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.service = IncomeService(ctx)
        self.policy = PolicyService(ctx)
        layout = QVBoxLayout(self)
        income_box = QGroupBox(self.tr("年度收入"))
        income_layout = QVBoxLayout(income_box)
        self.income_model = QStandardItemModel(self)
        self.incomes = table_view()
        self.incomes.setModel(self.income_model)
        income_layout.addWidget(self.incomes)
        record = QPushButton(self.tr("录入年度收入"))
        record.clicked.connect(self.record_year)
        income_layout.addLayout(_row(record))
        layout.addWidget(income_box, 2)
        expense_box = QGroupBox(self.tr("大额刚性支出"))
        expense_layout = QVBoxLayout(expense_box)
        self.expense_model = QStandardItemModel(self)
        self.expenses = table_view()
        self.expenses.setModel(self.expense_model)
        expense_layout.addWidget(self.expenses)
        add_expense = QPushButton(self.tr("登记支出"))
        add_expense.clicked.connect(self.add_expense)
        expense_layout.addLayout(_row(add_expense))
        layout.addWidget(expense_box, 1)

    def refresh(self) -> None:
        assert self.detail is not None
        rows = []
        for record in self.detail.incomes:
            line = self.policy.line_on(record.assessed_on)
            below = record.per_capita_income < line
            rows.append((record.year, record.household_size, f"{record.net_income:,.2f}",
                         f"{record.per_capita_income:,.2f}", f"{line:,.0f}",
                         self.tr("低于监测范围") if below else self.tr("高于监测范围")))
        fill_table(self.income_model, [self.tr("年度"), self.tr("人口"), self.tr("家庭纯收入（元）"),
                                        self.tr("人均纯收入（元）"), self.tr("监测收入范围（元）"),
                                        self.tr("对比")], rows)
        self.incomes.resizeColumnsToContents()
        fill_table(self.expense_model,
                   [self.tr("类别"), self.tr("日期"), self.tr("总费用"), self.tr("报销"), self.tr("自付"),
                    self.tr("说明")],
                   [(e.kind, e.occurred_on.isoformat(), f"{e.total_amount:,.2f}",
                     f"{e.reimbursed:,.2f}", f"{e.out_of_pocket:,.2f}", e.note)
                    for e in self.detail.expenses])
        self.expenses.resizeColumnsToContents()

    def record_year(self) -> None:
        def save(values: dict[str, Any]) -> Any:
            year = int(values.pop("year"))
            return self.service.record_year(self.household_id, year, values)

        dialog = FieldsDialog(self.tr("录入年度收入"), [YEAR, *COMPONENT_FIELDS.values()], save,
                              parent=self, columns=2)
        dialog.form.set_values({"year": date.today().year - 1})
        if dialog.exec():
            self.changed.emit()

    def add_expense(self) -> None:
        dialog = FieldsDialog(self.tr("登记大额刚性支出"), EXPENSE_FIELDS.values(),
                              lambda values: self.service.add_expense(self.household_id, values),
                              parent=self)
        if dialog.exec():
            self.changed.emit()


def _row(*widgets: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    for widget in widgets:
        row.addWidget(widget)
    row.addStretch()
    return row
