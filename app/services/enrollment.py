"""Enrollment: a device asks to join, the station above accepts and scopes it, the device completes.

Files (.fpe) are JSON signed by their writer. Only what is enrolled here is trusted by sync.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from app.domain.divisions import is_within, normalize_code
from app.domain.errors import UserFacingError
from app.domain.procedure import Role
from app.services.context import ServiceContext
from app.services.identity import device_keys
from app.store.models import Device, Peer
from app.sync.keys import b64, unb64
from app.sync.signed import sign_document, verify_document

REQUEST, REPLY = "fangpin-enrollment-request", "fangpin-enrollment-reply"
# Which role enrolls which: a township station enrolls grid workers, the county its townships.
ENROLLS = {Role.TOWNSHIP: Role.WORKER, Role.COUNTY: Role.TOWNSHIP}


class EnrollmentService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def request(self, out: Path) -> None:
        """Write this device's request to join the station above."""
        _write(out, sign_document({"kind": REQUEST, "version": 1, "device": self._identity()},
                                  device_keys(self.ctx.db)))

    def accept(self, request_file: Path, out: Path, villages: list[str] | None = None) -> Peer:
        """Enroll the device that wrote ``request_file`` below this station and write the reply."""
        request = _read(request_file, REQUEST)
        device = _verified_device(request.get("device"), request, request_file)
        expected = ENROLLS.get(self.ctx.role)
        if expected is None or device["role"] != expected:
            raise UserFacingError(
                f"{self.ctx.role.label}不能登记角色为“{Role(device['role']).label}”的设备："
                "乡镇防贫工作站登记网格员，县防贫中心登记乡镇防贫工作站。")
        scope = [normalize_code(code) for code in (villages or [device["division_code"]])]
        outside = [code for code in scope if not is_within(code, self.ctx.scope_code)]
        if outside:
            raise UserFacingError(f"区划 {'、'.join(outside)} 不在本站的工作范围内，不能分配。")
        with Session(self.ctx.db.engine) as session:
            if session.get(Peer, device["id"]) is not None:
                raise UserFacingError(f"设备“{device['name']}”已经登记过了。")
            session.add(_device_row(device))
            peer = Peer(device_id=device["id"], direction="down", scope=scope,
                        enrolled_at=datetime.now(UTC))
            session.add(peer)
            session.commit()
            session.refresh(peer)
        reply = {"kind": REPLY, "version": 1, "for": device["id"], "scope": scope,
                 "station": self._identity()}
        _write(out, sign_document(reply, device_keys(self.ctx.db)))
        self.ctx.db.audit(self.ctx.actor, "enroll_accept", device=device["id"], scope=scope)
        return peer

    def complete(self, reply_file: Path) -> Peer:
        """Record the station that accepted this device; from now on its bundles are trusted."""
        reply = _read(reply_file, REPLY)
        station = _verified_device(reply.get("station"), reply, reply_file)
        if reply.get("for") != self.ctx.db.device.id:
            raise UserFacingError(f"“{reply_file.name}”是发给另一台设备的登记回执，不是本机的。")
        with Session(self.ctx.db.engine) as session:
            if session.scalar(select(Peer).where(Peer.direction == "up")) is not None:
                raise UserFacingError("本机已经登记到上级工作站，不能重复登记。")
            session.add(_device_row(station))
            peer = Peer(device_id=station["id"], direction="up", scope=list(reply["scope"]),
                        enrolled_at=datetime.now(UTC))
            session.add(peer)
            session.commit()
            session.refresh(peer)
        self.ctx.db.audit(self.ctx.actor, "enroll_complete", station=station["id"])
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


def _read(path: Path, kind: str) -> dict[str, Any]:
    if not path.exists():
        raise UserFacingError(f"找不到登记文件：{path}")
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise UserFacingError(f"“{path.name}”不是防贫网格通的登记文件。") from None
    if not isinstance(document, dict) or document.get("kind") != kind:
        wanted = "登记申请" if kind == REQUEST else "登记回执"
        raise UserFacingError(f"“{path.name}”不是{wanted}文件。")
    return document


_DEVICE_KEYS = ("id", "name", "role", "division_code", "signing_key", "agreement_key")


def _verified_device(device: Any, signed: dict[str, Any], path: Path) -> dict[str, Any]:
    """The device described in an enrollment file, once its signature checks out."""
    if not isinstance(device, dict) or any(key not in device for key in _DEVICE_KEYS):
        raise UserFacingError(f"登记文件“{path.name}”内容不完整。")
    try:
        signing_key = unb64(device["signing_key"])
        unb64(device["agreement_key"])
        Role(device["role"])
    except ValueError:
        raise UserFacingError(f"登记文件“{path.name}”内容已损坏。") from None
    if not verify_document(signed, signing_key):
        raise UserFacingError(f"登记文件“{path.name}”的签名无效：文件被改动过，拒绝登记。")
    return device


def _device_row(device: dict[str, Any]) -> Device:
    return Device(id=device["id"], name=device["name"], role=device["role"],
                  division_code=device["division_code"], is_self=False,
                  created_at=datetime.now(UTC), signing_key=unb64(device["signing_key"]),
                  agreement_key=unb64(device["agreement_key"]))
