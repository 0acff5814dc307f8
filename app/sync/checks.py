"""Every entry of a bundle is hostile until checked (docs/sync.md, "Trust model").

A signature proves only who *sent* a bundle: an enrolled grid worker who knows her password can
read her own keys and sign anything. So each entry is checked on its own, inside the import's
write transaction (nothing checked can change before it is written):

1. its shape: origin device, sequence number (a positive integer), row id, author;
2. its origin: the signer, or a device enrolled below the signer — never this device, never a
   device above or beside the signer — and its clock stamp carries that device's node; a sequence
   number of another device no higher than the signer says it holds of that device;
3. its clock stamp: not later than the bundle's creation plus a few minutes, nor than this
   device's own clock plus a day;
4. its values: of their columns' types and limits (found per column while decoding, payload.py);
5. rows that belong to no household: divisions never from below, a user row only of the origin
   device itself with the role and area it was enrolled with; grids (网格) and the placing of
   households in them only from a station or the county, within its area (``_grid_rules``);
   防贫保险/救助 claims only of their measure's household, never paid above the approved amount
   (``claim_rules``);
6. its author: a user of the origin device;
7. case state: only through a step the procedure allows to the origin's role; steps are never
   edited (``procedure_problems``, run after the scope check so its reasons come first).

Entries whose identity is forged or malformed are *refused* (reported, never stored: their origin
and sequence are not theirs); the others that fail are *quarantined* with the reason (stored for
review: app/sync/quarantine.py). Checks go per distinct device, author and column where
they can, not per entry: a township bundle holds half a million entries.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cache
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session

from app.domain.case_state import UNRESOLVED, after_step
from app.domain.divisions import is_within
from app.domain.procedure import (
    Consent,
    Decision,
    Procedure,
    Role,
    Stage,
    StepCheck,
    StepList,
    StepRefused,
    check_consent,
    check_step,
    is_settled,
)
from app.store.batches import among
from app.store.hlc import MAX_AHEAD_MILLIS, STAMP_LENGTH, node_of_device, stamp_head
from app.store.models import (
    CaseStep,
    Device,
    Grid,
    GridHousehold,
    Household,
    Member,
    MonitoringCase,
    Peer,
    User,
)
from app.sync import enrollment_record
from app.sync.claim_checks import claim_rules
from app.sync.columns import Entry
from app.sync.log_reader import known_keys

MAX_SEQ = (1 << 31) - 1  # the change log's sequence column is a 32-bit integer on PostgreSQL
# A stamp may be this much later than the bundle that carries it says it was made.
CREATED_TOLERANCE_MILLIS = 10 * 60 * 1000
_OPS = frozenset({"insert", "update", "delete"})
_ID_LENGTH, _USER_LENGTH, _TABLE_LENGTH = 36, 40, 32
# fast_track (先帮后认) is chosen at the proposal and never changed by a step.
STATE_FIELDS = ("procedure", "stage", "status", "closed", "stage_since", "identified_on",
                "eliminated_on", "elimination_method", "posting_start", "posting_end", "fast_track")
# Roles below each role: what a device of that role may enrol, directly or through the chain.
_BELOW = {Role.COUNTY: (Role.TOWNSHIP, Role.WORKER), Role.TOWNSHIP: (Role.WORKER,), Role.WORKER: ()}


@dataclass(frozen=True)
class Signer:
    """The device that signed the bundle, as this device enrolled it (or was enrolled by it)."""

    device_id: str
    role: Role
    scope: tuple[str, ...]
    from_below: bool


@dataclass
class Screened:
    allowed: list[Entry] = field(default_factory=list)
    quarantined: list[tuple[Entry, str]] = field(default_factory=list)  # stored for review
    refused: list[tuple[Entry, str]] = field(default_factory=list)  # forged identity: never stored
    roles: dict[str, Role] = field(default_factory=dict)  # origin device → its enrolled role
    known: set[tuple[str, int]] = field(default_factory=set)  # already in the log: merge skips them


def screen(session: Session, entries: list[Entry], *, me: str, signer: Signer,
           vector: dict[str, int], created_millis: int | None, wall_millis: int,
           value_problems: dict[int, str]) -> Screened:
    """Split a bundle's entries into those that may go on to the scope check and the rest."""
    out = Screened()
    shaped = _refuse(out, entries, _shape_problems(entries))
    known = out.known = known_keys(session, shaped)
    fresh = shaped  # a first bundle: nothing of it is in the log yet, and no key needs looking up
    if known:
        fresh = [e for e in shaped if (e["device_id"], e["seq"]) not in known]
        out.allowed.extend(e for e in shaped if (e["device_id"], e["seq"]) in known)  # merge skips them
    users = _Users(session, fresh)
    origins = _origin_problems(session, fresh, me, signer, users, out.roles)
    vouching = enrollment_record.judge(session, fresh, signer, origins)  # origins need a signed record
    fresh = _refuse(out, fresh, _entry_problems(fresh, origins, signer, vector))
    limit = _clock_limit(created_millis, wall_millis)
    problems: dict[int, str] = {}
    for entry in fresh:
        if entry["hlc"][:16] > limit:
            problems[id(entry)] = ("修改时间（时间戳）晚于同步包的生成时间或本机时钟一天以上，"
                                   "发送设备的时钟不对或内容被伪造")
    problems.update((key, reason) for key, reason in value_problems.items() if key not in problems)
    problems.update((key, reason) for key, reason in vouching.items() if key not in problems)
    if signer.from_below:
        _row_rules(session, fresh, signer, users, out.roles, problems)
    _attribution(fresh, users, problems)
    for entry in fresh:
        reason = problems.get(id(entry))
        if reason:
            out.quarantined.append((entry, reason))
        else:
            out.allowed.append(entry)
    return out


