"""The database's scope as the run finds it, and which villages get the new households:
existing ones first, new ones added to a county or township when those would grow too big."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from random import Random
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session

from app.domain.divisions import Division, DivisionLevel, generate_villages, is_within, level_of
from app.services.demo.names import staff_names
from app.services.demo.run import Scope, Village
from app.store.models import Division as DivisionRow
from app.store.models import Household

HOUSEHOLDS_PER_VILLAGE = 350
MAX_VILLAGES_PER_TOWNSHIP = 99


@dataclass
class Territory:
    """What the database covers: its scope's level, county and townships, and its villages."""

    scope: Scope
    level: DivisionLevel
    villages: list[Village]


def read_territory(session: Session, scope_code: str) -> Territory:
    rows = session.scalars(select(DivisionRow).where(
        DivisionRow.deleted == False)).all()  # noqa: E712
    in_scope = [r for r in rows if is_within(r.id, scope_code)]
    by_code = {r.id: r for r in rows}
    county = scope_code[:6] + "000000"
    townships = {r.id: r.name for r in in_scope if r.level == DivisionLevel.TOWNSHIP}
    # A worker's database holds its village but perhaps not the village's township.
    for r in in_scope:
        if r.level == DivisionLevel.VILLAGE and r.parent_code:
            townships.setdefault(r.parent_code, by_code[r.parent_code].name
                                 if r.parent_code in by_code else r.parent_code)
    scope = Scope(
        county=county, county_name=by_code[county].name if county in by_code else "本县",
        townships=townships, county_staff=staff_names(county, 3),
        township_staff={code: staff_names(code, 3) for code in townships})
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for code, group, count in session.execute(
            select(Household.village_code, Household.group_name, func.count())
            .group_by(Household.village_code, Household.group_name)):
        counts[(code, group)] = count
    villages = sorted((_village(r, counts) for r in in_scope if r.level == DivisionLevel.VILLAGE),
                      key=lambda v: v.code)
    row = by_code.get(scope_code)
    level = DivisionLevel(row.level) if row is not None else level_of(scope_code)
    return Territory(scope, level, villages)


def _village(row: DivisionRow, counts: dict[tuple[str, str], int]) -> Village:
    house_numbers: dict[int, int] = {}
    existing = 0
    for (code, group), count in counts.items():
        if code == row.id:
            existing += count
            number = _group_number(group)
            if number:
                house_numbers[number] = house_numbers.get(number, 0) + count
    return Village(code=row.id, name=row.name, township=row.parent_code or "",
                   groups=_groups(row.id), existing=existing, next_number=existing + 1,
                   house_numbers=house_numbers)


def _groups(code: str) -> int:
    """Villages have 4 to 8 groups (村民小组), fixed by the village code."""
    return 4 + int(code[-3:]) % 5


def _group_number(group_name: str) -> int:
    digits = group_name.removesuffix("组")
    return int(digits) if digits.isdigit() else 0


def plan_villages(rng: Random, territory: Territory, total: int
                  ) -> tuple[list[Village], list[Village]]:
    """(the villages that get ``total`` new households, by code, with their share in ``new``;
    the villages among them that are new)."""
    villages = territory.villages
    existing = sum(v.existing for v in villages)
    wanted = max(1, math.ceil((existing + total) / HOUSEHOLDS_PER_VILLAGE))
    used = [v for v in villages if v.existing]
    unused = _interleave([v for v in villages if not v.existing])
    chosen = used + unused[:max(wanted - len(used), 0)]
    added: list[Village] = []
    if len(chosen) < wanted and territory.level in (DivisionLevel.COUNTY,
                                                    DivisionLevel.TOWNSHIP):
        added = _new_villages(territory, wanted - len(chosen))
        chosen.extend(added)
    if not chosen:
        raise ValueError("这个数据库的工作范围内没有村，无法生成演示数据。")
    _allocate(rng, chosen, existing, total)
    return sorted(chosen, key=lambda v: v.code), added


def division_row(village: Village) -> dict[str, Any]:
    return {"id": village.code, "name": village.name, "level": "village",
            "parent_code": village.township}


def _interleave(villages: list[Village]) -> list[Village]:
    """Villages taken township by township in turn, so a small demo spans the whole county."""
    by_township: dict[str, list[Village]] = defaultdict(list)
    for village in sorted(villages, key=lambda v: v.code):
        by_township[village.township].append(village)
    ordered: list[Village] = []
    queues = [by_township[t] for t in sorted(by_township)]
    depth = max((len(q) for q in queues), default=0)
    for k in range(depth):
        ordered.extend(q[k] for q in queues if k < len(q))
    return ordered


def _new_villages(territory: Territory, count: int) -> list[Village]:
    """``count`` new villages (fewer if the townships are full), spread over the townships."""
    scope = territory.scope
    by_township: dict[str, list[Village]] = defaultdict(list)
    for village in territory.villages:
        by_township[village.township].append(village)
    townships = sorted(scope.townships)
    extra: dict[str, int] = defaultdict(int)
    room = {t: MAX_VILLAGES_PER_TOWNSHIP - len(by_township[t]) for t in townships}
    while count > 0 and any(room.values()):
        for township in townships:
            if count and room[township] > 0:
                extra[township] += 1
                room[township] -= 1
                count -= 1
    new: list[Village] = []
    for township in townships:
        if not extra[township]:
            continue
        known = by_township[township]
        start = max([int(v.code[-3:]) for v in known] + [212]) + 1
        division = Division(township, scope.townships[township], DivisionLevel.TOWNSHIP,
                            scope.county)
        for made in generate_villages(division, extra[township], start=start,
                                      existing_names=[v.name for v in known]):
            new.append(Village(made.code, made.name, township, _groups(made.code), existing=0,
                               next_number=1))
    return new


def _allocate(rng: Random, chosen: list[Village], existing: int, total: int) -> None:
    """Spread the new households so every village ends up near its own (varied) size."""
    weights = [rng.uniform(0.7, 1.3) for _ in chosen]
    overall = existing + total
    deficits = [max(overall * w / sum(weights) - v.existing, 0.0)
                for w, v in zip(weights, chosen, strict=True)]
    if sum(deficits) <= 0:
        deficits = weights
    scale = total / sum(deficits)
    shares = [d * scale for d in deficits]
    for village, share in zip(chosen, shares, strict=True):
        village.new = int(share)
    left = total - sum(v.new for v in chosen)
    order = sorted(range(len(chosen)), key=lambda i: (int(shares[i]) - shares[i], i))
    for i in order[:left]:
        chosen[i].new += 1
