"""What printed documents show, as plain values, so drawing needs no database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from app.domain.household_number import QR_PREFIX
from app.domain.procedure import Procedure


@dataclass(frozen=True)
class Contact:
    name: str
    phone: str = ""
    unit: str = ""


@dataclass(frozen=True)
class Contacts:
    """The village's grid workers and the township station, looked up once per village."""

    grid_workers: tuple[Contact, ...] = ()
    station: Contact | None = None


@dataclass(frozen=True)
class MemberLine:
    name: str
    relation: str
    sex: str
    masked_id: str
    health: str
    labour: str


@dataclass(frozen=True)
class MeasureLine:
    kind: str
    item: str
    start: str
    amount: Decimal
    status: str
    provider: str


@dataclass
class CardData:
    household_id: str
    village: str
    head_name: str
    household_number: str
    household_type: str
    address: str
    group_name: str
    members: list[MemberLine]
    # 申报中 / 公示中 / 审核中 / 已纳入监测 / 风险已消除 / 未纳入监测 (printouts.cards.monitoring_state).
    state: str = ""
    category: str = ""  # only once the county has approved the identification
    risk_types: list[str] = field(default_factory=list)
    status: str = ""
    procedure: str = ""
    stage: str = ""
    identified_on: str = ""
    eliminated_on: str = ""
    elimination_method: str = ""
    measures: list[MeasureLine] = field(default_factory=list)
    helpers: list[Contact] = field(default_factory=list)
    grid_workers: list[Contact] = field(default_factory=list)
    station: Contact | None = None
    policies: list[str] = field(default_factory=list)
    printed_on: date = field(default_factory=date.today)

    @property
    def qr_payload(self) -> str:
        # Only the id: a card hangs on a wall, anyone may scan it.
        return QR_PREFIX + self.household_id

    @property
    def total_amount(self) -> Decimal:
        return sum((m.amount for m in self.measures), Decimal(0))


@dataclass(frozen=True)
class Village:
    code: str
    name: str
    township_code: str
    township_name: str


@dataclass(frozen=True)
class PostingCase:
    procedure: Procedure
    head_name: str
    household_number: str
    member_count: int
    category: str
    elimination_method: str
    risk_types: tuple[str, ...]
    posting_start: date | None
    posting_end: date | None
    group_name: str = ""


@dataclass(frozen=True)
class LedgerRow:
    """One assistance relation (a person helping a household) in the 帮扶责任人台账."""

    county: str
    township: str
    village: str
    household_number: str
    head_name: str
    head_id_number: str
    person_name: str
    person_sex: str
    political_status: str
    unit: str
    unit_relation: str
    phone: str
    start: date | None
    end: date | None
    visits: int


@dataclass(frozen=True)
class DueRow:
    """A household whose next visit falls in the month of a 走访计划."""

    village: str
    household_number: str
    head_name: str
    phone: str
    address: str
    monitored: bool
    last_visit: date | None
    due: date | None
    days_overdue: int


@dataclass(frozen=True)
class WorkerDue:
    """One grid worker's households to visit (``worker`` is None for villages without one)."""

    worker: Contact | None
    rows: tuple[DueRow, ...]


@dataclass(frozen=True)
class Area:
    """A division a batch or a ledger covers: a village, a township or a whole county."""

    code: str
    name: str
    level: str  # DivisionLevel value
    full_name: str  # county, township and village names, as a heading shows them
    prefix: str  # the code's significant digits: households below have village codes starting so


@dataclass(frozen=True)
class Count:
    label: str
    value: int
