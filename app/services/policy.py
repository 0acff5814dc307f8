"""Policy values set by the county: income lines, warning thresholds (which include the visit
intervals and the workload limit), posting days and the extra columns of posted documents."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid5

from sqlalchemy import select
from sqlmodel import Session

from app.domain import income, posting
from app.domain.categories import CategoryThresholds
from app.domain.errors import UserFacingError
from app.domain.procedure import Role
from app.domain.warnings import WarningThresholds
from app.services.context import ServiceContext
from app.store.models import IncomeLine, PolicySetting, SyncedModel

WARNING_THRESHOLDS = "warning_thresholds"
CATEGORY_THRESHOLDS = "category_thresholds"
POSTING_DAYS = "posting_days"
POSTING_COLUMNS = "posting_columns"
# How often (years) the county must set a new monitoring line before screens and reports warn.
LINE_REVIEW_YEARS = "line_review_years"
# What the 年考核 counts as 返贫致贫 (app.domain.income.PovertyDefinition).
POVERTY_DEFINITION = "poverty_definition"

DEFAULT_SETTINGS: dict[str, Any] = {
    WARNING_THRESHOLDS: WarningThresholds().to_dict(),
    CATEGORY_THRESHOLDS: {k: str(v) for k, v in asdict(CategoryThresholds()).items()},
    POSTING_DAYS: 5,
    # Extra columns of posted documents, from app.domain.posting.OPTIONAL_COLUMNS; none by default.
    POSTING_COLUMNS: [],
    LINE_REVIEW_YEARS: income.DEFAULT_LINE_REVIEW_YEARS,
    POVERTY_DEFINITION: income.PovertyDefinition().to_dict(),
}

MIN_POSTING_DAYS = 5
_SEED_NAMESPACE = UUID("6f1d2a5e-3c4b-4f0e-9a7d-2b8c1e5f4a60")


def default_rows() -> list[SyncedModel]:
    """The Hebei seed policy every new database starts with, identical everywhere (ids derived
    from the line's date or the setting's key), so the county's later changes supersede it on
    every device (Database.seed)."""
    lines: list[SyncedModel] = [
        IncomeLine(id=str(uuid5(_SEED_NAMESPACE, f"incomeline:{line.effective_from.isoformat()}")),
                   effective_from=line.effective_from, amount=line.amount, note=line.note)
        for line in income.default_income_lines()]
    settings: list[SyncedModel] = [PolicySetting(id=key, value=value) for key, value in DEFAULT_SETTINGS.items()]
    return lines + settings


class PolicyService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def income_lines(self) -> list[income.IncomeLine]:
        with self.ctx.db.read() as session:
            return lines_from(session)

    def line_on(self, on: date) -> Decimal:
        return income.line_in_force(self.income_lines(), on).amount

    def line_warning(self, on: date | None = None) -> str | None:
        """The stale-line warning (app.domain.income.stale_line_warning) for ``on`` (default today)."""
        with self.ctx.db.read() as session:
            return line_warning_from(session, on or self.ctx.today())

    def line_review_years(self) -> int:
        return int(self.setting(LINE_REVIEW_YEARS))

    def poverty_definition(self) -> income.PovertyDefinition:
        return income.PovertyDefinition.from_dict(self.setting(POVERTY_DEFINITION))

    def set_poverty_definition(self, changes: dict[str, Any]) -> income.PovertyDefinition:
        definition = income.PovertyDefinition.from_dict({**self.poverty_definition().to_dict(), **changes})
        self._store(POVERTY_DEFINITION, definition.to_dict())
        return definition

    def setting(self, key: str) -> Any:
        with self.ctx.db.read() as session:
            return setting_from(session, key)

    def warning_thresholds(self) -> WarningThresholds:
        return WarningThresholds.from_dict(self.setting(WARNING_THRESHOLDS))

    def workload_limit(self) -> int:
        return self.warning_thresholds().workload_limit

    def category_thresholds(self) -> CategoryThresholds:
        return CategoryThresholds(**self.setting(CATEGORY_THRESHOLDS))

    def posting_days(self) -> int:
        return int(self.setting(POSTING_DAYS))

    def posting_columns(self) -> tuple[str, ...]:
        """The county's extra posting columns; a stored value outside the whitelist (one that came
        through a bundle) is dropped by app.domain.posting.posting_columns when the list is built."""
        value = self.setting(POSTING_COLUMNS)
        return tuple(value) if isinstance(value, list) else ()

    # --- changes: the county sets policy, and it travels down with the data --------------------

    def add_income_line(self, effective_from: date, amount: Any, note: str = "") -> None:
        self._require_county()
        value = income.validate_amount(amount, "监测收入线")
        with self.ctx.db.write(self.ctx.actor) as session:
            income.check_income_lines(
                [*lines_from(session), income.IncomeLine(effective_from, value, note)])
            session.add(IncomeLine(effective_from=effective_from, amount=value, note=note))

    def set_warning_thresholds(self, changes: dict[str, Any]) -> WarningThresholds:
        merged = {**self.warning_thresholds().to_dict(), **changes}
        thresholds = WarningThresholds.from_dict(merged)
        self._store(WARNING_THRESHOLDS, thresholds.to_dict())
        return thresholds

    def set_category_thresholds(self, changes: dict[str, Any]) -> CategoryThresholds:
        merged = {k: str(v) for k, v in asdict(self.category_thresholds()).items()} | changes
        thresholds = CategoryThresholds(**merged)
        self._store(CATEGORY_THRESHOLDS, {k: str(v) for k, v in asdict(thresholds).items()})
        return thresholds

    def set_posting_days(self, days: int) -> None:
        if days < MIN_POSTING_DAYS:
            raise UserFacingError(f"公示期不能少于 {MIN_POSTING_DAYS} 天。", field="公示天数")
        self._store(POSTING_DAYS, days)

    def set_line_review_years(self, years: int) -> None:
        if isinstance(years, bool) or not isinstance(years, int) or not 1 <= years <= 5:
            raise UserFacingError("监测线复核周期应为 1 到 5 年。", field="监测线复核周期")
        self._store(LINE_REVIEW_YEARS, years)

    def set_posting_columns(self, keys: list[str]) -> tuple[str, ...]:
        """Which extra columns posted documents show (家庭人口, 风险类型 in neutral wording); an ID
        number, phone, bank account, health or birth date is refused (app.domain.posting)."""
        chosen = posting.check_extra_columns(keys)
        self._store(POSTING_COLUMNS, list(chosen))
        return chosen

    def _store(self, key: str, value: Any) -> None:
        self._require_county()
        with self.ctx.db.write(self.ctx.actor) as session:
            row = session.get(PolicySetting, key)
            if row is None:
                session.add(PolicySetting(id=key, value=value))
            else:
                row.value = value

    def _require_county(self) -> None:
        if self.ctx.role is not Role.COUNTY:
            raise UserFacingError("政策设置（监测线、预警阈值、公示天数、公示内容）只能由县防贫中心修改。")


def lines_from(session: Session) -> list[income.IncomeLine]:
    rows = session.scalars(select(IncomeLine).where(IncomeLine.deleted == False)  # noqa: E712
                           .order_by(IncomeLine.effective_from)).all()
    return [income.IncomeLine(r.effective_from, Decimal(r.amount), r.note) for r in rows]


def line_warning_from(session: Session, today: date) -> str | None:
    """One decision, read in the caller's session: is the monitoring line out of date today?"""
    return income.stale_line_warning(lines_from(session), today,
                                     int(setting_from(session, LINE_REVIEW_YEARS)))


def setting_from(session: Session, key: str) -> Any:
    row = session.get(PolicySetting, key)
    if row is None or row.deleted:
        return DEFAULT_SETTINGS[key]
    return row.value
