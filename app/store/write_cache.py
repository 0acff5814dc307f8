"""A larger page cache for the length of one large write transaction."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlmodel import Session

from app.store.driver import driver_cursor

# A township bundle or a 100,000-row roster writes hundreds of MB of pages (rows, log, indexes) in
# one transaction. With the usual 64 MiB page cache, SQLite spills dirty index pages to the WAL and
# reads them back again and again; a larger cache for the length of the transaction keeps them (it
# is only allocated as pages are used, and given back after). docs/sync.md, bundle size and speed.
LARGE_WRITE_ROWS, LARGE_CACHE_KIB = 50_000, 400 * 1024


@contextmanager
def large_write_cache(session: Session, rows: int) -> Iterator[None]:
    """Within ``session``'s transaction, a page cache of LARGE_CACHE_KIB when it writes at least
    LARGE_WRITE_ROWS rows (SQLite files only; a server manages its own memory)."""
    if rows < LARGE_WRITE_ROWS or session.get_bind().dialect.name != "sqlite":
        yield
        return
    cursor = driver_cursor(session)
    usual = cursor.execute("PRAGMA cache_size").fetchone()[0]
    cursor.execute(f"PRAGMA cache_size = -{LARGE_CACHE_KIB}")
    try:
        yield
    finally:
        cursor.execute(f"PRAGMA cache_size = {int(usual)}")
