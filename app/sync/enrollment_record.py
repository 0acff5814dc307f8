"""Enrollment vouched up the chain: the station that enrolls a device signs a record of it.

The record (device id, public keys, role, division, area, the enrolling station, the date) is a
row of the synchronised table ``enrollmentrecord`` whose id is the device's, so it travels up to the
county and down to the stations' devices like every row. A signature proves only who sent a
bundle, so a township's own keys could otherwise introduce a "worker" the county has never seen;
with the record, a receiver takes entries from a device below the sender only when

* the device's record was signed by the sender, or by a station the sender's own record vouches
  for (``_chain``), with the key the receiver already trusts for that station — its enrolled
  peer's key, or the key a record it accepted before (or earlier in the same bundle) names;
* that station may enroll the device: a township station grid workers, the county townships
  (``ENROLLS``), and the record's division and area lie within the station's;
* no other station vouched for the device first: a record is written once and never changed.

A record that fails is quarantined with the reason (``judge``), and every entry whose origin has
no record so accepted is refused as forged — except a device the receiver already held user rows of
when it got none, one enrolled before records existed (version 0021), still judged by those rows.
What comes from the station above was checked there.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from sqlalchemy import select
from sqlmodel import Session

from app.domain.divisions import is_within
from app.domain.procedure import Role
from app.store.models import Device, EnrollmentRecord, User
from app.sync.keys import DeviceKeys, b64, unb64
from app.sync.signed import sign_document, verify_document

KIND = "fangpin-enrollment-record"
TABLE = EnrollmentRecord.__tablename__
# Which role enrolls which: a township station enrolls grid workers, the county its townships.
ENROLLS = {Role.TOWNSHIP: Role.WORKER, Role.COUNTY: Role.TOWNSHIP}
SIGNED_FIELDS = ("name", "role", "division_code", "scope", "signing_key", "agreement_key", "enrolled_by",
                 "enrolled_on")
UNVOUCHED = "来源设备没有由发送设备（或其登记的工作站）签名的有效登记记录（来源被伪造）"


class SignerView(Protocol):
    """The bundle's signer as the import pipeline knows it (app/sync/checks.Signer)."""

    @property
    def device_id(self) -> str: ...
    @property
    def role(self) -> Role: ...
    @property
    def scope(self) -> tuple[str, ...]: ...
    @property
    def from_below(self) -> bool: ...


@dataclass(frozen=True)
class Vouched:
    """What an accepted record says of a device."""

    role: str
    division_code: str
    scope: tuple[str, ...]
    enrolled_by: str
    signing_key: str


def make(*, device_id: str, name: str, role: str, division_code: str, scope: Iterable[str],
         signing_key: bytes, agreement_key: bytes, station: DeviceKeys, enrolled_on: date) -> dict[str, Any]:
    """The record of ``device_id`` signed by the station whose ``station`` keys these are."""
    return sign_document({"kind": KIND, "version": 1, "device_id": device_id, "name": name[:40], "role": role,
                          "division_code": division_code, "scope": list(scope), "signing_key": b64(signing_key),
                          "agreement_key": b64(agreement_key), "enrolled_by": station.device_id,
                          "enrolled_on": enrolled_on.isoformat()}, station)


def row_fields(record: dict[str, Any]) -> dict[str, Any]:
    """The fields of the ``enrollmentrecord`` row holding ``record``, in the form entries carry."""
    return {**{name: record[name] for name in SIGNED_FIELDS}, "signature": record["signature"], "deleted": False}


def new_row(record: dict[str, Any]) -> EnrollmentRecord:
    fields = row_fields(record)
    return EnrollmentRecord(id=record["device_id"], **{**fields, "enrolled_on": date.fromisoformat(
        fields["enrolled_on"])})


def document_of(device_id: str, fields: dict[str, Any]) -> dict[str, Any]:
    """The signed document a row's fields stand for (what its signature covers)."""
    return {"kind": KIND, "version": 1, "device_id": device_id,
            **{name: fields.get(name) for name in SIGNED_FIELDS}, "signature": fields.get("signature")}


def held(session: Session) -> dict[str, Vouched]:
    """The records this device holds: enrolled device id → what its record says."""
    return {row_id: Vouched(role, division, tuple(scope or ()), by, key) for row_id, role, division, scope, by, key
            in session.execute(select(EnrollmentRecord.id, EnrollmentRecord.role, EnrollmentRecord.division_code,
                                      EnrollmentRecord.scope, EnrollmentRecord.enrolled_by,
                                      EnrollmentRecord.signing_key).where(EnrollmentRecord.deleted == False))}  # noqa: E712


def enrolled_by_or_above(vouched: dict[str, Vouched], device: str, station: str) -> bool:
    """Whether ``station`` enrolled ``device``, or enrolled the station that did."""
    record = vouched.get(device)
    if record is None:
        return False
    if record.enrolled_by == station:
        return True
    above = vouched.get(record.enrolled_by)
    return above is not None and above.enrolled_by == station


