"""The divisions of a database's scope, for pickers and filters."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.domain.divisions import DivisionLevel, is_within
from app.services.context import ServiceContext
from app.services.rows import live
from app.store.models import Division


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    level: str
    parent_code: str | None


class DivisionService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def in_scope(self, level: DivisionLevel | None = None) -> list[Place]:
        query = select(Division).where(live(Division)).order_by(Division.id)
        if level is not None:
            query = query.where(Division.level == level)
        with self.ctx.db.read() as session:
            rows = session.scalars(query).all()
        return [Place(d.id, d.name, d.level, d.parent_code) for d in rows
                if is_within(d.id, self.ctx.scope_code)]

    def villages(self) -> list[Place]:
        return self.in_scope(DivisionLevel.VILLAGE)
