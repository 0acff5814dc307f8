"""Exporting a bundle for a peer and importing bundles from peers (docs/sync.md)."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from app.domain.errors import UserFacingError, os_error_reason
from app.domain.procedure import Role
from app.garbage import fewer_collections
from app.services.context import ServiceContext
from app.services.identity import device_keys, known_identity
from app.services.orphans import hold_orphans
from app.services.policy_arrival import take_effect
from app.services.quarantine import store_quarantined
from app.services.recovery import own_escrow, store_escrow
from app.services.rules import RuleChecker
from app.services.sync_scope import admissible, moved_in_history, within_scope
from app.store import migrate
from app.store.hlc import HybridClock, Stamp
from app.store.models import Device, Peer
from app.sync import checks, payload, revocation
from app.sync.bundle import Bundle, BundleRefused, inspect_bundle, read_bundle, write_bundle
from app.sync.checks import MAX_SEQ, Signer
from app.sync.log_reader import changes_since, version_vector
from app.sync.merge import MergeResult, apply_changes

# A bundle numbered further ahead of the last one received than this is not an honest export: it
# would report that many "missing bundles" and push the numbering out of reach for good.
MAX_BUNDLE_GAP = 1000
MAX_VECTOR = 100_000  # origin devices in one receipt: a city has a few thousand
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
    # Devices whose revocation arrived with this bundle (names).
    revoked: list[str] = field(default_factory=list)


class SyncService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def export(self, to: str, out: Path, progress: StageProgress | None = None) -> ExportSummary:
        with fewer_collections():
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
                "created_at": _created_at(self.ctx.db.clock),
                "counts": dict(Counter(e["table_name"] for e in entries)),
                # What this device holds: the peer's next bundle need not send it again.
                "vector": version_vector(session),
            }
            contents = payload.encode(entries)
            revocations = list(revocation.held(session).values())
            if revocations:  # every peer learns of them: up to the county, down to the other devices
                contents["revocations"] = revocations
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
            _write_whole(out, data)
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
        with fewer_collections():
            return self._import(path)

    def _import(self, path: Path) -> ImportSummary:
        """The import pipeline, in order: verify the bundle (framing, sender, signature,
        recipient, bounded decompression) → decode it, checking every value against its column
        → then, inside the one write transaction: the bundle's number, each entry's shape, origin
        and clock stamp, rows without a household, author (app/sync/checks.py) → scope and role
        (sync_scope.admissible) → procedure → orphans → merge → quarantine, receipt, rules,
        recovery key. Any refusal of the whole bundle rolls everything back."""
        bundle = self.verify(path)
        value_problems: dict[int, str] = {}
        try:
            entries = payload.decode(bundle.payload, value_problems)
        except payload.PayloadBroken as error:
            raise BundleRefused(error.message) from None
        manifest = bundle.manifest
        sender_id = manifest["sender"]["device_id"]
        sequence = _bundle_sequence(manifest)
        vector = _vector(manifest)
        revocations = revocation.records_in(bundle.payload)
        judged: dict[str, Any] = {}

        def screen(session: Session, ordered: list[dict[str, Any]]) -> list[dict[str, Any]]:
            """Every check of the entries, in the merge's own transaction."""
            peer, sender = session.get(Peer, sender_id), session.get(Device, sender_id)
            if peer is None or sender is None:
                raise BundleRefused("同步包来自未登记的设备，拒绝导入。")
            if sequence > peer.received_sequence + MAX_BUNDLE_GAP:
                raise BundleRefused(
                    f"同步包编号 {sequence} 比上次收到的第 {peer.received_sequence} 号大得太多"
                    f"（中间缺少超过 {MAX_BUNDLE_GAP} 个同步包），不是正常导出的同步包，拒绝导入。")
            signer = Signer(sender_id, Role(sender.role), tuple(peer.scope or ()),
                            peer.direction == "down")
            out = checks.screen(session, ordered, me=self.ctx.db.device.id, signer=signer,
                                vector=vector, created_millis=checks.created_millis(manifest),
                                wall_millis=self.ctx.db.clock.wall_millis(),
                                value_problems=value_problems)
            allowed, held = out.allowed, out.quarantined
            if signer.from_below:
                allowed, outside = admissible(session, allowed, signer.role, peer)
                held = held + outside
                problems = checks.procedure_problems(
                    session, [e for e in allowed if (e["device_id"], e["seq"]) not in out.known],
                    out.roles)
                if problems:
                    held = held + [(e, problems[id(e)]) for e in allowed if id(e) in problems]
                    allowed = [e for e in allowed if id(e) not in problems]
            allowed, held = hold_orphans(session, allowed, held)
            judged.update(peer=peer, sender=sender, held=held, refused=out.refused)
            return allowed

        def record(session: Session, result: MergeResult) -> None:
            """What the import learnt, written in the merge's own transaction."""
            store_quarantined(session, judged["sender"], sequence, judged["held"] + result.quarantined)
            judged["missing"] = _receipt(session, sender_id, sequence, vector)
            judged["rules"] = RuleChecker(session).check(result.touched)
            escrow = bundle.payload.get("key_escrow")
            if escrow is not None and judged["peer"].direction == "down":
                store_escrow(session, sender_id, escrow)
            judged["revoked"] = revocation.accept(session, revocations, me=self.ctx.db.device.id,
                                                  sender=sender_id,
                                                  from_above=judged["peer"].direction == "up")

        result = apply_changes(self.ctx.db, entries, after=record, screen=screen)
        refused = judged["refused"] + judged["held"] + result.quarantined
        self.ctx.db.audit(self.ctx.actor, "bundle_import", peer=sender_id, sequence=sequence,
                          applied=result.applied, conflicts=result.conflicts,
                          quarantined=len(refused), refused=len(judged["refused"]))
        raised = take_effect(self.ctx, result.touched)
        return ImportSummary(path, judged["sender"].name, sequence, result.applied,
                             result.already_known, result.conflicts, refused, judged["missing"],
                             judged["rules"], raised, [r.device_name for r in judged["revoked"]])

    def _trusted(self, device_id: str) -> Any:
        """The keys of an enrolled sender; a revoked one is refused before its signature is read."""
        if device_id == self.ctx.db.device.id:
            return None
        with Session(self.ctx.db.engine, expire_on_commit=False) as session:
            _refuse_revoked(session, device_id, "拒绝导入它的同步包")
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


