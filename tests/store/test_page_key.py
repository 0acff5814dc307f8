"""The page key is derived from the password once per open database, not once per connection; a key
that does not open the file (a wrong one handed in, other derivation settings) is never used."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from app.domain.errors import WrongPassword
from app.services.setup import open_context
from app.store import page_key as page_key_module
from app.store.engine import make_engine
from app.store.page_key import PageKey, derive_for_file, file_salt
from tests.conftest import PASSWORD

pytestmark = pytest.mark.sqlite_only


@pytest.fixture
def derivations(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    salts: list[bytes] = []
    derive = page_key_module.derive

    def counted(password: str, salt: bytes) -> bytes:
        salts.append(salt)
        return derive(password, salt)

    monkeypatch.setattr(page_key_module, "derive", counted)
    return salts


def _closed_location(ctx: Any) -> Path:
    location = Path(ctx.db.location)
    ctx.db.close()
    return location


def test_the_pool_derives_the_key_once_for_all_its_connections(ctx, derivations: list[bytes]) -> None:
    location = _closed_location(ctx)
    engine = make_engine(location, PASSWORD)
    ready, counts = threading.Barrier(3), []

    def read() -> None:
        with engine.connect() as connection:
            ready.wait(timeout=60)  # three connections open at once
            counts.append(connection.execute(text("SELECT count(*) FROM device")).scalar())

    readers = [threading.Thread(target=read) for _ in range(3)]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join()
    engine.dispose()
    assert len(counts) == 3 and len(set(counts)) == 1
    assert derivations == [file_salt(location)]


def test_a_key_derived_beforehand_is_used_and_a_wrong_one_is_not(ctx, derivations: list[bytes]) -> None:
    location = _closed_location(ctx)
    key = derive_for_file(location, PASSWORD)
    derivations.clear()
    opened = open_context(location, PASSWORD, key)
    opened.db.close()
    assert derivations == []
    # A key that does not open the file (the file was replaced meanwhile, say): the password decides.
    opened = open_context(location, PASSWORD, PageKey(PASSWORD, bytes(32)))
    opened.db.close()
    # The right key never stands in for a wrong password.
    with pytest.raises(WrongPassword):
        open_context(location, "not-the-password", key)
    assert "key=" not in repr(key) and PASSWORD not in repr(key)


def test_a_file_with_other_derivation_settings_opens_with_its_password(ctx, monkeypatch: pytest.MonkeyPatch) -> None:
    """Should SQLCipher's own settings ever differ from the program's (another build of it), the key
    derived here does not open the file: the password, derived by SQLCipher, still does."""
    location = _closed_location(ctx)
    monkeypatch.setattr(page_key_module, "KDF_ITERATIONS", 64_000)
    opened = open_context(location, PASSWORD)
    try:
        with opened.db.read() as session:
            assert session.execute(text("SELECT count(*) FROM device")).scalar()
    finally:
        opened.db.close()
    with pytest.raises(WrongPassword):
        open_context(location, "not-the-password")


def test_there_is_no_key_to_derive_without_a_file(tmp_path: Path) -> None:
    assert derive_for_file(tmp_path / "new.db", PASSWORD) is None
    assert derive_for_file(str(tmp_path / "new.db"), PASSWORD) is None  # a location given as text
    (tmp_path / "short.db").write_bytes(b"too short")
    assert file_salt(tmp_path / "short.db") is None
