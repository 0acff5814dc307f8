"""Exporting a bundle for a peer and importing bundles from peers (docs/sync.md)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from app.domain.divisions import is_within
from app.domain.errors import UserFacingError
from app.domain.procedure import STEP_MIN_ROLE, STEP_TITLES, Role, Stage, may_take
from app.services.context import ServiceContext
from app.services.identity import device_keys, known_identity
from app.store import migrate
from app.store.models import Device, Household, Peer
from app.sync.bundle import Bundle, BundleRefused, inspect_bundle, read_bundle, write_bundle
from app.sync.merge import apply_changes, changes_since, version_vector

# Tables whose rows belong to one household; their scope is that household's village.
_HOUSEHOLD_TABLES = ("member", "incomerecord", "rigidexpense", "visit", "monitoringcase",
                     "assignment", "measure", "warning")


@dataclass
class ExportSummary:
    path: Path
    peer_name: str
    sequence: int
    counts: dict[str, int]
    size: int


@dataclass
class ImportSummary:
    path: Path
    sender_name: str
    sequence: int
    applied: int
    already_known: int
    conflicts: int
    quarantined: list[tuple[dict[str, Any], str]] = field(default_factory=list)
    missing_sequences: list[int] = field(default_factory=list)


class SyncService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def export(self, to: str, out: Path) -> ExportSummary:
        """Write a bundle with every change ``to`` has not acknowledged yet."""
        if not out.parent.exists():
            raise UserFacingError(f"文件夹不存在：{out.parent}")
        with Session(self.ctx.db.engine, expire_on_commit=False) as session:
            peer, device = _peer(session, to)
            entries = changes_since(session, peer.acknowledged)
            if peer.direction == "down":
                entries = _within_scope(session, entries, peer.scope)
            manifest = {
                "sender": {"name": self.ctx.db.device.name, "role": self.ctx.db.device.role},
                "sequence": peer.sent_sequence + 1,
                "schema_version": migrate.head_revision(),
                "created_at": datetime.now(UTC).isoformat(),
                "counts": dict(Counter(e["table_name"] for e in entries)),
                # What this device holds: the peer's next bundle need not send it again.
                "vector": version_vector(session),
            }
            identity = known_identity(self.ctx.db, device.id)
            assert identity is not None
            data = write_bundle(manifest, {"changes": entries}, device_keys(self.ctx.db),
                                identity)
            out.write_bytes(data)
            peer.sent_sequence += 1
            session.add(peer)
            session.commit()
        self.ctx.db.audit(self.ctx.actor, "bundle_export", peer=device.id,
                          sequence=manifest["sequence"], changes=len(entries))
        return ExportSummary(out, device.name, manifest["sequence"], manifest["counts"],
                             len(data))

    def verify(self, path: Path) -> Bundle:
        """Everything an import checks before it writes, without writing anything."""
        if not path.exists():
            raise UserFacingError(f"找不到同步包文件：{path}")
        bundle = read_bundle(path.read_bytes(), device_keys(self.ctx.db), self._trusted)
        if str(bundle.manifest.get("schema_version", "")) > migrate.head_revision():
            raise BundleRefused("同步包来自更新版本的程序（数据结构更新），请先升级本程序再导入。")
        return bundle

    def import_file(self, path: Path) -> ImportSummary:
        bundle = self.verify(path)
        manifest = bundle.manifest
        sender_id = manifest["sender"]["device_id"]
        with Session(self.ctx.db.engine, expire_on_commit=False) as session:
            peer = session.get(Peer, sender_id)
            assert peer is not None
            sender = session.get(Device, sender_id)
            allowed, quarantined = _admissible(session, bundle.payload.get("changes", []),
                                               Role(sender.role), peer)
        result = apply_changes(self.ctx.db, allowed)
        sequence = int(manifest.get("sequence", 0))
        with Session(self.ctx.db.engine, expire_on_commit=False) as session:
            peer = session.get(Peer, sender_id)
            missing = list(range(peer.received_sequence + 1, sequence))
            peer.received_sequence = max(peer.received_sequence, sequence)
            vector = {**peer.acknowledged}
            for device_id, seq in (manifest.get("vector") or {}).items():
                vector[device_id] = max(vector.get(device_id, 0), int(seq))
            peer.acknowledged = vector
            session.add(peer)
            session.commit()
        self.ctx.db.audit(self.ctx.actor, "bundle_import", peer=sender_id, sequence=sequence,
                          applied=result.applied, conflicts=result.conflicts)
        return ImportSummary(path, sender.name, sequence, result.applied, result.already_known,
                             result.conflicts, quarantined + result.quarantined, missing)

    def _trusted(self, device_id: str) -> Any:
        if device_id == self.ctx.db.device.id:
            return None
        with Session(self.ctx.db.engine, expire_on_commit=False) as session:
            if session.get(Peer, device_id) is None:
                return None
        return known_identity(self.ctx.db, device_id)


def inspect_file(path: Path) -> dict[str, Any]:
    if not path.exists():
        raise UserFacingError(f"找不到同步包文件：{path}")
    return inspect_bundle(path.read_bytes())


def _peer(session: Session, to: str) -> tuple[Peer, Device]:
    if to == "up":
        peer = session.scalar(select(Peer).where(Peer.direction == "up"))
        if peer is None:
            raise UserFacingError("本机还没有登记到上级工作站（fangpin enroll request/complete）。")
    else:
        device = session.scalar(select(Device).where(
            (Device.id == to) | (Device.name == to), Device.is_self == False))  # noqa: E712
        peer = session.get(Peer, device.id) if device else None
        if peer is None:
            raise UserFacingError(f"没有登记名为“{to}”的下级设备。")
    device = session.get(Device, peer.device_id)
    assert device is not None
    return peer, device


def _step_of(entry: dict[str, Any]) -> Stage | None:
    """The procedure step a change records or moves a case to, if any."""
    key = {"casestep": "step", "monitoringcase": "stage"}.get(entry["table_name"])
    value = (entry.get("fields") or {}).get(key) if key else None
    return Stage(value) if value in STEP_MIN_ROLE else None


def _village_of(session: Session, entry: dict[str, Any]) -> str | None:
    """The village a change belongs to, if it belongs to one household."""
    fields = entry.get("fields") or {}
    if entry["table_name"] == "household":
        household = session.get(Household, entry["row_id"])
        return fields.get("village_code") or (household.village_code if household else None)
    if entry["table_name"] in _HOUSEHOLD_TABLES:
        household_id = fields.get("household_id")
        if household_id is None:
            return None  # an update: its row was already placed when it was inserted
        household = session.get(Household, household_id)
        return household.village_code if household else None
    return None


def _within_scope(session: Session, entries: list[dict[str, Any]],
                  scope: list[str]) -> list[dict[str, Any]]:
    def inside(entry: dict[str, Any]) -> bool:
        village = _village_of(session, entry)
        return village is None or any(is_within(village, code) for code in scope)
    return [e for e in entries if inside(e)]


def _admissible(session: Session, entries: list[dict[str, Any]], sender_role: Role,
                peer: Peer) -> tuple[list[dict[str, Any]], list[tuple[dict[str, Any], str]]]:
    """Split changes from a device below into those it may make and those to quarantine.

    What comes from the station above was checked there, so it is taken as it is.
    """
    if peer.direction == "up":
        return entries, []
    allowed, quarantined = [], []
    for entry in entries:
        reason = None
        step = _step_of(entry)
        village = _village_of(session, entry)
        if step is not None and not may_take(sender_role, step):
            reason = f"{sender_role.label}无权办理“{STEP_TITLES[step]}”"
        elif village is not None and not any(is_within(village, code) for code in peer.scope):
            reason = f"记录所在的村 {village} 不在该设备的工作范围内"
        if reason:
            quarantined.append((entry, reason))
        else:
            allowed.append(entry)
    return allowed, quarantined
