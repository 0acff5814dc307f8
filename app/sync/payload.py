"""The bundle payload: change-log entries laid out by table and by column (docs/bundle-format.md).

Entries as a list of objects repeat every key and interleave unlike values, which compresses
badly; a 30,000-household township bundle would not fit the 10 MB target. Grouped by table and
then by column (each field a column of its own, with the positions where it is present), like
values sit together and xz does far better. Nothing is lost: ``decode(encode(e))`` gives the same
entries back, oldest stamp first.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date
from typing import Any

from app.domain.errors import UserFacingError
from app.sync.limits import column_problems

LAYOUT = "by-table-2"
LAYOUTS = ("by-table-1", LAYOUT)  # what ``decode`` reads; by-table-1 has no row references
# Fields that name a row of another table: where that row is in the payload too, the value travels
# as its position in that table's columns (an integer) instead of the 36-character id.
REFERENCES: dict[str, str] = {"household_id": "household", "case_id": "monitoringcase",
                              "person_id": "assistanceperson"}
_OPS = {"insert": "i", "update": "u", "delete": "d"}
_OP_NAMES = {code: name for name, code in _OPS.items()}
_DELTA = "~"  # a row id written as the difference from the previous UUID in its column
_UUID_LENGTH, _UUID_DASHES = 36, (8, 13, 18, 23)
# Fields that are a function of another field of the same change (search keys): where the value is
# what the function gives, it travels as "=" (a real value starting with "=" gets one more "=").
_SAME = "="
DERIVED: dict[tuple[str, str], tuple[str, Callable[[Any], Any]]] = {
    ("member", "id_number_reversed"): ("id_number", lambda value: value[::-1]),
}


_DAYS = "days"  # a field column whose values are dates, as days since 1970-01-01
_EPOCH = date(1970, 1, 1).toordinal()


class PayloadBroken(UserFacingError):
    pass


def encode(entries: list[dict[str, Any]]) -> dict[str, Any]:
    devices: dict[str, int] = {}
    users: dict[str, int] = {}
    tables: dict[str, dict[str, Any]] = {}
    last_at: dict[tuple[str, str], int] = {}
    nodes: dict[str, int] = {}
    previous: dict[str, tuple[int, int, int | None]] = {}  # table → (clock, seq, uuid) before
    ordered = sorted(entries, key=lambda e: (e["table_name"], e["hlc"]))
    positions = _first_positions(ordered)
    for entry in ordered:
        name = entry["table_name"]
        table = tables.get(name)
        if table is None:
            table = tables[name] = {"row_id": [], "device": [], "seq": [], "clock": [],
                                    "node": [], "op": [], "user": [], "seen": [],
                                    "fields": defaultdict(lambda: {"gap": [], "value": []})}
        position = len(table["row_id"])
        clock_before, seq_before, uuid_before = previous.get(name, (0, 0, None))
        clock, node = _split_stamp(entry["hlc"])
        row_id, uuid = _row_id_text(entry["row_id"], uuid_before)
        previous[name] = (clock, entry["seq"], uuid if uuid is not None else uuid_before)
        table["row_id"].append(row_id)
        table["device"].append(devices.setdefault(entry["device_id"], len(devices)))
        table["seq"].append(entry["seq"] - seq_before)
        table["clock"].append(clock - clock_before)
        table["node"].append(nodes.setdefault(node, len(nodes)))
        table["op"].append(_OPS[entry["op"]])
        table["user"].append(users.setdefault(entry["user_name"], len(users)))
        table["seen"].append(entry.get("seen") or None)
        for field, value in entry["fields"].items():
            column = table["fields"][field]
            if (name, field) in DERIVED:
                value = _derived_text(DERIVED[(name, field)], entry["fields"], value)
            elif field in REFERENCES and isinstance(value, str):
                value = positions[REFERENCES[field]].get(value, value)
            # Where the field is present, as the distance from its previous position: mostly 1.
            column["gap"].append(position - last_at.get((name, field), -1))
            last_at[(name, field)] = position
            column["value"].append(value)
    for table in tables.values():
        table["fields"] = dict(table["fields"])
        for column in table["fields"].values():
            _dates_as_days(column)
    return {"layout": LAYOUT, "devices": list(devices), "users": list(users),
            "nodes": list(nodes), "tables": tables}


def _first_positions(ordered: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    """For each referenced table, where each row id first appears in the table's columns."""
    wanted = set(REFERENCES.values())
    positions: dict[str, dict[str, int]] = {name: {} for name in wanted}
    counts: dict[str, int] = defaultdict(int)
    for entry in ordered:
        name = entry["table_name"]
        if name in wanted:
            positions[name].setdefault(entry["row_id"], counts[name])
            counts[name] += 1
    return positions


