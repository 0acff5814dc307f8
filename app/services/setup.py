"""Creating a database for a device, and opening one for a user."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from app.domain.divisions import Division, ancestors, is_within, load_divisions, normalize_code
from app.domain.errors import UserFacingError
from app.domain.passwords import check_new_password
from app.resources import resource_path
from app.services.context import ServiceContext
from app.services.identity import device_keys
from app.services.policy import default_rows
from app.store.changelog import Actor
from app.store.database import create_database, open_database
from app.store.location import is_url
from app.store.models import Division as DivisionRow
from app.store.models import User
from app.store.page_key import PageKey

BUILTIN_DIVISIONS = resource_path("divisions", "wuyi-demo.csv")


def divisions_for_scope(all_divisions: list[Division], scope: str) -> list[Division]:
    """The scope itself, everything inside it, and its ancestors (to name the county, city …)."""
    codes = {d.code for d in all_divisions}
    if scope not in codes:
        raise UserFacingError(
            f"区划代码 {scope} 不在区划表中。请核对代码，或用 --divisions 指定包含它的区划代码表。")
    wanted = set(ancestors(scope)) | {scope}
    return [d for d in all_divisions if d.code in wanted or is_within(d.code, scope)]


def initialize(location: str | Path, password: str | None, *, role: str, division: str,
               user_name: str, divisions_file: Path | None = None) -> ServiceContext:
    """Set this computer up with a password its user chose (PostgreSQL has none: the server's login guards it)."""
    if password is not None:
        check_new_password(password)
    return create_workspace(location, password, role=role, division=division, user_name=user_name,
                            divisions_file=divisions_file)


def create_workspace(location: str | Path, password: str | None, *, role: str, division: str,
                     user_name: str, divisions_file: Path | None = None) -> ServiceContext:
    """A new database for ``role`` over ``division``; the demo database uses it with its documented password."""
    scope = normalize_code(division)
    known = load_divisions(divisions_file or BUILTIN_DIVISIONS)
    in_scope = divisions_for_scope(known, scope)
    db = create_database(location, password, role=role, division=scope, user_name=user_name)
    actor = Actor(user_name=user_name.strip(), role=role, division_code=scope)
    try:
        with db.write(actor) as session:
            session.add(User(name=actor.user_name, role=role, division_code=scope,
                             device_id=db.device.id))
        db.seed([*(DivisionRow(id=d.code, name=d.name, level=str(d.level), parent_code=d.parent_code)
                   for d in in_scope), *default_rows()])
        device_keys(db)
        db.audit(actor, "init", role=role, division=scope)
    except BaseException:
        db.close()
        if not is_url(location):  # a half-made file would lock the user out with a password never confirmed
            for leftover in (Path(f"{location}{suffix}") for suffix in ("", "-wal", "-shm", "-journal")):
                leftover.unlink(missing_ok=True)
        raise
    return ServiceContext(db, actor)


def open_context(location: str | Path, password: str | None, page_key: PageKey | None = None) -> ServiceContext:
    """Open a database for its own user. The working role and area are this device's own record
    (``Device``, set at creation and checked at enrollment), never a synced ``user`` row: the
    station above could rewrite that row, and what comes from above is taken as it is.
    ``page_key``: the file's key if already derived from the password (app/store/page_key.py)."""
    db = open_database(location, password, page_key)
    with db.read() as session:
        name = session.scalar(select(User.name).where(User.device_id == db.device.id)
                              .order_by(User.created_hlc, User.id))
    if name is None:
        db.close()
        raise UserFacingError("数据库中没有本机用户，无法确定操作人。")
    actor = Actor(user_name=name, role=db.device.role, division_code=db.device.division_code)
    device_keys(db)
    return ServiceContext(db, actor)



def check_password(location: str | Path, password: str) -> bool:
    """True when ``password`` opens the database; raises WrongPassword otherwise (unlocking a
    locked window)."""
    open_database(location, password).close()
    return True