def _refuse(out: Screened, entries: list[Entry], problems: dict[int, str]) -> list[Entry]:
    if not problems:
        return entries
    out.refused.extend((e, problems[id(e)]) for e in entries if id(e) in problems)
    return [e for e in entries if id(e) not in problems]


def _shape_problems(entries: list[Entry]) -> dict[int, str]:
    """Entries whose origin, sequence number, row, table, operation or author is malformed."""
    problems: dict[int, str] = {}
    seqs = [e["seq"] for e in entries]
    if seqs and not (set(map(type, seqs)) == {int} and min(seqs) >= 1 and max(seqs) <= MAX_SEQ):
        for entry in entries:
            seq = entry["seq"]
            if type(seq) is not int or not 1 <= seq <= MAX_SEQ:
                problems[id(entry)] = f"变更序号“{str(seq)[:20]}”不是 1 到 {MAX_SEQ} 之间的整数"
    bad_devices = {d for d in {e["device_id"] for e in entries}
                   if type(d) is not str or not 0 < len(d) <= _ID_LENGTH}
    bad_users = {u for u in {e["user_name"] for e in entries if type(e["user_name"]) is not str
                             or len(e["user_name"]) > _USER_LENGTH}}
    long_ids = entries and max(len(e["row_id"]) for e in entries) > _ID_LENGTH
    seen_bad = any(not _seen_ok(e["seen"]) for e in entries if e["seen"] is not None)
    if not (bad_devices or bad_users or long_ids or seen_bad):
        return problems
    for entry in entries:
        if entry["device_id"] in bad_devices:
            problems[id(entry)] = "来源设备编号格式不对"
        elif entry["user_name"] in bad_users:
            problems[id(entry)] = "修改人姓名格式不对或过长"
        elif not 0 < len(entry["row_id"]) <= _ID_LENGTH or len(entry["table_name"]) > _TABLE_LENGTH:
            problems[id(entry)] = "记录编号格式不对"
        elif entry["seen"] is not None and not _seen_ok(entry["seen"]):
            problems[id(entry)] = "变更的“已见时间戳”格式不对"
    return problems


def _seen_ok(seen: Any) -> bool:
    return type(seen) is dict and all(
        type(k) is str and len(k) <= 64 and type(v) is str and len(v) <= STAMP_LENGTH
        for k, v in seen.items())


