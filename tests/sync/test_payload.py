"""The bundle payload gives back exactly the entries it was given, and refuses a malformed one."""

import json

import pytest

from app.store.ids import new_id
from app.sync.payload import LAYOUT, PayloadBroken, decode, encode


def _entry(table: str, row_id: str, seq: int, hlc: str, fields: dict, op: str = "insert",
           seen: dict | None = None, device: str = "dev-1", user: str = "李娜") -> dict:
    return {"device_id": device, "seq": seq, "hlc": hlc, "table_name": table, "row_id": row_id,
            "op": op, "fields": fields, "seen": seen, "user_name": user}


def _entries() -> list[dict]:
    ids = [new_id() for _ in range(4)]
    return [
        _entry("division", "131122100201", 1, "01a208a631370000.f0efad6508e7", {"name": "姚集村"}),
        _entry("member", ids[0], 2, "01a208a631370001.f0efad6508e7",
               {"name": "张三", "id_number": "13112219700506001X",
                "id_number_reversed": "13112219700506001X"[::-1], "health": ["健康"]}),
        # A derived field that is not what its source gives, and one that starts with "=".
        _entry("member", ids[1], 3, "01a208a631380000.f0efad6508e7",
               {"id_number": "131122197005060029", "id_number_reversed": "=odd"}),
        _entry("member", ids[2], 1, "01a208a631390000.9b3a2c1d0e4f",
               {"id_number_reversed": "only"}, device="dev-2", user="王芳"),
        # Ids out of order (a negative difference) and an update with what its author saw.
        _entry("member", ids[0], 2, "01a208a6313a0000.9b3a2c1d0e4f", {"phone": "13800000000"},
               op="update", seen={"phone": "01a208a631370001.f0efad6508e7"}, device="dev-2"),
        _entry("visit", ids[3], 4, "01a208a6313b0000.f0efad6508e7",
               {"household_id": ids[1], "answers": {"家庭人口": 2, "不愁吃": True}}),
        _entry("household", ids[1], 5, "01a208a6313c0000.f0efad6508e7", {"deleted": True},
               op="delete", seen={"deleted": "01a208a631300000.f0efad6508e7"}),
    ]


def test_entries_come_back_exactly_after_a_trip_through_json() -> None:
    entries = _entries()
    payload = json.loads(json.dumps(encode(entries), ensure_ascii=False))
    assert payload["layout"] == LAYOUT
    assert decode(payload) == sorted(entries, key=lambda e: e["hlc"])
    assert decode(encode([])) == []


def test_search_keys_derived_from_a_field_travel_as_a_mark() -> None:
    payload = encode(_entries())
    reversed_column = payload["tables"]["member"]["fields"]["id_number_reversed"]["value"]
    assert reversed_column == ["=", "==odd", "only"]


@pytest.mark.parametrize("damage", [
    lambda p: p.update(layout="rows-0"),
    lambda p: p["tables"]["member"].pop("clock"),
    lambda p: p["tables"]["member"]["fields"]["phone"]["gap"].__setitem__(0, 0),
    lambda p: p["tables"]["member"]["fields"]["phone"]["gap"].append(1),
    lambda p: p["tables"]["member"]["row_id"].__setitem__(0, "~ff"),
    lambda p: p["tables"]["member"]["op"].__setitem__(0, "x"),
])
def test_a_malformed_payload_is_refused_in_chinese(damage) -> None:
    payload = json.loads(json.dumps(encode(_entries()), ensure_ascii=False))
    damage(payload)
    with pytest.raises(PayloadBroken, match="同步包内容格式不对"):
        decode(payload)
