"""Revoking a device (a lost or stolen laptop): a record signed by the station that revokes it.

The record travels in every bundle (payload key ``revocations``) up to the county and down to the
station's other devices; each keeps those it accepts (``accept``) in its audit log, which is only
ever appended to, as action ``device_revoked``. A device that holds a revocation refuses every
bundle signed by the revoked device from then on; changes from it already merged stay.

Who is believed (docs/sync.md, "Revocation"): a record from the station above is taken on its word
(its bundle is signed, and what it sends is trusted), checked against the revoker's key when this
device knows it; a record from a device below only if that device revoked a device of its own,
signed with its key, and the revoked device is neither this one nor one it exchanges bundles with.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from app.store.models import AuditEvent, Device, Peer
from app.sync.bundle import BundleRefused
from app.sync.keys import DeviceKeys
from app.sync.signed import sign_document, verify_document

KIND = "fangpin-revocation"
ACTION = "device_revoked"
MAX_RECORDS = 10_000  # a bundle's revocations: a county has a few thousand devices at most
_FIELDS = {"device_id": 36, "device_name": 40, "revoked_by": 36, "revoked_by_name": 40, "reason": 100,
           "revoked_at": 40, "signature": 100}


@dataclass(frozen=True)
class Revocation:
    device_id: str
    device_name: str
    revoked_by: str
    revoked_by_name: str
    reason: str
    revoked_at: datetime


def make(device_id: str, device_name: str, reason: str, keys: DeviceKeys, revoker_name: str,
         at: datetime) -> dict[str, Any]:
    """A signed revocation of ``device_id`` by the device whose ``keys`` these are."""
    return sign_document({"kind": KIND, "version": 1, "device_id": device_id, "device_name": device_name[:40],
                          "revoked_by": keys.device_id, "revoked_by_name": revoker_name[:40],
                          "reason": reason[:100], "revoked_at": at.astimezone(UTC).isoformat()}, keys)


def parse(record: dict[str, Any]) -> Revocation:
    at = datetime.fromisoformat(record["revoked_at"])
    return Revocation(record["device_id"], record["device_name"], record["revoked_by"],
                      record["revoked_by_name"], record["reason"], at if at.tzinfo else at.replace(tzinfo=UTC))


def records_in(payload: dict[str, Any]) -> list[dict[str, Any]]:
    """The revocations a bundle carries, each well formed; anything else refuses the bundle."""
    records = payload.get("revocations", [])
    broken = BundleRefused("同步包中的设备吊销记录格式不对，不是正常导出的同步包，拒绝导入。")
    if not isinstance(records, list) or len(records) > MAX_RECORDS:
        raise broken
    for record in records:
        if not (isinstance(record, dict) and record.get("kind") == KIND and all(
                type(record.get(name)) is str and len(record[name]) <= limit for name, limit in _FIELDS.items())):
            raise broken
        try:
            parse(record)
        except ValueError:
            raise broken from None
    return records


def held(session: Session) -> dict[str, dict[str, Any]]:
    """The revocations this device holds: revoked device id → its record."""
    found: dict[str, dict[str, Any]] = {}
    for (detail,) in session.execute(select(AuditEvent.detail).where(AuditEvent.action == ACTION)
                                     .order_by(AuditEvent.id)):
        record = (detail or {}).get("record")
        if isinstance(record, dict) and isinstance(record.get("device_id"), str):
            found.setdefault(record["device_id"], record)
    return found


def keep(session: Session, record: dict[str, Any], via: str) -> None:
    """Hold ``record`` (in the caller's transaction); ``via``: the device it came from."""
    session.add(AuditEvent(at=datetime.now(UTC), user_name=str(record["revoked_by_name"])[:40], action=ACTION,
                           detail={"device": record["device_id"], "record": record, "via": via}))


def accept(session: Session, records: list[dict[str, Any]], *, me: str, sender: str,
           from_above: bool) -> list[Revocation]:
    """Keep the revocations of ``records`` this device believes; returns those new here."""
    holding = held(session)
    keys = {device_id: key for device_id, key in session.execute(select(Device.id, Device.signing_key))}
    peers = set(session.scalars(select(Peer.device_id)))
    taken: list[Revocation] = []
    for record in records:
        revoked, revoker = record["device_id"], record["revoked_by"]
        if revoked in holding or revoked in (me, sender):
            continue
        key = keys.get(revoker)
        if from_above:
            believed = key is None or verify_document(record, key)
        else:
            believed = (revoker == sender and key is not None and verify_document(record, key)
                        and revoked not in peers)
        if believed:
            keep(session, record, sender)
            holding[revoked] = record
            taken.append(parse(record))
    return taken
