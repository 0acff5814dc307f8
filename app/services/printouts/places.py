"""Where a printed document is for: villages, areas (village, township or county), their
contacts, and division names, read from the store as plain values."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from app.domain.divisions import (
    DivisionLevel,
    ancestors,
    level_of,
    normalize_code,
    scope_prefix,
)
from app.domain.errors import UserFacingError
from app.printing.data import (
    Area,
    Contact,
    Contacts,
    Village,
)
from app.services.context import ServiceContext
from app.services.rows import live
from app.store.models import (
    Division,
    User,
)

WORKER, TOWNSHIP = "worker", "township"


def village(ctx: ServiceContext, raw_code: str) -> Village:
    try:
        code = normalize_code(raw_code)
    except UserFacingError:
        raise UserFacingError(f"村代码“{raw_code}”格式不对，应为 12 位区划代码。") from None
    with ctx.db.read() as session:
        row = session.get(Division, code)
        if row is None or row.deleted or row.level != DivisionLevel.VILLAGE:
            raise UserFacingError(f"村代码 {raw_code} 不是本数据库区划表中的村。")
        township = session.get(Division, row.parent_code) if row.parent_code else None
        return Village(code=code, name=row.name, township_code=row.parent_code or "",
                       township_name=township.name if township else "")


def area(ctx: ServiceContext, raw_code: str) -> Area:
    """A village, township or county of this database, for batches and ledgers."""
    try:
        code = normalize_code(raw_code)
    except UserFacingError:
        raise UserFacingError(f"区划代码“{raw_code}”格式不对，应为村、乡镇或县的区划代码。") from None
    level = level_of(code)
    with ctx.db.read() as session:
        row = session.get(Division, code)
        if row is None or row.deleted or level not in AREA_LEVELS:
            raise UserFacingError(f"区划代码 {raw_code} 不是本数据库区划表中的村、乡镇或县。")
        names = [d.name for c in ancestors(code) if level_of(c) in AREA_LEVELS
                 and (d := session.get(Division, c)) is not None]
    return Area(code=code, name=row.name, level=level.value, full_name="".join([*names, row.name]),
                prefix=scope_prefix(code))


AREA_LEVELS = (DivisionLevel.COUNTY, DivisionLevel.TOWNSHIP, DivisionLevel.VILLAGE)


def contacts(ctx: ServiceContext, place: Village) -> Contacts:
    """The village's grid workers and someone at the township station, as the users table has
    them (the station has no phone of its own in the data yet)."""
    with ctx.db.read() as session:
        users = session.execute(select(User.name, User.role, User.phone, User.division_code).where(
            User.division_code.in_([place.code, place.township_code]), live(User))
            .order_by(User.name)).all()
    workers = tuple(Contact(name=u.name, phone=u.phone, unit=place.name) for u in users
                    if u.role == WORKER and u.division_code == place.code)
    station = next((Contact(name=u.name, phone=u.phone, unit=f"{place.township_name}防贫工作站")
                    for u in users if u.role == TOWNSHIP and u.phone), None)
    return Contacts(grid_workers=workers, station=station)


def scope_name(ctx: ServiceContext) -> str:
    try:
        return area(ctx, ctx.scope_code).full_name
    except UserFacingError:  # a city or province centre: its own name is enough
        with ctx.db.read() as session:
            row = session.get(Division, ctx.scope_code)
            return row.name if row else ctx.scope_code


def division_names(session: Any, codes: set[str]) -> dict[str, str]:
    """Division names for these codes and every one above them."""
    wanted = set(codes)
    for code in codes:
        wanted.update(ancestors(code))
    return dict(session.execute(select(Division.id, Division.name).where(
        Division.id.in_(sorted(wanted)))).all())
