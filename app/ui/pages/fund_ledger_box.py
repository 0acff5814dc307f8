"""The 打印 page's 资金台账 box: what the 防贫保险 insurers and 防贫救助 funds paid in an area over a date
range, written as PDF or Excel off the UI thread (the same ledger as `fangpin claim ledger`)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
)

from app.domain.errors import UserFacingError
from app.excel.fund_ledger import write_fund_ledger_xlsx
from app.printing.batch import atomic_output
from app.printing.fund_ledger import FundLedger, summary, write_fund_ledger
from app.services.context import ServiceContext
from app.services.divisions import Place
from app.services.fund_ledger import fund_ledger
from app.ui import tasks
from app.ui.date_input import DateInput
from app.ui.messages import show_error


class FundLedgerBox(QGroupBox):
    def __init__(self, ctx: ServiceContext, places: list[Place], status: QLabel) -> None:
        super().__init__()
        self.setTitle(self.tr("防贫保险（救助）资金台账"))
        self.ctx = ctx
        self.status = status
        form = QFormLayout(self)
        self.area = QComboBox()
        for place in places:
            indent = "    " if place.level == "village" else ""
            self.area.addItem(f"{indent}{place.name}（{place.code}）", place.code)
        form.addRow(self.tr("范围"), self.area)
        self.fund = QLineEdit()
        self.fund.setPlaceholderText(self.tr("不填则统计全部保险机构和救助基金"))
        form.addRow(self.tr("保险机构或救助基金"), self.fund)
        today = ctx.today()
        self.start = DateInput(date(today.year, 1, 1), today=today)
        self.end = DateInput(today, today=today, required=True)
        form.addRow(self.tr("支付日期从"), self.start)
        form.addRow(self.tr("支付日期到"), self.end)
        buttons = QHBoxLayout()
        self.pdf_button = QPushButton(self.tr("导出 PDF…"))
        self.xlsx_button = QPushButton(self.tr("导出 Excel…"))
        self.pdf_button.clicked.connect(lambda: self.export(".pdf"))
        self.xlsx_button.clicked.connect(lambda: self.export(".xlsx"))
        buttons.addWidget(self.pdf_button)
        buttons.addWidget(self.xlsx_button)
        buttons.addStretch()
        form.addRow(buttons)

    def export(self, suffix: str, path: Path | None = None) -> None:
        problem = self.start.problem() or self.end.problem()
        if problem:
            show_error(self, UserFacingError(problem, field="支付日期"))
            return
        if path is None:
            kind = self.tr("PDF 文件 (*.pdf)") if suffix == ".pdf" else self.tr("Excel 表格 (*.xlsx)")
            chosen, _ = QFileDialog.getSaveFileName(self, self.title(), str(Path.home() / f"资金台账{suffix}"), kind)
            if not chosen:
                return
            path = Path(chosen)
        area, fund, start, end = self.area.currentData(), self.fund.text(), self.start.value(), self.end.value()
        writer = write_fund_ledger if suffix == ".pdf" else write_fund_ledger_xlsx
        for button in (self.pdf_button, self.xlsx_button):
            button.setEnabled(False)

        def job(_progress: tasks.Progress, _cancelled: object) -> FundLedger:
            ledger = fund_ledger(self.ctx, area, start, end, fund)
            with atomic_output(path) as partial:
                writer(partial, ledger)
            return ledger

        def done(ledger: FundLedger) -> None:
            self._enable()
            self.status.setText(self.tr("已导出资金台账：{path}。").format(path=path) + summary(ledger))

        def failed(error: BaseException) -> None:
            self._enable()
            show_error(self, error)

        tasks.start_with_progress(self, self.tr("正在导出资金台账……"), job, done, failed, cancellable=False)

    def _enable(self) -> None:
        for button in (self.pdf_button, self.xlsx_button):
            button.setEnabled(True)