class _Users:
    """The user rows this device holds and those the bundle brings, by device."""

    def __init__(self, session: Session, entries: list[Entry]) -> None:
        self.stored: dict[str, tuple[str, str, str, str]] = {
            row_id: (name, device, role, division) for row_id, name, device, role, division in
            session.execute(select(User.id, User.name, User.device_id, User.role, User.division_code))}
        self.names: dict[str, set[str]] = defaultdict(set)
        self.rows_of: dict[str, list[tuple[str, str]]] = defaultdict(list)  # device → (role, division)
        for name, device, role, division in self.stored.values():
            self.names[device].add(name)
            self.rows_of[device].append((role, division))
        # What the bundle says of its own devices' users: only a device's own rows count.
        self.arriving: dict[str, list[Entry]] = defaultdict(list)
        for entry in entries:
            if entry["table_name"] == "user" and type(entry["fields"].get("device_id", entry["device_id"])) is str:
                self.arriving[entry["device_id"]].append(entry)

    def own_rows(self, device: str) -> list[tuple[str, str]]:
        """(role, division) of the user rows of ``device``, stored or brought by it."""
        arriving = [(e["fields"].get("role"), e["fields"].get("division_code"))
                    for e in self.arriving.get(device, ()) if e["fields"].get("device_id") == device]
        return [*self.rows_of.get(device, ()), *arriving]

    def names_of(self, device: str) -> set[str]:
        names = set(self.names.get(device, ()))
        names.update(e["fields"]["name"] for e in self.arriving.get(device, ())
                     if type(e["fields"].get("name")) is str
                     and e["fields"].get("device_id", self._device_of(e["row_id"])) == device)
        return names

    def _device_of(self, row_id: str) -> str | None:
        stored = self.stored.get(row_id)
        return stored[1] if stored else None


def _origin_problems(session: Session, entries: list[Entry], me: str, signer: Signer,
                     users: _Users, roles: dict[str, Role]) -> dict[str, str]:
    """Why each origin device the entries name may not be theirs, by device (None when it may)."""
    problems: dict[str, str] = {}
    origins = {e["device_id"] for e in entries}
    known_devices = dict(session.execute(select(Device.id, Device.role)).all())
    peers = set(session.scalars(select(Peer.device_id)))
    for origin in origins:
        if origin == me:
            problems[origin] = "变更声称由本机做出，但本机没有这项变更（来源被伪造）"
        elif origin == signer.device_id:
            roles[origin] = signer.role
        elif signer.from_below:
            below = _BELOW[signer.role]
            rows = users.own_rows(origin)
            if not below:
                problems[origin] = "网格员的同步包只能带本设备做出的变更，不能代其他设备提交（来源被伪造）"
            elif origin in known_devices or origin in peers:
                problems[origin] = "变更声称来自上级或同级设备，不是发送设备或其下级登记的设备（来源被伪造）"
            elif not rows or not all(role in below and isinstance(division, str) and any(
                    is_within(division, code) for code in signer.scope) for role, division in rows):
                problems[origin] = "变更的来源设备不是由发送设备登记的下级设备（来源被伪造）"
            else:
                roles[origin] = Role(rows[0][0])
        else:  # from the station above: what it forwards was checked there
            role = known_devices.get(origin)
            rows = users.own_rows(origin)
            roles[origin] = Role(role) if role in Role._value2member_map_ else (
                Role(rows[0][0]) if rows and rows[0][0] in Role._value2member_map_ else Role.WORKER)
    return problems


