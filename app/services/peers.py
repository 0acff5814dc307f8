"""The devices this one exchanges bundles with, for choosing whom a bundle is for."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from app.services.context import ServiceContext
from app.store.models import AuditEvent, Device, Peer, QuarantinedChange
from app.sync import revocation
from app.sync.log_reader import changes_since
from app.sync.quarantine import HELD
from app.sync.scope import within_scope


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
class PeerState:
    """What the 同步 page shows of one peer: what is still to send, what came and went, what is
    missing and what waits for review."""

    device_id: str
    name: str
    direction: str
    pending: int  # changes this device holds that the peer has not acknowledged (within its scope)
    last_in: int  # the number of the last bundle received from it (0: none)
    last_out: int  # the number of the last bundle written for it
    missing: tuple[int, ...]  # bundles from it never imported (at most MAX_MISSING shown)
    held: int  # its changes quarantined and not yet decided
    reasons: tuple[tuple[str, int], ...]  # why, most frequent first
    revoked: bool
    last_import: datetime | None = None
    last_export: datetime | None = None


MAX_MISSING = 20


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

    def states(self) -> list[PeerState]:
        """Each peer's state. Counting what is still to send reads the log the way an export does
        (scope included), so the number is what the next bundle would hold."""
        rows = {row.device_id: row for row in self.peers()}
        states = []
        with self.ctx.db.read() as session:
            revoked = set(revocation.held(session))
            received: dict[str, set[int]] = {}
            for (detail,) in session.execute(select(AuditEvent.detail)
                                             .where(AuditEvent.action == "bundle_import")):
                if isinstance(detail, dict) and type(detail.get("sequence")) is int:
                    received.setdefault(str(detail.get("peer")), set()).add(detail["sequence"])
            held: dict[str, Counter[str]] = {}
            for sender, reason in session.execute(
                    select(QuarantinedChange.sender_device_id, QuarantinedChange.reason)
                    .where(QuarantinedChange.status == HELD)):
                held.setdefault(sender, Counter())[reason] += 1
            for peer in session.scalars(select(Peer)):
                row = rows.get(peer.device_id)
                if row is None:
                    continue
                pending = changes_since(session, peer.acknowledged)
                if peer.direction == "down":
                    pending = within_scope(session, pending, peer.scope)
                got = received.get(peer.device_id, set())
                missing = tuple(n for n in range(1, peer.received_sequence) if n not in got)[:MAX_MISSING]
                reasons = held.get(peer.device_id, Counter())
                states.append(PeerState(peer.device_id, row.name, peer.direction, len(pending),
                                        peer.received_sequence, peer.sent_sequence, missing,
                                        sum(reasons.values()), tuple(reasons.most_common()),
                                        peer.device_id in revoked, row.last_import, row.last_export))
        order = {row.device_id: n for n, row in enumerate(rows.values())}
        return sorted(states, key=lambda state: order[state.device_id])

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
