"""The devices this one exchanges bundles with, for choosing whom a bundle is for."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.services.context import ServiceContext
from app.store.models import Device, Peer


@dataclass(frozen=True)
class PeerRow:
    device_id: str
    name: str
    direction: str  # "up" or "down"
    sent: int
    received: int


class PeerService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def peers(self) -> list[PeerRow]:
        with self.ctx.db.read() as session:
            rows = session.execute(select(Peer, Device.name).join(Device, Device.id == Peer.device_id)
                                   .order_by(Peer.direction.desc(), Device.name)).all()
        return [PeerRow(p.device_id, name, p.direction, p.sent_sequence, p.received_sequence)
                for p, name in rows]
