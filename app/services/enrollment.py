"""Enrollment: a device asks to join, the station above accepts and scopes it, the device completes.

Files (.fpe) are JSON signed by their writer. Only what is enrolled here is trusted by sync.
Completing needs a reply from a station of the level right above this device whose area holds it,
and the fingerprint both sides show (app/sync/fingerprint.py) confirmed by the person completing:
a reply swapped on the way (a self-made "station") is refused before anything is kept, and the
database key is wrapped only for the station so confirmed (docs/sync.md, "Enrollment and trust").
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from app.domain.divisions import DivisionLevel, is_within, level_of, normalize_code
from app.domain.errors import UserFacingError
from app.domain.procedure import Role
from app.services.context import ServiceContext
from app.services.identity import device_keys, known_identity
from app.services.unit_of_work import UnitOfWork
from app.store.models import Device, EnrollmentRecord, Peer
from app.sync import enrollment_record
from app.sync.fingerprint import device_code, safety_number, same_number
from app.sync.keys import PublicIdentity, b64, unb64
from app.sync.signed import sign_document, verify_document

REQUEST, REPLY = "fangpin-enrollment-request", "fangpin-enrollment-reply"
# Which role enrolls which: a township station enrolls grid workers, the county its townships.
ENROLLS = {Role.TOWNSHIP: Role.WORKER, Role.COUNTY: Role.TOWNSHIP}
ABOVE = {below: station for station, below in ENROLLS.items()}
# The level of the area a station of each role keeps.
STATION_LEVEL = {Role.TOWNSHIP: DivisionLevel.TOWNSHIP, Role.COUNTY: DivisionLevel.COUNTY}
MAX_FILE_SIZE = 1 << 20  # an enrollment file is about 1 KB
_MAX_SCOPE = 1000


@dataclass(frozen=True)
class StationReply:
    """A verified reply from the station above, before the enrollment is completed."""

    station_id: str
    name: str
    role: Role
    division_code: str
    scope: tuple[str, ...]
    safety_number: str  # what both sides show; the person completing confirms it


class EnrollmentService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def request(self, out: Path) -> str:
        """Write this device's request to join the station above; returns this device's own
        fingerprint (the first or second half of the number the station will show)."""
        keys = device_keys(self.ctx.db)
        _write(out, sign_document({"kind": REQUEST, "version": 1, "device": self._identity()}, keys))
        return device_code(keys.public)

    def accept(self, request_file: Path, out: Path, villages: list[str] | None = None) -> Peer:
        """Enroll the device that wrote ``request_file`` below this station and write the reply
        (``safety_number`` gives the number to compare with the device)."""
        request = _read(request_file, REQUEST)
        device = _verified_device(request.get("device"), request, request_file)
        me = self.ctx.db.device
        if device["id"] == me.id:
            raise UserFacingError(f"登记申请“{request_file.name}”中的设备编号是本站自己的，"
                                  "这不是下级设备的申请，拒绝登记。")
        expected = ENROLLS.get(self.ctx.role)
        if expected is None or device["role"] != expected:
            raise UserFacingError(
                f"{self.ctx.role.label}不能登记角色为“{Role(device['role']).label}”的设备："
                "乡镇防贫工作站登记网格员，县防贫中心登记乡镇防贫工作站。")
        scope = [normalize_code(code) for code in (villages or [device["division_code"]])]
        outside = [code for code in scope if not is_within(code, self.ctx.scope_code)]
        if outside:
            raise UserFacingError(f"区划 {'、'.join(outside)} 不在本站的工作范围内，不能分配。")
        record = enrollment_record.make(
            device_id=device["id"], name=device["name"], role=device["role"], division_code=device["division_code"],
            scope=scope, signing_key=unb64(device["signing_key"]), agreement_key=unb64(device["agreement_key"]),
            station=device_keys(self.ctx.db), enrolled_on=self.ctx.today())
        # One transaction, logged: the signed record travels up and down with the station's changes.
        with UnitOfWork(self.ctx) as uow:
            session = uow.session
            if session.get(Peer, device["id"]) is not None:
                raise UserFacingError(f"设备“{device['name']}”已经登记过了。")
            if session.get(Device, device["id"]) is not None:
                raise UserFacingError(f"设备“{device['name']}”是本站的上级工作站或已知的设备，不能登记为下级。")
            vouched = session.get(EnrollmentRecord, device["id"])
            if vouched is not None:
                raise UserFacingError(f"设备“{device['name']}”已由另一工作站登记，不能重复登记。"
                                      "如需改到本站，请先由原工作站吊销。")
            session.add(_device_row(device))
            peer = Peer(device_id=device["id"], direction="down", scope=scope,
                        enrolled_at=datetime.now(UTC))
            session.add(peer)
            session.add(enrollment_record.new_row(record))
            uow.audit("enroll_accept", device=device["id"], scope=scope)
        reply = {"kind": REPLY, "version": 1, "for": device["id"], "scope": scope,
                 "station": self._identity()}
        _write(out, sign_document(reply, device_keys(self.ctx.db)))
        return peer

    def vouch_for_enrolled(self) -> int:
        """Sign the enrollment record of every device this station enrolled that has none (enrolled
        before version 0021); returns how many. They go up with the next bundle."""
        keys = device_keys(self.ctx.db)
        count = 0
        with UnitOfWork(self.ctx) as uow:
            session = uow.session
            recorded = set(session.scalars(select(EnrollmentRecord.id)))
            for peer in session.scalars(select(Peer).where(Peer.direction == "down")):
                device = session.get(Device, peer.device_id)
                if (peer.device_id in recorded or device is None or device.signing_key is None
                        or device.agreement_key is None):
                    continue
                session.add(enrollment_record.new_row(enrollment_record.make(
                    device_id=device.id, name=device.name, role=device.role, division_code=device.division_code,
                    scope=peer.scope, signing_key=device.signing_key, agreement_key=device.agreement_key,
                    station=keys, enrolled_on=peer.enrolled_at.date())))
                count += 1
            if count:
                uow.audit("enroll_vouch", devices=count)
        return count

    def safety_number(self, device_id: str) -> str:
        """The number this device and an enrolled one (or its station) both show."""
        other = known_identity(self.ctx.db, device_id)
        if other is None:
            raise UserFacingError("本机没有这台设备的密钥，无法显示指纹。")
        return safety_number(device_keys(self.ctx.db).public, other)

    def own_code(self) -> str:
        """This device's own fingerprint (half of every number it shows)."""
        return device_code(device_keys(self.ctx.db).public)

    def check_reply(self, reply_file: Path) -> StationReply:
        """Verify a reply without keeping anything: signed, for this device, from a station of
        the level right above it whose area holds this device. The number to confirm is in it."""
        reply = _read(reply_file, REPLY)
        station = _verified_device(reply.get("station"), reply, reply_file)
        me = self.ctx.db.device
        if reply.get("for") != me.id:
            raise UserFacingError(f"“{reply_file.name}”是发给另一台设备的登记回执，不是本机的。")
        if station["id"] == me.id:
            raise UserFacingError(f"登记回执“{reply_file.name}”声称来自本机自己，拒绝登记。")
        problem = station_problem(Role(me.role), me.division_code, Role(station["role"]),
                                  station["division_code"])
        if problem:
            raise UserFacingError(f"登记回执“{reply_file.name}”：{problem}拒绝登记。")
        scope = _scope(reply.get("scope"), reply_file)
        outside = [code for code in scope if not is_within(code, station["division_code"])]
        if outside:
            raise UserFacingError(f"登记回执“{reply_file.name}”分配的区划 {'、'.join(outside)} "
                                  "不在该工作站的范围内，拒绝登记。")
        identity = PublicIdentity(station["id"], unb64(station["signing_key"]), unb64(station["agreement_key"]))
        return StationReply(station["id"], station["name"], Role(station["role"]), station["division_code"],
                            tuple(scope), safety_number(device_keys(self.ctx.db).public, identity))

    def complete(self, reply_file: Path, fingerprint: str) -> Peer:
        """Record the station that accepted this device, once the person completing has compared
        the fingerprint with the station's (``fingerprint``: the digits as confirmed or typed);
        from then on its bundles are trusted."""
        checked = self.check_reply(reply_file)
        if not same_number(fingerprint, checked.safety_number):
            raise UserFacingError(
                f"指纹不符：回执的指纹是 {checked.safety_number}，与上级工作站显示的不一致。"
                "登记文件可能在传递中被调换，没有登记。请向工作站当面或电话核对后重新办理。")
        reply = _read(reply_file, REPLY)
        station = reply["station"]
        with Session(self.ctx.db.engine) as session:
            if session.scalar(select(Peer).where(Peer.direction == "up")) is not None:
                raise UserFacingError("本机已经登记到上级工作站，不能重复登记。")
            if session.get(Device, station["id"]) is not None:
                raise UserFacingError(f"设备“{station['name']}”已经是本机登记的下级设备，不能作为上级。")
            session.add(_device_row({**station, "division_code": checked.division_code}))
            peer = Peer(device_id=station["id"], direction="up", scope=list(checked.scope),
                        enrolled_at=datetime.now(UTC))
            session.add(peer)
            session.commit()
            session.refresh(peer)
        self.ctx.db.audit(self.ctx.actor, "enroll_complete", station=station["id"],
                          fingerprint=checked.safety_number)
        return peer

    def _identity(self) -> dict[str, Any]:
        keys = device_keys(self.ctx.db).public
        device = self.ctx.db.device
        return {"id": device.id, "name": device.name, "role": device.role,
                "division_code": device.division_code, "signing_key": b64(keys.signing_key),
                "agreement_key": b64(keys.agreement_key)}


