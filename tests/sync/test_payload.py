"""The bundle payload gives back exactly the entries it was given, and refuses a malformed one."""

import json
import uuid

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
               {"household_id": ids[1], "answers": {"家庭人口": 2, "不愁吃": True},
                "visit_date": "2026-03-05", "next_visit_date": None}),
        # A reference to a row that is not in the payload travels as it is.
        _entry("visit", new_id(), 6, "01a208a6313b0001.f0efad6508e7",
               {"household_id": "elsewhere", "visit_date": "2026-03-06", "next_visit_date": "2026-04-06",
                "summary": "2026-03-06"}),
        _entry("visit", new_id(), 7, "01a208a6313b0002.f0efad6508e7", {"summary": "不是日期"}),
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


def test_references_travel_as_positions_and_dates_as_days() -> None:
    entries = _entries()
    payload = json.loads(json.dumps(encode(entries), ensure_ascii=False))
    visit = payload["tables"]["visit"]["fields"]
    assert visit["household_id"]["value"] == [0, "elsewhere"]  # the household's first position
    assert visit["visit_date"] == {"gap": [1, 1], "value": [20517, 20518], "as": "days"}
    assert visit["next_visit_date"]["value"] == [None, 20549]
    assert "as" not in visit["summary"]  # a column that is not all dates stays text
    assert decode(payload) == sorted(entries, key=lambda e: e["hlc"])


def test_a_payload_of_the_first_layout_is_still_read() -> None:
    entries = [e for e in _entries() if e["table_name"] != "visit"]
    payload = json.loads(json.dumps(encode(entries), ensure_ascii=False))
    payload["layout"] = "by-table-1"
    assert decode(payload) == sorted(entries, key=lambda e: e["hlc"])


@pytest.mark.parametrize("damage", [
    lambda p: p["tables"]["visit"]["fields"]["household_id"]["value"].__setitem__(0, 5),
    lambda p: p["tables"]["visit"]["fields"]["household_id"]["value"].__setitem__(0, -1),
    lambda p: p["tables"]["visit"]["fields"]["visit_date"]["value"].__setitem__(0, "x"),
    lambda p: p["tables"]["visit"]["fields"]["visit_date"]["value"].__setitem__(0, 10 ** 30),
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


def test_the_manifest_carries_the_payloads_hash_and_a_mismatch_is_refused(open_copy) -> None:
    import hashlib

    from app.services.identity import device_keys
    from app.sync import bundle as bundle_module
    from app.sync.bundle import BundleRefused, inspect_bundle, read_bundle, write_bundle

    sender, recipient = open_copy("worker"), open_copy("township")
    keys, to = device_keys(sender.db), device_keys(recipient.db)
    payload = encode(_entries())
    data = write_bundle({"sequence": 1}, payload, keys, to.public)
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    assert inspect_bundle(data)["payload"]["sha256"] == hashlib.sha256(text).hexdigest()
    assert read_bundle(data, to, lambda _id: keys.public).payload == payload

    # A sender whose program wrote a payload other than the one it hashed (signed and sealed
    # correctly otherwise) is refused after decryption.
    real_compress = bundle_module._compress
    try:
        bundle_module._compress = lambda raw, progress: real_compress(raw.replace(b"dev-1", b"dev-9"), progress)
        forged = write_bundle({"sequence": 2}, payload, keys, to.public)
    finally:
        bundle_module._compress = real_compress
    with pytest.raises(BundleRefused, match="校验值不符"):
        read_bundle(forged, to, lambda _id: keys.public)


def test_a_column_of_stepped_uuids_is_read_whole_as_one_by_one() -> None:
    from random import Random

    from app.sync.payload import _row_id_column, _row_id_from, _row_ids

    rng = Random(5)
    ids = [str(uuid.UUID(int=rng.getrandbits(128))) for _ in range(300)]  # steps up and down
    column = _row_id_column(ids)
    assert all(text.startswith("~") for text in column[1:])
    one_by_one, before = [], None
    for text in column:
        row_id, before = _row_id_from(text, before)
        one_by_one.append(row_id)
    assert _row_ids(column) == one_by_one == ids
    with pytest.raises(ValueError):
        _row_ids([ids[0], "~-" + "f" * 40])  # below zero
