"""A PostgreSQL password is used to connect and nowhere else: not in settings.json, not on screen, not printed."""

from __future__ import annotations

import pytest

from app.domain.errors import UserFacingError
from app.services import setup as setup_service
from app.store.location import has_password, redacted, with_password, without_password
from app.ui import app as app_module
from app.ui.settings import Settings

SECRET = "Ge:h@im/1"


@pytest.mark.parametrize(("given", "kept"), [
    ("postgresql://county:geheim@db.example/fangpin", "postgresql://county@db.example/fangpin"),
    ("postgresql://county@db.example:5433/fangpin?password=geheim&sslmode=require",
     "postgresql://county@db.example:5433/fangpin?sslmode=require"),
    ("postgresql://:geheim@db.example/fangpin?PASSWORD=again", "postgresql://db.example/fangpin"),
    ("postgresql:///fangpin?host=/run/postgresql&pass%77ord=geheim&user=county",
     "postgresql:///fangpin?host=/run/postgresql&user=county"),
    ("postgresql://county:a@b@h1,h2/fangpin", "postgresql://county@h1,h2/fangpin"),
    ("/home/worker/fangpin.db", "/home/worker/fangpin.db"),
])
def test_a_server_address_is_kept_and_shown_without_its_password(given: str, kept: str) -> None:
    assert without_password(given) == kept
    assert "geheim" not in redacted(given) and "again" not in redacted(given)
    assert has_password(given) == (given != kept)
    assert not has_password(kept)


def test_a_password_added_for_one_connection_comes_off_again() -> None:
    address = with_password("postgresql://county@db.example/fangpin?sslmode=require", SECRET)
    assert has_password(address) and SECRET not in without_password(address)
    assert without_password(address) == "postgresql://county@db.example/fangpin?sslmode=require"


def test_open_remember_keeps_the_address_without_its_password_even_when_connecting_fails(ui_app, monkeypatch) -> None:
    tried: list[str | None] = []
    monkeypatch.setattr(app_module, "open_session", lambda _settings, location=None: tried.append(location))
    assert app_module.run("postgresql://county:geheim@db.example/fangpin?password=geheim", remember=True) == 0
    assert tried == ["postgresql://county:geheim@db.example/fangpin?password=geheim"]  # this run connects with it
    assert Settings.load().database == "postgresql://county@db.example/fangpin"
    assert "geheim" not in Settings.location().read_text(encoding="utf-8")


def _refused() -> Exception:
    error = UserFacingError("无法打开数据库：连接失败")
    error.__cause__ = RuntimeError('connection to server failed: fe_sendauth: no password supplied')
    return error


def test_the_server_asks_for_a_password_none_was_given_for(ui_app, messages, monkeypatch) -> None:
    tried: list[str] = []

    def open_context(location: str, _password: None) -> str:
        tried.append(location)
        if not has_password(location):
            raise _refused()
        return "opened"

    monkeypatch.setattr(setup_service, "open_context", open_context)
    messages.answers.append(SECRET)
    settings = Settings(database="postgresql://county@db.example/fangpin")
    assert app_module.open_session(settings) == "opened"
    assert tried[0] == "postgresql://county@db.example/fangpin" and has_password(tried[1])
    assert SECRET not in messages.texts() and settings.database == "postgresql://county@db.example/fangpin"


def test_no_password_typed_ends_without_a_second_try(ui_app, messages, monkeypatch) -> None:
    tried: list[str] = []

    def open_context(location: str, _password: None) -> str:
        tried.append(location)
        raise _refused()

    monkeypatch.setattr(setup_service, "open_context", open_context)
    assert app_module.open_session(Settings(database="postgresql://county@db.example/fangpin")) is None
    assert len(tried) == 1
