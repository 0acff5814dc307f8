"""Exporting a bundle for a peer and importing bundles from peers (docs/sync.md)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from app.domain.errors import UserFacingError
from app.domain.procedure import Role
from app.services.context import ServiceContext
from app.services.identity import device_keys, known_identity
from app.services.orphans import hold_orphans
from app.services.policy_arrival import take_effect
from app.services.quarantine import store_quarantined
from app.services.recovery import own_escrow, store_escrow
from app.services.rules import RuleChecker
from app.services.sync_scope import admissible, moved_in_history, within_scope
from app.store import migrate
from app.store.models import Device, Peer
from app.sync import payload
from app.sync.bundle import Bundle, BundleRefused, inspect_bundle, read_bundle, write_bundle
from app.sync.log_reader import changes_since, version_vector
from app.sync.merge import MergeResult, apply_changes, without_gc

StageProgress = Callable[[str, int, int], None]  # (stage, done, total)
EXPORT_STAGES = ("正在读取变更……", "正在整理同步包内容……", "正在压缩和加密……", "正在写入文件……")


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
    rule_conflicts: int = 0
    # Warnings raised when the bundle brought new policy and the households were checked again.
    warnings_raised: int = 0


class SyncService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def export(self, to: str, out: Path, progress: StageProgress | None = None) -> ExportSummary:
        with without_gc():
            return self._export(to, out, progress)

    def _export(self, to: str, out: Path, progress: StageProgress | None = None) -> ExportSummary:
        """Write a bundle with every change ``to`` has not acknowledged yet.

        ``progress(stage, done, total)`` reports each stage in Chinese: reading the changes,
        laying out the contents, compressing and encrypting, writing the file.
        """
        report = progress or (lambda _stage, _done, _total: None)
        if not out.parent.exists():
            raise UserFacingError(f"文件夹不存在：{out.parent}")
        with Session(self.ctx.db.engine, expire_on_commit=False) as session:
            peer, device = _peer(session, to)
            report(EXPORT_STAGES[0], 0, 1)
            entries = changes_since(session, peer.acknowledged,
                                    progress=lambda done, total: report(EXPORT_STAGES[0], done, total))
            if peer.direction == "down":
                entries = within_scope(session, entries, peer.scope)
                entries = _union(entries, moved_in_history(session, entries, peer.scope))
            report(EXPORT_STAGES[1], 0, 1)
            manifest = {
                "sender": {"name": self.ctx.db.device.name, "role": self.ctx.db.device.role},
                "sequence": peer.sent_sequence + 1,
                "schema_version": migrate.head_revision(),
                "created_at": datetime.now(UTC).isoformat(),
                "counts": dict(Counter(e["table_name"] for e in entries)),
                # What this device holds: the peer's next bundle need not send it again.
                "vector": version_vector(session),
            }
            contents = payload.encode(entries)
            if peer.direction == "up":
                escrow = own_escrow(session, self.ctx.db.device.id)
                if escrow is not None:
                    contents["key_escrow"] = escrow
            identity = known_identity(self.ctx.db, device.id)
            assert identity is not None
            report(EXPORT_STAGES[1], 1, 1)
            data = write_bundle(manifest, contents, device_keys(self.ctx.db), identity,
                                progress=lambda done, total: report(EXPORT_STAGES[2], done, total))
            report(EXPORT_STAGES[3], 0, 1)
            out.write_bytes(data)
            peer.sent_sequence += 1
            session.add(peer)
            session.commit()
            report(EXPORT_STAGES[3], 1, 1)
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

    def read_changes(self, path: Path) -> tuple[Bundle, list[dict[str, Any]]]:
        """A verified bundle and its change-log entries, oldest first; nothing is written."""
        bundle = self.verify(path)
        try:
            return bundle, payload.decode(bundle.payload)
        except payload.PayloadBroken as error:
            raise BundleRefused(error.message) from None

    def import_file(self, path: Path) -> ImportSummary:
        """Apply a bundle in one transaction: its changes, what was refused, the receipt."""
        with without_gc():
            return self._import(path)

    def _import(self, path: Path) -> ImportSummary:
        bundle, entries = self.read_changes(path)
        manifest = bundle.manifest
        sender_id = manifest["sender"]["device_id"]
        sequence = int(manifest.get("sequence", 0))
        with self.ctx.db.read() as session:
            peer = session.get(Peer, sender_id)
            sender = session.get(Device, sender_id)
            assert peer is not None and sender is not None
            allowed, refused = hold_orphans(session, *admissible(session, entries, Role(sender.role), peer))
        outcome: dict[str, Any] = {}

        def record(session: Session, result: MergeResult) -> None:
            """What the import learnt, written in the merge's own transaction."""
            refused_all = refused + result.quarantined
            store_quarantined(session, sender, sequence, refused_all)
            outcome["missing"] = _receipt(session, sender_id, sequence, manifest)
            outcome["rules"] = RuleChecker(session).check(result.touched)
            escrow = bundle.payload.get("key_escrow")
            if escrow is not None and peer.direction == "down":
                store_escrow(session, sender_id, escrow)

        result = apply_changes(self.ctx.db, allowed, after=record)
        self.ctx.db.audit(self.ctx.actor, "bundle_import", peer=sender_id, sequence=sequence,
                          applied=result.applied, conflicts=result.conflicts,
                          quarantined=len(refused) + len(result.quarantined))
        raised = take_effect(self.ctx, result.touched)
        return ImportSummary(path, sender.name, sequence, result.applied, result.already_known,
                             result.conflicts, refused + result.quarantined, outcome["missing"],
                             outcome["rules"], raised)

    def _trusted(self, device_id: str) -> Any:
        if device_id == self.ctx.db.device.id:
            return None
        with Session(self.ctx.db.engine, expire_on_commit=False) as session:
            if session.get(Peer, device_id) is None:
                return None
        return known_identity(self.ctx.db, device_id)


def _union(entries: list[dict[str, Any]], more: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``entries`` and ``more``, each change once, oldest stamp first."""
    if not more:
        return entries
    keys = {(e["device_id"], e["seq"]) for e in entries}
    extra = [e for e in more if (e["device_id"], e["seq"]) not in keys]
    return sorted(entries + list({(e["device_id"], e["seq"]): e for e in extra}.values()),
                  key=lambda e: e["hlc"])


def _receipt(session: Session, sender_id: str, sequence: int,
             manifest: dict[str, Any]) -> list[int]:
    """Note the bundle as received and what the sender holds; returns the sequences missing."""
    peer = session.get(Peer, sender_id)
    assert peer is not None
    missing = list(range(peer.received_sequence + 1, sequence))
    peer.received_sequence = max(peer.received_sequence, sequence)
    vector = {**peer.acknowledged}
    for device_id, seq in (manifest.get("vector") or {}).items():
        vector[device_id] = max(vector.get(device_id, 0), int(seq))
    peer.acknowledged = vector
    session.add(peer)
    return missing


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
