"""Revoking a device below this station: a lost or stolen laptop (app/sync/revocation.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select

from app.domain.errors import UserFacingError
from app.domain.procedure import Role
from app.services.context import ServiceContext
from app.services.identity import device_keys
from app.services.unit_of_work import UnitOfWork
from app.store.models import Device, EnrollmentRecord, Peer
from app.sync import enrollment_record, revocation
from app.sync.revocation import Revocation

MAX_REASON = 100


@dataclass(frozen=True)
class RevocableDevice:
    device_id: str
    name: str
    role: Role
    enrolled_here: bool  # enrolled by this station itself (else by a station it enrolled)


class RevocationService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def revocable(self) -> list[RevocableDevice]:
        """The devices this station may revoke: those it enrolled, and (the county) those its
        townships enrolled, as the signed enrollment records say; never itself nor one above."""
        if self.ctx.role is Role.WORKER:
            return []
        me = self.ctx.db.device.id
        with self.ctx.db.read() as session:
            found = {device.id: RevocableDevice(device.id, device.name, Role(device.role), True)
                     for device in session.scalars(select(Device).join(Peer, Peer.device_id == Device.id)
                                                   .where(Peer.direction == "down"))}
            vouched = enrollment_record.held(session)
            names = dict(session.execute(select(EnrollmentRecord.id, EnrollmentRecord.name)).all())
            found.update((device_id, RevocableDevice(device_id, names[device_id], Role(record.role), False))
                         for device_id, record in vouched.items()
                         if device_id not in found and device_id != me and record.role in Role._value2member_map_
                         and enrollment_record.enrolled_by_or_above(vouched, device_id, me))
        return sorted(found.values(), key=lambda d: (not d.enrolled_here, d.name))

    def revoke(self, device: str, reason: str = "") -> Revocation:
        """Revoke ``device`` (its name or id): its bundles are refused here from now on, and the
        signed record goes out with every bundle, up and down."""
        if self.ctx.role is Role.WORKER:
            raise UserFacingError("网格员不能吊销设备：请到登记该设备的乡镇防贫工作站办理。")
        reason = reason.strip()
        if len(reason) > MAX_REASON:
            raise UserFacingError(f"吊销原因最多 {MAX_REASON} 个字。", field="原因")
        matches = [d for d in self.revocable() if device in (d.device_id, d.name)]
        if not matches:
            raise UserFacingError(f"“{device}”不是本站（或本站登记的工作站）登记的下级设备，不能吊销。"
                                  "只有登记该设备的工作站或其上级可以吊销。")
        if len(matches) > 1:
            raise UserFacingError(f"有多台设备名为“{device}”，请用设备编号指定。")
        target = matches[0]
        with UnitOfWork(self.ctx) as uow:
            if target.device_id in revocation.held(uow.session):
                raise UserFacingError(f"设备“{target.name}”已经吊销过了。")
            record = revocation.make(target.device_id, target.name, reason, device_keys(self.ctx.db),
                                     self.ctx.actor.user_name, datetime.now(UTC))
            revocation.keep(uow.session, record, self.ctx.db.device.id)
            uow.audit(revocation.ACTION, device=target.device_id)
        return revocation.parse(record)

    def revoked(self) -> list[Revocation]:
        """Every revocation this device holds, made here or received."""
        with self.ctx.db.read() as session:
            records = revocation.held(session)
        return sorted((revocation.parse(r) for r in records.values()), key=lambda r: r.revoked_at)

    def refused(self) -> list[tuple[Revocation, str]]:
        """Revocations received from a device that may not revoke the device, with the reason."""
        with self.ctx.db.read() as session:
            return revocation.refused(session)
