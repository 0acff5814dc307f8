"""Opening, creating and writing to a Fangpin Field database.

One short session per service call (TagStudio's rule): ``db.read()`` for queries and
``db.write(actor)`` for changes; objects leave the session detached, never lazy-loading.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event, func, select
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from app.domain.divisions import normalize_code
from app.domain.errors import UserFacingError
from app.store import migrate
from app.store.changelog import Actor, ChangeRecorder, record_flush
from app.store.engine import change_key, is_url, make_engine
from app.store.hlc import SEED_STAMP, HybridClock, node_of_device
from app.store.ids import new_id
from app.store.models import SYNCED_TABLES, AuditEvent, ChangeLog, Device, SyncedModel
from app.store.page_key import PageKey

# The audit action a restore from backup records, with the sequence floor it set.
RESTORE_ACTION = "restore"
ROLES = {"worker": "网格员", "township": "乡镇防贫工作站", "county": "县防贫中心"}


class Database:
    def __init__(self, engine: Engine, device: Device, location: str) -> None:
        self.engine = engine
        self.device = device
        self.location = location
        self._write_engine = engine.execution_options(sqlite_immediate=True)
        self._clock_lock = threading.Lock()
        self.seq_floor = self._restored_seq_floor()
        self.clock = HybridClock(node_of_device(device.id), self._newest_stamp())

    def _newest_stamp(self) -> str | None:
        """The newest stamp on any row, so the clock restarts past everything this device has seen.

        Each table's ``updated_hlc`` is indexed, so this is one index probe per table rather than
        a scan of the change log.
        """
        with Session(self.engine) as session:
            stamps = [session.scalar(select(func.max(model.updated_hlc)))
                      for model in SYNCED_TABLES]
        return max((s for s in stamps if s), default=None)

    def _restored_seq_floor(self) -> int:
        """The sequence number a restore from backup moved this device's counter past (0 when never
        restored): numbers the device may have used after the backup are never used again
        (docs/sync.md, "Restoring a backup")."""
        with Session(self.engine) as session:
            details = session.scalars(select(AuditEvent.detail).where(
                AuditEvent.action == RESTORE_ACTION)).all()
        return max((int(d.get("seq_floor", 0)) for d in details if isinstance(d, dict)), default=0)

    @property
    def scope_code(self) -> str:
        return self.device.division_code

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def read(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def write(self, actor: Actor) -> Iterator[Session]:
        """A transaction whose writes are stamped, logged and attributed to ``actor``.

        Commits on success and rolls back whole on any error: nothing is half-written.
        """
        with self._transaction() as session:
            next_seq = self._next_seq(session)
            session.info["recorder"] = ChangeRecorder(self.device.id, next_seq, self.clock, actor)
            yield session

    @contextmanager
    def merging(self) -> Iterator[Session]:
        """A transaction that applies changes made elsewhere, keeping their own stamps and log.

        Unlike ``write``, nothing is stamped or logged as a local change: the merge does that
        itself with the incoming entries. All of it commits, or none of it.
        """
        with self._transaction() as session:
            session.info["merging"] = True
            self._lock_writers(session)
            yield session

    @contextmanager
    def _transaction(self) -> Iterator[Session]:
        with Session(self._write_engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def seed(self, rows: Iterable[SyncedModel]) -> None:
        """Write reference rows every database starts with identically (same ids, same values).

        They carry the seed stamp and no change-log entry: they are not anyone's edit, so they
        never travel, and an edit made anywhere later supersedes them everywhere.
        """
        with self._transaction() as session:
            session.info["merging"] = True
            for row in rows:
                row.created_hlc = row.updated_hlc = SEED_STAMP
                row.field_stamps = None
                session.add(row)

    def audit(self, actor: Actor, action: str, **detail: Any) -> None:
        with Session(self._write_engine) as session:
            session.add(AuditEvent(at=datetime.now(UTC), user_name=actor.user_name,
                                   action=action, detail=detail))
            session.commit()

    def _next_seq(self, session: Session) -> int:
        self._lock_writers(session)
        query = select(func.max(ChangeLog.seq)).where(ChangeLog.device_id == self.device.id)
        return max(session.scalar(query) or 0, self.seq_floor) + 1

    def _lock_writers(self, session: Session) -> None:
        """On PostgreSQL, where several people may work on one database at once, writes and merges
        take turns: each holds this device's row until it commits, so a merge never decides on
        stamps a concurrent edit is about to change, and change-log numbers are never taken twice.
        (SQLite gets the same from BEGIN IMMEDIATE.)"""
        if self.dialect == "postgresql":
            session.scalar(select(Device.id).where(Device.id == self.device.id).with_for_update())

    def reconnect(self, password: str | None) -> None:
        """Go on with the same file under a new engine: after its password was changed, or after a
        backup of this device was restored over it (migrated forward if it is older)."""
        self.engine.dispose()
        engine = make_engine(self.location, password)
        try:
            migrate.upgrade(engine)
            with Session(engine) as session:
                device = session.scalar(select(Device).where(Device.is_self))
        except BaseException:
            engine.dispose()
            raise
        if device is None or device.id != self.device.id:
            engine.dispose()
            raise UserFacingError("数据库文件已换成另一台设备的数据库，请重新启动程序。")
        self.engine, self.device = engine, device
        self._write_engine = engine.execution_options(sqlite_immediate=True)
        self.seq_floor = self._restored_seq_floor()
        with self._clock_lock:
            self.clock = HybridClock(node_of_device(device.id), self._newest_stamp())

    def change_password(self, password: str, new_password: str,
                        during: Callable[[Any], None] | None = None) -> None:
        """Re-encrypt the file under ``new_password`` (all or nothing, see ``change_key``) and go
        on with it. Every pooled connection holds the old key, so they are closed first."""
        if is_url(self.location):
            raise UserFacingError("服务器数据库（PostgreSQL）没有本机密码：请在数据库服务器上修改登录密码。")
        self.engine.dispose()
        change_key(Path(self.location), password, new_password, during)
        self.reconnect(new_password)

    def close(self) -> None:
        self.engine.dispose()


event.listen(Session, "before_flush", record_flush)


def _check_location(location: str | Path, must_exist: bool) -> None:
    if is_url(location):
        return
    path = Path(location)
    if must_exist and not path.exists():
        raise UserFacingError(f"找不到数据库文件：{path}")
    if not must_exist and path.exists():
        raise UserFacingError(f"数据库文件已经存在：{path}。请换一个文件名，或直接打开它。")
    if not must_exist and not path.parent.exists():
        raise UserFacingError(f"文件夹不存在：{path.parent}")


def open_database(location: str | Path, password: str | None, page_key: PageKey | None = None) -> Database:
    """Open an existing database, migrating it forward first if it was made by an older version
    (``page_key``: see make_engine)."""
    _check_location(location, must_exist=True)
    engine = make_engine(location, password, page_key)
    try:
        migrate.upgrade(engine)
        with Session(engine) as session:
            device = session.scalar(select(Device).where(Device.is_self))
    except OperationalError as error:
        engine.dispose()
        raise UserFacingError(f"无法打开数据库：{error.orig}") from error
    except BaseException:
        engine.dispose()
        raise
    if device is None:
        engine.dispose()
        raise UserFacingError("这个数据库还没有初始化（缺少本机设备信息），请先运行 fangpin init。")
    return Database(engine, device, str(location))


def create_database(location: str | Path, password: str | None, *, role: str, division: str,
                    user_name: str) -> Database:
    """Create and migrate a new database for this device; the user name also names the device."""
    if role not in ROLES:
        raise UserFacingError(f"角色“{role}”无效，应为：{'、'.join(ROLES)}（{'、'.join(ROLES.values())}）")
    user_name = user_name.strip()
    if not user_name:
        raise UserFacingError("请填写用户姓名。")
    code = normalize_code(division)
    _check_location(location, must_exist=False)
    engine = make_engine(location, password)
    try:
        migrate.upgrade(engine)
        device = Device(id=new_id(), name=user_name, role=role, division_code=code, is_self=True,
                        created_at=datetime.now(UTC))
        with Session(engine) as session:
            session.add(device)
            session.commit()
            session.refresh(device)
            session.expunge(device)
    except BaseException:
        engine.dispose()
        if not is_url(location):
            for suffix in ("", "-wal", "-shm"):
                Path(f"{location}{suffix}").unlink(missing_ok=True)
        raise
    return Database(engine, device, str(location))