def _entry_problems(entries: list[Entry], origins: dict[str, str], signer: Signer,
                    vector: dict[str, int]) -> dict[int, str]:
    """Entries of a forged origin, with another device's node in their stamp, or a sequence number
    of another device beyond what the signer says it holds of it."""
    problems: dict[int, str] = {}
    nodes = {device: node_of_device(device) for device in {e["device_id"] for e in entries}}
    for entry in entries:
        device = entry["device_id"]
        stamp = entry["hlc"]
        if device in origins:
            problems[id(entry)] = origins[device]
        elif len(stamp) != STAMP_LENGTH or stamp[0] == "-" or stamp[16] != "." or stamp[17:] != nodes[device]:
            problems[id(entry)] = "时间戳格式不对，或不是来源设备的时间戳（来源被伪造）"
        elif device != signer.device_id and entry["seq"] > vector.get(device, 0):
            problems[id(entry)] = "变更序号超出发送设备自己持有的范围（来源被伪造）"
    return problems


def _clock_limit(created_millis: int | None, wall_millis: int) -> str:
    """The latest stamp head an entry may carry: the bundle's creation plus a few minutes, and
    never more than this device's clock plus a day."""
    limit = wall_millis + MAX_AHEAD_MILLIS
    if created_millis is not None:
        limit = min(limit, created_millis + CREATED_TOLERANCE_MILLIS)
    return stamp_head(limit)


def _row_rules(session: Session, entries: list[Entry], signer: Signer, users: _Users,
               roles: dict[str, Role], problems: dict[int, str]) -> None:
    """Rows that belong to no household, from a device below: who may change them; claims, what
    they may say (app/sync/claim_checks.py)."""
    _grid_rules(session, entries, signer, roles, problems)
    claim_rules(session, entries, problems)
    for entry in entries:
        if id(entry) in problems or entry["table_name"] != "user":
            continue
        origin, fields = entry["device_id"], entry["fields"]
        stored = users.stored.get(entry["row_id"])
        role = roles.get(origin)
        if (stored is not None and stored[1] != origin) or fields.get("device_id", origin) != origin:
            problems[id(entry)] = "无权修改其他设备的用户（每台设备的用户和角色只能由它自己登记）"
        elif "role" in fields and fields["role"] != (role.value if role else None):
            problems[id(entry)] = "用户的角色只能是设备登记时的角色，不能通过同步修改"
        elif "division_code" in fields and not (isinstance(fields["division_code"], str) and any(
                is_within(fields["division_code"], code) for code in signer.scope)):
            problems[id(entry)] = "用户的区划不在该设备的工作范围内"


GRID_TABLES = (Grid.__tablename__, GridHousehold.__tablename__)


def _grid_rules(session: Session, entries: list[Entry], signer: Signer, roles: dict[str, Role],
                problems: dict[int, str]) -> None:
    """A station assigns grids: a grid worker's device never writes a grid or a household's place
    in one; a station only in its own villages (the grid's, or the household's, before and after)."""
    grid_entries = [e for e in entries if e["table_name"] in GRID_TABLES and id(e) not in problems]
    if not grid_entries:
        return
    arriving_villages = {e["row_id"]: e["fields"].get("village_code") for e in entries
                         if e["table_name"] in ("grid", "household") and "village_code" in e["fields"]}
    # What the receiver holds, read per table for the whole bundle: a first bundle places
    # tens of thousands of households in grids, and a lookup per entry cost seconds.
    places = _stored(session, GridHousehold.id, GridHousehold.household_id,
                     {e["row_id"] for e in grid_entries if e["table_name"] == GridHousehold.__tablename__})
    grids = _stored(session, Grid.id, Grid.village_code,
                    {e["row_id"] for e in grid_entries if e["table_name"] == Grid.__tablename__}
                    | {e["fields"].get("grid_id") for e in grid_entries})
    households = _stored(session, Household.id, Household.village_code,
                         {e["fields"].get("household_id", places.get(e["row_id"])) for e in grid_entries
                          if e["table_name"] == GridHousehold.__tablename__})

    def village_of(stored: dict[str, Any], row_id: Any) -> Any:
        if not isinstance(row_id, str):
            return None
        return arriving_villages[row_id] if row_id in arriving_villages else stored.get(row_id)

    @cache  # a few hundred villages for tens of thousands of entries
    def within_scope(code: str) -> bool:
        return any(is_within(code, scope) for scope in signer.scope)

    def inside(code: Any) -> bool:
        return isinstance(code, str) and within_scope(code)

    for entry in grid_entries:
        if roles.get(entry["device_id"]) is Role.WORKER:
            problems[id(entry)] = "网格由乡镇防贫工作站划分，网格员的设备不能修改网格或把农户划入网格"
            continue
        fields = entry["fields"]
        if entry["table_name"] == Grid.__tablename__:
            stored_village = grids.get(entry["row_id"])
            codes = [fields.get("village_code", stored_village)]
            if entry["row_id"] in grids:
                codes.append(stored_village)
        else:
            codes = [village_of(households, fields.get("household_id", places.get(entry["row_id"])))]
            if "grid_id" in fields:
                codes.append(village_of(grids, fields["grid_id"]))
        if not all(inside(code) for code in codes):
            problems[id(entry)] = "网格或农户所在的村不在该设备的工作范围内"


