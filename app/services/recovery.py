"""Recovering a device whose password is forgotten, at the station that enrolled it.

When a device completes enrollment, its database key is wrapped for the station (see
app/sync/recovery.py) and kept; it goes up with the next bundle, and the station keeps it. If the
password is forgotten, the laptop's database file is brought to the station, which unwraps the
key, opens the file with it and sets a new password. Nothing in the file changes but the key.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey
from sqlalchemy import select
from sqlmodel import Session

from app.domain.errors import UserFacingError
from app.domain.passwords import check_new_password
from app.domain.procedure import Role
from app.services.context import ServiceContext
from app.services.enrollment import station_problem
from app.services.identity import device_keys
from app.services.setup import open_context
from app.store.engine import is_url, opens_with_page_key, rekey_with_page_key
from app.store.models import Device, KeyEscrow, Peer
from app.sync.keys import b64, unb64
from app.sync.recovery import file_salt, page_key, unwrap_key, wrap_key


def escrow_context(device_id: str, salt: bytes) -> bytes:
    return device_id.encode("ascii") + salt


@dataclass(frozen=True)
class RecoveredDevice:
    device_id: str
    name: str
    path: Path


class RecoveryService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def escrow_for_station(self, password: str | None) -> bool:
        """Wrap this database's key for the station above and keep it, to travel up.

        Returns False when there is nothing to wrap (a PostgreSQL database has no file key).
        """
        if is_url(self.ctx.db.location):
            return False
        path = Path(self.ctx.db.location)
        salt = file_salt(path)
        key = page_key(password, salt)
        if not opens_with_page_key(path, key):
            raise UserFacingError("密码与数据库不符，无法为上级工作站保存恢复密钥。")
        device_id = self.ctx.db.device.id
        with Session(self.ctx.db.engine) as session:
            peer = session.scalar(select(Peer).where(Peer.direction == "up"))
            station = session.get(Device, peer.device_id) if peer else None
            if station is None or station.agreement_key is None:
                raise UserFacingError("本机还没有登记到上级工作站，无法保存恢复密钥。")
            me = self.ctx.db.device
            if station_problem(Role(me.role), me.division_code, Role(station.role), station.division_code):
                raise UserFacingError("上级工作站的级别或区划与本机不符，不为它保存恢复密钥。")
            wrapped = wrap_key(key, X25519PublicKey.from_public_bytes(station.agreement_key),
                               escrow_context(device_id, salt))
            _keep(session, device_id, station.id, salt, wrapped)
            session.commit()
        return True

    def recover(self, device_db: Path, new_password: str) -> RecoveredDevice:
        """Open a device's database whose password is forgotten, and give it ``new_password``."""
        if self.ctx.role is Role.WORKER:
            raise UserFacingError("只有乡镇防贫工作站或县防贫中心能为下级设备恢复密码。")
        check_new_password(new_password)
        if not device_db.exists():
            raise UserFacingError(f"找不到数据库文件：{device_db}")
        if device_db.resolve() == Path(self.ctx.db.location).resolve():
            raise UserFacingError("不能用本站的数据库恢复本站自己：请指定下级设备的数据库文件。")
        salt = file_salt(device_db)
        with self.ctx.db.read() as session:
            escrow = session.scalar(select(KeyEscrow).where(
                KeyEscrow.salt == salt, KeyEscrow.device_id != self.ctx.db.device.id))
            device = session.get(Device, escrow.device_id) if escrow else None
        if escrow is None or device is None:
            raise UserFacingError(
                f"本站没有“{device_db.name}”的恢复密钥：这台设备不是本站登记的，"
                "或者登记后还没有交来过同步包。")
        key = unwrap_key(escrow.wrapped, device_keys(self.ctx.db).agreement(),
                         escrow_context(escrow.device_id, salt))
        rekey_with_page_key(device_db, key, new_password)
        recovered = open_context(device_db, new_password)
        try:
            if recovered.db.device.id != escrow.device_id:
                raise UserFacingError("恢复后的数据库属于另一台设备，请核对文件。")
            # The new password gives a new page key: wrap that one for next time.
            RecoveryService(recovered).escrow_for_station(new_password)
            with recovered.db.read() as session:
                fresh = session.get(KeyEscrow, escrow.device_id)
            assert fresh is not None
        finally:
            recovered.db.close()
        with Session(self.ctx.db.engine) as session:
            _keep(session, escrow.device_id, fresh.station_id, fresh.salt, fresh.wrapped)
            session.commit()
        self.ctx.db.audit(self.ctx.actor, "password_recovery", device=escrow.device_id)
        return RecoveredDevice(escrow.device_id, device.name, device_db)


def _keep(session: Session, device_id: str, station_id: str, salt: bytes, wrapped: bytes) -> None:
    escrow = session.get(KeyEscrow, device_id) or KeyEscrow(
        device_id=device_id, station_id=station_id, salt=salt, wrapped=wrapped,
        updated_at=datetime.now(UTC))
    escrow.station_id, escrow.salt, escrow.wrapped = station_id, salt, wrapped
    escrow.updated_at = datetime.now(UTC)
    session.add(escrow)


def own_escrow(session: Session, device_id: str) -> dict[str, Any] | None:
    """This device's wrapped key, as a bundle up carries it."""
    escrow = session.get(KeyEscrow, device_id)
    if escrow is None:
        return None
    return {"device_id": escrow.device_id, "station_id": escrow.station_id,
            "salt": b64(escrow.salt), "wrapped": b64(escrow.wrapped)}


def store_escrow(session: Session, sender_id: str, data: Any) -> bool:
    """Keep the wrapped key a device below sent, if it is that device's own and for this station."""
    try:
        device_id, station_id = str(data["device_id"]), str(data["station_id"])
        salt, wrapped = unb64(data["salt"]), unb64(data["wrapped"])
    except (KeyError, TypeError, ValueError):
        return False
    me = session.scalar(select(Device).where(Device.is_self))
    if device_id != sender_id or me is None or station_id != me.id:
        return False
    _keep(session, device_id, station_id, salt, wrapped)
    return True
