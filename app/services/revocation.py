"""Revoking a device below this station: a lost or stolen laptop (app/sync/revocation.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlmodel import Session

from app.domain.divisions import is_within
from app.domain.errors import UserFacingError
from app.domain.procedure import Role
from app.services.context import ServiceContext
from app.services.identity import device_keys
from app.store.models import Device, Peer, User
from app.sync import revocation
from app.sync.revocation import Revocation

# The roles below each station's, whose devices it (or a station it enrolled) enrolls.
_BELOW = {Role.COUNTY: (Role.TOWNSHIP, Role.WORKER), Role.TOWNSHIP: (Role.WORKER,), Role.WORKER: ()}
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
        townships enrolled, as their user rows say; never itself nor the station above."""
        below = _BELOW[self.ctx.role]
        if not below:
            return []
        me = self.ctx.db.device.id
        with self.ctx.db.read() as session:
            peers = {peer.device_id: peer.direction for peer in session.scalars(select(Peer))}
            devices = {d.id: d for d in session.scalars(select(Device))}
            found: dict[str, RevocableDevice] = {}
            for device_id, direction in peers.items():
                device = devices.get(device_id)
                if direction == "down" and device is not None:
                    found[device_id] = RevocableDevice(device_id, device.name, Role(device.role), True)
            for name, role, division, device_id in session.execute(
                    select(User.name, User.role, User.division_code, User.device_id)
                    .where(User.deleted == False).order_by(User.created_hlc)):  # noqa: E712
                if (device_id in found or device_id in peers or device_id == me or role not in below
                        or not is_within(division, self.ctx.scope_code)):
                    continue
                found[device_id] = RevocableDevice(device_id, name, Role(role), False)
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
        with Session(self.ctx.db.engine) as session:
            if target.device_id in revocation.held(session):
                raise UserFacingError(f"设备“{target.name}”已经吊销过了。")
            record = revocation.make(target.device_id, target.name, reason, device_keys(self.ctx.db),
                                     self.ctx.actor.user_name, datetime.now(UTC))
            revocation.keep(session, record, self.ctx.db.device.id)
            session.commit()
        return revocation.parse(record)

    def revoked(self) -> list[Revocation]:
        """Every revocation this device holds, made here or received."""
        with self.ctx.db.read() as session:
            records = revocation.held(session)
        return sorted((revocation.parse(r) for r in records.values()), key=lambda r: r.revoked_at)
