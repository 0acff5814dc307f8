"""户编号 kept unique: numbers for households imported without one, and clashes that arrive by sync.

A number this device gives out can never clash (app/domain/household_number.py). A number typed by
hand is refused when this database already has it, but two devices can type the same number for
two households before either has seen the other's: after a sync import the station looks for
such clashes (:func:`find_clashes`), lists them and gives one of the households a new number
(:func:`renumber`, an ordinary synced change, so the new number travels back down).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlmodel import Session

from app.domain.errors import UserFacingError
from app.domain.household_number import device_tag, local_number, local_prefix, normalise_scan, sequence_of
from app.domain.procedure import Role
from app.services.context import ServiceContext
from app.services.households import next_number
from app.services.rows import live, require
from app.services.unit_of_work import UnitOfWork
from app.store.hlc import node_of_device
from app.store.models import Division, Household

MAX_NUMBER_LENGTH = 32  # the column's size
# Who settles a clash: the station and the county see both households; a worker's database may
# hold only one of them.
RENUMBERING_ROLES = frozenset({Role.TOWNSHIP, Role.COUNTY})


class LocalNumbers:
    """Numbers this device gives out, many in one unit of work (an Excel import's new households
    are written in bulk at its end, so the database cannot be asked for the next one each time)."""

    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow
        self.tag = device_tag(node_of_device(uow.ctx.db.device.id))
        self._last: dict[str, int] = {}  # village → the last sequence handed out

    def next(self, village_code: str) -> str:
        if village_code in self._last:
            sequence = self._last[village_code] + 1
        else:
            sequence = sequence_of(next_number(self.uow, village_code), local_prefix(village_code, self.tag))
        self._last[village_code] = sequence
        return local_number(village_code, self.tag, sequence)


@dataclass(frozen=True)
class ClashingHousehold:
    household_id: str
    head_name: str
    village: str  # the village's name
    group_name: str
    member_count: int


@dataclass(frozen=True)
class NumberClash:
    """One 户编号 that several households on the register carry."""

    number: str
    households: tuple[ClashingHousehold, ...]


def find_clashes(session: Session) -> list[NumberClash]:
    """Every 户编号 that more than one household on the register carries, by number."""
    numbers = session.scalars(
        select(Household.household_number).where(Household.household_number != "", live(Household))
        .group_by(Household.household_number).having(func.count() > 1)
        .order_by(Household.household_number)).all()
    if not numbers:
        return []
    rows = session.execute(
        select(Household.household_number, Household.id, Household.head_name, Household.village_code,
               Household.group_name, Household.member_count, Division.name)
        .join(Division, Division.id == Household.village_code, isouter=True)
        .where(Household.household_number.in_(numbers), live(Household))
        .order_by(Household.household_number, Household.village_code, Household.head_name, Household.id)).all()
    found: dict[str, list[ClashingHousehold]] = {number: [] for number in numbers}
    for number, household_id, head, village_code, group, members, village in rows:
        found[number].append(ClashingHousehold(household_id, head or "", village or village_code, group or "",
                                               members or 0))
    return [NumberClash(number, tuple(households)) for number, households in found.items()]


def renumber(uow: UnitOfWork, household_id: str, number: str = "") -> Household:
    """Give a household a new 户编号: the one typed (if no other household has it) or, when none is
    typed, the next one this device gives out in its village."""
    if uow.ctx.role not in RENUMBERING_ROLES:
        raise UserFacingError("只有乡镇防贫工作站和县防贫中心可以更改重复的户编号。")
    household = require(uow.session, Household, household_id)
    number = normalise_scan(number)
    if len(number) > MAX_NUMBER_LENGTH:
        raise UserFacingError(f"户编号最多 {MAX_NUMBER_LENGTH} 个字符，现在有 {len(number)} 个。", field="户编号")
    if not number:
        number = next_number(uow, household.village_code)
    elif number == household.household_number:
        raise UserFacingError(f"户编号 {number} 就是这一户现在的户编号，请输入另一个。", field="户编号")
    else:
        other = uow.session.scalar(select(Household).where(
            Household.household_number == number, Household.id != household.id, live(Household)).limit(1))
        if other is not None:
            raise UserFacingError(f"户编号 {number} 已是{other.head_name}户的户编号，请换一个。", field="户编号")
    household.household_number = number
    return household


class HouseholdNumberService:
    """The clash list and renumbering; each renumbering is one unit of work."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def clashes(self) -> list[NumberClash]:
        with self.ctx.db.read() as session:
            return find_clashes(session)

    def renumber(self, household_id: str, number: str = "") -> str:
        """The household's new number."""
        with UnitOfWork(self.ctx) as uow:
            return renumber(uow, household_id, number).household_number
