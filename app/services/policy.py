"""Policy values set by the county: income lines, warning thresholds (which include the visit
intervals and the workload limit), posting days and the extra columns of posted documents, the
procedure's time limits, the line's review period, the 返贫致贫 definition, the elimination
timing (app.domain.elimination.EliminationTiming), and the lists screens
offer: risk types and measure kinds with their items (app.domain.policy_lists).

Every setting is versioned: the row whose id is the key holds the value in force from the start;
a row ``key@YYYY-MM-DD`` holds the value in force from that day. Both are PolicySetting rows, so
they travel down in bundles like the income lines, and a bundle bringing them has every household
checked again in its own unit of work (app/sync/importing.py)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid5

from sqlalchemy import select
from sqlmodel import Session

from app.domain import income, policy_lists, posting
from app.domain.categories import CategoryThresholds
from app.domain.elimination import EliminationTiming
from app.domain.errors import UserFacingError
from app.domain.procedure import DEFAULT_STEPS, Role, Stage, StepList
from app.domain.warnings import WarningThresholds
from app.services import context
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
# Working days a case may wait at each stage (公示中: after the posting's end), and the days a
# warning may wait: the county's 15-day practice (about 15 days with ≥ 5 days of posting).
PROCEDURE_LIMITS = "procedure_time_limits"
DEFAULT_PROCEDURE_LIMITS: dict[str, int] = {
    Stage.PROPOSED.value: 2, Stage.VERIFIED.value: 3, Stage.VILLAGE_REVIEWED.value: 2, Stage.POSTED.value: 1,
    Stage.TOWNSHIP_REVIEWED.value: 1, Stage.CROSS_CHECKED.value: 1, Stage.RETURNED.value: 5, "warning_days": 15,
}
# The procedure's steps, their order and who may take each (app.domain.procedure.StepList).
PROCEDURE_STEPS = "procedure_steps"
# The lists offered for new records (app.domain.policy_lists); records keep the names they were made with.
RISK_TYPES = "risk_types"
MEASURE_ITEMS = "measure_items"
CATEGORY_NAMES = "monitoring_categories"
# A renamed measure kind's new name → the name it replaces (app.domain.policy_lists.check_kind_origins).
MEASURE_KIND_ORIGINS = "measure_kind_origins"
# Months of stable income before elimination, months blocked after identification.
ELIMINATION_TIMING = "elimination_timing"
VERSION_MARK = "@"

DEFAULT_SETTINGS: dict[str, Any] = {
    WARNING_THRESHOLDS: WarningThresholds().to_dict(),
    CATEGORY_THRESHOLDS: {k: str(v) for k, v in asdict(CategoryThresholds()).items()},
    POSTING_DAYS: 5,
    # Extra columns of posted documents, from app.domain.posting.OPTIONAL_COLUMNS; none by default.
    POSTING_COLUMNS: [],
    LINE_REVIEW_YEARS: income.DEFAULT_LINE_REVIEW_YEARS,
    POVERTY_DEFINITION: income.PovertyDefinition().to_dict(),
    PROCEDURE_LIMITS: dict(DEFAULT_PROCEDURE_LIMITS),
    PROCEDURE_STEPS: DEFAULT_STEPS.to_setting(),
    RISK_TYPES: policy_lists.default_risk_types(),
    MEASURE_ITEMS: policy_lists.default_measure_items(),
    CATEGORY_NAMES: policy_lists.default_category_names(),
    ELIMINATION_TIMING: EliminationTiming().to_dict(),
    MEASURE_KIND_ORIGINS: {},
}
# Settings whose items the county names (measure kinds, renamed kinds), with how an item's value
# is typed; the others have a fixed set of items.
OPEN_SETTINGS: dict[str, Any] = {MEASURE_ITEMS: [], MEASURE_KIND_ORIGINS: ""}

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

    def elimination_timing(self, on: date | None = None) -> EliminationTiming:
        with self.ctx.db.read() as session:
            return elimination_timing_from(session, on or self.ctx.today())

    def set_poverty_definition(self, changes: dict[str, Any]) -> income.PovertyDefinition:
        definition = income.PovertyDefinition.from_dict({**self.poverty_definition().to_dict(), **changes})
        self._store(POVERTY_DEFINITION, definition.to_dict())
        return definition

    def setting(self, key: str, on: date | None = None) -> Any:
        with self.ctx.db.read() as session:
            return setting_from(session, key, on or self.ctx.today())

    def risk_types(self, on: date | None = None) -> tuple[str, ...]:
        """The risk types offered on ``on`` (default today)."""
        with self.ctx.db.read() as session:
            return risk_types_from(session, on or self.ctx.today())

    def measure_items(self, on: date | None = None) -> dict[str, list[str]]:
        """Measure kinds with their items in force on ``on`` (retired kinds have no items)."""
        with self.ctx.db.read() as session:
            return measure_items_from(session, on or self.ctx.today())

    def category_names(self, on: date | None = None) -> dict[str, str]:
        """Each monitoring category's name in force on ``on`` by its role (empty: retired)."""
        with self.ctx.db.read() as session:
            return category_names_from(session, on or self.ctx.today())

    def category_names_ever(self) -> tuple[str, ...]:
        """Every name a category has had in any version (records keep theirs): for filters over cases."""
        with self.ctx.db.read() as session:
            stored = [v.value for v in versions_from(session) if v.key == CATEGORY_NAMES]
        return tuple(dict.fromkeys(name for value in (DEFAULT_SETTINGS[CATEGORY_NAMES], *stored)
                                   if isinstance(value, dict) for name in value.values()
                                   if isinstance(name, str) and name))

    def set_category_names(self, names: dict[str, str]) -> dict[str, str]:
        value = checked_setting(CATEGORY_NAMES, names)
        self._store(CATEGORY_NAMES, value)
        return value

    def kind_origins(self) -> dict[str, str]:
        """Every rename of a measure kind in any version (records keep their names): new → former."""
        with self.ctx.db.read() as session:
            return kind_origins_from(session)

    def set_risk_types(self, names: list[str]) -> tuple[str, ...]:
        value = checked_setting(RISK_TYPES, names)
        self._store(RISK_TYPES, value)
        return tuple(value)

    def set_measure_items(self, items: dict[str, list[str]]) -> dict[str, list[str]]:
        value = checked_setting(MEASURE_ITEMS, items)
        self._store(MEASURE_ITEMS, value)
        return value

    def procedure_limits(self) -> dict[str, int]:
        return {**DEFAULT_PROCEDURE_LIMITS, **self.setting(PROCEDURE_LIMITS)}

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
        value = checked_setting(WARNING_THRESHOLDS, {**self.setting(WARNING_THRESHOLDS), **changes})
        self._store(WARNING_THRESHOLDS, value)
        return WarningThresholds.from_dict(value)

    def set_category_thresholds(self, changes: dict[str, Any]) -> CategoryThresholds:
        value = checked_setting(CATEGORY_THRESHOLDS, {**self.setting(CATEGORY_THRESHOLDS), **changes})
        self._store(CATEGORY_THRESHOLDS, value)
        return CategoryThresholds(**value)

    def set_posting_days(self, days: int) -> None:
        self._store(POSTING_DAYS, checked_setting(POSTING_DAYS, days))

    def set_line_review_years(self, years: int) -> None:
        self._store(LINE_REVIEW_YEARS, checked_setting(LINE_REVIEW_YEARS, years))

    def set_procedure_limits(self, changes: dict[str, Any]) -> dict[str, int]:
        value = checked_setting(PROCEDURE_LIMITS, {**self.procedure_limits(), **changes})
        self._store(PROCEDURE_LIMITS, value)
        return value

    def step_list(self, on: date | None = None) -> StepList:
        with self.ctx.db.read() as session:
            return step_list_from(session, on or self.ctx.today())

    def set_procedure_steps(self, changes: dict[str, Any]) -> StepList:
        """Change the procedure's steps, their order or who may take each (items of ``procedure_steps``)."""
        value = checked_setting(PROCEDURE_STEPS, {**self.setting(PROCEDURE_STEPS), **changes})
        self._store(PROCEDURE_STEPS, value)
        return StepList.from_setting(value)

    def set_posting_columns(self, keys: list[str]) -> tuple[str, ...]:
        """Which extra columns posted documents show (家庭人口, 风险类型 in neutral wording); an ID
        number, phone, bank account, health or birth date is refused (app.domain.posting)."""
        value = checked_setting(POSTING_COLUMNS, keys)
        self._store(POSTING_COLUMNS, value)
        return tuple(value)

    def set_version(self, key: str, value: Any, effective_from: date) -> Any:
        """Store ``value`` of ``key`` as the version in force from ``effective_from`` (replacing a
        version of that very day), after the checks the workbook passes; the 政策 page saves so."""
        self._require_county()
        checked = checked_setting(key, value)
        row_id = SettingVersion(key, effective_from, checked).row_id
        with self.ctx.db.write(self.ctx.actor) as session:
            row = session.get(PolicySetting, row_id)
            if row is None:
                session.add(PolicySetting(id=row_id, value=checked))
            else:
                row.deleted, row.value = False, checked
        return checked

    def _store(self, key: str, value: Any) -> None:
        """Change the version in force today (the county's page edits what applies now)."""
        self._require_county()
        with self.ctx.db.write(self.ctx.actor) as session:
            versions = [v for v in versions_from(session) if v.key == key
                        and (v.effective_from is None or v.effective_from <= self.ctx.today())]
            current = max(versions, key=lambda v: v.effective_from or date.min, default=None)
            row = session.get(PolicySetting, current.row_id if current else key)
            if row is None:
                session.add(PolicySetting(id=key, value=value))
            else:
                row.deleted = False
                row.value = value

    def require_county(self) -> None:
        """Refuse unless this device works for the county (policy is the county's)."""
        self._require_county()

    def _require_county(self) -> None:
        if self.ctx.role is not Role.COUNTY:
            raise UserFacingError("政策设置（监测线、预警阈值、公示天数、公示内容、风险类型和帮扶措施等）"
                                  "只能由县防贫中心修改。")


