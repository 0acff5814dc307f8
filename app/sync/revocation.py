"""Revoking a device (a lost or stolen laptop): a record signed by the station that revokes it.

The record travels in every bundle (payload key ``revocations``) up to the county and down to the
station's other devices; each keeps those it accepts (``accept``) in the table ``devicerevocation``
(who revoked which device, when, why, at which station). A device that holds a revocation refuses
every bundle signed by the revoked device from then on; changes from it already merged stay.

Who may revoke (docs/sync.md, "Revocation"): only the station that enrolled the device, or the
station above that one, as the enrollment records say (app/sync/enrollment_record.py). A record
from the station above is otherwise taken on its word (its bundle is signed, and what it sends is
trusted), checked against the revoker's key when this device knows it; a record from a device
below only if that device revoked a device it (or a station it enrolled) enrolled, signed with its
key. A record from anyone else is kept with the reason, for review, and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from app.domain.divisions import is_within
from app.store.models import Device, DeviceRevocation, Peer, User
from app.sync import enrollment_record
from app.sync.bundle import BundleRefused
from app.sync.keys import DeviceKeys
from app.sync.signed import sign_document, verify_document

KIND = "fangpin-revocation"
ACTION = "device_revoked"  # the audit event of a revocation made here
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
    """The revocations in force here: revoked device id → its signed record."""
    found: dict[str, dict[str, Any]] = {}
    for device_id, record in session.execute(select(DeviceRevocation.device_id, DeviceRevocation.record)
                                             .where(DeviceRevocation.refused == "").order_by(DeviceRevocation.id)):
        found.setdefault(device_id, record)
    return found


def refused(session: Session) -> list[tuple[Revocation, str]]:
    """The revocations received from a device that may not revoke the device, with the reason."""
    return [(parse(record), reason) for record, reason in session.execute(
        select(DeviceRevocation.record, DeviceRevocation.refused).where(DeviceRevocation.refused != "")
        .order_by(DeviceRevocation.id))]


def keep(session: Session, record: dict[str, Any], via: str, refused: str = "") -> None:
    """Hold ``record`` (in the caller's transaction); ``via``: the device it came from;
    ``refused``: why it is not in force (empty: it is)."""
    session.add(DeviceRevocation(**{name: record[name] for name in _FIELDS}, via=via, kept_at=datetime.now(UTC),
                                 refused=refused[:200], record=record))


def accept(session: Session, records: list[dict[str, Any]], *, me: str, sender: str,
           from_above: bool) -> list[Revocation]:
    """Keep the revocations of ``records`` this device believes; returns those new here. Those it
    does not believe are kept once each, with the reason, and change nothing."""
    holding = held(session)
    judged = set(session.execute(select(DeviceRevocation.device_id, DeviceRevocation.revoked_by,
                                        DeviceRevocation.signature).where(DeviceRevocation.refused != "")).all())
    keys = {device_id: key for device_id, key in session.execute(select(Device.id, Device.signing_key))}
    vouched = enrollment_record.held(session)
    peers = set(session.scalars(select(Peer.device_id)))
    sender_area = tuple((session.get(Peer, sender).scope or ()) if sender in peers else ())
    before_records = _user_areas(session, {r["device_id"] for r in records} - vouched.keys())
    taken: list[Revocation] = []
    for record in records:
        revoked = record["device_id"]
        if revoked in holding or (from_above and revoked in (me, sender)):
            continue
        reason = _disbelief(record, me=me, sender=sender, from_above=from_above, keys=keys, vouched=vouched,
                            peers=peers)
        if reason == _NO_RECORD and before_records.get(revoked) and all(
                any(is_within(code, area) for area in sender_area) for code in before_records[revoked]):
            reason = None  # enrolled before records (0021): its user rows here put it in the sender's area
        if reason is None:
            keep(session, record, sender)
            holding[revoked] = record
            taken.append(parse(record))
        elif (seen := (revoked, record["revoked_by"], record["signature"])) not in judged:
            keep(session, record, sender, reason)
            judged.add(seen)
    return taken


def _disbelief(record: dict[str, Any], *, me: str, sender: str, from_above: bool, keys: dict[str, bytes | None],
               vouched: dict[str, enrollment_record.Vouched], peers: set[str]) -> str | None:
    """Why a revocation may not be taken, or None."""
    revoked, revoker = record["device_id"], record["revoked_by"]
    key = keys.get(revoker)
    if key is None and revoker in vouched:
        key = enrollment_record.public_key(vouched[revoker])
    if not from_above:
        if revoker != sender:
            return "吊销记录不是发送设备自己签发的，下级设备只能吊销它自己登记的设备"
        if revoked in (me, sender) or revoked in peers:
            return "下级设备不能吊销本机、它自己或本机直接交换数据的设备"
    if key is None:
        return None if from_above else "吊销记录的签名无法核对：吊销方不是本机认识的工作站"
    if not verify_document(record, key):
        return "吊销记录的签名无效：不是吊销方签发的，或签发后被改动"
    if revoked in vouched and not enrollment_record.enrolled_by_or_above(vouched, revoked, revoker):
        return "吊销方不是登记该设备的工作站或其上级，无权吊销"
    if revoked not in vouched and not from_above:
        return _NO_RECORD
    return None


_NO_RECORD = "本机没有该设备的登记记录，无法确认吊销方是登记它的工作站"


def _user_areas(session: Session, devices: set[str]) -> dict[str, list[str]]:
    """The divisions of the user rows of ``devices`` this device holds."""
    areas: dict[str, list[str]] = {}
    if devices:
        for device, division in session.execute(select(User.device_id, User.division_code)
                                                .where(User.device_id.in_(sorted(devices)))):
            areas.setdefault(device, []).append(division)
    return areas