def _bundle_sequence(manifest: dict[str, Any]) -> int:
    sequence = manifest.get("sequence")
    if type(sequence) is not int or not 1 <= sequence <= MAX_SEQ:
        raise BundleRefused("同步包的编号不是正整数，不是正常导出的同步包，拒绝导入。")
    return sequence


def _vector(manifest: dict[str, Any]) -> dict[str, int]:
    """What the sender says it holds of each origin device (its receipt for this device)."""
    vector = manifest.get("vector") or {}
    if not isinstance(vector, dict) or len(vector) > MAX_VECTOR or not all(
            type(device) is str and len(device) <= 36 and type(seq) is int and 0 <= seq <= MAX_SEQ
            for device, seq in vector.items()):
        raise BundleRefused("同步包清单中的接收记录格式不对，不是正常导出的同步包，拒绝导入。")
    return vector


def _receipt(session: Session, sender_id: str, sequence: int, vector: dict[str, int]) -> list[int]:
    """Note the bundle as received and what the sender holds; returns the sequences missing
    (at most MAX_BUNDLE_GAP: the screen refused a bundle further ahead)."""
    peer = session.get(Peer, sender_id)
    assert peer is not None
    missing = list(range(peer.received_sequence + 1, sequence))
    peer.received_sequence = max(peer.received_sequence, sequence)
    acknowledged = {**peer.acknowledged}
    for device_id, seq in vector.items():
        acknowledged[device_id] = max(acknowledged.get(device_id, 0), seq)
    peer.acknowledged = acknowledged
    session.add(peer)
    return missing


def _created_at(clock: HybridClock) -> str:
    """When the bundle is made: the later of the wall clock and this device's own clock, which may
    run a little ahead after observing a station's stamps (an importer compares its entries'
    stamps with this)."""
    millis = max(clock.wall_millis(), Stamp.parse(clock.now()).millis)
    return datetime.fromtimestamp(millis / 1000, UTC).isoformat()


def _write_whole(out: Path, data: bytes) -> None:
    """Write ``NAME.fpb.part`` and rename it when complete: a full disk or a pulled stick never
    leaves a truncated ``.fpb`` that looks like a bundle."""
    part = out.with_name(out.name + ".part")
    try:
        with open(part, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(part, out)
    except OSError as error:
        part.unlink(missing_ok=True)
        reason = os_error_reason(error)
        raise UserFacingError(f"同步包没有写成（{reason}）：{out}。没有留下不完整的文件，"
                              "请换一个有足够空间的位置重新导出。") from None


def inspect_file(path: Path) -> dict[str, Any]:
    if not path.exists():
        raise UserFacingError(f"找不到同步包文件：{path}")
    return inspect_bundle(path.read_bytes())


def _refuse_revoked(session: Session, device_id: str, what: str) -> None:
    record = revocation.held(session).get(device_id)
    if record is not None:
        revoked = revocation.parse(record)
        why = f"（{revoked.reason}）" if revoked.reason else ""
        raise BundleRefused(f"设备“{revoked.device_name}”已于 {revoked.revoked_at.astimezone():%Y-%m-%d %H:%M} "
                            f"被“{revoked.revoked_by_name}”吊销{why}，{what}。")


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
    _refuse_revoked(session, device.id, "不能再给它导出同步包")
    return peer, device