def judge(session: Session, entries: list[dict[str, Any]], signer: SignerView,
          origins: dict[str, str]) -> dict[int, str]:
    """For a bundle from below: why each enrollment record it brings may not be taken (by
    ``id(entry)``: quarantined), and — added to ``origins``, device → reason — every origin device
    other than the signer that no accepted record vouches for below the signer (refused)."""
    if not signer.from_below:
        return {}
    vouched = held(session)
    known = dict(session.execute(select(Device.id, Device.signing_key)).all())
    problems: dict[int, str] = {}
    for entry in entries:
        if entry["table_name"] != TABLE or entry["device_id"] in origins:
            continue
        reason = _record_problem(entry, signer, vouched, known)
        if reason:
            problems[id(entry)] = reason
        else:
            fields = entry["fields"]
            vouched[entry["row_id"]] = Vouched(fields["role"], fields["division_code"], tuple(fields["scope"]),
                                               fields["enrolled_by"], fields["signing_key"])
    below = {role.value for role in _roles_below(signer.role)}
    others = {entry["device_id"] for entry in entries} - origins.keys() - {signer.device_id}
    grandfathered = _known_before_records(session, others - vouched.keys())
    for origin in others:
        record = vouched.get(origin)
        if record is None and origin in grandfathered:
            continue  # enrolled before records existed: its user rows here decide (app/sync/checks.py)
        if not (record is not None and record.role in below and _within(record.division_code, signer.scope)
                and enrolled_by_or_above(vouched, origin, signer.device_id)):
            origins[origin] = UNVOUCHED
    return problems


def _known_before_records(session: Session, devices: set[str]) -> set[str]:
    """Those of ``devices`` whose user rows this device already holds: devices enrolled before
    version 0021 signed records, which the receiver took on the old rule and keeps trusting so."""
    if not devices:
        return set()
    return set(session.scalars(select(User.device_id).where(User.device_id.in_(sorted(devices))).distinct()))


def _roles_below(role: Role) -> tuple[Role, ...]:
    first = ENROLLS.get(role)
    return () if first is None else (first, *_roles_below(first))


def _within(code: Any, area: Iterable[str]) -> bool:
    return isinstance(code, str) and any(is_within(code, outer) for outer in area)


def _record_problem(entry: dict[str, Any], signer: SignerView, vouched: dict[str, Vouched],
                    known: dict[str, bytes | None]) -> str | None:
    """Why one enrollment record from below may not be taken, or None."""
    device, fields = entry["row_id"], entry["fields"]
    stored = vouched.get(device)
    if stored is not None:
        if fields.get("enrolled_by", stored.enrolled_by) != stored.enrolled_by:
            return "该设备已由其他工作站登记，不能重新登记或改写其登记记录"
        return "登记记录一经签发不能改写（更正请吊销后重新登记）"
    if entry["op"] != "insert" or any(name not in fields for name in (*SIGNED_FIELDS, "signature")):
        return "登记记录不完整"
    station = fields["enrolled_by"]
    if station != entry["device_id"]:
        return "登记记录只能由登记该设备的工作站签发"
    if device in known or device == signer.device_id:
        return "登记记录针对的是本机已知的工作站或设备，下级不能登记它"
    if station == signer.device_id:
        role, area, key = signer.role.value, signer.scope, known.get(station)
    elif enrolled_by_or_above(vouched, station, signer.device_id):
        record = vouched[station]
        role, area, key = record.role, record.scope, public_key(record)
    else:
        return "登记记录的登记工作站不是发送设备或其登记的工作站"
    if key is None or not verify_document(document_of(device, fields), key):
        return "登记记录的签名无效：不是登记工作站签发的，或签发后被改动"
    enrolls = ENROLLS.get(Role(role)) if role in Role._value2member_map_ else None
    if enrolls is None or fields["role"] != enrolls.value:
        return f"登记记录无效：{Role(role).label}不能登记角色为“{_label(fields['role'])}”的设备"
    codes = [fields["division_code"], *(fields["scope"] if isinstance(fields["scope"], list) else [None])]
    outside = [str(code)[:12] for code in codes if not (_within(code, area) and _within(code, signer.scope))]
    if outside:
        return f"登记记录的区划 {'、'.join(outside)} 不在登记工作站的工作范围内"
    return None


def public_key(record: Vouched) -> bytes | None:
    """The signing key a record names (None if it names none that could be one)."""
    try:
        key = unb64(record.signing_key)
    except ValueError:
        return None
    return key if len(key) == 32 else None


def _label(role: Any) -> str:
    return Role(role).label if role in Role._value2member_map_ else str(role)[:16]
