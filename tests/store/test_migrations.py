"""A database made by the first schema version opens in this version with its data intact, on both
the encrypted SQLite file and PostgreSQL."""

from collections.abc import Callable

from sqlalchemy import text

from app.store import migrate
from app.store.database import open_database
from app.store.engine import make_engine
from app.store.models import Household, Member

PASSWORD = "old-version"
STAMP = "01a2000000000000.000000000001"


def _first_version_database(location: str) -> None:
    engine = make_engine(location, PASSWORD)
    migrate.upgrade(engine, "0001")
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO device (id, name, role, division_code, is_self, created_at) VALUES "
            "('01a20000-0000-7000-8000-000000000001', '老设备', 'worker', '131122100201', true,"
            " '2025-01-01 00:00:00')"))
        connection.execute(text(
            "INSERT INTO household (id, created_hlc, updated_hlc, deleted, village_code,"
            " group_name, address, household_number, household_type, registered_poor, phone,"
            " bank_name, bank_account, head_name, member_count, house_safety, cooperative_member,"
            " note) VALUES ('h1', :stamp, :stamp, false, '131122100201', '一组', '', '', '一般农户', false,"
            " '', '', '', '曾国强', 1, '安全', false, '')"), {"stamp": STAMP})
        connection.execute(text(
            "INSERT INTO member (id, created_hlc, updated_hlc, deleted, household_id, name,"
            " id_number, relation, sex, ethnicity, health, labour_skill, education, school_stage,"
            " dropout_reason, migrant_work_place, migrant_employer, welfare_post,"
            " medical_insurance, pension_insurance, social_assistance, medical_aid,"
            " lives_in_household, phone) VALUES ('m1', :stamp, :stamp, false, 'h1', '曾国强',"
            " '13112219650304011X', '户主', '男', '汉族', '[]', '', '', '', '', '', '', '', '[]',"
            " false, '', false, true, '')"), {"stamp": STAMP})
    engine.dispose()


def test_first_version_database_is_migrated_forward_without_loss(new_database: Callable[[str], str]) -> None:
    location = new_database("old")
    _first_version_database(location)
    db = open_database(location, PASSWORD)
    try:
        assert migrate.current_revision(db.engine) == migrate.head_revision()
        with db.read() as session:
            household = session.get(Household, "h1")
            member = session.get(Member, "m1")
        assert (household.head_name, household.head_initials) == ("曾国强", "zgq")
        assert member.name_initials == "zgq"
        assert member.id_number_reversed == "13112219650304011X"[::-1]
        assert db.device.name == "老设备"
    finally:
        db.close()


def test_migrations_run_on_an_empty_database_and_match_the_models(new_database: Callable[[str], str]) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    engine = make_engine(new_database("fresh"), PASSWORD)
    migrate.upgrade(engine)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection),
                                       SQLModel.metadata)
        dialect = connection.dialect.name
    engine.dispose()
    if dialect == "sqlite":
        # SQLite here does not enforce foreign keys at all, so when they would be checked
        # (migration 0011) is left as the first schema wrote it; only that option may differ.
        differences = _without_deferral_only(differences)
    assert differences == []


def _without_deferral_only(differences: list) -> list:
    def key(constraint) -> tuple:
        return (constraint.parent.name, tuple(c.name for c in constraint.columns), constraint.referred_table.name)

    removed = {key(d[1]) for d in differences if d[0] == "remove_fk"}
    added = {key(d[1]) for d in differences if d[0] == "add_fk"}
    return [d for d in differences if not (d[0] in ("remove_fk", "add_fk") and key(d[1]) in removed & added)]


def test_the_quick_head_revision_is_alembics_head() -> None:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrate.alembic_config(None))
    assert migrate.head_revision() == script.get_current_head()
