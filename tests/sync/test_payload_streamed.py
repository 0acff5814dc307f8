"""The payload written in pieces (the export's path) reads back as the payload ``encode`` makes,
and a bundle sealed from pieces opens like one sealed whole."""

import json

import pytest

from app.sync import bundle as bundle_module
from app.sync.bundle import read_bundle, write_bundle_streamed
from app.sync.keys import DeviceKeys
from app.sync.payload import decode, encode, encode_json
from tests.sync.test_payload import _entries, _entry


def _text(pieces) -> bytes:
    return b"".join(pieces)


def test_the_pieces_are_the_payload_encode_makes_with_the_extra_keys() -> None:
    entries = _entries()
    streamed = json.loads(_text(encode_json(entries, {"revocations": [{"device": "x"}]})))
    assert streamed.pop("revocations") == [{"device": "x"}]
    # The same payload but for the numbering of devices, users and clock nodes (made in a different
    # table order): what it decodes to is the same.
    assert sorted(streamed) == sorted(encode(entries))
    assert decode(streamed) == decode(encode(entries)) == sorted(entries, key=lambda e: e["hlc"])


def test_each_table_is_prepared_before_it_is_encoded_biggest_first() -> None:
    entries = _entries()
    for entry in entries:
        if entry["table_name"] == "visit":
            entry["fields"] = None  # filled by ``prepare``, as the export fills insert values from rows
    prepared: list[str] = []

    def prepare(table_entries: list[dict]) -> None:
        prepared.append(table_entries[0]["table_name"])
        for entry in table_entries:
            if entry["fields"] is None:
                entry["fields"] = {"summary": entry["row_id"][:4]}

    streamed = json.loads(_text(encode_json(entries, prepare=prepare)))
    assert prepared == ["member", "visit", "division", "household"]  # 4, 3, 1, 1 entries
    assert list(streamed["tables"]) == prepared
    visits = [e for e in decode(streamed) if e["table_name"] == "visit"]
    assert [e["fields"] for e in visits] == [{"summary": e["row_id"][:4]} for e in visits]


def test_an_empty_payload_has_no_tables() -> None:
    streamed = json.loads(_text(encode_json([])))
    assert streamed["tables"] == {} and decode(streamed) == []


def test_a_bundle_sealed_from_pieces_opens_to_the_same_payload(keys_pair) -> None:
    sender, recipient = keys_pair
    entries = _entries()
    reports: list[tuple[int, int]] = []
    data = write_bundle_streamed({"sequence": 1}, encode_json(entries), 10, sender, recipient.public,
                                 lambda done, total: reports.append((done, total)))
    opened = read_bundle(data, recipient, lambda _id: sender.public)
    assert decode(opened.payload) == decode(encode(entries))
    assert opened.manifest["payload"]["json_size"] == len(_text(encode_json(entries)))
    assert all(0 <= done <= total for done, total in reports) and reports[-1][0] == reports[-1][1]


def test_a_failure_while_making_the_pieces_ends_the_compressing_thread(keys_pair) -> None:
    import threading

    sender, recipient = keys_pair

    def pieces():
        yield b'{"tables":{'
        raise LookupError("a log entry without its row")

    with pytest.raises(LookupError):
        write_bundle_streamed({}, pieces(), 10, sender, recipient.public)
    assert not any(thread.name == "bundle-compressor" for thread in threading.enumerate())


def test_a_failure_of_the_compressor_reaches_the_exporting_thread(keys_pair, monkeypatch) -> None:
    sender, recipient = keys_pair

    class Broken:
        def __init__(self, **_settings) -> None:
            pass

        def compress(self, _data: bytes) -> bytes:
            raise MemoryError("no room for the window")

    monkeypatch.setattr(bundle_module.lzma, "LZMACompressor", Broken)
    many = (b" " * 10 for _ in range(50))  # more pieces than the queue holds: nothing may hang
    with pytest.raises(MemoryError):
        write_bundle_streamed({}, many, 10, sender, recipient.public)


@pytest.fixture
def keys_pair() -> tuple[DeviceKeys, DeviceKeys]:
    return DeviceKeys.generate("dev-worker"), DeviceKeys.generate("dev-township")


def test_rows_of_many_tables_round_trip() -> None:
    entries = [_entry(f"t{n % 3}", f"id-{n}", n, f"01a208a6313{n % 10}{n:04x}.f0efad6508e7", {"n": n})
               for n in range(30)]
    assert decode(json.loads(_text(encode_json(entries)))) == sorted(entries, key=lambda e: e["hlc"])


def test_fields_given_by_column_encode_as_the_same_fields_given_per_entry() -> None:
    """The export hands the fields of inserts stored without values by column (from their rows):
    merged with the fields of the other entries of the table, derived and referring fields
    included, the payload decodes to the entries with those fields filled in."""
    filled = _entries()
    lazy = [dict(entry) for entry in filled]
    left_to_rows = {1, 2, 5}  # two members (with derived id_number_reversed) and a visit (a reference)
    for index in left_to_rows:
        lazy[index]["fields"] = None

    def by_column(table_entries: list[dict]) -> dict[str, tuple[list[int], list]] | None:
        columns: dict[str, tuple[list[int], list]] = {}
        for position, entry in enumerate(table_entries):
            if entry["fields"] is None:
                original = next(e for e in filled if e["hlc"] == entry["hlc"])
                for field, value in original["fields"].items():
                    columns.setdefault(field, ([], []))
                    columns[field][0].append(position)
                    columns[field][1].append(value)
        return columns or None

    streamed = json.loads(_text(encode_json(lazy, prepare=by_column)))
    assert decode(streamed) == decode(encode(filled)) == sorted(filled, key=lambda e: e["hlc"])
    member = streamed["tables"]["member"]["fields"]["id_number_reversed"]["value"]
    assert member[0] == "="  # derived from its source given by column


def test_a_value_the_fast_json_writer_refuses_is_written_as_before() -> None:
    entries = [_entry("visit", "v-1", 1, "01a208a631370000.f0efad6508e7", {"answers": {"n": 2**70}})]
    assert decode(json.loads(_text(encode_json(entries)))) == entries
