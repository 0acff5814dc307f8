"""Engines for the encrypted SQLite file (SQLCipher) and, for large centers, PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from app.domain.errors import UserFacingError, WrongPassword
from app.store.codec import json_text
from app.store.location import is_url
from app.store.page_key import PageKey, derive_for_file

__all__ = ["WrongPassword", "is_url", "make_engine"]


def _quote_key(password: str) -> str:
    return "'" + password.replace("'", "''") + "'"


def server_url(location: str | Path) -> str:
    """The SQLAlchemy URL for a server address, with psycopg 3 as the PostgreSQL driver.

    Users type the address as PostgreSQL documents it (``postgresql://user@host/db``); SQLAlchemy
    would pick the older psycopg2 for that spelling.
    """
    url = str(location)
    for spelling in ("postgresql://", "postgres://"):
        if url.startswith(spelling):
            return "postgresql+psycopg://" + url[len(spelling):]
    return url


# Both engines keep statement parameters (names, ID numbers) out of their error messages, which reach
# crash logs and dialogs.
def make_engine(location: str | Path, password: str | None, page_key: PageKey | None = None) -> Engine:
    """``page_key``: the file's key already derived from ``password`` (app/store/page_key.py), if the
    caller derived it while doing something else; one of another password, or that does not open the
    file, is not used."""
    if is_url(location):
        return create_engine(server_url(location), pool_pre_ping=True, json_serializer=json_text, hide_parameters=True)
    return _sqlcipher_engine(Path(location), password or "", page_key)


def _connection(path: Path, key: str) -> Any:
    connection = sqlcipher3.connect(str(path), check_same_thread=False, timeout=30)
    # SQLCipher would print its own English diagnostics for a wrong key; we say it in Chinese.
    connection.execute("PRAGMA cipher_log_level = NONE")
    connection.execute(f"PRAGMA key = {key}")
    return connection


def _key_for_connections(path: Path, password: str, page_key: PageKey | None) -> str:
    """What every connection of the engine gives SQLCipher: the page key derived once from the password
    (PBKDF2-HMAC-SHA512, salted per file), so the pool's later connections do not derive it again. The
    password itself, for SQLCipher to derive, when there is no file yet (it salts the new file) or when
    the key does not open the file: a wrong password (the first connection then says so), or a file
    made with other derivation settings."""
    derived = page_key if page_key is not None and page_key.of(password) else derive_for_file(path, password)
    key = derived.of(password) if derived is not None else None
    if key is not None and opens_with_page_key(path, key):
        return _raw_key(key)
    return _quote_key(password)


def _sqlcipher_engine(path: Path, password: str, page_key: PageKey | None = None) -> Engine:
    if not password:
        raise UserFacingError("请输入数据库密码：数据库是加密保存的，没有密码无法打开。")
    settled: list[str] = []
    settling = threading.Lock()  # two first connections at once derive the key once

    def connect() -> Any:
        with settling:
            if not settled:
                settled.append(_key_for_connections(path, password, page_key))
        connection = _connection(path, settled[0])
        connection.isolation_level = None  # transactions are begun explicitly, see _begin below
        return connection

    engine = create_engine("sqlite://", creator=connect, poolclass=QueuePool, pool_size=4,
                           max_overflow=4, json_serializer=json_text, hide_parameters=True)

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("SELECT count(*) FROM sqlite_master")
        except sqlcipher3.DatabaseError as error:
            raise WrongPassword(
                f"无法打开数据库“{path.name}”：密码不正确，或者这个文件不是防贫网格通的数据库。"
            ) from error
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA cache_size = -65536")
        cursor.execute("PRAGMA temp_store = MEMORY")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        # A writing session takes the write lock up front, so the change-log sequence it reads
        # cannot be taken by another writer before it commits.
        immediate = connection.get_execution_options().get("sqlite_immediate", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def rekey_with_page_key(path: Path, page_key: bytes, new_password: str) -> None:
    """Open ``path`` with its raw SQLCipher page key (not the password) and set a new password.

    Used by key recovery (app/sync/recovery.py). The WAL is folded in first and the rekey runs
    in rollback-journal mode, so every page is re-encrypted under the new password.
    """
    if not new_password:
        raise UserFacingError("新密码不能为空。")
    connection = sqlcipher3.connect(str(path), timeout=30)
    try:
        connection.execute("PRAGMA cipher_log_level = NONE")
        connection.execute(f"PRAGMA key = \"x'{page_key.hex()}'\"")
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher3.DatabaseError as error:
            raise WrongPassword(f"恢复密钥打不开数据库“{path.name}”：它不是这个文件的密钥。") from error
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute("PRAGMA journal_mode = DELETE")
        connection.execute(f"PRAGMA rekey = {_quote_key(new_password)}")
        connection.execute("PRAGMA journal_mode = WAL")
    finally:
        connection.close()


def opens_with_page_key(path: Path, page_key: bytes) -> bool:
    """Whether ``page_key`` is the raw SQLCipher key of the file at ``path``."""
    connection = sqlcipher3.connect(str(path), timeout=30)
    try:
        connection.execute("PRAGMA cipher_log_level = NONE")
        connection.execute(f"PRAGMA key = \"x'{page_key.hex()}'\"")
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.DatabaseError:
        return False
    finally:
        connection.close()
    return True


def _raw_key(page_key: bytes, salt: bytes | None = None) -> str:
    """SQLCipher's raw-key form: the 32-byte page key, and the file's salt for a new file."""
    return f"\"x'{page_key.hex()}{salt.hex() if salt else ''}'\""


class DatabaseBusy(UserFacingError):
    pass


def change_key(path: Path, password: str, new_password: str,
               during: Callable[[Any], None] | None = None) -> None:
    """Give the file at ``path`` a new password (SQLCipher ``PRAGMA rekey``), all or nothing.

    ``during(connection)`` writes what must change with the key (the recovery key wrapped for the
    station) in the same transaction: the rekey re-encrypts every page and commits that transaction
    through the rollback journal, so a crash or error anywhere leaves the old password and the old
    rows, or the new password and the new rows — never a mix. No other connection may be open: the
    WAL is folded in and the file switched to a rollback journal for the rekey, then back.
    """
    connection = sqlcipher3.connect(str(path), timeout=5, isolation_level=None)
    try:
        connection.execute("PRAGMA cipher_log_level = NONE")
        connection.execute(f"PRAGMA key = {_quote_key(password)}")
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher3.DatabaseError as error:
            raise WrongPassword("原密码不正确。") from error
        try:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            mode = connection.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
        except sqlcipher3.OperationalError as error:
            raise DatabaseBusy("数据库正被其他程序使用（例如另一个防贫网格通窗口或命令），"
                               "请先关闭它们再修改密码。") from error
        if str(mode).lower() != "delete":
            raise DatabaseBusy("数据库正被其他程序使用（例如另一个防贫网格通窗口或命令），"
                               "请先关闭它们再修改密码。")
        try:
            connection.execute("BEGIN IMMEDIATE")
            if during is not None:
                during(connection)
            # Commits the open transaction together with the re-encrypted pages.
            connection.execute(f"PRAGMA rekey = {_quote_key(new_password)}")
            if connection.in_transaction:
                connection.execute("COMMIT")
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise
        finally:
            connection.execute("PRAGMA journal_mode = WAL")
    finally:
        connection.close()


def online_backup(path: Path, page_key: bytes, salt: bytes, out: Path,
                  after: Callable[[Any], None] | None = None) -> None:
    """Copy the database at ``path`` into the new file ``out`` with SQLite's online backup API.

    The copy is one consistent snapshot (a read transaction over the WAL) taken while other
    connections keep writing. It is encrypted with the same page key *and salt*, so the same
    password opens it, and so does the key escrowed with the station, which finds it by salt.
    ``after(copy)`` may write to the copy (a note of when it was made) before it is closed.
    """
    source = sqlcipher3.connect(str(path), timeout=30, isolation_level=None)
    try:
        source.execute("PRAGMA cipher_log_level = NONE")
        source.execute(f"PRAGMA key = {_raw_key(page_key)}")
        try:
            source.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher3.DatabaseError as error:
            raise WrongPassword(f"密码打不开数据库“{path.name}”。") from error
        target = sqlcipher3.connect(str(out), isolation_level=None)
        try:
            target.execute("PRAGMA cipher_log_level = NONE")
            target.execute(f"PRAGMA key = {_raw_key(page_key, salt)}")
            source.backup(target)  # all pages in one step: one snapshot
            target.execute("PRAGMA journal_mode = DELETE")
            if after is not None:
                target.execute("BEGIN IMMEDIATE")
                after(target)
                target.execute("COMMIT")
        finally:
            target.close()
    finally:
        source.close()


def read_only(path: Path, page_key: bytes, *, live: bool = False) -> Any:
    """A connection to ``path`` opened with its raw page key, only to read: nothing is migrated or
    written (looking into a backup before restoring it). A ``live`` database may have a WAL, which
    a read-only open cannot recover, so it is opened normally (and still only read)."""
    address = path.resolve().as_uri() + ("" if live else "?mode=ro")
    connection = sqlcipher3.connect(address, uri=True, timeout=30, isolation_level=None)
    connection.execute("PRAGMA cipher_log_level = NONE")
    connection.execute(f"PRAGMA key = {_raw_key(page_key)}")
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.DatabaseError as error:
        connection.close()
        raise WrongPassword(f"密码打不开“{path.name}”：密码不对，或者它不是防贫网格通的数据库或备份。") from error
    return connection
