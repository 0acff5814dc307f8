"""乡镇审核 / 县级审定: the decision next to everything the reviewer needs to see.

A station reviewing a case should not have to open the household in another window: the dialog
shows the household and its members' situation, the case with every step so far, the visits, the
open warnings and (for an elimination) the four criteria, above the decision itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QFormLayout, QLabel, QTableView, QTabWidget, QWidget

from app.domain.procedure import ROLE_LABELS, STEP_TITLES, Procedure, Role, Stage
from app.services.cases import CaseService
from app.services.households import HouseholdDetail, HouseholdService
from app.ui.dialogs.case_dialogs import StepDialog
from app.ui.widgets import fill_table, table_view

RECENT_VISITS = 10


class ReviewDialog(StepDialog):
    def __init__(self, service: CaseService, case_id: str, household_id: str, step: Stage, today: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(service, case_id, step, today, parent)
        self.household_id = household_id
        detail = HouseholdService(service.ctx).get(household_id)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._summary(detail, case_id), self.tr("农户和案例"))
        self.tabs.addTab(self._steps(detail, case_id), self.tr("办理记录"))
        self.tabs.addTab(self._visits(detail), self.tr("入户走访（{n}）").format(n=len(detail.visits)))
        open_warnings = [w for w in detail.warnings if w.status == "待处置"]
        self.tabs.addTab(self._warnings(detail), self.tr("预警（待处置 {n}）").format(n=len(open_warnings)))
        case = next(c for c in detail.cases if c.id == case_id)
        if case.procedure == Procedure.ELIMINATION:
            self.tabs.addTab(self._criteria(service, case_id), self.tr("消除条件"))
        self.form.insertRow(0, self.tabs)
        self.resize(960, 680)

    def _summary(self, detail: HouseholdDetail, case_id: str) -> QWidget:
        case = next(c for c in detail.cases if c.id == case_id)
        household = detail.household
        widget = QWidget()
        form = QFormLayout(widget)
        form.addRow(self.tr("村"), QLabel(detail.village_name))
        form.addRow(self.tr("户主"), QLabel(household.head_name))
        form.addRow(self.tr("户类型"), QLabel(household.household_type))
        members = "；".join(f"{m.name}（{'，'.join([m.relation, *m.health])}）"
                           for m in detail.members if not m.deleted)
        form.addRow(self.tr("家庭成员"), _wrapped(members))
        latest = max(detail.incomes, key=lambda record: record.year, default=None)
        form.addRow(self.tr("人均纯收入"), QLabel(
            self.tr("{year} 年 {amount} 元").format(year=latest.year, amount=latest.per_capita_income)
            if latest else self.tr("未登记")))
        form.addRow(self.tr("监测类别"), QLabel(case.category))
        form.addRow(self.tr("风险类型"), QLabel("、".join(case.risk_types)))
        form.addRow(self.tr("纳入理由"), _wrapped(case.category_reason))
        form.addRow(self.tr("发现方式"), QLabel(case.discovery_channel))
        form.addRow(self.tr("程序"), QLabel(Procedure(case.procedure).label))
        if case.posting_start and case.posting_end:
            form.addRow(self.tr("公示期"), QLabel(f"{case.posting_start} 至 {case.posting_end}"))
        helpers = [person.name for assignment, person in detail.assignments if assignment.end_date is None]
        form.addRow(self.tr("帮扶责任人"), QLabel("、".join(helpers) or self.tr("未落实")))
        measures = [f"{m.kind}{'·' + m.item if m.item else ''}（{m.status}）" for m in detail.measures if not m.deleted]
        form.addRow(self.tr("帮扶措施"), _wrapped("；".join(measures) or self.tr("无")))
        return widget

    def _steps(self, detail: HouseholdDetail, case_id: str) -> QWidget:
        steps = sorted(detail.steps.get(case_id, []), key=lambda s: (s.acted_on, s.created_hlc))
        return _table([self.tr("日期"), self.tr("环节"), self.tr("意见"), self.tr("办理人"), self.tr("说明")], [
            (s.acted_on.isoformat(), STEP_TITLES.get(Stage(s.step), s.step), s.decision,
             f"{s.actor_name}（{ROLE_LABELS.get(Role(s.actor_role), s.actor_role)}）", s.note) for s in steps])

    def _visits(self, detail: HouseholdDetail) -> QWidget:
        visits = sorted(detail.visits, key=lambda v: v.visit_date, reverse=True)[:RECENT_VISITS]
        return _table([self.tr("日期"), self.tr("走访人"), self.tr("情况")],
                      [(v.visit_date.isoformat(), v.visitor, v.summary) for v in visits])

    def _warnings(self, detail: HouseholdDetail) -> QWidget:
        warnings = sorted(detail.warnings, key=lambda w: w.raised_on, reverse=True)
        return _table([self.tr("日期"), self.tr("预警"), self.tr("原因"), self.tr("状态")],
                      [(w.raised_on.isoformat(), w.title, w.reason, w.status) for w in warnings])

    def _criteria(self, service: CaseService, case_id: str) -> QWidget:
        assessment = service.assess(case_id)
        rows = [(result.title, self.tr("已达到") if result.met else self.tr("未达到"), result.reason)
                for result in assessment.criteria]
        rows += [(self.tr("其他情况"), self.tr("未达到"), blocker) for blocker in assessment.blockers]
        return _table([self.tr("条件"), self.tr("情况"), self.tr("说明")], rows)


def _wrapped(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> QTableView:
    view = table_view()
    model = QStandardItemModel(view)
    fill_table(model, headers, rows)
    view.setModel(model)
    view.setWordWrap(True)  # notes and reasons are sentences: let them wrap in the last column
    view.resizeColumnsToContents()
    view.resizeRowsToContents()
    return view
