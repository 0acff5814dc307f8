"""统计: a first overview — households, monitored by category, cases by stage, overdue visits."""

from __future__ import annotations

from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from app.printing.analysis_data import percent
from app.services.context import ServiceContext
from app.services.stats import StatsService
from app.ui.pages.policy import line_warning_label, show_line_warning
from app.ui.widgets import fill_table, heading, table_view


class StatsPage(QWidget):
    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = StatsService(ctx)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("统计概况")))
        self.line_warning = line_warning_label()
        layout.addWidget(self.line_warning)
        self.figures = QGridLayout()
        self.figure_labels: dict[str, QLabel] = {}
        for number, (key, title) in enumerate((
                ("households", self.tr("农户")), ("members", self.tr("人口")),
                ("monitored", self.tr("在监测户")), ("in_procedure", self.tr("正在办理")),
                ("open_warnings", self.tr("待处置预警")), ("overdue_visits", self.tr("走访逾期户")),
                ("elimination_rate", self.tr("消除风险率（按户/按人）")))):
            box = QGroupBox(title)
            value = QLabel("—")
            value.setObjectName("bigFigure")
            QVBoxLayout(box).addWidget(value)
            self.figure_labels[key] = value
            self.figures.addWidget(box, number // 4, number % 4)
        layout.addLayout(self.figures)
        tables = QGridLayout()
        self.category_model = QStandardItemModel(self)
        self.stage_model = QStandardItemModel(self)
        self.village_model = QStandardItemModel(self)
        self.small_views = []
        for column, (title, model) in enumerate(((self.tr("监测对象类别"), self.category_model),
                                                 (self.tr("办理阶段"), self.stage_model))):
            box = QGroupBox(title)
            view = table_view()
            view.setModel(model)
            self.small_views.append(view)
            QVBoxLayout(box).addWidget(view)
            tables.addWidget(box, 0, column)
        self.township_model = QStandardItemModel(self)
        township_box = QGroupBox(self.tr("各乡镇情况"))
        self.township_view = table_view()
        self.township_view.setModel(self.township_model)
        QVBoxLayout(township_box).addWidget(self.township_view)
        tables.addWidget(township_box, 1, 0)
        village_box = QGroupBox(self.tr("各村情况"))
        self.village_view = table_view()
        self.village_view.setModel(self.village_model)
        QVBoxLayout(village_box).addWidget(self.village_view)
        tables.addWidget(village_box, 1, 1)
        tables.setRowStretch(1, 2)
        layout.addLayout(tables, 1)

    def refresh(self) -> None:
        stats = self.service.overview()
        show_line_warning(self.line_warning, stats.line_warning)
        figures = {"households": stats.households, "members": stats.members, "monitored": stats.monitored,
                   "in_procedure": stats.in_procedure,
                   "open_warnings": stats.open_warnings, "overdue_visits": stats.overdue_visits}
        for key, value in figures.items():
            self.figure_labels[key].setText(f"{value:,}")
        self.figure_labels["elimination_rate"].setText(
            f"{percent(stats.elimination_rate)} / {percent(stats.elimination_rate_people)}")
        fill_table(self.category_model, [self.tr("类别"), self.tr("户数")],
                   sorted(stats.monitored_by_category.items()))
        fill_table(self.stage_model, [self.tr("程序·阶段"), self.tr("件数")], list(stats.in_procedure_by_stage.items()))
        for view in self.small_views:
            view.resizeColumnsToContents()
        for model, view, title, places in ((self.township_model, self.township_view, self.tr("乡镇"), stats.townships),
                                           (self.village_model, self.village_view, self.tr("村"), stats.villages)):
            fill_table(model, [title, self.tr("农户"), self.tr("在监测户"), self.tr("正在办理"), self.tr("走访逾期户")],
                       [(p.name, p.households, p.monitored, p.in_procedure, p.overdue_visits) for p in places])
            view.resizeColumnsToContents()
