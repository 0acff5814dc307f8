"""A worker who forgot the password gets the database back at the station, with nothing lost."""

from pathlib import Path

import pytest
from sqlalchemy import select

from app.domain.errors import UserFacingError
from app.services.recovery import RecoveryService
from app.services.setup import open_context
from app.store.engine import WrongPassword
from app.store.models import ChangeLog, Household, KeyEscrow, Member
from tests.conftest import PASSWORD
from tests.services.helpers import poor_household

# Key recovery unwraps an encrypted SQLite file's page key; a server database has no file key.
pytestmark = pytest.mark.sqlite_only

NEW_PASSWORD = "新的密码-456"


def _dump(ctx) -> tuple:
    with ctx.db.read() as session:
        return (sorted((h.id, h.head_name, h.member_count) for h in session.scalars(select(Household))),
                sorted((m.id, m.name, m.id_number) for m in session.scalars(select(Member))),
                sorted((c.device_id, c.seq, c.hlc) for c in session.scalars(select(ChangeLog))))


def _forgotten(enrolled, courier, people) -> tuple[Path, object, tuple]:
    worker, township = enrolled
    assert RecoveryService(worker).escrow_for_station(PASSWORD)
    poor_household(worker, people)
    courier.up(worker, township)  # the wrapped key travels up with the bundle
    with township.db.read() as session:
        assert session.get(KeyEscrow, worker.db.device.id) is not None
    poor_household(worker, people, name="王小二")  # written after the last bundle: kept too
    dump = _dump(worker)
    worker.db.close()
    return Path(worker.db.location), township, dump


def test_the_station_reopens_and_rekeys_a_forgotten_database(enrolled, courier, people) -> None:
    path, township, before = _forgotten(enrolled, courier, people)
    recovered = RecoveryService(township).recover(path, NEW_PASSWORD)
    assert recovered.name == enrolled[0].db.device.name
    with pytest.raises(WrongPassword):
        open_context(path, PASSWORD)
    reopened = open_context(path, NEW_PASSWORD)
    try:
        assert _dump(reopened) == before
        assert reopened.db.device.id == recovered.device_id
    finally:
        reopened.db.close()
    # The key kept for next time is the new password's: a second recovery works as well.
    RecoveryService(township).recover(path, "第三次设的密码")
    open_context(path, "第三次设的密码").db.close()


def test_recovery_through_the_command_line(enrolled, courier, people, monkeypatch,
                                           capsys) -> None:
    from app.cli import main

    path, township, before = _forgotten(enrolled, courier, people)
    location = township.db.location
    township.db.close()
    monkeypatch.setenv("FANGPIN_PASSWORD", PASSWORD)
    monkeypatch.setenv("FANGPIN_NEW_PASSWORD", NEW_PASSWORD)
    assert main(["enroll", "recover", "--db", location, "--device-db", str(path)]) == 0
    assert "已设置新密码" in capsys.readouterr().out
    reopened = open_context(path, NEW_PASSWORD)
    try:
        assert _dump(reopened) == before
    finally:
        reopened.db.close()


def test_recovery_is_refused_without_a_key_for_that_file(enrolled, open_copy) -> None:
    worker, township = enrolled
    stranger = open_copy("county")
    stranger.db.close()
    with pytest.raises(UserFacingError, match=r"没有“county\.db”的恢复密钥"):
        RecoveryService(township).recover(Path(stranger.db.location), NEW_PASSWORD)
    with pytest.raises(UserFacingError, match="只有乡镇防贫工作站或县防贫中心"):
        RecoveryService(worker).recover(Path(township.db.location), NEW_PASSWORD)


def test_a_wrong_password_is_not_wrapped(enrolled) -> None:
    worker, _township = enrolled
    with pytest.raises(UserFacingError, match="密码与数据库不符"):
        RecoveryService(worker).escrow_for_station("不是这个密码")
