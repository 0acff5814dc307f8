"""Importing a bundle: the one pipeline every bundle goes through (docs/sync.md, "The import pipeline").

Every stage runs inside the one write transaction the use case opened (its unit of work,
app/services/sync.py), so nothing checked can change between the check and the write, and a
refusal or a failure at any stage leaves nothing written — no row, no change-log entry, no
quarantined change, no receipt, no audit event:

1. verify the bundle: framing, sender enrolled and not revoked, signature, recipient, schema;
2. decode it with limits: decompression bounded by the declared size, JSON depth, and every value
   checked against its column's type and limits as the columns are read (payload.py, limits.py);
3. validate every entry: shape, clock stamp, author (checks.py);
4. authenticate its origin: the signer or a device enrolled below it (checks.py);
5. check scope and role: the village a row is in now and would move to, who may write rows that
   belong to no household, procedure steps by role (scope.py, checks.py), orphans (orphans.py);
6. merge: per field, newer stamp wins, conflicts kept (merge.py);
7. rules: broken cross-row rules recorded (rules.py); the touched households handed to the unit
   of work, whose upkeep recomputes their derived state before it commits;
8. receipts: refused changes quarantined (quarantine.py), the bundle and the sender's vector
   noted (receipts.py), its recovery key and revocations kept, the import audited.

Checks are set-based or per column, never a Python loop doing a query per entry: a township's
bundle holds half a million entries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy import select
from sqlmodel import Session

from app.domain.procedure import Role, StepList
from app.store.hlc import HybridClock
from app.store.models import Device, Household, IncomeLine, Peer, PolicySetting
from app.sync import checks, payload, receipts, revocation
from app.sync.bundle import Bundle, BundleRefused, read_bundle
from app.sync.columns import Entry
from app.sync.keys import DeviceKeys
from app.sync.merge import merge
from app.sync.orphans import hold_orphans
from app.sync.quarantine import store_quarantined
from app.sync.rules import RuleChecker, WorkloadLimit
from app.sync.scope import admissible, households_of
from app.sync.trust import sender_keys

# Policy the warning rules are judged by: when it arrives, every household is checked again.
WARNING_POLICY_TABLES = frozenset({IncomeLine.__tablename__, PolicySetting.__tablename__})
Refused = list[tuple[Entry, str]]


class Work(Protocol):
    """The unit of work the use case opened (app/services/unit_of_work.py): its session, the
    households whose derived state its upkeep must recompute, its audit trail."""

    @property
    def session(self) -> Session: ...

    def touch(self, household_ids: Iterable[str]) -> None: ...

    def large_write(self, rows: int) -> None: ...

    def audit(self, action: str, **detail: Any) -> None: ...


@dataclass(frozen=True)
class Receiver:
    """The device importing, as the use case hands it in (app/sync knows nothing of services)."""

    device_id: str
    keys: DeviceKeys
    clock: HybridClock
    schema_head: str
    workload_limit: WorkloadLimit  # the policy's limit, read in the import's transaction
    procedure: Callable[[Session], StepList]  # the county's steps in force: who may take each
    keep_escrow: Callable[[Session, str, Any], object]  # a device below's wrapped recovery key


@dataclass
class Imported:
    """What one bundle did here."""

    sender_name: str
    sequence: int
    applied: int
    already_known: int
    conflicts: int
    refused: Refused = field(default_factory=list)  # quarantined for review, or forged and refused
    missing_sequences: list[int] = field(default_factory=list)
    rule_conflicts: int = 0
    revoked: list[str] = field(default_factory=list)  # devices whose revocation arrived (names)


def import_bundle(work: Work, data: bytes, receiver: Receiver) -> Imported:
    """Run the pipeline over the bytes of a bundle in ``work``'s transaction; raise BundleRefused
    when the bundle as a whole is refused (the use case's unit of work then rolls back)."""
    session = work.session
    bundle = verified(session, data, receiver)                                  # 1
    entries, value_problems = decoded(bundle)                                   # 2
    manifest = bundle.manifest
    sender_id = manifest["sender"]["device_id"]
    sequence, vector = receipts.bundle_sequence(manifest), receipts.sender_vector(manifest)
    peer, sender = session.get(Peer, sender_id), session.get(Device, sender_id)
    if peer is None or sender is None:
        raise BundleRefused("同步包来自未登记的设备，拒绝导入。")
    receipts.refuse_far_ahead(peer, sequence)
    signer = checks.Signer(sender_id, Role(sender.role), tuple(peer.scope or ()), peer.direction == "down")
    work.large_write(len(entries))  # until the upkeep has read back what the merge wrote
    screened = checks.screen(                                                   # 3, 4
        session, entries, me=receiver.device_id, signer=signer, vector=vector,
        created_millis=checks.created_millis(manifest), wall_millis=receiver.clock.wall_millis(),
        value_problems=value_problems)
    allowed, held = admitted(session, screened, signer, peer,                   # 5
                             receiver.procedure(session))
    moving_from = households_of(session, _reparented(allowed))
    result = merge(session, allowed, receiver.clock, known=screened.known)      # 6
    work.touch(moving_from | households_of(session, result.touched, result.new_row_households))  # 7
    if any(result.touched.get(table) for table in WARNING_POLICY_TABLES):
        work.touch(session.scalars(select(Household.id).where(Household.deleted == False)))  # noqa: E712
    rule_conflicts = RuleChecker(session, receiver.workload_limit).check(result.touched)
    quarantined = held + result.quarantined                                     # 8
    store_quarantined(session, sender, sequence, quarantined)
    missing = receipts.record_receipt(session, peer, sequence, vector)
    escrow = bundle.payload.get("key_escrow")
    if escrow is not None and signer.from_below:
        receiver.keep_escrow(session, sender_id, escrow)
    revoked = revocation.accept(session, revocation.records_in(bundle.payload), me=receiver.device_id,
                                sender=sender_id, from_above=not signer.from_below)
    refused = screened.refused + quarantined
    work.audit("bundle_import", peer=sender_id, sequence=sequence, applied=result.applied,
               conflicts=result.conflicts, quarantined=len(refused), refused=len(screened.refused))
    return Imported(sender.name, sequence, result.applied, result.already_known, result.conflicts,
                    refused, missing, rule_conflicts, [r.device_name for r in revoked])


def verified(session: Session, data: bytes, receiver: Receiver) -> Bundle:
    """Stage 1: the bundle's framing, sender, signature and recipient, and a schema this program
    knows; the sender's keys and revocation are read in the import's own transaction."""
    bundle = read_bundle(data, receiver.keys, sender_keys(session, receiver.device_id))
    if str(bundle.manifest.get("schema_version", "")) > receiver.schema_head:
        raise BundleRefused("同步包来自更新版本的程序（数据结构更新），请先升级本程序再导入。")
    return bundle


def decoded(bundle: Bundle) -> tuple[list[Entry], dict[int, str]]:
    """Stage 2: the entries, each value checked against its column while decoding; returns the
    entries, oldest stamp first (the order the later stages keep), and, by ``id(entry)``, why an
    entry holds a value its column may not."""
    value_problems: dict[int, str] = {}
    try:
        return payload.decode(bundle.payload, value_problems), value_problems
    except payload.PayloadBroken as error:
        raise BundleRefused(error.message) from None


def admitted(session: Session, screened: checks.Screened, signer: checks.Signer, peer: Peer,
             step_list: StepList) -> tuple[list[Entry], Refused]:
    """Stage 5: what a device below may change (its villages, its role's steps, rows of no
    household by their own rules), then orphans; what comes from above was checked there."""
    allowed, held = screened.allowed, screened.quarantined
    if signer.from_below:
        allowed, outside = admissible(session, allowed, signer.role, peer, step_list, screened.known)
        held = held + outside
        fresh = allowed
        if screened.known:  # steps already in the log were judged when they first came
            fresh = [e for e in allowed if (e["device_id"], e["seq"]) not in screened.known]
        problems = checks.procedure_problems(session, fresh, screened.roles, step_list)
        if problems:
            held = held + [(e, problems[id(e)]) for e in allowed if id(e) in problems]
            allowed = [e for e in allowed if id(e) not in problems]
    return hold_orphans(session, allowed, held)


def _reparented(entries: list[Entry]) -> dict[str, set[str]]:
    """Rows (table → ids) the entries may give another household or case: the households they
    leave must have their derived state recomputed too (a member moved out)."""
    rows: dict[str, set[str]] = defaultdict(set)
    for entry in entries:
        if entry["op"] != "insert" and ({"household_id", "case_id"} & (entry.get("fields") or {}).keys()):
            rows[entry["table_name"]].add(entry["row_id"])
    return rows
