"""Where a database lives: a file path, or a server address such as ``postgresql://…``.

Kept apart from the engine so the desktop application can tell the two apart before the database
libraries load.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qsl, urlsplit, urlunsplit


def is_url(location: str | Path) -> bool:
    return "://" in str(location)


def redacted(location: str | Path) -> str:
    """The location as it may be shown or logged: a server address without its password."""
    if not is_url(location):
        return str(location)
    parts = urlsplit(str(location))
    if parts.password is None:
        return str(location)
    user = parts.username or ""
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))


def short_name(location: str | Path) -> str:
    """A file's name, or a server database's name and host, for a status bar."""
    if not is_url(location):
        return Path(location).name
    parts = urlsplit(str(location))
    database = parts.path.lstrip("/") or "postgres"
    host = parts.hostname or dict(parse_qsl(parts.query)).get("host", "localhost")
    return f"{database}@{host}"
