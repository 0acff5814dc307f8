"""The devices this one exchanges bundles with, for choosing whom a bundle is for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from app.services.context import ServiceContext
from app.store.models import AuditEvent, Device, Peer


@dataclass(frozen=True)
class PeerRow:
    device_id: str
    name: str
    direction: str  # "up" or "down"
    sent: int
    received: int
    scope: tuple[str, ...] = ()
    last_import: datetime | None = None  # when a bundle from this device was last imported here
    last_export: datetime | None = None  # when a bundle for it was last written here


@dataclass(frozen=True)
class BundleEvent:
    at: datetime
    direction: str  # "in" (imported here) or "out" (exported here)
    peer_name: str
    sequence: int
    changes: int
    conflicts: int
    quarantined: int


class PeerService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def peers(self) -> list[PeerRow]:
        with self.ctx.db.read() as session:
            rows = session.execute(select(Peer, Device.name).join(Device, Device.id == Peer.device_id)
                                   .order_by(Peer.direction.desc(), Device.name)).all()
            last: dict[tuple[str, str], datetime] = {}
            for at, action, detail in session.execute(
                    select(AuditEvent.at, AuditEvent.action, AuditEvent.detail)
                    .where(AuditEvent.action.in_(("bundle_import", "bundle_export")))):
                key = (action, str((detail or {}).get("peer", "")))
                last[key] = max(at, last.get(key, at))
        return [PeerRow(p.device_id, name, p.direction, p.sent_sequence, p.received_sequence, tuple(p.scope or ()),
                        last.get(("bundle_import", p.device_id)), last.get(("bundle_export", p.device_id)))
                for p, name in rows]

    def history(self, limit: int = 500) -> list[BundleEvent]:
        """Bundles imported and exported here, newest first."""
        with self.ctx.db.read() as session:
            names = dict(session.execute(select(Device.id, Device.name)).all())
            rows = session.execute(
                select(AuditEvent.at, AuditEvent.action, AuditEvent.detail)
                .where(AuditEvent.action.in_(("bundle_import", "bundle_export")))
                .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit)).all()
        events = []
        for at, action, detail in rows:
            detail = detail or {}
            events.append(BundleEvent(
                at, "in" if action == "bundle_import" else "out", names.get(detail.get("peer"), ""),
                int(detail.get("sequence", 0)), int(detail.get("applied", detail.get("changes", 0))),
                int(detail.get("conflicts", 0)), int(detail.get("quarantined", 0))))
        return events
