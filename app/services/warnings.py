"""Early warnings listed and followed up: handled, dismissed or turned into a proposal.

The rules themselves run in the unit of work's upkeep (``app/services/upkeep.py``), once for
every household a write touched; ``evaluate`` and ``evaluate_all`` run them on demand.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlmodel import Session

from app.domain.errors import UserFacingError
from app.domain.warnings import DISMISSED, HANDLED, OPEN, PROPOSED
from app.services import cases
from app.services.context import ServiceContext
from app.services.departments import marker
from app.services.rows import live, require
from app.services.unit_of_work import UnitOfWork
from app.services.upkeep import SYSTEM, evaluate_households
from app.store.models import Division, Household, RiskWarning

__all__ = ["DISMISSED", "HANDLED", "OPEN", "PROPOSED", "SYSTEM", "WarningRow", "WarningService",
           "evaluate_household", "evaluate_households"]
_BATCH = 1000


@dataclass(frozen=True)
class WarningRow:
    id: str
    household_id: str
    village_name: str
    head_name: str
    rule: str
    title: str
    reason: str
    raised_on: date
    status: str
    age_days: int
    handling_note: str
    source: str = ""  # the department whose list raised it, with the list's date
    source_date: date | None = None

    @property
    def source_label(self) -> str:
        """教育部门名单（2026-11-01）, or empty for a warning raised by what was typed in."""
        return marker(self.source, self.source_date) if self.source else ""


def evaluate_household(session: Session, household: Household, today: date) -> list[RiskWarning]:
    """Run the rules for one household inside the caller's write transaction."""
    return evaluate_households(session, [household], today)


class WarningService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def evaluate(self, household_id: str) -> list[RiskWarning]:
        with UnitOfWork(self.ctx) as uow:
            require(uow.session, Household, household_id)
            uow.touch([household_id])
        return [w for w in _warnings(self.ctx, uow.changed.warnings) if w.status == OPEN]

    def evaluate_all(self) -> int:
        """Run the rules over every household in scope; returns how many warnings were raised."""
        with self.ctx.db.read() as session:
            ids = list(session.scalars(select(Household.id).where(live(Household))))
        raised = 0
        for start in range(0, len(ids), _BATCH):
            with self.ctx.db.write(self.ctx.actor) as session:
                batch = list(session.scalars(select(Household).where(
                    Household.id.in_(ids[start:start + _BATCH]))))
                raised += len(evaluate_households(session, batch, self.ctx.today()))
        return raised

    def handle(self, warning_id: str, note: str) -> RiskWarning:
        if not note.strip():
            raise UserFacingError("请写明处置情况。", field="处置情况")
        return self._close(warning_id, HANDLED, note)

    def dismiss(self, warning_id: str, reason: str) -> RiskWarning:
        if not reason.strip():
            raise UserFacingError("排除预警必须写明理由。", field="排除理由")
        return self._close(warning_id, DISMISSED, reason)

    def to_proposal(self, warning_id: str, *, risk_types: list[str],
                    category: str | None = None, note: str = "") -> RiskWarning:
        """Turn a warning into an identification proposal (部门筛查预警) and link the two."""
        with UnitOfWork(self.ctx) as uow:
            warning = _open_warning(uow, warning_id)
            case = cases.propose(
                uow, warning.household_id, risk_types=risk_types, channel="部门筛查预警",
                category=category, note=note or f"由预警“{warning.title}”转为申报：{warning.reason}")
            warning.status, warning.case_id = PROPOSED, case.id
            warning.handled_by, warning.handled_on = self.ctx.actor.user_name, self.ctx.today()
            warning.handling_note = note or "已转为监测对象申报。"
        return warning

    def listing(self, open_only: bool = True, household_id: str | None = None,
                limit: int = 2000) -> list[WarningRow]:
        today = self.ctx.today()
        with self.ctx.db.read() as session:
            query = (select(RiskWarning, Household.head_name, Division.name)
                     .join(Household, Household.id == RiskWarning.household_id)
                     .join(Division, Division.id == Household.village_code)
                     .where(live(RiskWarning)))
            if open_only:
                query = query.where(RiskWarning.status == OPEN)
            if household_id:
                query = query.where(RiskWarning.household_id == household_id)
            rows = session.execute(query.order_by(RiskWarning.raised_on, RiskWarning.id)
                                   .limit(limit)).all()
        return [WarningRow(w.id, w.household_id, village, head, w.rule, w.title, w.reason,
                           w.raised_on, w.status, (today - w.raised_on).days, w.handling_note, w.source,
                           w.source_date)
                for w, head, village in rows]

    def _close(self, warning_id: str, status: str, note: str) -> RiskWarning:
        with UnitOfWork(self.ctx) as uow:
            warning = _open_warning(uow, warning_id)
            warning.status, warning.handling_note = status, note.strip()
            warning.handled_by, warning.handled_on = self.ctx.actor.user_name, self.ctx.today()
        return warning


def _open_warning(uow: UnitOfWork, warning_id: str) -> RiskWarning:
    warning = uow.session.get(RiskWarning, warning_id)
    if warning is None or warning.deleted:
        raise UserFacingError(f"找不到预警 {warning_id}。")
    if warning.status != OPEN:
        raise UserFacingError(f"这条预警已经{warning.status}，不能重复处理。")
    return warning


def _warnings(ctx: ServiceContext, ids: Iterable[str]) -> list[RiskWarning]:
    with ctx.db.read() as session:
        return list(session.scalars(select(RiskWarning).where(RiskWarning.id.in_(list(ids)))
                                    .order_by(RiskWarning.rule)))
