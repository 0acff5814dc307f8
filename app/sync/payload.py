"""The bundle payload: change-log entries laid out by table and by column (docs/bundle-format.md).

Entries as a list of objects repeat every key and interleave unlike values, which compresses
badly; a 30,000-household township bundle would not fit the 10 MB target. Grouped by table and
then by column (each field a column of its own, with the positions where it is present), like
values sit together and xz does far better. Nothing is lost: ``decode(encode(e))`` gives the same
entries back, oldest stamp first.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import date
from itertools import accumulate, chain, repeat
from operator import itemgetter, sub
from typing import Any

import orjson

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
_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# Fields that are a function of another field of the same change (search keys): where the value is
# what the function gives, it travels as "=" (a real value starting with "=" gets one more "=").
_SAME = "="
DERIVED: dict[tuple[str, str], tuple[str, Callable[[Any], Any]]] = {
    ("member", "id_number_reversed"): ("id_number", lambda value: value[::-1]),
}


_DAYS = "days"  # a field column whose values are dates, as days since 1970-01-01
_EPOCH = date(1970, 1, 1).toordinal()


# Fields by column: field → (positions in a table's entries, ascending; the values there).
RowColumns = dict[str, tuple[list[int], list[Any]]]


class PayloadBroken(UserFacingError):
    pass


def encode(entries: list[dict[str, Any]]) -> dict[str, Any]:
    by_table = _by_table(entries)
    positions = _first_positions(by_table)
    numbering = _Numbering()
    tables = {name: _encode_table(name, by_table[name], positions, numbering) for name in sorted(by_table)}
    return {"layout": LAYOUT, **numbering.lists(), "tables": tables}


def encode_json(entries: list[dict[str, Any]], extra: dict[str, Any] | None = None,
                prepare: Callable[[list[dict[str, Any]]], RowColumns | None] | None = None,
                ahead: Callable[[list[list[dict[str, Any]]]], None] | None = None) -> Iterator[bytes]:
    """``encode``'s payload, with the top-level keys of ``extra`` added, as compact UTF-8 JSON text
    in pieces: a table's entry columns, then each of its field columns, each made only when asked
    for, so the pieces already made can be compressed meanwhile (app/sync/bundle.py,
    write_bundle_streamed); a column orjson refuses (an integer beyond 64 bits) is written by json.
    The biggest tables come first, so what is left to compress after the last piece is small;
    readers do not depend on the order of keys. ``prepare(entries of one table)`` runs just before
    that table's fields are encoded: it gives the fields of the entries whose ``fields`` are None,
    by column (the export rebuilds insert values from rows there, table by table, without making
    a dict per entry). ``ahead(each table's entries, in that order)`` runs before the first
    table is encoded (the export starts reading their rows there, in a second thread)."""
    by_table = _by_table(entries)
    positions = _first_positions(by_table)
    numbering = _Numbering()
    order = sorted(by_table, key=lambda name: (-len(by_table[name]), name))
    if ahead is not None:
        ahead([by_table[name] for name in order])
    yield b'{"tables":{'
    for index, name in enumerate(order):
        table_entries = by_table[name]
        # A table's text in pieces, each handed to the compressor as soon as it is made: each entry
        # column before the rows are read, then each field's column (``encode``'s text, "fields"
        # being the table's last key).
        separator = (b"," if index else b"") + _json(name) + b":{"
        for key, column in _entry_column_items(table_entries, numbering):
            yield separator + _json(key) + b":" + _json(column)
            separator = b","
        from_rows = prepare(table_entries) if prepare is not None else None
        separator = b',"fields":{'
        for field, column in _field_column_items(name, [entry["fields"] for entry in table_entries], positions,
                                                 from_rows):
            yield separator + _json(field) + b":" + _json(column)
            separator = b","
        yield (b"" if separator == b"," else separator) + b"}}"  # an empty "fields" object when none came
    rest = {"layout": LAYOUT, **numbering.lists(), **(extra or {})}
    yield b"}," + _json(rest)[1:]


def expected_size(entries: list[dict[str, Any]]) -> int:
    """About how many bytes of JSON ``encode_json`` makes of ``entries`` (196 per entry on the
    bench's township), to size the compression window before the text exists."""
    return 200 * len(entries)


def _json(value: Any) -> bytes:
    """Compact UTF-8 JSON. orjson writes a township's 117 MB in a sixth of json's time; what it
    refuses (an integer beyond 64 bits) json writes, as before."""
    try:
        return orjson.dumps(value)
    except orjson.JSONEncodeError:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class _Numbering:
    """The devices, users and clock nodes of a payload, each numbered by its first appearance."""

    def __init__(self) -> None:
        self.devices: dict[str, int] = {}
        self.users: dict[str, int] = {}
        self.nodes: dict[str, int] = {}

    def lists(self) -> dict[str, list[str]]:
        return {"devices": list(self.devices), "users": list(self.users), "nodes": list(self.nodes)}


def _by_table(entries: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The entries of each table, oldest stamp first."""
    by_table: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for entry in entries:
        by_table[entry["table_name"]].append(entry)
    for table_entries in by_table.values():
        table_entries.sort(key=lambda entry: entry["hlc"])
    return dict(by_table)


def _encode_table(name: str, entries: list[dict[str, Any]], positions: dict[str, dict[str, int]],
                  numbering: _Numbering, from_rows: RowColumns | None = None) -> dict[str, Any]:
    """One table's columns."""
    table = _entry_columns(entries, numbering)
    table["fields"] = _field_columns(name, [entry["fields"] for entry in entries], positions, from_rows)
    return table


def _entry_columns(entries: list[dict[str, Any]], numbering: _Numbering) -> dict[str, Any]:
    """One table's columns but its fields."""
    return dict(_entry_column_items(entries, numbering))


def _entry_column_items(entries: list[dict[str, Any]], numbering: _Numbering) -> Iterator[tuple[str, list[Any]]]:
    """``_entry_columns``'s (key, column) pairs in its order, each made only when asked for. Each
    column is built whole from the entries (a comprehension per column rather than one pass
    appending to all): half a million entries make this count."""
    devices, users, nodes = numbering.devices, numbering.users, numbering.nodes
    stamps = [entry["hlc"] for entry in entries]
    for stamp in stamps:
        if stamp.find(".") != 16 or len(stamp) < 18:
            raise ValueError(f"not a clock stamp: {stamp!r}")
    yield "row_id", _row_id_column([entry["row_id"] for entry in entries])
    yield "device", [devices.setdefault(entry["device_id"], len(devices)) for entry in entries]
    yield "seq", _steps([entry["seq"] for entry in entries], 0)
    yield "clock", _steps([int(stamp[:16], 16) for stamp in stamps], 0)
    yield "node", [nodes.setdefault(stamp[17:], len(nodes)) for stamp in stamps]
    yield "op", [_OPS[entry["op"]] for entry in entries]
    yield "user", [users.setdefault(entry["user_name"], len(users)) for entry in entries]
    yield "seen", [entry.get("seen") or None for entry in entries]


def _steps(values: list[int], start: int) -> list[int]:
    """Each value as the difference from the one before it (the first from ``start``)."""
    return list(map(sub, values, chain((start,), values)))  # map stops at the shorter: one per value


def _field_columns(name: str, fields_of: list[dict[str, Any] | None], positions: dict[str, dict[str, int]],
                   from_rows: RowColumns | None = None) -> dict[str, dict[str, Any]]:
    """Each field as a column: where it is present (as the distance from its previous position:
    mostly 1) and its values there. An entry whose fields are None has them in ``from_rows``."""
    return dict(_field_column_items(name, fields_of, positions, from_rows))


def _field_column_items(name: str, fields_of: list[dict[str, Any] | None], positions: dict[str, dict[str, int]],
                        from_rows: RowColumns | None = None) -> Iterator[tuple[str, dict[str, Any]]]:
    """``_field_columns``'s (field, column) pairs in its order, each made only when asked for."""
    present: dict[str, tuple[list[int], list[Any]]] = {}
    for position, fields in enumerate(fields_of):
        if fields is None:
            continue
        for field, value in fields.items():
            column = present.get(field)
            if column is None:
                column = present[field] = ([], [])
            column[0].append(position)
            column[1].append(value)
    for field, column in (from_rows or {}).items():
        present[field] = _merged(present[field], column) if field in present else column
    for field, (at, values) in present.items():
        if (name, field) in DERIVED:
            source, derive = DERIVED[(name, field)]
            source_at = dict(zip(*present[source], strict=True)) if source in present else {}
            values = [_derived_text(derive, source_at.get(position), value)
                      for position, value in zip(at, values, strict=True)]
        elif field in REFERENCES:
            found = positions[REFERENCES[field]]
            values = [found.get(value, value) if isinstance(value, str) else value for value in values]
        column = {"gap": _steps(at, -1), "value": values}
        _dates_as_days(column)
        yield field, column


def _merged(one: tuple[list[int], list[Any]], other: tuple[list[int], list[Any]]) -> tuple[list[int], list[Any]]:
    """Two columns of the same field (at different positions) as one, in position order."""
    at, values = one[0] + other[0], one[1] + other[1]
    order = sorted(range(len(at)), key=at.__getitem__)
    return [at[index] for index in order], [values[index] for index in order]


def _first_positions(by_table: dict[str, list[dict[str, Any]]]) -> dict[str, dict[str, int]]:
    """For each referenced table, where each row id first appears in the table's columns."""
    positions: dict[str, dict[str, int]] = {}
    for name in set(REFERENCES.values()):
        row_ids = [entry["row_id"] for entry in by_table.get(name, ())]
        # Walked from the end, so the first appearance is the one that stays.
        positions[name] = {row_id: position for position, row_id in reversed(list(enumerate(row_ids)))}
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
                gaps = column["gap"]
                if _every_row(gaps, values, rows):  # the usual column: no positions to work out
                    if references is not None:
                        values = _referenced(values, references)
                    for row, value in zip(rows, values, strict=False):  # rows past the values have none
                        row["fields"][field] = value
                    continue
                position = -1
                for gap, value in zip(gaps, values, strict=True):
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
    entries.sort(key=itemgetter("hlc"))
    return entries


def _every_row(gaps: Any, values: Any, rows: list[dict[str, Any]]) -> bool:
    """Whether a column gives a value for each of the first len(values) rows: gaps all the int 1."""
    if type(gaps) is not list or type(values) is not list or len(gaps) != len(values):
        return False
    if len(values) > len(rows):
        raise IndexError("more values than rows")
    return gaps.count(1) == len(gaps) and set(map(type, gaps)) <= {int}


def _referenced(values: list[Any], references: list[str]) -> list[Any]:
    """A reference column's positions (ints) as the row ids there; ids given as text stay."""
    positions = [value for value in values if type(value) is int]
    if positions and min(positions) < 0:
        raise ValueError("a negative position")
    return [references[value] if type(value) is int else value for value in values]


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
    if not any(map(isinstance, values, repeat(str))):
        return
    days: dict[str | None, int | None] = {None: None}  # each distinct date converted once
    for value in values:
        if not isinstance(value, str):
            if value is None:
                continue
            return
        if value in days:
            continue
        if len(value) != 10:
            return
        try:
            day = date.fromisoformat(value)
        except ValueError:
            return
        if day.isoformat() != value:
            return
        days[value] = day.toordinal() - _EPOCH
    column["value"], column["as"] = [days[value] for value in values], _DAYS


def _days_as_dates(values: list[Any]) -> list[Any]:
    # Each distinct day converted once: 300,000 visits fall on a few hundred days.
    if not set(map(type, values)) <= {int, type(None)}:
        raise ValueError("days: integers or null")
    texts = {value: None if value is None else date.fromordinal(_EPOCH + value).isoformat()
             for value in set(values)}
    return [texts[value] for value in values]


def _row_ids(column: list[Any]) -> list[str]:
    if (column and type(column[0]) is str and _CANONICAL_UUID.fullmatch(column[0])
            and all(type(text) is str and text[:1] == _DELTA for text in column[1:])):
        return _stepped_row_ids(column)
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


def _row_id_column(row_ids: list[str]) -> list[str]:
    if row_ids and all(map(_CANONICAL_UUID.fullmatch, row_ids)):  # the usual table: whole-column steps
        values = [int(row_id.replace("-", ""), 16) for row_id in row_ids]
        return [row_ids[0], *(f"{_DELTA}{delta:x}" if delta >= 0 else f"{_DELTA}-{-delta:x}"
                              for delta in map(sub, values[1:], values))]
    texts = []
    before: int | None = None
    for row_id in row_ids:
        text, value = _row_id_text(row_id, before)
        texts.append(text)
        if value is not None:
            before = value
    return texts


def _row_id_text(row_id: str, before: int | None) -> tuple[str, int | None]:
    """UUIDv7 ids of one table, in clock order, differ from the one before mostly in their last
    bits: the difference (signed hex) is what travels. Other ids travel as they are."""
    # Nearly every id is a canonical UUID: one regular expression tells, before the general test.
    value = int(row_id.replace("-", ""), 16) if _CANONICAL_UUID.fullmatch(row_id) else _as_uuid(row_id)
    if value is None or before is None:
        if row_id.startswith(_DELTA):
            raise ValueError(f"row id may not start with {_DELTA}: {row_id!r}")
        return row_id, value
    delta = value - before
    return f"{_DELTA}{'-' if delta < 0 else ''}{abs(delta):x}", value


def _stepped_row_ids(column: list[str]) -> list[str]:
    """The usual column — a UUID, then differences — read whole: the same ids as one by one."""
    steps = [-int(text[2:], 16) if text[1:2] == "-" else int(text[1:], 16) for text in column[1:]]
    values = list(accumulate(steps, initial=int(column[0].replace("-", ""), 16)))
    if not 0 <= min(values) <= max(values) < 1 << 128:
        raise ValueError("a row id outside the UUID range")
    return [f"{d[:8]}-{d[8:12]}-{d[12:16]}-{d[16:20]}-{d[20:]}" for d in (f"{v:032x}" for v in values)]


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


def _derived_text(derive: Callable[[Any], Any], source: Any, value: Any) -> Any:
    if isinstance(source, str) and isinstance(value, str):
        if value == derive(source):
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
