"""Where a report is for: a village, township or county of the database's area, and the places
below it that the report lists line by line (the townships of a county, the villages of a
township, a village by itself)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.domain.divisions import DivisionLevel, is_within, level_of, normalize_code, scope_prefix
from app.domain.errors import UserFacingError
from app.services.context import ServiceContext
from app.services.printouts.places import AREA_LEVELS, area
from app.services.rows import live
from app.store.models import Division


@dataclass(frozen=True)
class ReportScope:
    code: str
    name: str
    full_name: str  # county, township and village names, as a heading shows them
    level: DivisionLevel
    prefix: str  # village codes below start so
    villages: dict[str, str]  # code → name, every village of the scope
    lines: dict[str, str]  # code → name of the places listed line by line
    line_kind: str  # "乡镇" or "村"

    def line_of(self, village_code: str) -> str:
        """The listed place a village's households are counted under."""
        if self.level is DivisionLevel.COUNTY:
            return village_code[:9].ljust(12, "0")
        return village_code


def resolve_scope(ctx: ServiceContext, raw: str | None) -> ReportScope:
    """The scope a report covers; ``raw`` None or empty means the database's whole area."""
    home = ctx.scope_code
    text = (raw or "").strip() or home
    try:
        code = normalize_code(text)
    except UserFacingError as error:
        raise UserFacingError(f"范围代码“{text}”不对：{error.message}应为村、乡镇或县的区划代码。",
                              field="范围") from None
    if level_of(code) not in AREA_LEVELS:
        raise UserFacingError(f"范围代码 {text} 是{level_of(code).label}级区划，报表范围只能是村、乡镇或县。",
                              field="范围")
    if not is_within(code, home):
        raise UserFacingError(f"范围 {text} 不在本数据库的工作范围（{home}）之内，这里没有它的数据。",
                              field="范围")
    place = area(ctx, code)  # refuses a code that is not in the division list
    level = DivisionLevel(place.level)
    prefix = scope_prefix(code)
    with ctx.db.read() as session:
        rows = session.execute(select(Division.id, Division.name, Division.level).where(
            Division.id.startswith(prefix), live(Division)).order_by(Division.id)).all()
    villages = {c: n for c, n, lvl in rows if lvl == DivisionLevel.VILLAGE}
    if level is DivisionLevel.COUNTY:
        lines, kind = {c: n for c, n, lvl in rows if lvl == DivisionLevel.TOWNSHIP}, "乡镇"
    else:
        lines, kind = dict(villages), "村"
    return ReportScope(code=code, name=place.name, full_name=place.full_name, level=level, prefix=prefix,
                       villages=villages, lines=lines, line_kind=kind)
