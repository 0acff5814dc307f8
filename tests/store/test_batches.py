"""``among``: any number of values asked in as few statements as the store allows (one JSON
parameter on SQLite and on PostgreSQL), giving exactly the rows an IN list would."""

from __future__ import annotations

from sqlalchemy import select

from app.domain.categories import HouseholdType
from app.store.batches import IN_CHUNK, among
from app.store.bulk import bulk_insert
from app.store.changelog import Actor
from app.store.ids import new_id
from app.store.models import Household

ACTOR = Actor("导入员", "county", "131122000000")


def test_among_finds_exactly_the_rows_asked_for_in_one_statement(ctx) -> None:
    stored = [new_id() for _ in range(3 * IN_CHUNK)]
    with ctx.db.write(ACTOR) as session:
        bulk_insert(session, Household, [
            {"id": row_id, "village_code": "131122100201", "household_type": HouseholdType.ORDINARY}
            for row_id in stored])
    asked = stored[::2] + [new_id() for _ in range(IN_CHUNK)] + ["", "含中文的编号", "it's"]  # absent ones too
    with ctx.db.read() as session:
        conditions = list(among(session, Household.id, asked))
        found = {row_id for listed in conditions for row_id in session.scalars(select(Household.id).where(listed))}
        assert len(conditions) == 1  # the store's one parameter, not pieces of IN_CHUNK
        assert found == set(stored[::2])
        assert list(among(session, Household.id, [])) == []


def test_among_takes_a_township_bundles_worth_of_ids_in_one_statement(ctx) -> None:
    """An import asks about half a million ids at once: one JSON text of megabytes, which both
    stores take apart themselves, still giving exactly the stored rows among them."""
    stored = [new_id() for _ in range(2 * IN_CHUNK)]
    with ctx.db.write(ACTOR) as session:
        bulk_insert(session, Household, [
            {"id": row_id, "village_code": "131122100201", "household_type": HouseholdType.ORDINARY}
            for row_id in stored])
    asked = [new_id() for _ in range(200_000)] + stored[1::2]
    with ctx.db.read() as session:
        conditions = list(among(session, Household.id, asked))
        assert len(conditions) == 1
        found = list(session.scalars(select(Household.id).where(conditions[0])))
    assert sorted(found) == sorted(stored[1::2])
