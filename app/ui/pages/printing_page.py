"""打印: make a document for the chosen village or household, preview it, then print or save it."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services import printouts
from app.services.context import ServiceContext
from app.services.divisions import DivisionService
from app.services.households import HouseholdService
from app.services.policy import PolicyService
from app.ui import tasks
from app.ui.messages import show_error
from app.ui.pdf_preview import PdfPreview
from app.ui.widgets import heading

Writer = Callable[[Path], str]


class PrintingPage(QWidget):
    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.household_id: str | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("打印")))
        box = QGroupBox(self.tr("选择要打印的文件"))
        form = QFormLayout(box)
        self.kind = QComboBox()
        self.kind.addItem(self.tr("帮扶明白卡（一户）"), "card")
        self.kind.addItem(self.tr("帮扶明白卡（全村）"), "cards")
        self.kind.addItem(self.tr("监测对象公示名单"), "posting")
        form.addRow(self.tr("文件"), self.kind)
        self.village = QComboBox()
        for place in DivisionService(ctx).villages():
            self.village.addItem(place.name, place.code)
        form.addRow(self.tr("村"), self.village)
        self.household = QLineEdit()
        self.household.setPlaceholderText(self.tr("户编号、户主身份证号（在农户页打开一户后自动填入）"))
        form.addRow(self.tr("农户"), self.household)
        self.make_button = QPushButton(self.tr("生成并预览"))
        self.make_button.clicked.connect(self.make)
        form.addRow(self.make_button)
        layout.addWidget(box)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        layout.addStretch()
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()

    def refresh(self) -> None:
        pass

    def use_household(self, household_id: str, label: str) -> None:
        self.household_id = household_id
        self.household.setText(label)

    def _kind_changed(self) -> None:
        single = self.kind.currentData() == "card"
        self.household.setEnabled(single)
        self.village.setEnabled(not single)

    def _writer(self) -> tuple[Writer, str]:
        # reportlab loads when something is printed, not while the application starts.
        from app.printing.card import write_card, write_cards
        from app.printing.posting import posting_data, write_posting

        kind = self.kind.currentData()
        today = self.ctx.today()
        if kind == "card":
            reference = self.household.text().strip()
            household_id = self.household_id if self.household_id and reference else None
            household_id = household_id or HouseholdService(self.ctx).resolve(reference)
            data = printouts.card(self.ctx, household_id, today)

            def card(path: Path) -> str:
                write_card(path, data)
                return self.tr("{head}户明白卡").format(head=data.head_name)
            return card, f"明白卡-{data.head_name}.pdf"
        place = printouts.village(self.ctx, self.village.currentData() or "")
        if kind == "cards":
            def cards(path: Path) -> str:
                count = write_cards(path, printouts.village_cards(self.ctx, place, today))
                return self.tr("{village}明白卡 {n} 户").format(village=place.name, n=count)
            return cards, f"明白卡-{place.name}.pdf"
        data = posting_data(place, printouts.posting_cases(self.ctx, place), printouts.contacts(self.ctx, place),
                            start=today, days=PolicyService(self.ctx).posting_days(), printed_on=today)

        def posting(path: Path) -> str:
            write_posting(path, data)
            return self.tr("{village}公示名单（{n} 户）").format(village=place.name, n=len(data.rows))
        return posting, f"公示名单-{place.name}.pdf"

    def make(self) -> None:
        try:
            writer, name = self._writer()
        except Exception as error:
            show_error(self, error)
            return
        target = Path(tempfile.mkdtemp(prefix="fangpin-print-")) / name
        self.make_button.setEnabled(False)

        def done(description: str) -> None:
            self.make_button.setEnabled(True)
            self.status.setText(self.tr("已生成：{what}").format(what=description))
            PdfPreview(target, name, self).exec()

        def failed(error: BaseException) -> None:
            self.make_button.setEnabled(True)
            show_error(self, error)

        tasks.start_with_progress(self, self.tr("正在生成……"), lambda _p, _c: writer(target), done, failed,
                                  cancellable=False)
