"""Changing the database password: the one rule, all or nothing, and the township can still recover it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from app.domain.errors import UserFacingError
from app.services.households import HouseholdService
from app.services.password import PasswordService
from app.services.recovery import RecoveryService
from app.services.setup import open_context
from app.store.engine import WrongPassword
from app.store.models import Household, KeyEscrow
from tests.conftest import PASSWORD, VILLAGE
from tests.services.helpers import poor_household
from tests.sync.conftest import Courier, enroll

NEW = "换过的密码-789"


def _households(ctx) -> list[str]:
    with ctx.db.read() as session:
        return sorted(h.head_name for h in session.scalars(select(Household)))


@pytest.mark.parametrize(("new", "problem"), [("abc12", "至少 6 位"), ("aaaaaaaa", "同一个字符"),
                                              (PASSWORD, "相同")])
def test_a_new_password_follows_the_rule(open_copy, new, problem) -> None:
    worker = open_copy("worker")
    with pytest.raises(UserFacingError, match=problem):
        PasswordService(worker).change(PASSWORD, new)
    open_context(worker.db.location, PASSWORD).db.close()


def test_a_wrong_old_password_changes_nothing(open_copy) -> None:
    worker = open_copy("worker")
    with pytest.raises(WrongPassword, match="原密码不正确"):
        PasswordService(worker).change("不是这个密码", NEW)
    open_context(worker.db.location, PASSWORD).db.close()
    with pytest.raises(WrongPassword):
        open_context(worker.db.location, NEW)


def test_the_open_database_goes_on_under_the_new_password(open_copy, people) -> None:
    worker = open_copy("worker")
    poor_household(worker, people, name="李秀英")
    result = PasswordService(worker).change(PASSWORD, NEW)
    assert not result.escrowed  # not enrolled: there is no station to keep a key for
    # The same context keeps working (its engine now holds the new key) …
    HouseholdService(worker).create({"village_code": VILLAGE, "household_type": "脱贫户"},
                                    [people.member("赵四")])
    assert _households(worker) == ["李秀英", "赵四"]
    worker.db.close()
    # … and only the new password opens the file.
    with pytest.raises(WrongPassword):
        open_context(worker.db.location, PASSWORD)
    again = open_context(worker.db.location, NEW)
    assert _households(again) == ["李秀英", "赵四"]
    again.db.close()


def test_a_failure_during_the_rekey_leaves_the_old_password_and_the_old_recovery_key(tmp_path, open_copy) -> None:
    worker, township = open_copy("worker"), open_copy("township")
    enroll(worker, township, tmp_path)
    assert RecoveryService(worker).escrow_for_station(PASSWORD)  # as `enroll complete` does
    with worker.db.read() as session:
        before = session.get(KeyEscrow, worker.db.device.id).wrapped

    def broken(connection) -> None:
        connection.execute("UPDATE keyescrow SET wrapped = x'00'")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        worker.db.change_password(PASSWORD, NEW, broken)
    worker.db.reconnect(PASSWORD)
    with worker.db.read() as session:
        assert session.get(KeyEscrow, worker.db.device.id).wrapped == before
    with pytest.raises(WrongPassword):
        open_context(worker.db.location, NEW)


# Changes the password in a child process and says when the rekey's transaction has begun (the
# recovery key is written, then the rekey derives the new key and re-encrypts every page).
_CHANGER = """
import sys
import app.store.database as database
from app.services.password import PasswordService
from app.services.setup import open_context

change_key = database.change_key

def announced(path, password, new_password, during):
    def write(connection):
        during(connection)
        print("rekeying", flush=True)
    change_key(path, password, new_password, write)

database.change_key = announced
ctx = open_context(sys.argv[1], sys.argv[2])
PasswordService(ctx).change(sys.argv[2], sys.argv[3])
print("done", flush=True)
"""


@pytest.mark.parametrize("delay", [0.05, 0.25, 0.4])
def test_killed_mid_change_the_file_opens_with_one_password_and_a_matching_recovery_key(
        tmp_path, open_copy, people, delay) -> None:
    worker, township = open_copy("worker"), open_copy("township")
    enroll(worker, township, tmp_path)
    assert RecoveryService(worker).escrow_for_station(PASSWORD)  # as `enroll complete` does
    for number in range(100):  # enough pages that re-encrypting them takes a moment
        poor_household(worker, people, name=f"张{number:02d}")
    expected = _households(worker)
    location = worker.db.location
    worker.db.close()
    child = subprocess.Popen([sys.executable, "-c", _CHANGER, location, PASSWORD, NEW],
                             stdout=subprocess.PIPE, text=True, cwd=Path(__file__).resolve().parents[2])
    assert child.stdout.readline().strip() == "rekeying"
    time.sleep(delay)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    opened = None
    for password in (PASSWORD, NEW):
        try:
            opened = open_context(location, password)
        except WrongPassword:
            continue
        break
    assert opened is not None, "neither password opens the file after the crash"
    try:
        assert _households(opened) == expected
        # Whichever password it is, the recovery key kept on the device opens the file with it.
        assert RecoveryService(opened).escrow_for_station(password)
    finally:
        opened.db.close()


def test_the_township_recovers_a_changed_password(tmp_path, open_copy, people) -> None:
    worker, township = open_copy("worker"), open_copy("township")
    enroll(worker, township, tmp_path)
    assert RecoveryService(worker).escrow_for_station(PASSWORD)  # as `enroll complete` does
    courier = Courier(tmp_path)
    poor_household(worker, people, name="王五")
    courier.up(worker, township)  # the first recovery key reaches the station
    changed = PasswordService(worker).change(PASSWORD, NEW)
    assert changed.escrowed and changed.station_name == township.db.device.name
    courier.up(worker, township)  # the next bundle carries the key of the new password
    location = Path(worker.db.location)
    worker.db.close()
    RecoveryService(township).recover(location, "乡镇重设的密码")
    recovered = open_context(location, "乡镇重设的密码")
    try:
        assert _households(recovered) == ["王五"]
    finally:
        recovered.db.close()