def step_list_from(session: Session, on: date | None = None) -> StepList:
    """The county's procedure in force on ``on`` (default: this machine's day); the defaults when
    the stored setting cannot be read (it came checked from the county, but never let that stop a sync)."""
    try:
        return StepList.from_setting(setting_from(session, PROCEDURE_STEPS, on))
    except UserFacingError:
        return DEFAULT_STEPS


def elimination_timing_from(session: Session, on: date) -> EliminationTiming:
    """The elimination timing in force on ``on`` (the assessment day), read in the caller's session
    (broken → Hebei's, like the other settings that arrive in bundles)."""
    try:
        return EliminationTiming.from_dict(setting_from(session, ELIMINATION_TIMING, on))
    except UserFacingError:
        return EliminationTiming()


def lines_from(session: Session) -> list[income.IncomeLine]:
    rows = session.scalars(select(IncomeLine).where(IncomeLine.deleted == False)  # noqa: E712
                           .order_by(IncomeLine.effective_from)).all()
    return [income.IncomeLine(r.effective_from, Decimal(r.amount), r.note) for r in rows]


def line_warning_from(session: Session, today: date) -> str | None:
    """One decision, read in the caller's session: is the monitoring line out of date today?"""
    return income.stale_line_warning(lines_from(session), today,
                                     int(setting_from(session, LINE_REVIEW_YEARS)))


