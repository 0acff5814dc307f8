"""监测对象: cases by procedure stage; each step the user's role may take is one click away."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from app.domain.procedure import (
    DECISION_STEPS,
    STAGE_LABELS,
    STEP_TITLES,
    Procedure,
    Role,
    Stage,
    StepList,
    may_take,
    next_step,
)
from app.services.cases import CaseService
from app.services.context import ServiceContext
from app.services.listing import CaseListing, CaseRow
from app.services.unit_of_work import Changed
from app.ui.dialogs.case_dialogs import StepDialog
from app.ui.dialogs.review_dialog import ReviewDialog
from app.ui.pages.list_page import ListPage

MINE = "mine"
UNSET = object()  # no stage chosen yet (None is "all")


class CasesPage(ListPage):
    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("监测对象"), parent)
        self.listing = CaseListing(ctx)
        self.stage = QComboBox()
        self.top.addWidget(self.stage)
        self.stage.currentIndexChanged.connect(self._stage_changed)
        self.stage_chosen: object = UNSET
        self.step_button = self.add_button(self.tr("办理下一步"), self.take_step)
        self.add_button(self.tr("打开农户"), self._open_selected)
        self.step_hint = QLabel()
        self.buttons.insertWidget(1, self.step_hint)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.rows: dict[str, CaseRow] = {}
        self.follow_changes()

    def _fill_stages(self) -> None:
        counts = self.listing.counts_by_stage()
        current = self.stage.currentData()
        self.stage.blockSignals(True)
        self.stage.clear()
        self.stage.addItem(self.tr("全部（{n}）").format(n=sum(counts.values())), None)
        steps = self._steps()
        waiting = sum(count for (_procedure, stage), count in counts.items() if self._mine(stage, steps))
        self.stage.addItem(self.tr("待本级办理（{n}）").format(n=waiting), MINE)
        for procedure in Procedure:
            for stage, label in STAGE_LABELS.items():
                count = counts.get((procedure.value, stage.value), 0)
                if count:
                    self.stage.addItem(f"{procedure.label} · {label}（{count}）", (procedure, stage))
        if self.stage_chosen is UNSET and self.ctx.role is not Role.WORKER:
            current = MINE  # a station opens on its own worklist: what waits for its review
        self.stage_chosen = current
        position = self.stage.findData(current)
        self.stage.setCurrentIndex(max(position, 0))
        self.stage.blockSignals(False)

    def _stage_changed(self) -> None:
        self.stage_chosen = self.stage.currentData()
        self.refresh()

    def _mine(self, stage: str, steps: StepList) -> bool:
        """Does the next step of a case at ``stage`` belong to this role's level (乡镇审核 for a
        township, 信息比对 and 县级审定 for the county, the village steps for a grid worker), as the
        county's step list says?"""
        step = next_step(Stage(stage), steps)
        return step is not None and steps.role(step) == self.ctx.role

    def _steps(self) -> StepList:
        return CaseService(self.ctx).step_list()

    def refresh(self) -> None:
        self._fill_stages()
        self.rows = {}
        self.show_rows([self.tr("村"), self.tr("户主"), self.tr("类别"), self.tr("风险类型"), self.tr("程序"),
                        self.tr("阶段"), self.tr("阶段开始"), self.tr("公示"), self.tr("风险状态")],
                       *self.rows_for(None))

    def show_changes(self, changed: Changed) -> None:
        if self.loaded and changed.households:
            self._fill_stages()  # the counts per stage: one grouped query
        super().show_changes(changed)

    def rows_for(self, household_ids: Collection[str] | None) -> tuple[list[Sequence[Any]], list[Any], list[str]]:
        """The cases at the chosen stage (of these households only, when given)."""
        chosen = self.stage.currentData()
        if chosen == MINE:
            steps = self._steps()
            cases = [c for c in self.listing.cases(household_ids=household_ids) if self._mine(c.stage, steps)]
        else:
            cases = self.listing.cases(stage=chosen[1] if chosen else None,
                                       procedure=chosen[0] if chosen else None, household_ids=household_ids)
        for key in [k for k, c in self.rows.items() if household_ids is not None and c.household_id in household_ids]:
            del self.rows[key]
        self.rows |= {c.case_id: c for c in cases}
        rows: list[Sequence[Any]] = [
            (c.village_name, c.head_name, c.category, "、".join(c.risk_types), c.procedure, c.stage_label,
             c.stage_since.isoformat(), self._posting(c), c.status) for c in cases]
        return rows, [c.case_id for c in cases], [c.household_id for c in cases]

    def _posting(self, case: CaseRow) -> str:
        """Where a case in its posting period stands: the review may go on the day after it ends."""
        if case.stage != Stage.POSTED or case.posting_end is None:
            return ""
        if case.posting_end >= self.ctx.today():
            return self.tr("公示中，{end} 期满").format(end=case.posting_end.isoformat())
        return self.tr("已期满（{end}）").format(end=case.posting_end.isoformat())

    def _next_step(self) -> Stage | None:
        row = self.rows.get(self.selected())
        steps = self._steps()
        step = next_step(Stage(row.stage), steps) if row else None
        return step if step is not None and may_take(self.ctx.role, step, steps) else None

    def _selection_changed(self) -> None:
        row = self.rows.get(self.selected())
        steps = self._steps()
        upcoming = next_step(Stage(row.stage), steps) if row else None
        step = self._next_step()
        self.step_button.setEnabled(step is not None)
        self.step_button.setText(self.tr("办理：{step}").format(step=STEP_TITLES[step]) if step
                                 else self.tr("办理下一步"))
        refusal = CaseService(self.ctx).why_not_today(row.case_id, step) if row and step else None
        if refusal is not None:
            self.step_button.setEnabled(False)
            self.step_hint.setText(refusal)
            return
        self.step_hint.setText(self.tr("下一步“{step}”由{role}办理。").format(
            step=STEP_TITLES[upcoming], role=steps.role(upcoming).label)
            if upcoming is not None and step is None else "")

    def take_step(self) -> None:
        step = self._next_step()
        if step is None:
            return
        service, case_id = CaseService(self.ctx), self.selected()
        # A review or approval is decided with the household, visits, warnings and history in view.
        dialog = (ReviewDialog(service, case_id, self.rows[case_id].household_id, step, self.ctx.today(), self)
                  if step in DECISION_STEPS else StepDialog(service, case_id, step, self.ctx.today(), self))
        dialog.exec()  # a step taken: its row is updated from what the use case changed (show_changes)
