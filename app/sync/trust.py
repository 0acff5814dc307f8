"""Whom this device takes bundles from: the keys of an enrolled, unrevoked sender.

Looked up in the caller's transaction — for an import, the one it writes in — so a revocation or an
enrollment committed meanwhile cannot slip between the check and the write.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session

from app.store.models import Device, Peer
from app.sync import revocation
from app.sync.bundle import BundleRefused
from app.sync.keys import PublicIdentity


def refuse_revoked(session: Session, device_id: str, what: str) -> None:
    """Refuse, in Chinese, to deal with a device whose revocation this device holds."""
    record = revocation.held(session).get(device_id)
    if record is not None:
        revoked = revocation.parse(record)
        why = f"（{revoked.reason}）" if revoked.reason else ""
        raise BundleRefused(f"设备“{revoked.device_name}”已于 {revoked.revoked_at.astimezone():%Y-%m-%d %H:%M} "
                            f"被“{revoked.revoked_by_name}”吊销{why}，{what}。")


def sender_keys(session: Session, me: str) -> Callable[[str], PublicIdentity | None]:
    """The public keys of each sender this device takes bundles from: a peer (a device it enrolled
    or was enrolled by), never itself; a revoked one is refused before its signature is read."""

    def keys(device_id: str) -> PublicIdentity | None:
        if device_id == me:
            return None
        refuse_revoked(session, device_id, "拒绝导入它的同步包")
        device = session.get(Device, device_id) if session.get(Peer, device_id) is not None else None
        if device is None or device.signing_key is None or device.agreement_key is None:
            return None
        return PublicIdentity(device.id, device.signing_key, device.agreement_key)

    return keys
