"""A bundle's import is one unit of work (issues 16 and 17): a fault at any stage of the pipeline
(app/sync/importing.py) or in the database leaves nothing written at all — no row, no change-log
entry, no quarantined change, no receipt, no audit event — and without the fault the import
commits exactly once, the upkeep keeping each household it touched once."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlmodel import Session, SQLModel

from app.services import unit_of_work
from app.services.context import ServiceContext
from app.services.sync import SyncService
from app.store.models import AuditEvent, ChangeLog, Division, Household, Peer, QuarantinedChange
from app.sync import checks, importing, receipts, revocation, rules
from tests.services import test_unit_of_work
from tests.services.helpers import poor_household

# The unit of work's own counters: write transactions committed, warning evaluations per household.
commits, evaluations = test_unit_of_work.commits, test_unit_of_work.evaluations


class Fault(Exception):
    """The fault a test injects; never a user's mistake."""


def _snapshot(ctx: ServiceContext) -> dict[str, Any]:
    """Every table's rows (their count and newest stamp), the receipts and the clock's last stamp."""
    with ctx.db.read() as session:
        state: dict[str, Any] = {}
        for table in SQLModel.metadata.sorted_tables:
            state[table.name] = session.scalar(select(func.count()).select_from(table))
            if "updated_hlc" in table.c:
                state[f"{table.name}.updated_hlc"] = session.scalar(select(func.max(table.c.updated_hlc)))
        state["peers"] = sorted((p.device_id, p.received_sequence, sorted(p.acknowledged.items()))
                                for p in session.scalars(select(Peer)))
    return state


@pytest.fixture
def bundle(enrolled: tuple[ServiceContext, ServiceContext], people: Any, tmp_path: Path
           ) -> tuple[ServiceContext, Path]:
    """A worker's bundle for the township with households and something to quarantine (a
    division: a grid worker may not change the county's divisions)."""
    worker, township = enrolled
    for name in ("张建国", "李明"):
        poor_household(worker, people, name=name)
    with worker.db.write(worker.actor) as session:
        session.add(Division(id="131122100299", name="伪造村", level="村", parent_code="131122100"))
    return township, SyncService(worker).export("up", tmp_path / "up.fpb").path


def _failing(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str) -> None:
    def fail(*_args: Any, **_kwargs: Any) -> Any:
        raise Fault(f"{getattr(owner, '__name__', owner)}.{name} failed")

    monkeypatch.setattr(owner, name, fail)


# Each stage of the pipeline, where the pipeline looks it up.
STAGES = [(importing, "verified"), (importing, "decoded"), (receipts, "refuse_far_ahead"),
          (checks, "screen"), (importing, "admissible"), (checks, "procedure_problems"),
          (importing, "hold_orphans"), (importing, "households_of"), (importing, "merge"),
          (rules.RuleChecker, "check"), (importing, "store_quarantined"), (receipts, "record_receipt"),
          (revocation, "accept"), (unit_of_work, "keep_households")]


@pytest.mark.parametrize(("owner", "name"), STAGES, ids=[f"{getattr(o, '__name__', o)}.{n}" for o, n in STAGES])
def test_a_stage_that_fails_leaves_nothing_written(bundle: tuple[ServiceContext, Path],
                                                   monkeypatch: pytest.MonkeyPatch, owner: Any, name: str) -> None:
    township, path = bundle
    before = _snapshot(township)
    _failing(monkeypatch, owner, name)
    with pytest.raises(Fault):
        SyncService(township).import_file(path)
    assert _snapshot(township) == before


def _database_refuses(ctx: ServiceContext, table: str) -> Callable[[], None]:
    """Make the database itself refuse every insert into or update of ``table`` (a trigger: the
    merge writes through the driver's own executemany, below SQLAlchemy); returns the undo."""
    with ctx.db.engine.begin() as connection:
        if connection.dialect.name == "sqlite":
            for op in ("INSERT", "UPDATE"):
                connection.exec_driver_sql(
                    f'CREATE TRIGGER refuse_{op.lower()} BEFORE {op} ON "{table}" '
                    "BEGIN SELECT RAISE(ABORT, 'disk I/O error (injected)'); END")
        else:
            connection.exec_driver_sql(
                "CREATE FUNCTION refuse_injected() RETURNS trigger AS $$ BEGIN "
                "RAISE EXCEPTION 'disk I/O error (injected)'; END $$ LANGUAGE plpgsql")
            connection.exec_driver_sql(f'CREATE TRIGGER refuse_insert BEFORE INSERT OR UPDATE ON "{table}" '
                                       "FOR EACH ROW EXECUTE FUNCTION refuse_injected()")

    def undo() -> None:
        with ctx.db.engine.begin() as connection:
            if connection.dialect.name == "sqlite":
                for op in ("insert", "update"):
                    connection.exec_driver_sql(f"DROP TRIGGER refuse_{op}")
            else:
                connection.exec_driver_sql(f'DROP TRIGGER refuse_insert ON "{table}"')
                connection.exec_driver_sql("DROP FUNCTION refuse_injected()")
    return undo


@pytest.mark.parametrize("table", ["household", "member", "changelog", "quarantinedchange", "peer",
                                   "auditevent"])
def test_a_database_that_refuses_halfway_leaves_nothing_written(bundle: tuple[ServiceContext, Path],
                                                                table: str) -> None:
    township, path = bundle
    before = _snapshot(township)
    undo = _database_refuses(township, table)
    try:
        with pytest.raises(Exception, match="injected"):
            SyncService(township).import_file(path)
    finally:
        undo()
    assert _snapshot(township) == before


def test_an_import_is_one_transaction_with_each_touched_household_kept_once(
        bundle: tuple[ServiceContext, Path], commits: list[Session], evaluations: Counter[str]) -> None:
    township, path = bundle
    summary = SyncService(township).import_file(path)
    assert len(commits) == 1
    assert summary.applied > 0 and len(summary.quarantined) == 1
    assert "行政区划" in summary.quarantined[0][1]
    with township.db.read() as session:
        households = set(session.scalars(select(Household.id)))
        assert session.scalar(select(func.count()).select_from(QuarantinedChange)) == 1
        assert session.scalar(select(func.count()).select_from(AuditEvent)
                              .where(AuditEvent.action == "bundle_import")) == 1
        assert session.scalar(select(func.max(ChangeLog.seq))) is not None
    assert len(households) == 2 and summary.households == households
    assert evaluations == Counter(dict.fromkeys(households, 1))

