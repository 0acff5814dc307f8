"""The export's payload, with rows read ahead in a second thread as JSON that SQLite writes
(app/sync/export_reader.py), is byte for byte the payload of the plain path — the rows read by the
driver, table by table on the exporting thread — and holds the entries filled from their rows."""

import json
import threading

import pytest
from sqlalchemy import update

from app.services.demo import DemoService
from app.store import insert_values as insert_values_module
from app.store.models import ChangeLog
from app.sync.export_reader import export_pieces
from app.sync.log_reader import changes_since, insert_field_columns
from app.sync.payload import decode, encode_json

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
