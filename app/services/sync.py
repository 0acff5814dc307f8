"""Exporting a bundle for a peer and importing bundles from peers (docs/sync.md)."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session

from app.domain.errors import UserFacingError, os_error_reason
from app.domain.warnings import OPEN, WarningThresholds
from app.garbage import fewer_collections
from app.services.context import ServiceContext
from app.services.enrollment import EnrollmentService
from app.services.identity import device_keys, known_identity
from app.services.policy import WARNING_THRESHOLDS, setting_from, step_list_from
from app.services.recovery import own_escrow, store_escrow
from app.services.unit_of_work import UnitOfWork
from app.store import migrate
from app.store.batches import chunks
from app.store.hlc import HybridClock, Stamp
from app.store.models import Device, Peer, RiskWarning
from app.sync import payload, revocation
from app.sync.bundle import Bundle, BundleRefused, inspect_bundle, read_bundle, write_bundle_streamed
from app.sync.export_reader import export_pieces
from app.sync.importing import Receiver, import_bundle
from app.sync.log_reader import changes_since, version_vector
from app.sync.scope import moved_in_history, within_scope
from app.sync.trust import refuse_revoked, sender_keys

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
    # Devices whose revocation arrived with this bundle (names).
    revoked: list[str] = field(default_factory=list)
    # Warnings the upkeep raised here (new policy, or facts that arrived, meeting a rule).
    warnings_raised: int = 0
    # Households the import changed (merged, or kept by the upkeep) and warnings the upkeep changed.
    households: frozenset[str] = frozenset()
    warnings: frozenset[str] = frozenset()


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
        # Devices this station enrolled before enrollment records existed get theirs signed now, so
        # the station above takes their changes without anyone having to remember `enroll vouch`.
        EnrollmentService(self.ctx).vouch_for_enrolled()
        with Session(self.ctx.db.engine, expire_on_commit=False) as session:
            peer, device = _peer(session, to)
            report(EXPORT_STAGES[0], 0, 1)
            # Insert values are rebuilt from rows table by table while the bundle is made (below), read
            # ahead in a second thread, so reading rows overlaps the encoding and the compression; a
            # scope filter needs them first.
            entries = changes_since(session, peer.acknowledged, fill=peer.direction == "down",
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
            extra: dict[str, Any] = {}
            revocations = list(revocation.held(session).values())
            if revocations:  # every peer learns of them: up to the county, down to the other devices
                extra["revocations"] = revocations
            if peer.direction == "up":
                escrow = own_escrow(session, self.ctx.db.device.id)
                if escrow is not None:
                    extra["key_escrow"] = escrow
            identity = known_identity(self.ctx.db, device.id)
            assert identity is not None
            report(EXPORT_STAGES[1], 1, 1)
            # Closed before the session ends, however the writing ends: the thread reading rows ahead
            # uses the session's connection until then.
            with closing(export_pieces(session, entries, extra)) as pieces:
                data = write_bundle_streamed(manifest, pieces, payload.expected_size(entries),
                                             device_keys(self.ctx.db), identity,
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
        """Everything stage 1 of an import checks (app/sync/importing.py), without writing."""
        if not path.exists():
            raise UserFacingError(f"找不到同步包文件：{path}")
        with self.ctx.db.read() as session:
            bundle = read_bundle(path.read_bytes(), device_keys(self.ctx.db),
                                 sender_keys(session, self.ctx.db.device.id))
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
        """Import a bundle as one unit of work: the pipeline (app/sync/importing.py) checks,
        merges and records everything in it, the upkeep recomputes the derived state of the
        households it touched, and all of it commits together or not at all."""
        if not path.exists():
            raise UserFacingError(f"找不到同步包文件：{path}")
        data = path.read_bytes()
        receiver = Receiver(self.ctx.db.device.id, device_keys(self.ctx.db), self.ctx.db.clock,
                            migrate.head_revision(), workload_limit, step_list_from, store_escrow)
        with fewer_collections(), UnitOfWork(self.ctx) as uow:
            imported = import_bundle(uow, data, receiver)
        return ImportSummary(path, imported.sender_name, imported.sequence, imported.applied,
                             imported.already_known, imported.conflicts, imported.refused,
                             imported.missing_sequences, imported.rule_conflicts, imported.revoked,
                             self._raised(uow.changed.warnings), uow.changed.households,
                             uow.changed.warnings)

    def _raised(self, warnings: frozenset[str]) -> int:
        """How many of the warnings the import's upkeep changed it raised (the others it closed)."""
        with self.ctx.db.read() as session:
            return sum(session.scalar(select(func.count()).select_from(RiskWarning).where(
                RiskWarning.id.in_(chunk), RiskWarning.status == OPEN)) or 0 for chunk in chunks(warnings))


def workload_limit(session: Session) -> int:
    """The policy's limit of households per assistance person, as ``session`` reads it."""
    return WarningThresholds.from_dict(setting_from(session, WARNING_THRESHOLDS)).workload_limit


def _union(entries: list[dict[str, Any]], more: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``entries`` and ``more``, each change once, oldest stamp first."""
    if not more:
        return entries
    keys = {(e["device_id"], e["seq"]) for e in entries}
    extra = [e for e in more if (e["device_id"], e["seq"]) not in keys]
    return sorted(entries + list({(e["device_id"], e["seq"]): e for e in extra}.values()),
                  key=lambda e: e["hlc"])


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
    refuse_revoked(session, device.id, "不能再给它导出同步包")
    return peer, device