def risk_types_from(session: Session, on: date) -> tuple[str, ...]:
    """The risk types offered on ``on``, read in the caller's session; a value that arrived broken
    in a bundle falls back to the defaults rather than offering nothing."""
    try:
        return tuple(policy_lists.check_risk_types(setting_from(session, RISK_TYPES, on)))
    except UserFacingError:
        return tuple(DEFAULT_SETTINGS[RISK_TYPES])


def category_names_from(session: Session, on: date) -> dict[str, str]:
    """The monitoring categories' names in force on ``on`` by role, read in the caller's session
    (broken → defaults)."""
    try:
        return policy_lists.check_category_names(setting_from(session, CATEGORY_NAMES, on))
    except UserFacingError:
        return policy_lists.default_category_names()


def measure_items_from(session: Session, on: date) -> dict[str, list[str]]:
    """Measure kinds and items in force on ``on``, read in the caller's session (broken → defaults)."""
    try:
        return policy_lists.check_measure_items(setting_from(session, MEASURE_ITEMS, on))
    except UserFacingError:
        return policy_lists.default_measure_items()


def kind_origins_from(session: Session) -> dict[str, str]:
    """The renames of measure kinds over every version, later versions over earlier ones: a record
    made under any name a kind has had finds the kind (its card text, its report row)."""
    origins: dict[str, str] = {}
    for version in versions_from(session):
        if version.key == MEASURE_KIND_ORIGINS:
            try:
                origins.update(policy_lists.check_kind_origins(version.value))
            except UserFacingError:
                continue  # a broken version from a bundle renames nothing
    return origins


