"""The merge's bulk path (a new row written straight from its insert entry) and its per-entry path
(every new row made a _Row first, as a row changed again in the same batch is) write the same
database and the same change log for the same batch (app/sync/merge.py, issue 23)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, text

from app.services.context import ServiceContext
from app.services.demo import DemoService
from app.store.models import SYNCED_TABLES, ChangeLog, Household, Member
from app.sync.log_reader import changes_since
from app.sync.merge import merge
from app.sync.scope import households_of


def _changed_again(source: ServiceContext) -> None:
    """Rows inserted and then changed, so a batch of the whole log holds both kinds of new row."""
    with source.db.write(source.actor) as session:
        for household in session.scalars(select(Household).order_by(Household.id).limit(3)):
            household.phone = "13800000000"
        for member in session.scalars(select(Member).order_by(Member.id).limit(3)):
            member.labour_skill = "技能劳动力"


def _merged(target: ServiceContext, entries: list[dict[str, Any]], bulk: bool) -> int:
    with target.db.merging() as session:
        return merge(session, entries, target.db.clock, bulk=bulk).applied


def _contents(target: ServiceContext, device_id: str, row_ids: set[str]) -> dict[str, list[tuple]]:
    """The batch's rows of every synchronised table and its change-log entries, as stored."""
    found: dict[str, list[tuple]] = {}
    with target.db.read() as session:
        for model in SYNCED_TABLES:
            name = model.__tablename__  # type: ignore[attr-defined]
            rows = session.execute(text(f'SELECT * FROM "{name}" ORDER BY id')).all()
            found[name] = [tuple(row) for row in rows if row.id in row_ids]
        found["changelog"] = [tuple(row) for row in session.execute(
            select(ChangeLog).where(ChangeLog.device_id == device_id)
            .order_by(ChangeLog.seq)).scalars().all()
            for row in [(row.device_id, row.seq, row.hlc, row.table_name, row.row_id, row.op,
                         row.fields, row.seen, row.user_name)]]
    return found


def test_bulk_and_per_entry_paths_write_the_same_rows_and_log(open_copy) -> None:
    source = open_copy("worker")
    DemoService(source).generate(12, seed=3)
    _changed_again(source)
    with source.db.read() as session:
        entries = changes_since(session, {})
    keys = [(e["table_name"], e["row_id"]) for e in entries]
    assert len(set(keys)) < len(keys)  # some rows are inserted and changed in the same batch
    bulk, per_entry = open_copy("township"), open_copy("county")

    assert _merged(bulk, entries, bulk=True) == _merged(per_entry, entries, bulk=False) == len(entries)

    row_ids = {e["row_id"] for e in entries}
    device_id = source.db.device.id
    written = _contents(bulk, device_id, row_ids)
    assert written["household"] and written["member"] and len(written["changelog"]) == len(entries)
    assert written == _contents(per_entry, device_id, row_ids)


def test_merged_rows_are_stored_as_their_origin_stores_them(open_copy) -> None:
    """Columns a change leaves out are written as their defaults' literals: every value, and its
    storage type, is what the device that made the rows holds."""
    source = open_copy("worker")
    DemoService(source).generate(12, seed=4)
    with source.db.read() as session:
        entries = changes_since(session, {})
    target = open_copy("county")
    _merged(target, entries, bulk=True)
    row_ids = {e["row_id"] for e in entries}

    def typed(ctx: ServiceContext) -> dict[str, list[dict]]:
        found = {}
        with ctx.db.read() as session:
            for model in SYNCED_TABLES:
                name = model.__tablename__  # type: ignore[attr-defined]
                # field_stamps aside: NULL where a merge wrote the row, JSON null where the ORM did
                found[name] = [{column: (type(value), value) for column, value in row._mapping.items()
                                if column != "field_stamps"}
                               for row in session.execute(text(f'SELECT * FROM "{name}" ORDER BY id'))
                               if row.id in row_ids]
        return found

    merged, made = typed(target), typed(source)
    assert merged["member"] and merged == made


def test_households_of_new_rows_read_from_the_merge_match_the_stored_rows(open_copy) -> None:
    """The import takes the household of each row the merge created from the merge (no query per
    table); that must be the household the database holds, also for a member moved to another
    household by a later change of the same batch."""
    source = open_copy("worker")
    DemoService(source).generate(12, seed=5)
    with source.db.write(source.actor) as session:
        first, second = session.scalars(select(Household).order_by(Household.id).limit(2))
        moved = session.scalars(select(Member).where(Member.household_id == first.id)).first()
        moved.household_id = second.id
    with source.db.read() as session:
        entries = changes_since(session, {})
    target = open_copy("county")
    with target.db.merging() as session:
        result = merge(session, entries, target.db.clock)
        assert moved.id not in result.new_row_households["member"]  # changed again: read as stored
        assert len(result.new_row_households["member"]) == len(result.touched["member"]) - 1
        from_fields = households_of(session, result.touched, result.new_row_households)
        assert from_fields == households_of(session, result.touched)
        assert second.id in from_fields
