"""Backing up the encrypted database and restoring it (docs/store.md, docs/sync.md "Restoring a backup").

A backup is a second SQLCipher file made with SQLite's online backup API while the application
keeps working: one consistent snapshot, encrypted with the same page key and salt, so the same
password opens it, and so does the key the township keeps for recovering a forgotten password.

A restore must never let the device number a change with a sequence number it has already used:
the station skips an entry whose (device, seq) it already holds, so a reused number would drop the
new edit as "already known". The restored file therefore records a *sequence floor*: past every
number the replaced database used, when it is there to read, and otherwise past everything the
backup knew by ``RESTORE_MARGIN``.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from app.domain.errors import UserFacingError, WrongPassword, os_error_reason
from app.services.context import ServiceContext
from app.store.codec import json_text
from app.store.database import RESTORE_ACTION
from app.store.engine import is_url, online_backup, read_only
from app.store.models import AuditEvent
from app.sync.recovery import file_salt, page_key

BACKUP_ACTION = "backup"
# How far past the backup's numbers a restore moves the counter when the database it replaces
# cannot be read: more changes than a device makes between two backups, and 200 restores still fit
# in the 31-bit sequence column.
RESTORE_MARGIN = 10_000_000
BACKUP_SUFFIX = ".fpbak"
PG_DUMP_MESSAGE = ("服务器数据库（PostgreSQL）不能在这里备份或恢复：请在数据库服务器上用 pg_dump 备份"
                   "（例如 pg_dump -Fc -f 备份文件.dump 数据库名），用 pg_restore 恢复。")


@dataclass(frozen=True)
class BackupInfo:
    """What a backup holds, shown before it is restored."""

    path: Path
    made_at: datetime | None
    device_id: str
    device_name: str
    households: int
    last_bundle_sent: int | None  # its number
    last_bundle_sent_to: str | None
    last_bundle_sent_at: datetime | None
    top_seq: int  # the highest change number the backup's device had used (or been moved past)


@dataclass(frozen=True)
class RestoreResult:
    info: BackupInfo
    target: Path
    seq_floor: int
    # True when the replaced database was read, so the floor is exact; False: the margin was used.
    replaced_read: bool


class BackupService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def backup(self, password: str, out: Path, *, overwrite: bool = False) -> BackupInfo:
        """Write an encrypted, consistent copy of this database to ``out``."""
        location = self.ctx.db.location
        if is_url(location):
            raise UserFacingError(PG_DUMP_MESSAGE)
        path = Path(location)
        out = Path(out)
        if not out.parent.is_dir():
            raise UserFacingError(f"文件夹不存在：{out.parent}")
        if out.exists() and out.resolve() == path.resolve():
            raise UserFacingError("备份文件不能是数据库文件本身，请另选一个位置。")
        if out.exists() and not overwrite:
            raise UserFacingError(f"备份文件已经存在：{out}。请换一个文件名。")
        salt = file_salt(path)
        key = page_key(password, salt)
        made_at = datetime.now(UTC)

        def note(copy: Any) -> None:
            # The copy says when it was made (its own newest backup is itself).
            copy.execute("INSERT INTO auditevent (at, user_name, action, detail) VALUES (?, ?, ?, ?)",
                         (_sql_time(made_at), self.ctx.actor.user_name, BACKUP_ACTION,
                          json_text({"copy": True})))

        part = out.with_name(out.name + ".part")
        part.unlink(missing_ok=True)
        try:
            online_backup(path, key, salt, part, after=note)
            _sync(part)
            os.replace(part, out)
        except OSError as error:
            part.unlink(missing_ok=True)
            reason = os_error_reason(error)
            raise UserFacingError(f"备份没有写成（{reason}）：{out}。没有留下不完整的文件。") from None
        except BaseException:
            part.unlink(missing_ok=True)
            raise
        self.ctx.db.audit(self.ctx.actor, BACKUP_ACTION, file=out.name)
        return read_backup(out, password, key=key)

    def last_backup(self) -> datetime | None:
        """When this database was last backed up (or the backup it was restored from was made)."""
        with self.ctx.db.read() as session:
            at = session.scalar(select(func.max(AuditEvent.at)).where(AuditEvent.action == BACKUP_ACTION))
        return at.replace(tzinfo=UTC) if at is not None and at.tzinfo is None else at

    def backup_overdue(self, days: int, now: datetime | None = None) -> int | None:
        """Whole days since the last backup when that is ``days`` or more (-1: never backed up),
        else None. A server database is backed up on the server: never overdue here."""
        if is_url(self.ctx.db.location) or days <= 0:
            return None
        last = self.last_backup()
        if last is None:
            return -1
        age = (now or datetime.now(UTC)) - last
        return age.days if age >= timedelta(days=days) else None


def read_backup(path: Path, password: str, *, key: bytes | None = None) -> BackupInfo:
    """Open a backup read-only with its password and say what it holds; nothing is written."""
    path = Path(path)
    if not path.is_file():
        raise UserFacingError(f"找不到备份文件：{path}")
    key = key or page_key(password, file_salt(path))
    connection = read_only(path, key)
    try:
        return _info(connection, path)
    finally:
        connection.close()


def restore_backup(backup: Path, password: str, target: str | Path, *,
                   replace: bool = False) -> RestoreResult:
    """Bring ``backup`` back as the database at ``target``: a new file, or over the existing
    database of the same device when ``replace`` is given (the caller asked the user first).

    The restored file gets a sequence floor (see the module's docstring); the bundle numbers it
    sends go on from the replaced database's when that could be read."""
    if is_url(target):
        raise UserFacingError(PG_DUMP_MESSAGE)
    backup, target = Path(backup), Path(target)
    if not backup.is_file():
        raise UserFacingError(f"找不到备份文件：{backup}")
    salt = file_salt(backup)
    key = page_key(password, salt)
    info = read_backup(backup, password, key=key)
    if target.exists() and target.resolve() == backup.resolve():
        raise UserFacingError("不能把备份恢复到它自己上面，请指定数据库文件。")
    if not target.parent.is_dir():
        raise UserFacingError(f"文件夹不存在：{target.parent}")
    replaced = None
    if target.exists():
        if not replace:
            raise UserFacingError(f"数据库文件已经存在：{target}。恢复会用备份替换其中的全部数据，"
                                  "请确认（命令行加 --yes）。")
        replaced = _replaced_state(target, password, info)
    floor = info.top_seq + RESTORE_MARGIN if replaced is None else max(info.top_seq, replaced[0])
    sent = replaced[1] if replaced is not None else {}

    def record(copy: Any) -> None:
        copy.execute("INSERT INTO auditevent (at, user_name, action, detail) VALUES (?, ?, ?, ?)",
                     (_sql_time(datetime.now(UTC)), "", RESTORE_ACTION,
                      json_text({"seq_floor": floor, "backup_made_at": _iso(info.made_at),
                             "replaced_read": replaced is not None})))
        for device_id, sequence in sent.items():
            copy.execute("UPDATE peer SET sent_sequence = max(sent_sequence, ?) WHERE device_id = ?",
                         (sequence, device_id))

    part = target.with_name(target.name + ".restoring")
    part.unlink(missing_ok=True)
    try:
        online_backup(backup, key, salt, part, after=record)
        _check_whole(part, key)
        _sync(part)
        for suffix in ("-wal", "-shm", "-journal"):
            # A replaced database's leftover log would be replayed into the restored file.
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        os.replace(part, target)
    except OSError as error:
        part.unlink(missing_ok=True)
        reason = os_error_reason(error)
        raise UserFacingError(f"恢复没有完成（{reason}）：{target} 没有改动。") from None
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return RestoreResult(info, target, floor, replaced is not None)


def _replaced_state(target: Path, password: str, info: BackupInfo) -> tuple[int, dict[str, int]] | None:
    """The highest change number the database being replaced used and the bundle numbers it sent,
    or None when it cannot be read (damaged, or another password)."""
    try:
        salt = file_salt(target)
        connection = read_only(target, page_key(password, salt), live=True)
    except (WrongPassword, UserFacingError):
        return None
    try:
        try:
            device = connection.execute("SELECT id, name FROM device WHERE is_self").fetchone()
            top = _top_seq(connection, info.device_id)
            sent = dict(connection.execute("SELECT device_id, sent_sequence FROM peer").fetchall())
        except Exception:  # a damaged database being replaced: the margin stands in for it
            return None
    finally:
        connection.close()
    if device is not None and device[0] != info.device_id:
        raise UserFacingError(
            f"备份属于设备“{info.device_name}”，要覆盖的数据库属于另一台设备“{device[1]}”："
            "不能用别的设备的备份覆盖它。请恢复为一个新文件。")
    return top, sent


def _info(connection: Any, path: Path) -> BackupInfo:
    try:
        device = connection.execute("SELECT id, name FROM device WHERE is_self").fetchone()
    except Exception as error:  # any SQL error here means "not our file"
        raise UserFacingError(f"“{path.name}”不是防贫网格通的数据库或备份。") from error
    if device is None:
        raise UserFacingError(f"“{path.name}”不是防贫网格通的数据库或备份（缺少本机设备信息）。")
    made = connection.execute("SELECT max(at) FROM auditevent WHERE action = ?",
                              (BACKUP_ACTION,)).fetchone()[0]
    households = connection.execute("SELECT count(*) FROM household WHERE NOT deleted").fetchone()[0]
    export = connection.execute(
        "SELECT at, detail FROM auditevent WHERE action = 'bundle_export' ORDER BY at DESC, id DESC "
        "LIMIT 1").fetchone()
    sent, sent_to, sent_at = None, None, None
    if export is not None:
        detail = json.loads(export[1]) if export[1] else {}
        sent, sent_at = detail.get("sequence"), _parse_time(export[0])
        peer = connection.execute("SELECT name FROM device WHERE id = ?",
                                  (detail.get("peer"),)).fetchone()
        sent_to = peer[0] if peer else None
    return BackupInfo(path, _parse_time(made), device[0], device[1], households, sent, sent_to,
                      sent_at, _top_seq(connection, device[0]))


def _top_seq(connection: Any, device_id: str) -> int:
    """The highest change number this device used, was moved past by a restore, or that a peer
    acknowledged holding of it."""
    top = connection.execute("SELECT max(seq) FROM changelog WHERE device_id = ?",
                             (device_id,)).fetchone()[0] or 0
    for (detail,) in connection.execute("SELECT detail FROM auditevent WHERE action = ?",
                                        (RESTORE_ACTION,)):
        top = max(top, int(json.loads(detail).get("seq_floor", 0)))
    for (acknowledged,) in connection.execute("SELECT acknowledged FROM peer"):
        top = max(top, int((json.loads(acknowledged) or {}).get(device_id, 0)))
    return top


def _check_whole(path: Path, key: bytes) -> None:
    connection = read_only(path, key)
    try:
        result = connection.execute("PRAGMA quick_check").fetchone()[0]
    finally:
        connection.close()
    if result != "ok":
        raise UserFacingError("备份文件已损坏，不能恢复。")


def _sync(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def _sql_time(moment: datetime) -> str:
    """A time as SQLAlchemy stores a DateTime in SQLite (UTC, without the zone)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _parse_time(text: str | None) -> datetime | None:
    if not text:
        return None
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None