@dataclass(frozen=True)
class SettingVersion:
    key: str
    effective_from: date | None  # None: in force from the start
    value: Any

    @property
    def row_id(self) -> str:
        return self.key if self.effective_from is None else f"{self.key}{VERSION_MARK}{self.effective_from.isoformat()}"


def versions_from(session: Session) -> list[SettingVersion]:
    """Every stored version of every known setting, by key and date."""
    found = []
    for row in session.scalars(select(PolicySetting).where(PolicySetting.deleted == False)):  # noqa: E712
        key, _, day = row.id.partition(VERSION_MARK)
        if key not in DEFAULT_SETTINGS:
            continue
        try:
            effective = date.fromisoformat(day) if day else None
        except ValueError:
            continue
        found.append(SettingVersion(key, effective, row.value))
    return sorted(found, key=lambda v: (v.key, v.effective_from or date.min))


def setting_from(session: Session, key: str, on: date | None = None) -> Any:
    """The value of ``key`` in force on ``on`` (default: this machine's day); the default when
    none was stored."""
    day = on or context.machine_today()
    best: SettingVersion | None = None
    for version in versions_from(session):
        if version.key == key and (version.effective_from or date.min) <= day and (
                best is None or (version.effective_from or date.min) >= (best.effective_from or date.min)):
            best = version
    return DEFAULT_SETTINGS[key] if best is None else best.value


def checked_setting(key: str, value: Any) -> Any:
    """A setting's value as stored, after the same checks the 政策 page and the workbook pass."""
    if key == WARNING_THRESHOLDS:
        return WarningThresholds.from_dict(value).to_dict()
    if key == CATEGORY_THRESHOLDS:
        return {k: str(v) for k, v in asdict(CategoryThresholds(**value)).items()}
    if key == POSTING_DAYS:
        days = _whole(value, "公示天数")
        if days < MIN_POSTING_DAYS:
            raise UserFacingError(f"公示期不能少于 {MIN_POSTING_DAYS} 天。", field="公示天数")
        return days
    if key == POSTING_COLUMNS:
        return list(posting.check_extra_columns(list(value)))
    if key == LINE_REVIEW_YEARS:
        years = _whole(value, "监测线复核周期")
        if not 1 <= years <= 5:
            raise UserFacingError("监测线复核周期应为 1 到 5 年。", field="监测线复核周期")
        return years
    if key == POVERTY_DEFINITION:
        return income.PovertyDefinition.from_dict(value).to_dict()
    if key == PROCEDURE_STEPS:
        return StepList.from_setting(value).to_setting()
    if key == PROCEDURE_LIMITS:
        unknown = set(value) - set(DEFAULT_PROCEDURE_LIMITS)
        if unknown:
            raise UserFacingError(f"程序时限没有“{'、'.join(sorted(unknown))}”这一项。", field="程序时限")
        limits = {k: _whole(v, "程序时限") for k, v in {**DEFAULT_PROCEDURE_LIMITS, **value}.items()}
        if any(days < 1 for days in limits.values()):
            raise UserFacingError("程序时限每一项至少 1 天。", field="程序时限")
        return limits
    if key == RISK_TYPES:
        return policy_lists.check_risk_types(value)
    if key == MEASURE_ITEMS:
        return policy_lists.check_measure_items(value)
    if key == CATEGORY_NAMES:
        return policy_lists.check_category_names(value)
    if key == ELIMINATION_TIMING:
        return EliminationTiming.from_dict(value).to_dict()
    if key == MEASURE_KIND_ORIGINS:
        return policy_lists.check_kind_origins(value)
    raise UserFacingError(f"没有“{key}”这项政策设置。", field="政策设置")


def _whole(value: Any, label: str) -> int:
    if isinstance(value, bool):
        raise UserFacingError(f"“{label}”应为整数，实际为“{value}”。", field=label)
    try:
        number = Decimal(str(value).strip())
    except ArithmeticError:
        raise UserFacingError(f"“{label}”应为整数，实际为“{value}”。", field=label) from None
    if not number.is_finite() or number != number.to_integral_value():
        raise UserFacingError(f"“{label}”应为整数，实际为“{value}”。", field=label)
    return int(number)