def _stored(session: Session, key: Any, value: Any, ids: set[Any]) -> dict[str, Any]:
    """``key → value`` of the stored rows with these ids."""
    found: dict[str, Any] = {}
    for listed in among(session, key, {i for i in ids if isinstance(i, str)}):
        found.update(tuple(row) for row in session.execute(select(key, value).where(listed)))
    return found


def _attribution(entries: list[Entry], users: _Users, problems: dict[int, str]) -> None:
    """The author of a change must be a user of the device it came from."""
    names: dict[str, set[str]] = {}
    pairs = {(e["device_id"], e["user_name"]) for e in entries}
    bad = set()
    for device, user in pairs:
        if device not in names:
            names[device] = users.names_of(device)
        if user not in names[device]:
            bad.add((device, user))
    if not bad:
        return
    for entry in entries:
        if (entry["device_id"], entry["user_name"]) in bad and id(entry) not in problems:
            problems[id(entry)] = f"署名的修改人“{entry['user_name']}”不是来源设备登记的用户"


# --- procedure integrity ---------------------------------------------------------------------


def procedure_problems(session: Session, entries: list[Entry], roles: dict[str, Role],
                       step_list: StepList) -> dict[int, str]:
    """Case steps and case state from a device below that the procedure does not allow.

    Steps are append-only: a step row that exists is never changed. A case's state fields
    (stage, status, closure, elimination …) may only take values a step in the same bundle leads
    to — each step checked against the case's stage before it and the role of the device that
    took it — or keep the value they have here; so a forged state field changes nothing.
    """
    steps = [e for e in entries if e["table_name"] == "casestep"]
    cases = [e for e in entries if e["table_name"] == "monitoringcase"
             and (e["op"] == "insert" or any(name in e["fields"] for name in STATE_FIELDS))]
    if not steps and not cases:
        return {}
    problems: dict[int, str] = {}
    stored_steps = _existing(session, CaseStep, {e["row_id"] for e in steps})
    inserted_steps: set[str] = set()
    by_case: dict[str, list[Entry]] = defaultdict(list)
    for entry in steps:
        if entry["op"] != "insert" or entry["row_id"] in stored_steps or entry["row_id"] in inserted_steps:
            problems[id(entry)] = "办理步骤只能新增，不能修改或删除（更正请办理新的步骤）"
            continue
        inserted_steps.add(entry["row_id"])
        case_id = entry["fields"].get("case_id")
        if isinstance(case_id, str):
            by_case[case_id].append(entry)
    case_ids = {e["row_id"] for e in cases} | set(by_case)
    stored = _case_states(session, case_ids)
    _consent_problems(session, entries, by_case, problems)
    case_entries: dict[str, list[Entry]] = defaultdict(list)
    for entry in cases:
        case_entries[entry["row_id"]].append(entry)
    consents = _consents_on_record(session, set(by_case))
    for case_id in case_ids:
        reachable = _reachable(stored.get(case_id), case_entries.get(case_id, []),
                               by_case.get(case_id, []), roles, problems, step_list, consents.get(case_id))
        for entry in case_entries.get(case_id, []):
            if id(entry) in problems:
                continue
            for name in STATE_FIELDS:
                if name in entry["fields"] and not _may_hold(reachable, name, entry["fields"][name]):
                    problems[id(entry)] = (f"监测案例的办理状态（{name}）只能随允许的办理步骤改变，"
                                           "本包中没有相应的步骤")
                    break
    return problems


