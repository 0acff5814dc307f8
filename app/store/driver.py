"""The DB-API cursor under a session, for the bulk paths that talk to the SQLite driver directly
(executemany, json_group_array reads, PRAGMAs) without SQLAlchemy's per-row work."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session


def driver_cursor(session: Session) -> Any:
    """A cursor on the connection ``session``'s transaction holds: what it runs is part of it."""
    return session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
