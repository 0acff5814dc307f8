"""Reading synchronised rows the way every service needs: tombstones are invisible."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlmodel import Session

from app.domain.errors import UserFacingError
from app.store.models import (
    Assignment,
    AssistancePerson,
    Household,
    Measure,
    Member,
    MonitoringCase,
    RiskWarning,
    SyncedModel,
)

Row = TypeVar("Row", bound=SyncedModel)

_NOUNS: dict[type, str] = {
    Household: "农户", Member: "成员", MonitoringCase: "监测案例", AssistancePerson: "帮扶责任人",
    Assignment: "帮扶关系", Measure: "帮扶措施", RiskWarning: "预警",
}


def live(model: Any) -> Any:
    """The condition that leaves tombstoned rows out of a query."""
    return model.deleted == False  # noqa: E712


def require(session: Session, model: type[Row], row_id: str) -> Row:
    """The live row, or a Chinese error saying what could not be found."""
    row = session.get(model, row_id)
    if row is None or row.deleted:
        raise UserFacingError(f"找不到{_NOUNS.get(model, '记录')} {row_id}，可能已被删除。")
    return row