def _consent_problems(session: Session, entries: list[Entry], by_case: dict[str, list[Entry]],
                      problems: dict[int, str]) -> None:
    """A 承诺授权书 recorded with a step is signed by a member of the case's household."""
    signed = [(case_id, e) for case_id, steps in by_case.items() for e in steps
              if e["fields"].get("consent_member_id") and id(e) not in problems]
    if not signed:
        return
    arriving = {e["row_id"]: e["fields"].get("household_id") for e in entries
                if e["table_name"] in ("member", "monitoringcase") and "household_id" in e["fields"]}
    ids = {case_id for case_id, _ in signed} | {e["fields"]["consent_member_id"] for _, e in signed}
    known: dict[str, str] = {}
    wanted = {i for i in ids if isinstance(i, str)}
    for model in (Member, MonitoringCase):
        for listed in among(session, model.id, wanted):
            known.update(session.execute(select(model.id, model.household_id).where(listed)).all())
    known.update(arriving)
    for case_id, entry in signed:
        member = entry["fields"]["consent_member_id"]
        if not isinstance(member, str) or known.get(member) is None or known.get(member) != known.get(case_id):
            problems[id(entry)] = "承诺授权书的签署人不是本户的家庭成员"


_ANY = object()


def _reachable(current: dict[str, Any] | None, case_entries: list[Entry], steps: list[Entry],
               roles: dict[str, Role], problems: dict[int, str], step_list: StepList,
               consent_signed: date | None) -> dict[str, set[Any]]:
    """Every value each state field may hold after the legal steps of the bundle, in stamp order.
    ``consent_signed``: when the latest 承诺授权书 on record here for the case was signed."""
    values: dict[str, set[Any]] = defaultdict(set)
    inserts = [e for e in case_entries if e["op"] == "insert"]
    if current is None and inserts:
        first = inserts[0]["fields"]
        start = {"procedure": Procedure.IDENTIFICATION.value, "stage": Stage.PROPOSED.value,
                 "status": UNRESOLVED, "closed": False, "identified_on": None, "eliminated_on": None,
                 "elimination_method": "", "posting_start": None, "posting_end": None,
                 "stage_since": first.get("stage_since"),
                 "fast_track": first.get("fast_track") is True}
        for name in STATE_FIELDS:  # a new case starts proposed, whatever else its insert says
            if name in first and first[name] != start[name]:
                problems[id(inserts[0])] = "新的监测案例只能从“申报”开始"
                return values
        current = start
    if current is None:
        return values  # the case is not here: its entries wait for it (app/sync/orphans.py)
    for name, value in current.items():
        values[name].add(value)
    state = dict(current)
    for step in sorted(steps, key=lambda e: e["hlc"]):
        if id(step) in problems:
            continue
        signed = _consent_date(step["fields"])
        reason = _take(state, step, roles.get(step["device_id"], Role.WORKER), step_list,
                       signed or consent_signed)
        if reason:
            problems[id(step)] = reason
            continue
        if signed is not None and (consent_signed is None or signed > consent_signed):
            consent_signed = signed  # on record for the steps after it, as consent_on_record reads it
        for name, value in state.items():
            values[name].add(value)
        if step["fields"].get("step") == Stage.POSTED.value:
            values["posting_start"].add(_ANY)
            values["posting_end"].add(_ANY)
    return values


