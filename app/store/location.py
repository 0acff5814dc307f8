"""Where a database lives: a file path, or a server address such as ``postgresql://…``.

Kept apart from the engine so the desktop application can tell the two apart before the database
libraries load.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qsl, quote, unquote, urlsplit


def is_url(location: str | Path) -> bool:
    return "://" in str(location)


def _is_password_parameter(parameter: str) -> bool:
    return unquote(parameter.split("=", 1)[0]).strip().lower() == "password"


def _without_credentials(location: str, mask: str | None) -> str:
    parts = urlsplit(location)
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, hosts = netloc.rsplit("@", 1)
        user, has_password = userinfo.split(":", 1)[0], ":" in userinfo
        shown = f"{user}:{mask}" if has_password and mask is not None else user
        netloc = f"{shown}@{hosts}" if shown else hosts
    # libpq also takes the password as a parameter: ?password=…; the other parameters stay as typed.
    query = "&".join(parameter if not _is_password_parameter(parameter)
                     else (f"password={mask}" if mask is not None else "")
                     for parameter in parts.query.split("&"))
    query = "&".join(parameter for parameter in query.split("&") if parameter)
    # Put together by hand: urlunsplit would turn postgresql:///db (no host) into postgresql:/db.
    return (f"{parts.scheme}://{netloc}{parts.path}" + (f"?{query}" if query else "")
            + (f"#{parts.fragment}" if parts.fragment else ""))


def without_password(location: str | Path) -> str:
    """The location as it may be remembered or printed: a server address with no password in it,
    neither ``user:password@`` nor ``?password=``. The password comes from PGPASSWORD, ~/.pgpass
    (libpq reads both) or a prompt."""
    if not is_url(location):
        return str(location)
    return _without_credentials(str(location), None)


def with_password(location: str, password: str) -> str:
    """A server address with ``password`` added, for one connection; never to be stored or shown."""
    return f"{location}{'&' if '?' in location else '?'}password={quote(password, safe='')}"


def has_password(location: str | Path) -> bool:
    return is_url(location) and without_password(location) != str(location)


def redacted(location: str | Path) -> str:
    """The location as it may be shown: a server address with *** where a password was given."""
    if not is_url(location):
        return str(location)
    return _without_credentials(str(location), "***")


def short_name(location: str | Path) -> str:
    """A file's name, or a server database's name and host, for a status bar."""
    if not is_url(location):
        return Path(location).name
    parts = urlsplit(str(location))
    database = parts.path.lstrip("/") or "postgres"
    host = parts.hostname or dict(parse_qsl(parts.query)).get("host", "localhost")
    return f"{database}@{host}"
