"""The household page's 防贫保险/救助 tab: a claim applied for, approved, refused when paid above approval
(the dialog stays open with the reason), then paid; the measure tab shows the measure it made."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from app.services.claims import ClaimService
from app.services.households import HouseholdService
from app.services.listing import HouseholdFilter, HouseholdListing
from app.ui.dialogs.fields_dialog import FieldsDialog
from app.ui.pages.household import HouseholdPage


@pytest.fixture
def page(qtbot, demo_ctx, ui_app, messages) -> HouseholdPage:
    widget = HouseholdPage(demo_ctx)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def answering(monkeypatch, *fills: dict[str, Any], seen: list[FieldsDialog], refusals: list[str]) -> None:
    """Each dialog is filled and saved with ``fills`` in turn, until one is accepted; what it said
    after each refused save goes to ``refusals``."""

    def exec_(dialog: FieldsDialog) -> int:
        seen.append(dialog)
        for values in fills:
            dialog.form.set_values(values)
            dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
            if dialog.result():
                break
            refusals.append(" ".join([dialog.message.text(), *(p.text() for p in dialog.form.problems.values())]))
        return dialog.result()

    monkeypatch.setattr(FieldsDialog, "exec", exec_)


def test_a_claim_is_applied_approved_and_paid_from_the_household_page(page, demo_ctx, monkeypatch, messages) -> None:
    household_id = next(row.id for row in HouseholdListing(demo_ctx).page(HouseholdFilter(), size=50))
    page.show_household(household_id)
    tab = page.claims
    assert page.tabs.tabText(page.tabs.indexOf(tab)) == "防贫保险/救助"
    measures_before = page.measures.model.rowCount()
    seen: list[FieldsDialog] = []
    refusals: list[str] = []
    step: Callable[..., None] = lambda *fills: answering(monkeypatch, *fills, seen=seen, refusals=refusals)  # noqa: E731

    tab.approve()  # nothing selected: says so, no dialog
    assert not seen and "请先在表中选中" in messages.shown[-1][1]
    step({"fund": "人保财险冀州支公司", "applied_on": date(2026, 9, 2), "amount_applied": "8000"})
    tab.add_button.click()
    assert tab.model.rowCount() == 1 and tab.model.item(0, 2).text() == "已申请"
    assert page.measures.model.rowCount() == measures_before + 1  # the claim's own measure

    tab.table.selectRow(0)
    tab.pay_button.click()  # not approved yet: refused before any dialog
    assert len(seen) == 1 and "只有“已批准”" in messages.shown[-1][1]
    step({"amount_approved": "6520", "approved_on": date(2026, 9, 10)})
    tab.table.selectRow(0)
    tab.approve_button.click()
    assert tab.model.item(0, 2).text() == "已批准"

    step({"amount_paid": "7000", "paid_on": date(2026, 9, 12)}, {"amount_paid": "6520"})
    tab.table.selectRow(0)
    tab.pay_button.click()
    assert len(refusals) == 1 and "支付金额 7000.00 元超过批准金额 6520.00 元" in refusals[0]
    assert tab.model.item(0, 2).text() == "已支付" and tab.model.item(0, 8).text() == "6,520.00"
    [line] = ClaimService(demo_ctx).of_household(household_id)
    assert (line.amount_paid, line.paid_on) == (Decimal(6520), date(2026, 9, 12))


def test_the_printing_pages_fund_ledger_writes_pdf_and_excel(qtbot, demo_ctx, ui_app, messages, tmp_path) -> None:
    from openpyxl import load_workbook

    from app.ui.pages.printing_page import PrintingPage

    household_id = next(row.id for row in HouseholdListing(demo_ctx).page(HouseholdFilter(), size=50))
    service = ClaimService(demo_ctx)
    claim = service.add(household_id, {"kind": "防贫救助", "fund": "县防贫救助基金", "applied_on": date(2026, 10, 8)})
    service.approve(claim.id, 2000, date(2026, 10, 9))
    service.pay(claim.id, 2000, date(2026, 10, 10))
    page = PrintingPage(demo_ctx)
    qtbot.addWidget(page)
    box = page.fund_ledger
    box.area.setCurrentIndex(box.area.findData("131122000000"))
    for suffix in (".pdf", ".xlsx"):
        out = tmp_path / f"资金台账{suffix}"
        box.export(suffix, out)
        qtbot.waitUntil(lambda out=out: out.exists() and box.pdf_button.isEnabled(), timeout=30000)
        assert "共救助 1 户" in page.status.text() and "2,000.00 元" in page.status.text()
    rows = [list(r[:6]) for r in load_workbook(tmp_path / "资金台账.xlsx").active.iter_rows(values_only=True)]
    people = HouseholdService(demo_ctx).get(household_id).household.member_count
    assert people and ["合计", None, 1, people, 1, 2000] in rows
    box.start.setValue(date(2026, 10, 11))  # after the payment: nothing in the range
    box.export(".pdf", tmp_path / "空.pdf")
    qtbot.waitUntil(lambda: (tmp_path / "空.pdf").exists() and box.pdf_button.isEnabled(), timeout=30000)
    assert "共救助 0 户 0 人" in page.status.text()
