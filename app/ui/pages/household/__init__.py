"""The household page: one household with its members, income, visits, case, help and warnings."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from app.services.context import ServiceContext
from app.services.households import HouseholdService
from app.ui.pages.household.assistance_tab import AssistanceTab
from app.ui.pages.household.basic_tab import BasicTab
from app.ui.pages.household.case_tab import CaseTab
from app.ui.pages.household.claims_tab import ClaimsTab
from app.ui.pages.household.history_tab import HistoryTab
from app.ui.pages.household.income_tab import IncomeTab
from app.ui.pages.household.measures_tab import MeasuresTab
from app.ui.pages.household.tab import HouseholdTab
from app.ui.pages.household.visits_tab import VisitsTab
from app.ui.pages.household.warnings_tab import WarningsTab


class HouseholdPage(QWidget):
    back = Signal()
    household_changed = Signal(str)
    print_card = Signal(str, str)

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.service = HouseholdService(ctx)
        self.household_id = ""
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        back = QPushButton(self.tr("← 返回列表"))
        back.clicked.connect(self.back.emit)
        top.addWidget(back)
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        top.addWidget(self.title, 1)
        print_card = QPushButton(self.tr("打印明白卡"))
        print_card.clicked.connect(lambda: self.print_card.emit(self.household_id, self.title.text()))
        top.addWidget(print_card)
        layout.addLayout(top)
        self.tabs = QTabWidget()
        self.basic = BasicTab(ctx)
        self.income = IncomeTab(ctx)
        self.visits = VisitsTab(ctx)
        self.case = CaseTab(ctx)
        self.assistance = AssistanceTab(ctx)
        self.measures = MeasuresTab(ctx)
        self.claims = ClaimsTab(ctx)
        self.warnings = WarningsTab(ctx)
        self.history = HistoryTab(ctx)
        self.all_tabs: list[HouseholdTab] = [self.basic, self.income, self.visits, self.case,
                                             self.assistance, self.measures, self.claims, self.warnings, self.history]
        for tab, title in zip(self.all_tabs, (self.tr("基本信息和成员"), self.tr("收入"), self.tr("走访"),
                                              self.tr("监测"), self.tr("帮扶责任人"), self.tr("帮扶措施"),
                                              self.tr("防贫保险/救助"), self.tr("预警"), self.tr("作废和更正记录")),
                              strict=True):
            self.tabs.addTab(tab, title)
            tab.changed.connect(self.reload)
        self.basic.household_voided.connect(self._voided)
        layout.addWidget(self.tabs)

    def show_household(self, household_id: str) -> None:
        self.household_id = household_id
        self.tabs.setCurrentIndex(0)
        self.load()

    def reload(self) -> None:
        self.load()
        self.household_changed.emit(self.household_id)

    def _voided(self, household_id: str) -> None:
        """The household is gone from every list: say so there and go back to it."""
        self.household_changed.emit(household_id)
        self.back.emit()

    def load(self) -> None:
        detail = self.service.get(self.household_id)
        household = detail.household
        case = detail.active_case
        status = f" · {case.category}" if case else ""
        self.title.setText(f"{detail.village_name} {household.group_name} {household.head_name}户"
                           f"（{household.member_count} 人）{status}")
        open_warnings = sum(1 for w in detail.warnings if w.status == "待处置")
        self.tabs.setTabText(self.tabs.indexOf(self.warnings),
                             self.tr("预警") + (f"（{open_warnings}）" if open_warnings else ""))
        for tab in self.all_tabs:
            tab.show_detail(detail)
