"""监测对象: cases by procedure stage; each step the user's role may take is one click away."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

from app.domain.procedure import STAGE_LABELS, Procedure, Stage
from app.services.context import ServiceContext
from app.services.listing import CaseListing
from app.ui.pages.list_page import ListPage


class CasesPage(ListPage):
    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("监测对象"), parent)
        self.listing = CaseListing(ctx)
        self.stage = QComboBox()
        self.top.addWidget(self.stage)
        self.stage.currentIndexChanged.connect(self.refresh)
        self.add_button(self.tr("打开农户"), self._open_selected)

    def _fill_stages(self) -> None:
        counts = self.listing.counts_by_stage()
        current = self.stage.currentData()
        self.stage.blockSignals(True)
        self.stage.clear()
        self.stage.addItem(self.tr("全部（{n}）").format(n=sum(counts.values())), None)
        for procedure in Procedure:
            for stage, label in STAGE_LABELS.items():
                count = counts.get((procedure.value, stage.value), 0)
                if count:
                    self.stage.addItem(f"{procedure.label} · {label}（{count}）", (procedure, stage))
        position = self.stage.findData(current)
        self.stage.setCurrentIndex(max(position, 0))
        self.stage.blockSignals(False)

    def refresh(self) -> None:
        self._fill_stages()
        chosen: tuple[Procedure, Stage] | None = self.stage.currentData()
        cases = self.listing.cases(stage=chosen[1] if chosen else None,
                                   procedure=chosen[0] if chosen else None)
        rows = [(c.village_name, c.head_name, c.category, "、".join(c.risk_types), c.procedure,
                 c.stage_label, c.stage_since.isoformat(), c.status) for c in cases]
        self.show_rows([self.tr("村"), self.tr("户主"), self.tr("类别"), self.tr("风险类型"), self.tr("程序"),
                        self.tr("阶段"), self.tr("阶段开始"), self.tr("风险状态")], rows,
                       [c.case_id for c in cases], [c.household_id for c in cases])
