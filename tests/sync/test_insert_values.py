"""An insert's values live in its row until the row first changes (app/store/insert_values.py).

Whatever path the row took — made here, received in a bundle, changed here or by a later bundle —
what the log gives out for the insert must be exactly what the insert recorded.
"""

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from app.store.bulk import bulk_insert
from app.store.models import ChangeLog, Household, IncomeRecord, PolicySetting
from app.sync.log_reader import changes_since, log_entries, version_vector
from app.sync.merge import apply_changes
from tests.conftest import VILLAGE

HOUSEHOLD = {"village_code": VILLAGE, "household_type": "脱贫户", "head_name": "王五",
             "house_area_m2": Decimal("80.5"), "farmland_mu": Decimal("4.2"), "member_count": 3,
             "registered_poor": True, "sanitary_toilet": False, "next_visit_due": date(2026, 6, 17)}
# The same values as the insert records them (JSON form; defaults left out).
RECORDED = {"village_code": VILLAGE, "household_type": "脱贫户", "head_name": "王五",
            "house_area_m2": "80.5", "farmland_mu": "4.2", "member_count": 3,
            "registered_poor": True, "sanitary_toilet": False, "next_visit_due": "2026-06-17"}


def _made(ctx) -> Household:
    with ctx.db.write(ctx.actor) as session:
        household = Household(**HOUSEHOLD)
        session.add(household)
    return household


def _insert_entry(ctx, row_id: str) -> dict:
    with ctx.db.read() as session:
        return next(e for e in log_entries(session, "household", [row_id]) if e["op"] == "insert")


def _stored_fields(ctx, row_id: str) -> object:
    with ctx.db.read() as session:
        return session.scalar(select(ChangeLog.fields).where(
            ChangeLog.row_id == row_id, ChangeLog.op == "insert"))


def _send(source, target):
    with target.db.read() as session:
        vector = version_vector(session)
    with source.db.read() as session:
        entries = changes_since(session, vector)
    return apply_changes(target.db, entries)


def test_an_insert_is_given_back_exactly_from_its_row(ctx) -> None:
    household = _made(ctx)
    with ctx.db.write(ctx.actor) as session:
        bulk_insert(session, IncomeRecord, [{"household_id": household.id, "year": 2025,
                                             "wage": Decimal("1200.50"), "household_size": 3,
                                             "assessed_on": date(2025, 12, 31)}])
    assert _stored_fields(ctx, household.id) is None
    assert _insert_entry(ctx, household.id)["fields"] == RECORDED
    with ctx.db.read() as session:
        income = session.scalar(select(IncomeRecord).where(IncomeRecord.household_id == household.id))
        rebuilt = log_entries(session, "incomerecord", [income.id])[0]["fields"]
    assert Decimal(rebuilt["wage"]) == Decimal("1200.50") and rebuilt["assessed_on"] == "2025-12-31"
    assert rebuilt["year"] == 2025 and "pension" not in rebuilt  # defaults left out


def test_the_first_change_keeps_the_insert_values_in_the_log(ctx) -> None:
    household = _made(ctx)
    with ctx.db.write(ctx.actor) as session:
        row = session.get(Household, household.id)
        row.head_name, row.house_area_m2, row.registered_poor = "王六", Decimal("99"), False
    with ctx.db.write(ctx.actor) as session:
        session.get(Household, household.id).phone = "13800000000"
    assert _stored_fields(ctx, household.id) == RECORDED
    assert _insert_entry(ctx, household.id)["fields"] == RECORDED


def test_a_received_insert_is_forwarded_as_it_was_made(open_copy) -> None:
    """Worker → township → county: the township keeps the insert without values, changes the row
    before forwarding it, and the county still gets the insert as the worker made it."""
    worker, township, county = open_copy("worker"), open_copy("township"), open_copy("county")
    household = _made(worker)
    _send(worker, township)
    assert _stored_fields(township, household.id) is None
    with township.db.write(township.actor) as session:
        session.get(Household, household.id).head_name = "王六"
    assert _stored_fields(township, household.id) == RECORDED
    _send(township, county)
    assert _insert_entry(county, household.id)["fields"] == RECORDED
    with county.db.read() as session:
        assert session.get(Household, household.id).head_name == "王六"


def test_an_insert_changed_in_the_same_bundle_keeps_its_values(open_copy) -> None:
    worker, township = open_copy("worker"), open_copy("township")
    household = _made(worker)
    with worker.db.write(worker.actor) as session:
        session.get(Household, household.id).head_name = "王六"
    _send(worker, township)
    assert _stored_fields(township, household.id) == RECORDED
    with township.db.read() as session:
        assert session.get(Household, household.id).head_name == "王六"


def test_a_later_bundle_changing_a_received_row_keeps_the_insert_values(open_copy) -> None:
    worker, township = open_copy("worker"), open_copy("township")
    household = _made(worker)
    _send(worker, township)
    with worker.db.write(worker.actor) as session:
        session.get(Household, household.id).member_count = 4
    _send(worker, township)
    assert _stored_fields(township, household.id) == RECORDED
    assert _insert_entry(township, household.id)["fields"] == RECORDED


def test_an_insert_with_fields_of_a_newer_schema_keeps_them(open_copy) -> None:
    worker, township = open_copy("worker"), open_copy("township")
    household = _made(worker)
    with worker.db.read() as session:
        entries = changes_since(session, {})
    for entry in entries:
        if entry["row_id"] == household.id:
            entry["fields"]["solar_panels"] = 2  # a column a later version adds
    apply_changes(township.db, entries)
    assert _stored_fields(township, household.id) == {**RECORDED, "solar_panels": 2}


def test_a_json_number_comes_back_as_a_number(ctx) -> None:
    # SQLite gives a column declared JSON numeric affinity: the number 5 is stored as 5, not "5".
    with ctx.db.write(ctx.actor) as session:
        session.add(PolicySetting(id="test_limit", value=5))
        session.add(PolicySetting(id="test_share", value=0.25))
        session.add(PolicySetting(id="test_list", value=["因病", "因学"]))
    with ctx.db.read() as session:
        rebuilt = {e["row_id"]: e["fields"] for e in log_entries(
            session, "policysetting", ["test_limit", "test_share", "test_list"])}
    assert rebuilt == {"test_limit": {"value": 5}, "test_share": {"value": 0.25},
                       "test_list": {"value": ["因病", "因学"]}}