def _take(state: dict[str, Any], entry: Entry, role: Role, step_list: StepList,
          consent_signed: date | None) -> str | None:
    """Move ``state`` by one step as every device's upkeep does (app/domain/case_state.py); the
    reason if the step may not be taken. ``consent_signed``: the 承诺授权书 the step relies on, the
    one recorded with it or the latest on record before it (CaseService.take_step's rule)."""
    fields = entry["fields"]
    try:
        procedure, step = Procedure(fields.get("procedure")), Stage(fields.get("step"))
        decision, on = Decision(fields.get("decision", Decision.PASS)), date.fromisoformat(fields["acted_on"])
    except (ValueError, KeyError, TypeError):
        return "办理步骤的内容不完整或无效"
    if fields.get("actor_role") not in (None, role.value):
        return f"办理步骤的经办角色与来源设备的角色（{role.label}）不符"
    if step is Stage.PROPOSED:
        if procedure is Procedure.IDENTIFICATION:
            return None if (state["procedure"], state["stage"]) == (procedure, Stage.PROPOSED) else (
                "“申报”只能是新的监测案例的第一步")
        if not (state["procedure"] == Procedure.IDENTIFICATION and state["stage"] in Stage._value2member_map_
                and is_settled(Stage(state["stage"])) and not state["closed"]):
            return "只有已经县级审定纳入监测、尚未消除风险的户才能申请风险消除"
        state.update(_after(procedure, step, decision, on), elimination_method=_ANY)
        return None
    if procedure.value != state["procedure"]:
        return "办理步骤所属的程序与案例当前的程序不符"
    try:
        check_step(StepCheck(procedure, Stage(state["stage"]), step, role, decision, on, steps=step_list))
        if decision is not Decision.CORRECT:
            check_consent(step, None if consent_signed is None else Consent(consent_signed, ""), on, step_list)
    except (StepRefused, ValueError) as refused:
        return str(refused)
    state.update(_after(procedure, step, decision, on))
    return None


def _after(procedure: Procedure, step: Stage, decision: Decision, on: date) -> dict[str, Any]:
    """The case fields a step sets (app/domain/case_state.py) as a bundle entry carries them."""
    return {name: _json_form(value) for name, value in after_step(procedure, step, decision, on).items()}


def _may_hold(reachable: dict[str, set[Any]], name: str, value: Any) -> bool:
    allowed = reachable.get(name, set())
    return value in allowed or _ANY in allowed


def _consent_date(fields: dict[str, Any]) -> date | None:
    """The signing date of the 承诺授权书 a step entry records, if it records a valid one."""
    text = fields.get("consent_signed_on")
    try:
        return date.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        return None


def _consents_on_record(session: Session, case_ids: set[str]) -> dict[str, date]:
    """When the latest 承诺授权书 recorded with a stored step of each case was signed."""
    signed: dict[str, date] = {}
    for listed in among(session, CaseStep.case_id, case_ids):
        signed.update(session.execute(
            select(CaseStep.case_id, func.max(CaseStep.consent_signed_on)).where(
                listed, CaseStep.consent_signed_on.is_not(None), CaseStep.deleted == False)  # noqa: E712
            .group_by(CaseStep.case_id)).all())
    return signed


def _existing(session: Session, model: Any, ids: set[str]) -> set[str]:
    found: set[str] = set()
    for listed in among(session, model.id, ids):
        found.update(session.scalars(select(model.id).where(listed)))
    return found


def _case_states(session: Session, ids: set[str]) -> dict[str, dict[str, Any]]:
    states: dict[str, dict[str, Any]] = {}
    columns = [getattr(MonitoringCase, name) for name in STATE_FIELDS]
    for listed in among(session, MonitoringCase.id, ids):
        for row_id, *values in session.execute(select(MonitoringCase.id, *columns).where(listed)):
            states[row_id] = {name: _json_form(value) for name, value in zip(STATE_FIELDS, values, strict=True)}
    return states


def _json_form(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def created_millis(manifest: dict[str, Any]) -> int | None:
    """The bundle's creation time (milliseconds) as its manifest says, if it says one."""
    text = manifest.get("created_at")
    if not isinstance(text, str):
        return None
    try:
        created = datetime.fromisoformat(text)
    except ValueError:
        return None
    if created.tzinfo is None:
        created = created.replace(tzinfo=UTC)
    return int(created.timestamp() * 1000)

