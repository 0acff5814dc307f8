"""What one generation run shares between the parts that make its rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from random import Random
from typing import Any

from sqlmodel import Session

from app.domain.income import IncomeLine
from app.domain.procedure import StepList
from app.domain.warnings import WarningThresholds
from app.services.demo.names import IdNumbers
from app.store.bulk import bulk_insert
from app.store.models import (
    Assignment,
    AssistancePerson,
    CaseStep,
    Grid,
    GridHousehold,
    Household,
    IncomeRecord,
    Measure,
    Member,
    MonitoringCase,
    RigidExpense,
    RiskWarning,
    SyncedModel,
    User,
    Visit,
)
from app.store.models import Division as DivisionRow


@dataclass
class DemoSummary:
    """What a generation run wrote; ``counts`` is rows per table."""

    households: int = 0
    members: int = 0
    villages_added: int = 0
    users_added: int = 0
    cases: int = 0
    case_steps: int = 0
    visits: int = 0
    warnings: int = 0
    measures: int = 0
    assistance_persons: int = 0
    rows: int = 0
    seconds: float = 0.0
    cancelled: bool = False
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def households_per_second(self) -> float:
        return self.households / self.seconds if self.seconds else 0.0

    def __str__(self) -> str:
        text = (f"共 {self.households} 户、{self.members} 人，监测案例 {self.cases} 个，"
                f"帮扶措施 {self.measures} 项，走访 {self.visits} 次，预警 {self.warnings} 条")
        if self.villages_added:
            text += f"，新增 {self.villages_added} 个村"
        return text + ("（已取消）。" if self.cancelled else "。")


@dataclass(frozen=True)
class Scope:
    """The county and townships the database covers, and the staff who act in them."""

    county: str
    county_name: str
    townships: dict[str, str]
    county_staff: tuple[str, ...]
    township_staff: dict[str, tuple[str, ...]]


@dataclass
class Cadre:
    """A township or village cadre helping several households (at most 5 by county rule)."""

    row: dict[str, Any]
    capacity: int
    load: int = 0


@dataclass
class Village:
    code: str
    name: str
    township: str
    groups: int
    existing: int
    next_number: int
    house_numbers: dict[int, int] = field(default_factory=dict)
    new: int = 0
    workers: list[str] = field(default_factory=list)
    cadres: list[Cadre] = field(default_factory=list)


@dataclass
class Run:
    """The random stream, the day and the county's rules every part of a run draws on, and the
    tally they add to. One stream for everything is what makes a seed reproduce its data."""

    rng: Random
    today: date
    ids: IdNumbers
    scope: Scope
    thresholds: WarningThresholds
    posting_days: int
    steps: StepList  # the county's procedure in force
    lines: list[IncomeLine]
    line: Decimal
    summary: DemoSummary

    @property
    def line_int(self) -> int:
        return int(self.line)


class Batch:
    """Rows of one transaction, by model, written parents first."""

    ORDER: tuple[type[SyncedModel], ...] = (
        DivisionRow, User, Grid, AssistancePerson, Household, GridHousehold, Member, IncomeRecord,
        RigidExpense, MonitoringCase, CaseStep, Assignment, Measure, Visit, RiskWarning,
    )

    def __init__(self) -> None:
        self.rows: dict[type[SyncedModel], list[dict[str, Any]]] = {m: [] for m in self.ORDER}
        self.households = 0

    def add(self, model: type[SyncedModel], row: dict[str, Any]) -> dict[str, Any]:
        self.rows[model].append(row)
        return row

    def write(self, session: Session, summary: DemoSummary) -> None:
        for model in self.ORDER:
            rows = self.rows[model]
            if rows:
                summary.rows += bulk_insert(session, model, rows)
                summary.counts[model.__tablename__] = (
                    summary.counts.get(model.__tablename__, 0) + len(rows))