def _write(out: Path, document: dict[str, Any]) -> None:
    if not out.parent.exists():
        raise UserFacingError(f"文件夹不存在：{out.parent}")
    out.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")


def station_problem(role: Role, division: str, station_role: Role, station_division: str) -> str | None:
    """Why a station may not be this device's station above (a sentence ending in "，"), or None."""
    wanted = ABOVE.get(role)
    if wanted is None:
        return f"{role.label}没有上级工作站，"
    if station_role is not wanted:
        return f"对方的角色是“{station_role.label}”，而{role.label}只能登记到{wanted.label}，"
    if level_of(station_division) is not STATION_LEVEL[wanted] or not is_within(division, station_division):
        return f"对方的区划 {station_division} 不是管辖本机区划 {division} 的{wanted.label}，"
    return None


def _read(path: Path, kind: str) -> dict[str, Any]:
    wanted = "登记申请" if kind == REQUEST else "登记回执"
    if not path.is_file():
        raise UserFacingError(f"找不到登记文件：{path}")
    try:
        if path.stat().st_size > MAX_FILE_SIZE:
            raise UserFacingError(f"“{path.name}”太大，不是{wanted}文件。")
        document = json.loads(path.read_text(encoding="utf-8"), parse_constant=_no_constant)
    except OSError as error:
        raise UserFacingError(f"无法读取登记文件“{path.name}”：{error.strerror or error}") from None
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise UserFacingError(f"“{path.name}”不是防贫网格通的登记文件。") from None
    if not isinstance(document, dict) or document.get("kind") != kind:
        raise UserFacingError(f"“{path.name}”不是{wanted}文件。")
    return document


