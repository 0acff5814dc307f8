"""Scope and permission of changes: which village a change belongs to, and who may make it.

A device below may only change rows of its own villages and take the procedure steps its role
allows (a grid worker proposes, never approves); a device above is sent only the rows of the
villages it keeps. Villages are looked up in bulk: a bundle holds hundreds of thousands of changes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from app.domain.divisions import is_within
from app.domain.procedure import INSTALLING_ROLES, STEP_MIN_ROLE, STEP_TITLES, Role, Stage, StepList, may_take
from app.store.batches import among, chunks, sqlite_rows_among
from app.store.models import Household, Peer
from app.sync.columns import TABLES, python_value
from app.sync.log_reader import known_keys, log_entries

# Tables whose rows belong to one household; their scope is that household's village.
HOUSEHOLD_TABLES = ("member", "incomerecord", "rigidexpense", "visit", "monitoringcase",
                    "assignment", "measure", "warning", "nationalentry", "gridhousehold", "claim")
# Tables whose rows belong to one monitoring case, and through it to a household.
CASE_TABLES = ("casestep",)
# The field of each such table that names the row's parent (looked up once per change).
PARENT_FIELD = {**dict.fromkeys(HOUSEHOLD_TABLES, "household_id"), **dict.fromkeys(CASE_TABLES, "case_id")}
# The field of a table that records or moves a case to a procedure step.
STEP_FIELD = {"casestep": "step", "monitoringcase": "stage"}
# Rows of a household that take no procedure step: a change to one is in scope when its household is.
_HOUSEHOLD_ROWS = frozenset(HOUSEHOLD_TABLES) - STEP_FIELD.keys()
# Policy data: only the county may change it; it travels down to everyone.
POLICY_TABLES = {"policysetting": "政策参数", "incomeline": "监测收入标准", "formversion": "问卷表单版本",
                 "division": "行政区划"}
# Rows that belong to no household but to an area: a device below may change those of its own area
# (a grid worker registers the assistance persons of her village), now and after the change.
# Grids (网格) belong to their village the same way; who may write them at all (a station, never a
# grid worker's device) is checked with the bundle's signer (app/sync/checks.py, _grid_rules).
AREA_TABLES = {"assistanceperson": "division_code", "grid": "village_code"}

Entry = dict[str, Any]
_NONE: dict[str, Any] = {}  # the fields of a change that gives none (read only)


def admissible(session: Session, entries: list[Entry], sender_role: Role, peer: Peer,
               step_list: StepList, known: Collection[tuple[str, int]] | None = None
               ) -> tuple[list[Entry], list[tuple[Entry, str]]]:
    """Split changes from a device below into those it may make and those to quarantine.

    What comes from the station above was checked there, so it is taken as it is. Changes this
    device already holds (its own, or the station's, coming back up before the receipt arrived)
    are not judged again: the merge skips them. ``known``: those keys, when the caller has read them
    in this transaction.
    """
    if peer.direction == "up":
        return entries, []
    if known is None:
        known = known_keys(session, entries)
    fresh, allowed = entries, []
    if known:
        fresh = [e for e in entries if (e["device_id"], e["seq"]) not in known]
        allowed = [e for e in entries if (e["device_id"], e["seq"]) in known]
    quarantined = []
    villages = VillageLookup(session, fresh)
    inside: dict[str, bool] = {}  # village → within the sender's scope (a few hundred villages)

    by_household: dict[str, str | None] = {}  # household → a village of it outside the scope

    def first_outside(codes: Iterable[str]) -> str | None:
        for village in codes:
            within = inside.get(village)
            if within is None:
                within = inside[village] = any(is_within(village, code) for code in peer.scope)
            if not within:
                return village
        return None

    def outside(entry: Entry) -> str | None:
        table = entry["table_name"]
        if table == "household" or villages.moves(entry):
            return first_outside(villages.of(entry))
        if table in AREA_TABLES:
            return first_outside(villages.areas_of(entry))
        household = villages.household_of(table, entry["row_id"])
        if household is None:
            return None
        if household not in by_household:
            by_household[household] = first_outside(villages.village.get(household, ()))
        return by_household[household]

    parents = villages.parent
    for entry in fresh:
        table = entry["table_name"]
        if table in _HOUSEHOLD_ROWS:  # the bulk of a bundle: only the household's village counts
            household = parents.get((table, entry["row_id"]))
            given = (entry.get("fields") or _NONE).get("household_id")
            if household is not None and (not given or given == household):  # not moved
                if household not in by_household:
                    by_household[household] = first_outside(villages.village.get(household, ()))
                if by_household[household] is None:
                    allowed.append(entry)
                else:
                    quarantined.append((entry, _outside(by_household[household])))
                continue
        reason = None
        step = step_of(entry) if entry["table_name"] in STEP_FIELD else None
        if entry["table_name"] in POLICY_TABLES and not _may_set(sender_role, entry["table_name"]):
            reason = policy_refusal(session, entry, sender_role)
            if reason is None:
                continue  # the same value this device holds: nothing to apply, nothing to review
        elif step is not None and not may_take(sender_role, step, step_list):
            reason = f"{sender_role.label}无权办理“{STEP_TITLES[step]}”"
        elif (village := outside(entry)) is not None:
            reason = _outside(village)
        if reason:
            quarantined.append((entry, reason))
        else:
            allowed.append(entry)
    return allowed, quarantined


def _outside(village: str) -> str:
    return f"记录所在的村 {village} 不在该设备的工作范围内"


def _may_set(role: Role, table: str) -> bool:
    """The county sets policy; a township may also install form versions for its workers, and the
    county needs them to read the visits answered in them."""
    return role is Role.COUNTY or (table == "formversion" and role in INSTALLING_ROLES)


def policy_refusal(session: Session, entry: Entry, sender_role: Role) -> str | None:
    """Why a policy change from a device below is refused, or None when it changes nothing.

    Only the county sets policy. A change that holds exactly what this device already has is not
    worth a review: it is neither applied nor quarantined. (Seeded defaults no longer travel at
    all — Database.seed — but databases made before that logged them as their own changes.)
    """
    table = entry["table_name"]
    if entry["op"] != "delete" and _same_as_here(session, table, entry):
        return None
    if table == "formversion":
        return f"{sender_role.label}无权安装问卷表单（由县防贫中心或乡镇防贫工作站安装）"
    return f"{sender_role.label}无权修改{POLICY_TABLES[table]}（只有县防贫中心可以修改）"


def _same_as_here(session: Session, table: str, entry: Entry) -> bool:
    fields = entry.get("fields") or {}
    model = TABLES[table]
    row = session.get(model, entry["row_id"])
    if row is not None:
        return not row.deleted and all(
            getattr(row, name) == python_value(table, name, value) for name, value in fields.items()
            if name in model.model_fields)
    if table == "incomeline" and entry["op"] == "insert":
        # Databases made before seeding was shared gave their default lines ids of their own:
        # the same line is the same date and amount.
        return any(line.effective_from == python_value(table, "effective_from", fields.get("effective_from"))
                   and line.amount == python_value(table, "amount", fields.get("amount"))
                   for line in session.scalars(select(model).where(model.deleted == False)))  # noqa: E712
    return False


def within_scope(session: Session, entries: list[Entry], scope: list[str]) -> list[Entry]:
    """The entries a device keeping ``scope`` should receive: its villages' rows and the rest.

    A household that moves out of its villages is still sent, so the device learns of the move.
    """
    villages = VillageLookup(session, entries)

    def inside(entry: Entry) -> bool:
        touched = villages.of(entry)
        return not touched or any(is_within(v, code) for v in touched for code in scope)
    return [e for e in entries if inside(e)]


def moved_in_history(session: Session, entries: list[Entry], scope: list[str]) -> list[Entry]:
    """Everything logged about households that ``entries`` move into ``scope``.

    A device below never received a household of another village (nor its members, visits,
    cases …), and its receipts already cover those changes; when the household moves into its
    villages, the whole history goes with the move, or the device could not apply it.
    """
    moved = sorted({e["row_id"] for e in entries if e["table_name"] == "household"
                    and e["op"] != "insert" and isinstance((e.get("fields") or {}).get("village_code"), str)
                    and any(is_within(e["fields"]["village_code"], code) for code in scope)})
    if not moved:
        return []
    rows: dict[str, set[str]] = {"household": set(moved)}
    for table in HOUSEHOLD_TABLES:
        model = TABLES[table]
        for chunk in chunks(moved):
            rows[table] = rows.get(table, set()) | set(session.scalars(
                select(model.id).where(model.household_id.in_(chunk))))  # type: ignore[attr-defined]
    steps = TABLES["casestep"]
    for chunk in chunks(rows.get("monitoringcase", ())):
        rows["casestep"] = rows.get("casestep", set()) | set(session.scalars(
            select(steps.id).where(steps.case_id.in_(chunk))))  # type: ignore[attr-defined]
    return [entry for table, ids in rows.items() for entry in log_entries(session, table, ids)]


def households_of(session: Session, rows: Mapping[str, Collection[str]],
                  placed: Mapping[str, Mapping[str, str]] | None = None) -> set[str]:
    """The households these rows (table → ids) belong to as stored now, their facts' households:
    a household itself, the household of a row of one (warnings aside: a warning is derived from
    the facts, not one of them), a case step's case's household. A few statements per table, never
    one per row: a merge touches half a million rows. ``placed``: table → row → household of rows
    whose household is known without a query (those the merge just created)."""
    households = set(rows.get("household", ()))
    for table in HOUSEHOLD_TABLES:
        if table != "warning" and rows.get(table):
            model = TABLES[table]
            known = placed.get(table, _NONE) if placed else _NONE
            ids = set(rows[table])
            given = ids & known.keys()
            households.update(map(known.__getitem__, given))
            households |= _distinct(session, model, model.household_id, ids - given)
    if rows.get("casestep"):
        steps, cases = TABLES["casestep"], TABLES["monitoringcase"]
        case_ids = _distinct(session, steps, steps.case_id, rows["casestep"])
        households |= _distinct(session, cases, cases.household_id, case_ids)
    return households


def step_of(entry: Entry) -> Stage | None:
    """The procedure step a change records or moves a case to, if any."""
    key = STEP_FIELD.get(entry["table_name"])
    value = (entry.get("fields") or {}).get(key) if key else None
    return Stage(value) if value in STEP_MIN_ROLE else None


class VillageLookup:
    """The villages each change touches, from the changes themselves and the stored rows.

    A household change touches the village the household is in here *now* and the one it would
    move to; a change to a row of a household touches that household's village — both households'
    when the change moves the row to another (a member re-parented); a case step, its case's
    household's village. Rows that belong to an area (assistance persons) touch their area, now
    and after; rows that belong to neither (policy, divisions, users) touch none.
    """

    def __init__(self, session: Session, entries: Iterable[Entry]) -> None:
        entries = list(entries)
        # Parent of each row: as stored here, else as this batch first gives it (an insert).
        self.parent: dict[tuple[str, str], str] = {}
        self.village: dict[str, set[str]] = defaultdict(set)
        self.area: dict[str, str] = {}  # area row → its stored division
        wanted: dict[str, set[str]] = defaultdict(set)
        given = self.parent  # first what the batch gives; what is stored here then takes its place
        named: dict[str, set[str]] = defaultdict(set)  # parents the changes name, by parent field
        for entry in entries:
            table, row_id = entry["table_name"], entry["row_id"]
            parent_field = PARENT_FIELD.get(table)
            if parent_field is not None:
                parent = (entry.get("fields") or _NONE).get(parent_field)
                if parent:
                    given.setdefault((table, row_id), parent)
                    named[parent_field].add(parent)
                wanted[table].add(row_id)
            elif table == "household":
                fields = entry.get("fields") or _NONE
                if "village_code" in fields:
                    self.village[row_id].add(fields["village_code"])
                wanted["household"].add(row_id)
            elif table in AREA_TABLES:
                wanted[table].add(row_id)
        self._load_parents(session, wanted)
        self._load_villages(session, wanted["household"] | named["household_id"], named["case_id"])
        self._load_areas(session, wanted)

    def _load_parents(self, session: Session, wanted: dict[str, set[str]]) -> None:
        for table in (*HOUSEHOLD_TABLES, *CASE_TABLES):
            model = TABLES[table]
            column = model.case_id if table in CASE_TABLES else model.household_id  # type: ignore[attr-defined]
            for row_id, parent in _by_id(session, model, column, wanted.get(table, ())):
                self.parent[(table, row_id)] = parent

    def _load_villages(self, session: Session, households: set[str], cases: set[str]) -> None:
        # A case step's household is its case's household (the case it is in, or moves to).
        cases = cases | {parent for (table, _row), parent in self.parent.items() if table in CASE_TABLES}
        missing = [c for c in cases if ("monitoringcase", c) not in self.parent]
        model = TABLES["monitoringcase"]
        for row_id, parent in _by_id(session, model, model.household_id, missing):
            self.parent[("monitoringcase", row_id)] = parent
        wanted = set(self.village) | households | {p for (t, _r), p in self.parent.items()
                                                   if t in HOUSEHOLD_TABLES}
        for row_id, code in _by_id(session, Household, Household.village_code, wanted):
            self.village[row_id].add(code)

    def _load_areas(self, session: Session, wanted: dict[str, set[str]]) -> None:
        for table, column in AREA_TABLES.items():
            model = TABLES[table]
            for row_id, code in _by_id(session, model, getattr(model, column), wanted.get(table, ())):
                self.area[row_id] = code

    def household_of(self, table: str, row_id: str) -> str | None:
        if table == "household":
            return row_id
        parent = self.parent.get((table, row_id))
        if table in CASE_TABLES:
            return self.parent.get(("monitoringcase", parent)) if parent else None
        return parent

    def moves(self, entry: Entry) -> bool:
        """Whether the change gives its row another parent than the one it has here."""
        table = entry["table_name"]
        parent_field = PARENT_FIELD.get(table)
        if parent_field is None:
            return False
        given = (entry.get("fields") or _NONE).get(parent_field)
        return bool(given) and given != self.parent.get((table, entry["row_id"]))

    def of(self, entry: Entry) -> set[str]:
        table = entry["table_name"]
        households = set()
        household = self.household_of(table, entry["row_id"])
        if household is not None:
            households.add(household)
        fields = entry.get("fields") or {}
        if table in HOUSEHOLD_TABLES and fields.get("household_id"):
            households.add(fields["household_id"])
        elif table in CASE_TABLES and fields.get("case_id"):
            moved_to = self.parent.get(("monitoringcase", fields["case_id"]))
            if moved_to:
                households.add(moved_to)
        villages = {v for h in households for v in self.village.get(h, ())}
        if table == "household" and "village_code" in fields:
            villages.add(fields["village_code"])
        return villages

    def areas_of(self, entry: Entry) -> set[str]:
        """The area an area row is in here and the one the change would put it in."""
        column = AREA_TABLES[entry["table_name"]]
        areas = {self.area[entry["row_id"]]} if entry["row_id"] in self.area else set()
        given = (entry.get("fields") or {}).get(column)
        if given is not None:
            areas.add(given if isinstance(given, str) else "")
        return areas


def _distinct(session: Session, model: Any, column: Any, ids: Iterable[str]) -> set[Any]:
    """The distinct values of ``column`` over the rows among ``ids`` that exist here: a bundle's
    300,000 visits belong to 30,000 households, so SQLite hands back only those."""
    ids = set(ids)
    if not ids:
        return set()
    if session.get_bind().dialect.name == "sqlite":
        return {value for (value,) in sqlite_rows_among(
            session, f'SELECT DISTINCT "{column.key}" FROM "{model.__tablename__}"', ids)}
    found: set[Any] = set()
    for listed in among(session, model.id, ids):
        found.update(session.scalars(select(column).where(listed).distinct()))
    return found


def _by_id(session: Session, model: Any, column: Any, ids: Iterable[str]) -> Iterator[tuple[str, Any]]:
    """(id, column) of the rows among ``ids`` that exist here. One statement probes the id index
    for all of them (a township bundle names half a million rows): on a SQLite file in C, without
    SQLAlchemy's work per row; on PostgreSQL with one JSON parameter (``among``)."""
    ids = set(ids)
    if not ids:
        return
    if session.get_bind().dialect.name == "sqlite":
        yield from sqlite_rows_among(session, f'SELECT id, "{column.key}" FROM "{model.__tablename__}"', ids)
        return
    for listed in among(session, model.id, ids):
        yield from session.execute(select(model.id, column).where(listed))
