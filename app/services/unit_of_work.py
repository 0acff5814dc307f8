"""One user action, one transaction: the unit of work a use case opens and hands to its helpers.

Recording a visit, resolving a conflict, turning a warning into a proposal, importing a roster:
each opens one ``UnitOfWork`` (one ``db.write(actor)``) and passes it to every helper it calls
(``households.update_member(uow, …)``, ``income.record_year(uow, …)``, ``measures.add(uow, …)``,
``cases.propose(uow, …)``). A helper that refuses raises, and the whole action rolls back: rows,
change-log entries and audit events together.

Helpers never recompute a household's derived state. The unit of work notes every household a
write touches (a flush hook beside the change-log hook, ``app/store/changelog.py``) and, just
before it commits, runs the upkeep (``app/services/upkeep.py``) once for exactly those
households. ``uow.changed`` then says what the action changed, and whoever :func:`watch` es the
database hears it once the action has committed, so screens refresh only that.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager, ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import event, inspect
from sqlmodel import Session

from app.services.context import ServiceContext
from app.services.upkeep import case_households, keep_households
from app.store.database import Database
from app.store.models import AuditEvent, CaseStep, Household, MonitoringCase, RiskWarning, SyncedModel
from app.store.write_cache import large_write_cache


@dataclass(frozen=True)
class Changed:
    """What one unit of work changed: the screens showing any of these refresh."""

    households: frozenset[str] = frozenset()
    cases: frozenset[str] = frozenset()
    warnings: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.households or self.cases or self.warnings)


Watcher = Callable[[Changed], None]
_watchers: WeakKeyDictionary[Database, list[Watcher]] = WeakKeyDictionary()
_watchers_lock = threading.Lock()  # units of work commit on worker threads too


def watch(db: Database, watcher: Watcher) -> Callable[[], None]:
    """Call ``watcher(changed)`` after each unit of work on ``db`` that changed something has
    committed (on the thread that ran it); returns what stops it."""
    with _watchers_lock:
        _watchers.setdefault(db, []).append(watcher)

    def stop() -> None:
        with _watchers_lock:
            if watcher in _watchers.get(db, []):
                _watchers[db].remove(watcher)

    return stop


def _announce(db: Database, changed: Changed) -> None:
    with _watchers_lock:
        watchers = list(_watchers.get(db, []))
    for watcher in watchers:
        watcher(changed)


class UnitOfWork:
    """``with UnitOfWork(ctx) as uow:`` — one write transaction for one user action.

    ``uow.session`` is the session every helper writes through; ``uow.touched_households`` the
    households whose rows changed so far; after the block, ``uow.changed`` what was committed.
    """

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self.touched_households: set[str] = set()
        self.touched_cases: set[str] = set()
        self.touched_warnings: set[str] = set()
        # Households whose facts changed (not only their warnings): the upkeep runs for these.
        self._to_keep: set[str] = set()
        # Procedure steps added, in the order taken: the upkeep moves their cases by them.
        self._steps: dict[str, CaseStep] = {}
        self._write: AbstractContextManager[Session] | None = None
        self._session: Session | None = None
        self._until_upkept = ExitStack()  # what lasts until the upkeep is done (a large page cache)
        self.changed = Changed()

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("the unit of work is not open")
        return self._session

    @property
    def today(self) -> Any:
        return self.ctx.today()

    def __enter__(self) -> UnitOfWork:
        self._write = self.ctx.db.write(self.ctx.actor)
        self._session = self._write.__enter__()
        self._session.info["unit_of_work"] = self
        event.listen(self._session, "before_flush", self._before_flush)
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> bool | None:
        assert self._write is not None and self._session is not None
        session, write = self._session, self._write
        try:
            if exc_type is None:
                try:
                    self.finish()
                except BaseException as error:
                    self._until_upkept.close()
                    write.__exit__(type(error), error, error.__traceback__)
                    raise
            self._until_upkept.close()
            swallowed = write.__exit__(exc_type, exc, tb)
        finally:
            event.remove(session, "before_flush", self._before_flush)
            self._session = None
        if exc_type is None and self.changed:
            _announce(self.ctx.db, self.changed)
        return swallowed

    # --- what helpers call ---------------------------------------------------------------------

    def touch(self, household_ids: Iterable[str]) -> None:
        """Note households written without the ORM (bulk inserts): their upkeep runs too."""
        ids = set(household_ids)
        self.touched_households |= ids
        self._to_keep |= ids

    def built(self, household_ids: Iterable[str]) -> None:
        """Note households written in bulk whose derived state was made by the upkeep's own rules as
        their rows were built (the demo generator: ``upkeep.findings_for``, ``warning_row``,
        ``app.domain.case_state``, ``household_summary``): they are reported as changed, and not
        read back to be made again."""
        self.touched_households.update(household_ids)

    def large_write(self, rows: int) -> None:
        """This transaction writes about ``rows`` rows: from now until its upkeep is done, a page
        cache large enough to keep them (app/store/write_cache.py) — the upkeep reads back the
        rows just written, and in the usual cache every batch of it read them again from the WAL."""
        self._until_upkept.enter_context(large_write_cache(self.session, rows))

    def audit(self, action: str, **detail: Any) -> None:
        """An audit event in this transaction: it is written only if the action commits."""
        self.session.add(AuditEvent(at=datetime.now(UTC), user_name=self.ctx.actor.user_name,
                                    action=action, detail=detail))

    def finish(self) -> Changed:
        """The upkeep, once, for every household touched; then what changed. Called on exit."""
        session = self.session
        self._note(session)
        steps = list(self._steps.values())
        stepped = case_households(session, {step.case_id for step in steps})
        self.touched_households |= stepped
        keep_households(session, self._to_keep | stepped, self.ctx.today(), steps)
        session.flush()
        self._until_upkept.close()
        self.changed = Changed(frozenset(self.touched_households), frozenset(self.touched_cases),
                               frozenset(self.touched_warnings))
        return self.changed

    # --- noting what is written ----------------------------------------------------------------

    def _before_flush(self, session: Session, _context: Any, _instances: Any) -> None:
        self._note(session)

    def _note(self, session: Session) -> None:
        for obj in session.new:
            if isinstance(obj, SyncedModel):
                self._note_row(obj)
                if isinstance(obj, CaseStep):
                    self._steps.setdefault(obj.id, obj)  # a step only moves its case when taken
        for obj in session.dirty:
            if isinstance(obj, SyncedModel) and session.is_modified(obj):
                self._note_row(obj)

    def _note_row(self, row: SyncedModel) -> None:
        households = {row.id} if isinstance(row, Household) else set(_old_and_new(row, "household_id"))
        if isinstance(row, RiskWarning):
            self.touched_warnings.add(row.id)
            if row.case_id:
                self.touched_cases.add(row.case_id)
        else:
            self._to_keep |= households
        self.touched_households |= households
        if isinstance(row, MonitoringCase):
            self.touched_cases.add(row.id)
        elif isinstance(row, CaseStep):
            self.touched_cases.add(row.case_id)


def _old_and_new(row: SyncedModel, name: str) -> list[str]:
    """A column's value now and, if this write changes it, before (a member moved out)."""
    if not hasattr(row, name):
        return []
    values = [getattr(row, name)]
    state = inspect(row)
    if state.persistent:
        values += state.attrs[name].history.deleted
    return [v for v in values if v]
