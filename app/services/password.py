"""Changing the database password (SQLCipher rekey), keeping the station's recovery key current.

The password derives the page key (PBKDF2-HMAC-SHA512 over the file's salt, docs/store.md), so a
new password is a new page key. A device enrolled under a station keeps that key wrapped for the
station (``keyescrow``, docs/sync.md "Key recovery"); the change rewrites that row in the same
transaction as the rekey, so the recovery key kept on the device always opens the file. The
station gets the new one with the next bundle up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey
from sqlalchemy import select

from app.domain.errors import UserFacingError
from app.domain.passwords import check_new_password
from app.services.context import ServiceContext
from app.services.recovery import escrow_context
from app.store.engine import is_url
from app.store.models import Device, Peer
from app.sync.recovery import file_salt, page_key, wrap_key


@dataclass(frozen=True)
class PasswordChanged:
    # True when the recovery key for the station was renewed: the next bundle up carries it.
    escrowed: bool
    station_name: str | None


class PasswordService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def change(self, password: str, new_password: str) -> PasswordChanged:
        """Set ``new_password`` on this database; ``password`` is the current one.

        All or nothing: the rekey and the new recovery key commit in one transaction.
        """
        if is_url(self.ctx.db.location):
            raise UserFacingError("服务器数据库（PostgreSQL）没有本机密码：请在数据库服务器上修改登录密码。")
        check_new_password(new_password)
        if new_password == password:
            raise UserFacingError("新密码与原密码相同。", field="新密码")
        path = Path(self.ctx.db.location)
        salt = file_salt(path)
        escrow = self._new_escrow(new_password, salt)

        def during(connection: Any) -> None:
            if escrow is not None:
                connection.execute(
                    "INSERT INTO keyescrow (device_id, station_id, salt, wrapped, updated_at) "
                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (device_id) DO UPDATE SET "
                    "station_id = excluded.station_id, salt = excluded.salt, "
                    "wrapped = excluded.wrapped, updated_at = excluded.updated_at",
                    (self.ctx.db.device.id, escrow[0], salt, escrow[1],
                     datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")))

        self.ctx.db.change_password(password, new_password, during)
        self.ctx.db.audit(self.ctx.actor, "password_change", escrowed=escrow is not None)
        return PasswordChanged(escrow is not None, escrow[2] if escrow else None)

    def _new_escrow(self, new_password: str, salt: bytes) -> tuple[str, bytes, str] | None:
        """(station id, the new page key wrapped for it, station name), or None when this device
        is not enrolled under a station."""
        with self.ctx.db.read() as session:
            peer = session.scalar(select(Peer).where(Peer.direction == "up"))
            station = session.get(Device, peer.device_id) if peer else None
        if station is None or station.agreement_key is None:
            return None
        wrapped = wrap_key(page_key(new_password, salt),
                           X25519PublicKey.from_public_bytes(station.agreement_key),
                           escrow_context(self.ctx.db.device.id, salt))
        return station.id, wrapped, station.name
