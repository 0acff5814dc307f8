"""The export's payload, with rows read ahead in a second thread as JSON that SQLite writes
(app/sync/export_reader.py), is byte for byte the payload of the plain path — the rows read by the
driver, table by table on the exporting thread — and holds the entries filled from their rows."""

import json
import threading

import orjson
import pytest
from sqlalchemy import update

from app.services.demo import DemoService
from app.store import insert_values as insert_values_module
from app.store.models import ChangeLog
from app.sync import payload
from app.sync.export_reader import export_pieces
from app.sync.log_reader import changes_since, insert_field_columns
from app.sync.payload import decode, encode_json
from tests.sync.test_payload import _entries, _entry

EXTRA = {"revocations": [{"device": "x"}]}


def _filled_first(ctx) -> list[dict]:
    with ctx.db.read() as session:
        return decode(json.loads(b"".join(encode_json(changes_since(session, {}), EXTRA))))


def _plain(ctx, monkeypatch) -> bytes:
    with monkeypatch.context() as patch, ctx.db.read() as session:
        patch.setattr(insert_values_module, "stored_column_texts", lambda *_arguments: None)
        entries = changes_since(session, {}, fill=False)
        return b"".join(encode_json(entries, EXTRA, prepare=lambda table: insert_field_columns(session, table)))


def _exported(ctx) -> bytes:
    with ctx.db.read() as session:
        return b"".join(export_pieces(session, changes_since(session, {}, fill=False), EXTRA))


@pytest.mark.parametrize("scan_from", [0, 5_000])  # whole tables read, or the rows looked up
def test_the_export_writes_the_same_payload_as_the_straightforward_path(ctx, monkeypatch, scan_from) -> None:
    monkeypatch.setattr(insert_values_module, "_SCAN_FROM", scan_from)
    DemoService(ctx).generate(40, seed=11)
    # Some inserts keep their values in the log (a row changed since), the others in their rows.
    with ctx.db.engine.begin() as connection:
        stored = connection.execute(update(ChangeLog).where(ChangeLog.table_name == "member",
                                                            ChangeLog.op == "insert").values(fields=None))
        assert stored.rowcount > 0
    expected = _plain(ctx, monkeypatch)
    assert b'"member"' in expected and b'"visit"' in expected
    exported = _exported(ctx)
    assert exported == expected
    assert decode(json.loads(exported)) == _filled_first(ctx)


def test_a_failure_while_encoding_leaves_no_reading_thread_behind(ctx, monkeypatch) -> None:
    DemoService(ctx).generate(5, seed=11)

    def broken(*_arguments, **_settings):
        raise LookupError("a log entry without its row")

    monkeypatch.setattr("app.sync.log_reader.insert_value_columns", broken)
    with pytest.raises(LookupError):
        _exported(ctx)
    assert not any(thread.name == "export-row-reader" for thread in threading.enumerate())


def test_the_pieces_are_the_text_of_the_whole_payload_written_at_once() -> None:
    """A table goes to the compressor in pieces (its entry columns, then each field column): joined,
    they are the text orjson writes for the whole payload, tables in the same order; a table with no
    fields keeps its empty object."""
    entries = [*_entries(), _entry("grid", "g-1", 9, "01a208a6313a0000.f0efad6508e7", {}, op="delete")]
    by_table = payload._by_table(entries)
    positions = payload._first_positions(by_table)
    numbering = payload._Numbering()
    order = sorted(by_table, key=lambda name: (-len(by_table[name]), name))
    tables = {name: payload._encode_table(name, by_table[name], positions, numbering) for name in order}
    whole = orjson.dumps({"tables": tables, "layout": payload.LAYOUT, **numbering.lists(), **EXTRA})
    assert tables["grid"]["fields"] == {}
    assert b"".join(encode_json(entries, EXTRA)) == whole


def test_pieces_wait_for_the_compressor_when_too_much_text_is_waiting(monkeypatch) -> None:
    from app.sync import bundle as bundle_module
    from app.sync.bundle import read_bundle, write_bundle_streamed
    from app.sync.keys import DeviceKeys

    sender, recipient = DeviceKeys.generate("dev-worker"), DeviceKeys.generate("dev-township")
    monkeypatch.setattr(bundle_module, "_WAITING", 0)  # each piece waits until the one before is compressed
    entries = _entries()
    data = write_bundle_streamed({"sequence": 1}, encode_json(entries), 10, sender, recipient.public)
    assert decode(read_bundle(data, recipient, lambda _id: sender.public).payload) == decode(
        json.loads(b"".join(encode_json(entries))))


def test_the_log_is_read_as_the_driver_reads_it(ctx, backend) -> None:
    """On SQLite the log's columns come as JSON that SQLite writes; a value JSON cannot hold (a
    blob) sends the read back to the driver's rows, which give it as they always did."""
    if backend != "sqlite":
        pytest.skip("stored forms only SQLite lets a column hold")
    DemoService(ctx).generate(3, seed=11)
    with ctx.db.read() as session:
        cursor = session.connection().connection.driver_connection.cursor()
        cursor.execute("SELECT device_id, seq, hlc, table_name, row_id, op, fields, seen, user_name FROM changelog")
        stored = cursor.fetchall()
        entries = changes_since(session, {}, fill=False)
    assert sorted((e["device_id"], e["seq"], e["hlc"], e["table_name"], e["row_id"], e["op"], e["user_name"])
                  for e in entries) == sorted((*row[:6], row[8]) for row in stored)
    assert [e["fields"] for e in sorted(entries, key=lambda e: (e["device_id"], e["seq"]))] == [
        None if row[6] is None else json.loads(row[6]) for row in sorted(stored, key=lambda row: row[:2])]
    device_id, seq = stored[0][:2]
    with ctx.db.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE changelog SET user_name = ? WHERE device_id = ? AND seq = ?",
                                   (b"\x00\xff", device_id, seq))
    with ctx.db.read() as session:
        again = changes_since(session, {}, fill=False)
    assert next(e for e in again if (e["device_id"], e["seq"]) == (device_id, seq))["user_name"] == b"\x00\xff"
    assert len(again) == len(entries)
