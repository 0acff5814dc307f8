"""资金台账 as an Excel workbook in the standard ledger layout (app/excel/ledger.py)."""

from __future__ import annotations

from pathlib import Path

from app.excel.ledger import Ledger, LedgerColumn, write_ledgers
from app.printing.fund_ledger import PEOPLE_NOTE, TITLE, FundLedger, summary


def write_fund_ledger_xlsx(path: Path, ledger: FundLedger) -> None:
    write_ledgers(path, [Ledger("资金台账", f"{ledger.place}{TITLE}", [
        LedgerColumn("保险机构或救助基金", 24), LedgerColumn(ledger.place_kind, 18), LedgerColumn("户数", 8),
        LedgerColumn("人数", 8), LedgerColumn("理赔笔数", 10), LedgerColumn("支付金额（元）", 16, money=True)],
        ledger.table(), subtitle=f"支付日期 {ledger.period}；打印日期 {ledger.printed_on.isoformat()}",
        footer=(summary(ledger), PEOPLE_NOTE))])
