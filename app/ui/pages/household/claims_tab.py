"""防贫保险/救助: the household's claims — applied for, approved or not, paid — each on its measure."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from app.domain.claims import APPLIED, APPROVED
from app.services.claims import (
    APPROVAL_FIELDS,
    CLAIM_FIELDS,
    PAYMENT_FIELDS,
    REFUSAL_FIELDS,
    ClaimLine,
    ClaimService,
)
from app.services.context import ServiceContext
from app.services.fields import FieldSpec
from app.ui.dialogs.fields_dialog import FieldsDialog
from app.ui.messages import inform
from app.ui.pages.household.tab import HouseholdTab
from app.ui.widgets import fill_table, selected_key, table_view


class ClaimsTab(HouseholdTab):
    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.service = ClaimService(ctx)
        self.lines: list[ClaimLine] = []
        layout = QVBoxLayout(self)
        self.model = QStandardItemModel(self)
        self.table = table_view()
        self.table.setModel(self.model)
        layout.addWidget(self.table)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("登记申请…"))
        self.approve_button = QPushButton(self.tr("批准…"))
        self.refuse_button = QPushButton(self.tr("未获批…"))
        self.pay_button = QPushButton(self.tr("登记支付…"))
        for button, slot in ((self.add_button, self.add), (self.approve_button, self.approve),
                             (self.refuse_button, self.refuse), (self.pay_button, self.pay)):
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch()
        layout.addLayout(buttons)

    def refresh(self) -> None:
        self.lines = self.service.of_household(self.household_id)
        money = lambda value: f"{value:,.2f}"  # noqa: E731
        day = lambda value: value.isoformat() if value else ""  # noqa: E731
        fill_table(self.model, [self.tr("类别"), self.tr("保险机构或救助基金"), self.tr("状态"), self.tr("申请日期"),
                                self.tr("申请金额（元）"), self.tr("审批日期"), self.tr("批准金额（元）"),
                                self.tr("支付日期"), self.tr("支付金额（元）"), self.tr("登记人"), self.tr("备注")],
                   [(c.kind, c.fund, c.status, day(c.applied_on), money(c.amount_applied), day(c.approved_on),
                     money(c.amount_approved), day(c.paid_on), money(c.amount_paid), c.recorded_by, c.note)
                    for c in self.lines], keys=[c.id for c in self.lines])
        self.table.resizeColumnsToContents()

    def add(self) -> None:
        dialog = FieldsDialog(self.tr("登记防贫保险/救助申请"), CLAIM_FIELDS.values(),
                              lambda values: self.service.add(self.household_id, values), parent=self)
        dialog.form.set_values({"applied_on": self.ctx.today(), "kind": "防贫保险"})
        if dialog.exec():
            self.changed.emit()

    def approve(self) -> None:
        self._decide(APPLIED, self.tr("登记批准"), APPROVAL_FIELDS, "approved_on",
                     lambda claim_id, v: self.service.approve(claim_id, v["amount_approved"], v["approved_on"]))

    def refuse(self) -> None:
        self._decide(APPLIED, self.tr("登记未获批"), REFUSAL_FIELDS, "approved_on",
                     lambda claim_id, v: self.service.refuse(claim_id, v["approved_on"], v.get("note", "")))

    def pay(self) -> None:
        self._decide(APPROVED, self.tr("登记支付"), PAYMENT_FIELDS, "paid_on",
                     lambda claim_id, v: self.service.pay(claim_id, v["amount_paid"], v["paid_on"]))

    def _decide(self, status: str, title: str, specs: dict[str, FieldSpec], date_field: str,
                save: Callable[[str, dict[str, Any]], Any]) -> None:
        claim = next((c for c in self.lines if c.id == selected_key(self.table)), None)
        if claim is None:
            inform(self, self.tr("请先在表中选中一条理赔记录。"))
            return
        if claim.status != status:
            inform(self, self.tr("只有“{wanted}”的理赔可以办理这一步，这条是“{status}”。").format(
                wanted=status, status=claim.status))
            return
        dialog = FieldsDialog(f"{title}：{claim.kind}（{claim.fund}）", specs.values(),
                              lambda values: save(claim.id, values), parent=self)
        values: dict[str, Any] = {date_field: self.ctx.today()}
        if "amount_paid" in specs:
            values["amount_paid"] = claim.amount_approved
        dialog.form.set_values(values)
        if dialog.exec():
            self.changed.emit()
