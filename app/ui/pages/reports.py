"""报表: 月分析, 季调度 and 年考核 for a village, township or county — figures, tables and
QtCharts bar charts, computed off the UI thread, exported as the PDF or Excel file the command
line writes."""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.services.context import ServiceContext
from app.services.divisions import DivisionService
from app.services.reports import ReportData, ReportKind, ReportService, key_figures
from app.ui import tasks
from app.ui.messages import show_error
from app.ui.widgets import fill_table, heading, table_view

SCOPE_LEVELS = ("county", "township", "village")


class ReportsPage(QWidget):
    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.service = ReportService(ctx)
        self.report: ReportData | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("报表")))
        layout.addLayout(self._choices())
        self.status = QLabel(self.tr("选择报表、期间和范围，然后点“生成”。"))
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)
        self.models: dict[str, QStandardItemModel] = {}
        self.views: dict[str, QTableView] = {}
        overview = QWidget()
        grid = QGridLayout(overview)
        grid.addWidget(self._table("figures"), 0, 0)
        grid.addWidget(self._table("composition"), 0, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        self.tabs.addTab(overview, self.tr("总体情况"))
        charts = QWidget()
        chart_grid = QGridLayout(charts)
        self.charts: dict[str, QChartView] = {}
        for index, key in enumerate(("places", "visits", "measures", "months")):
            view = QChartView()
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            # The measures list all eleven kinds, one bar row each.
            view.setMinimumHeight(620 if key == "measures" else 440 if key == "months" else 260)
            self.charts[key] = view
            chart_grid.addWidget(view, index // 2, index % 2)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(charts)
        self.tabs.addTab(scroll, self.tr("图表"))
        self.places_tab = self.tabs.addTab(self._table("places"), self.tr("分村情况"))
        measures = QWidget()
        row = QHBoxLayout(measures)
        row.addWidget(self._table("measures"), 3)
        row.addWidget(self._table("warnings"), 2)
        self.tabs.addTab(measures, self.tr("措施与预警"))
        self.months_tab = self.tabs.addTab(self._table("months"), self.tr("分月情况"))
        self.attention_tab = self.tabs.addTab(self._table("attention"), self.tr("需关注农户"))
        self.poor_tab = self.tabs.addTab(self._table("poor"), self.tr("返贫致贫监测"))
        self._kind_changed()
        self._show_extra_tabs(None)

    def refresh(self) -> None:
        pass

    # --- choosing -------------------------------------------------------------------------------

    def _choices(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.kind = QComboBox()
        for kind, title in ((ReportKind.MONTHLY, self.tr("月分析")), (ReportKind.QUARTERLY, self.tr("季调度")),
                            (ReportKind.YEARLY, self.tr("年考核"))):
            self.kind.addItem(title, kind.value)
        today = self.ctx.today()
        self.year = QSpinBox()
        self.year.setRange(2000, today.year)
        self.year.setValue(today.year)
        self.year.setSuffix(self.tr(" 年"))
        self.part = QComboBox()
        self.scope = QComboBox()
        for place in DivisionService(self.ctx).in_scope():
            if place.level in SCOPE_LEVELS:
                indent = "    " * SCOPE_LEVELS.index(place.level)
                self.scope.addItem(f"{indent}{place.name}", place.code)
        home = self.scope.findData(self.ctx.scope_code)
        self.scope.setCurrentIndex(max(home, 0))
        self.make_button = QPushButton(self.tr("生成"))
        self.make_button.setDefault(True)
        self.make_button.clicked.connect(self.make)
        self.pdf_button = QPushButton(self.tr("导出 PDF…"))
        self.pdf_button.clicked.connect(lambda: self.export(".pdf"))
        self.excel_button = QPushButton(self.tr("导出 Excel…"))
        self.excel_button.clicked.connect(lambda: self.export(".xlsx"))
        for widget in (self.pdf_button, self.excel_button):
            widget.setEnabled(False)
        for label, widget in ((self.tr("报表"), self.kind), (self.tr("期间"), self.year), ("", self.part),
                              (self.tr("范围"), self.scope)):
            if label:
                row.addWidget(QLabel(label))
            row.addWidget(widget)
        row.addWidget(self.make_button)
        row.addStretch()
        row.addWidget(self.pdf_button)
        row.addWidget(self.excel_button)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        return row

    def _kind_changed(self) -> None:
        kind = ReportKind(self.kind.currentData())
        today = self.ctx.today()
        self.part.clear()
        if kind is ReportKind.MONTHLY:
            for month in range(1, 13):
                self.part.addItem(self.tr("{n} 月").format(n=month), f"{month:02d}")
            self.part.setCurrentIndex(today.month - 1)
        elif kind is ReportKind.QUARTERLY:
            for quarter in range(1, 5):
                self.part.addItem(self.tr("第 {n} 季度").format(n=quarter), f"Q{quarter}")
            self.part.setCurrentIndex((today.month - 1) // 3)
        self.part.setVisible(kind is not ReportKind.YEARLY)

    def period(self) -> str:
        """The chosen period as the command line writes it: 2026-10, 2026-Q4, 2026."""
        year = str(self.year.value())
        return year if self.part.count() == 0 else f"{year}-{self.part.currentData()}"

    # --- computing and showing ------------------------------------------------------------------

    def make(self) -> None:
        kind, period, scope = self.kind.currentData(), self.period(), self.scope.currentData()
        self.make_button.setEnabled(False)
        self.status.setText(self.tr("正在计算……"))
        tasks.start(lambda _progress, _cancelled: self.service.build(kind, period, scope), self.show_report,
                    self._failed)

    def _failed(self, error: BaseException) -> None:
        self.make_button.setEnabled(True)
        self.status.setText("")
        show_error(self, error)

    def show_report(self, report: ReportData) -> None:
        self.report = report
        self.make_button.setEnabled(True)
        for widget in (self.pdf_button, self.excel_button):
            widget.setEnabled(True)
        f = report.figures
        self.status.setText(self.tr("{place} {period}{title}：统计期间 {start} 至 {end}，时点数截至 {as_of}。").format(
            place=report.place, period=report.period_label, title=report.title, start=report.start.isoformat(),
            end=report.end.isoformat(), as_of=report.as_of.isoformat()))
        self._fill("figures", [self.tr("项目"), self.tr("数值")], key_figures(report))
        composition = [(self.tr("在监测户"), c.label, c.value) for c in f.monitored_by_category]
        composition += [(self.tr("在监测人口"), c.label, c.value) for c in f.monitored_people_by_category]
        composition += [(self.tr("正在办理"), c.label, c.value) for c in f.in_procedure_by_stage]
        composition += [(self.tr("本期识别"), c.label, c.value) for c in f.identified_by_category]
        composition += [(self.tr("本期消除"), c.label, c.value) for c in f.eliminated_by_method]
        composition += [(self.tr("风险类型"), c.label, c.value) for c in f.risk_types]
        self._fill("composition", [self.tr("分组"), self.tr("项目"), self.tr("户（人）数")], composition)
        kind = f.place_kind
        self.tabs.setTabText(self.places_tab, self.tr("分{kind}情况").format(kind=kind))
        self._fill("places", [kind, self.tr("农户"), self.tr("在监测"), self.tr("本期识别"), self.tr("本期消除"),
                              self.tr("应访户次"), self.tr("按期已访"), self.tr("逾期户"), self.tr("本期预警"),
                              self.tr("有帮扶责任人")],
                   [(p.name, p.households, p.monitored, p.identified, p.eliminated, p.visits_due, p.due_visited,
                     p.overdue, p.warnings_raised, p.with_helper) for p in f.places])
        self._fill("measures", [self.tr("措施类别"), self.tr("期末在实施"), self.tr("涉及户数"), self.tr("本期新增"),
                                self.tr("本期新增金额（元）")],
                   [(m.kind, m.in_force, m.households, m.started, f"{m.amount:,.2f}") for m in f.measures])
        self._fill("warnings", [self.tr("预警类型"), self.tr("本期产生"), self.tr("已处置"), self.tr("待处置")],
                   [(w.title, w.raised, w.handled, w.pending) for w in f.warnings])
        self._fill("months", [self.tr("月份"), self.tr("新识别"), self.tr("风险消除"), self.tr("走访次数"),
                              self.tr("应访户"), self.tr("按期已访"), self.tr("产生预警")],
                   [(m.label, m.identified, m.eliminated, m.visits_done, m.visits_due, m.due_visited,
                     m.warnings_raised) for m in report.months])
        self._fill("attention", [self.tr("村"), self.tr("户编号"), self.tr("户主"), self.tr("联系电话"),
                                 self.tr("状态"), self.tr("关注原因")],
                   [(v.name, i.household_number, i.head_name, i.phone, i.status,
                     "；".join(r.text for r in i.reasons)) for v in report.attention for i in v.items])
        below = report.year.below_standard if report.year else ()
        self._fill("poor", [self.tr("村"), self.tr("户编号"), self.tr("户主"), self.tr("户类型"),
                            self.tr("人均纯收入（元）")],
                   [(p.village, p.household_number, p.head_name, p.household_type, f"{p.per_capita_income:,.2f}")
                    for p in below])
        names = [p.name for p in f.places]
        self._chart("places", self.tr("各{kind}监测对象").format(kind=kind), names, [
            (self.tr("在监测户"), [p.monitored for p in f.places]),
            (self.tr("本期新识别"), [p.identified for p in f.places]),
            (self.tr("本期风险消除"), [p.eliminated for p in f.places]),
            (self.tr("有帮扶责任人"), [p.with_helper for p in f.places])])
        self._chart("visits", self.tr("各{kind}入户走访").format(kind=kind), names, [
            (self.tr("应访户次"), [p.visits_due for p in f.places]),
            (self.tr("按期已访"), [p.due_visited for p in f.places]),
            (self.tr("走访逾期户"), [p.overdue for p in f.places])])
        self._chart("measures", self.tr("帮扶措施（按类别）"), [m.kind for m in f.measures], [
            (self.tr("期末在实施"), [m.in_force for m in f.measures]),
            (self.tr("本期新增"), [m.started for m in f.measures])], horizontal=True)
        self._chart("months", self.tr("分月情况"), [m.label for m in report.months], [
            (self.tr("新识别"), [m.identified for m in report.months]),
            (self.tr("风险消除"), [m.eliminated for m in report.months]),
            (self.tr("应访户"), [m.visits_due for m in report.months]),
            (self.tr("按期已访"), [m.due_visited for m in report.months])])
        self.charts["months"].setVisible(bool(report.months))
        self._show_extra_tabs(report)

    def _show_extra_tabs(self, report: ReportData | None) -> None:
        kind = report.kind if report else ""
        self.tabs.setTabVisible(self.months_tab, bool(report and report.months))
        self.tabs.setTabVisible(self.attention_tab, kind == ReportKind.QUARTERLY)
        self.tabs.setTabVisible(self.poor_tab, kind == ReportKind.YEARLY)

    def _table(self, key: str) -> QTableView:
        model = QStandardItemModel(self)
        view = table_view()
        view.setModel(model)
        self.models[key], self.views[key] = model, view
        return view

    def _fill(self, key: str, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
        fill_table(self.models[key], headers, rows)
        self.views[key].resizeColumnsToContents()

    def _chart(self, key: str, title: str, categories: Sequence[str],
               series: Sequence[tuple[str, Sequence[int]]], horizontal: bool = False) -> None:
        chart = QChart()
        chart.setTitle(title)
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        bars = QHorizontalBarSeries() if horizontal else QBarSeries()
        for name, values in series:
            bar_set = QBarSet(name)
            bar_set.append([float(v) for v in values])
            bars.append(bar_set)
        bars.setLabelsVisible(True)
        bars.setBarWidth(0.8)
        chart.addSeries(bars)
        names = QBarCategoryAxis()
        names.append(list(categories))
        counts = QValueAxis()
        top = max((max(values, default=0) for _, values in series), default=0)
        step = _nice_step(top)
        ticks = max(math.ceil(top * 1.1 / step), 2)
        counts.setRange(0, step * ticks)
        counts.setTickCount(ticks + 1)
        counts.setLabelFormat("%d")
        for axis, side in ((names, Qt.AlignmentFlag.AlignLeft if horizontal else Qt.AlignmentFlag.AlignBottom),
                           (counts, Qt.AlignmentFlag.AlignBottom if horizontal else Qt.AlignmentFlag.AlignLeft)):
            chart.addAxis(axis, side)
            bars.attachAxis(axis)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        old = self.charts[key].chart()
        self.charts[key].setChart(chart)
        if old is not None:
            old.deleteLater()

    # --- exporting ------------------------------------------------------------------------------

    def export(self, suffix: str) -> None:
        report = self.report
        if report is None:
            return
        kinds = self.tr("PDF 文件 (*.pdf)") if suffix == ".pdf" else self.tr("Excel 表格 (*.xlsx)")
        name = f"{report.place}{report.period_label}{report.title}{suffix}"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("导出报表"), str(Path.home() / name), kinds)
        if not path:
            return
        target = Path(path) if path.lower().endswith(suffix) else Path(path + suffix)
        tasks.start_with_progress(
            self, self.tr("正在导出报表……"), lambda _progress, _cancelled: self.service.write(report, target),
            lambda written: self.status.setText(self.tr("已导出：{path}").format(path=written)),
            lambda error: show_error(self, error), cancellable=False)


def _nice_step(top: float, ticks: int = 5) -> int:
    """A whole-number grid step of 1, 2 or 5 times a power of ten giving about ``ticks`` lines."""
    raw = max(top / ticks, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(int(m * magnitude) for m in (1, 2, 5, 10) if m * magnitude >= raw)