def decode(payload: dict[str, Any], problems: dict[int, str] | None = None) -> list[dict[str, Any]]:
    """The entries of a payload ``encode`` wrote; a malformed one raises PayloadBroken.

    With ``problems``, every field column is checked against its column's type and limits
    (app/sync/limits.py) as it is read, and the reason an entry holds a value its column may not
    is put there under ``id(entry)`` — per column, so a column that passes costs almost nothing.
    """
    try:
        if payload.get("layout") not in LAYOUTS:
            raise ValueError(payload.get("layout"))
        devices, users, nodes = payload["devices"], payload["users"], payload["nodes"]
        tables = payload["tables"]
        if type(tables) is not dict or not all(
                type(names) is list and set(map(type, names)) <= {str} for names in (devices, users, nodes)):
            raise ValueError("devices, users, nodes: lists of text; tables: an object")
        ids = {name: _row_ids(table["row_id"]) for name, table in tables.items()}
        entries: list[dict[str, Any]] = []
        for name, table in tables.items():
            rows = _rows(name, ids[name], table, devices, users, nodes)
            for field, column in table["fields"].items():
                references = ids.get(REFERENCES[field], []) if field in REFERENCES else None
                values = _days_as_dates(column["value"]) if column.get("as") == _DAYS else column["value"]
                if problems is not None:
                    _check_column(name, field, column["gap"], values, references is not None,
                                  rows, problems)
                position = -1
                for gap, value in zip(column["gap"], values, strict=True):
                    if gap < 1:
                        raise ValueError(gap)
                    position += gap
                    if references is not None and type(value) is int:
                        if value < 0:
                            raise ValueError(value)
                        value = references[value]
                    rows[position]["fields"][field] = value
            for (derived_table, field), (source, derive) in DERIVED.items():
                if derived_table == name and field in table["fields"]:
                    for row in rows:
                        if field in row["fields"]:
                            row["fields"][field] = _derived_value(row["fields"][field],
                                                                  row["fields"].get(source), derive)
            entries.extend(rows)
    except (KeyError, IndexError, TypeError, ValueError, AttributeError, OverflowError):
        raise PayloadBroken("同步包内容格式不对，无法读取（可能来自不兼容的程序版本）。") from None
    entries.sort(key=lambda e: e["hlc"])
    return entries


def _check_column(table: str, field: str, gaps: list[Any], values: list[Any], reference: bool,
                  rows: list[dict[str, Any]], problems: dict[int, str]) -> None:
    """Note the entries whose value of ``field`` its column may not hold (positions from the gaps)."""
    if reference:  # a position in the payload is a row of it: only ids given as text are checked
        values = ["" if type(value) is int else value for value in values]
    found = column_problems(table, field, values)
    if not found:
        return
    position = -1
    for index, gap in enumerate(gaps):
        position += gap
        if index in found and 0 <= position < len(rows):
            problems.setdefault(id(rows[position]), found[index])


def _dates_as_days(column: dict[str, Any]) -> None:
    """A column of dates (ISO text, or null) travels as days since 1970-01-01: shorter, and
    xz matches them better."""
    values = column["value"]
    if not any(isinstance(value, str) for value in values):
        return
    days = []
    for value in values:
        if value is None:
            days.append(None)
            continue
        if not isinstance(value, str) or len(value) != 10:
            return
        try:
            day = date.fromisoformat(value)
        except ValueError:
            return
        if day.isoformat() != value:
            return
        days.append(day.toordinal() - _EPOCH)
    column["value"], column["as"] = days, _DAYS


def _days_as_dates(values: list[Any]) -> list[Any]:
    return [None if value is None else date.fromordinal(_EPOCH + value).isoformat() for value in values]