def _no_constant(name: str) -> Any:
    raise ValueError(name)


_DEVICE_KEYS = ("id", "name", "role", "division_code", "signing_key", "agreement_key")


def _verified_device(device: Any, signed: dict[str, Any], path: Path) -> dict[str, Any]:
    """The device described in an enrollment file, once its contents and signature check out."""
    if not isinstance(device, dict) or any(key not in device for key in _DEVICE_KEYS):
        raise UserFacingError(f"登记文件“{path.name}”内容不完整。")
    broken = UserFacingError(f"登记文件“{path.name}”内容已损坏。")
    if not all(isinstance(device[key], str) for key in _DEVICE_KEYS):
        raise broken
    name = device["name"].strip()
    if not 0 < len(device["id"]) <= 36 or not device["id"].isprintable() or not 0 < len(name) <= 40:
        raise broken
    try:
        keys = unb64(device["signing_key"]), unb64(device["agreement_key"])
        role = Role(device["role"])
        division = normalize_code(device["division_code"])
    except (ValueError, UserFacingError):
        raise broken from None
    if any(len(key) != 32 for key in keys):
        raise broken
    if not verify_document(signed, keys[0]):
        raise UserFacingError(f"登记文件“{path.name}”的签名无效：文件被改动过，拒绝登记。")
    return {**device, "name": name, "role": role.value, "division_code": division}


def _scope(scope: Any, path: Path) -> list[str]:
    if not isinstance(scope, list) or not 0 < len(scope) <= _MAX_SCOPE:
        raise UserFacingError(f"登记回执“{path.name}”中的工作范围格式不对。")
    try:
        return [normalize_code(code) for code in scope]
    except UserFacingError:
        raise UserFacingError(f"登记回执“{path.name}”中的工作范围格式不对。") from None


def _device_row(device: dict[str, Any]) -> Device:
    return Device(id=device["id"], name=device["name"], role=device["role"],
                  division_code=device["division_code"], is_self=False,
                  created_at=datetime.now(UTC), signing_key=unb64(device["signing_key"]),
                  agreement_key=unb64(device["agreement_key"]))