def _row_ids(column: list[Any]) -> list[str]:
    uuid: int | None = None
    ids = []
    for text in column:
        row_id, uuid = _row_id_from(text, uuid)
        ids.append(row_id)
    return ids


def _rows(name: str, row_ids: list[str], table: dict[str, Any], devices: list[str], users: list[str],
          nodes: list[str]) -> list[dict[str, Any]]:
    """One table's entries without their fields, from its columns."""
    clock = seq = 0
    rows = []
    ops = _OP_NAMES
    for column, lowest in (("device", 0), ("node", 0), ("user", 0), ("seq", None), ("clock", None)):
        values = table[column]  # checked whole (in C), not entry by entry
        if type(values) is not list or (values and (
                set(map(type, values)) != {int} or (lowest is not None and min(values) < lowest))):
            raise ValueError(f"{column}: integers (indexes not negative)")
    for row_id, device, seq_step, clock_step, node, op, user, seen in zip(
            row_ids, table["device"], table["seq"], table["clock"], table["node"], table["op"],
            table["user"], table["seen"], strict=True):
        clock += clock_step
        seq += seq_step
        rows.append({"device_id": devices[device], "seq": seq, "hlc": f"{clock:016x}.{nodes[node]}",
                     "table_name": name, "row_id": row_id, "op": ops[op], "fields": {},
                     "seen": seen, "user_name": users[user]})
    return rows


def _split_stamp(stamp: str) -> tuple[int, str]:
    """A clock stamp ``{millis:012x}{counter:04x}.{node}`` as (millis and counter, node)."""
    clock, _dot, node = stamp.partition(".")
    if len(clock) != 16 or not node:
        raise ValueError(f"not a clock stamp: {stamp!r}")
    return int(clock, 16), node


def _as_uuid(text: str) -> int | None:
    """The 128-bit value of a canonical (lowercase, dashed) UUID, or None for any other id."""
    if len(text) != _UUID_LENGTH or any(text[i] != "-" for i in _UUID_DASHES):
        return None
    digits = text.replace("-", "")
    if len(digits) != 32 or digits != digits.lower():
        return None
    try:
        return int(digits, 16)
    except ValueError:
        return None


def _uuid_text(value: int) -> str:
    digits = f"{value:032x}"
    return f"{digits[:8]}-{digits[8:12]}-{digits[12:16]}-{digits[16:20]}-{digits[20:]}"


def _row_id_text(row_id: str, before: int | None) -> tuple[str, int | None]:
    """UUIDv7 ids of one table, in clock order, differ from the one before mostly in their last
    bits: the difference (signed hex) is what travels. Other ids travel as they are."""
    value = _as_uuid(row_id)
    if value is None or before is None:
        if row_id.startswith(_DELTA):
            raise ValueError(f"row id may not start with {_DELTA}: {row_id!r}")
        return row_id, value
    delta = value - before
    return f"{_DELTA}{'-' if delta < 0 else ''}{abs(delta):x}", value


def _row_id_from(text: Any, before: int | None) -> tuple[str, int | None]:
    text = str(text)
    if not text.startswith(_DELTA):
        return text, _as_uuid(text) if _as_uuid(text) is not None else before
    if before is None:
        raise ValueError("a row id difference with nothing before it")
    digits = text[len(_DELTA):]
    value = before + (-int(digits[1:], 16) if digits.startswith("-") else int(digits, 16))
    if not 0 <= value < 1 << 128:
        raise ValueError(text)
    return _uuid_text(value), value


def _derived_text(rule: tuple[str, Callable[[Any], Any]], fields: dict[str, Any], value: Any) -> Any:
    source, derive = rule
    if isinstance(fields.get(source), str) and isinstance(value, str):
        if value == derive(fields[source]):
            return _SAME
        if value.startswith(_SAME):
            return _SAME + value
    return value


def _derived_value(text: Any, source: Any, derive: Callable[[Any], Any]) -> Any:
    if text == _SAME:
        if not isinstance(source, str):
            raise ValueError("a derived field without its source")
        return derive(source)
    if isinstance(text, str) and text.startswith(_SAME):
        return text[len(_SAME):]
    return text
